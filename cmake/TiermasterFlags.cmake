# Flags every Tiermaster target shares, carried by one INTERFACE target.
add_library(tiermaster_flags INTERFACE)
target_compile_options(tiermaster_flags INTERFACE
    -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wcast-align -Woverloaded-virtual
    -Wimplicit-fallthrough
    # Result<T>/Status are [[nodiscard]]: an ignored error is a build error, not a warning.
    -Werror=unused-result)
target_compile_definitions(tiermaster_flags INTERFACE
    QT_NO_CAST_FROM_ASCII
    QT_NO_CAST_TO_ASCII
    QT_NO_CAST_FROM_BYTEARRAY
    QT_NO_URL_CAST_FROM_STRING
    QT_USE_QSTRINGBUILDER
    QT_STRICT_ITERATORS
    QT_DISABLE_DEPRECATED_UP_TO=0x060400
    TIERMASTER_VERSION="${PROJECT_VERSION}")

if(TIERMASTER_FUZZ)
    target_compile_options(tiermaster_flags INTERFACE -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer)
    target_link_options(tiermaster_flags INTERFACE -fsanitize=address,undefined)
endif()

# Each layer of core/ is a static library whose sources are the files in its folder; a layer links
# only the layers below it, so the link line enforces the architecture.
function(tiermaster_layer name)
    cmake_parse_arguments(ARG "" "" "DEPENDS" ${ARGN})
    file(GLOB sources CONFIGURE_DEPENDS
        ${CMAKE_CURRENT_SOURCE_DIR}/*.cpp ${CMAKE_CURRENT_SOURCE_DIR}/*.h)
    add_library(${name} STATIC ${sources})
    target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR})
    target_link_libraries(${name} PUBLIC tiermaster_flags ${ARG_DEPENDS})
    set_target_properties(${name} PROPERTIES POSITION_INDEPENDENT_CODE ON)
endfunction()
