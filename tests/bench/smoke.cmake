# bench.smoke: runs `tiermaster-bench --smoke --json` and checks that every figure is there with a
# sane type (a number, non-negative). No timing thresholds: the values themselves are never judged.
execute_process(COMMAND ${BENCH} --smoke --json
                OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "tiermaster-bench --smoke --json exited with ${rc}\n${err}")
endif()
string(JSON mode ERROR_VARIABLE jerr GET "${out}" mode)
if(jerr)
    message(FATAL_ERROR "output is not the expected JSON object: ${jerr}\n${out}")
endif()
if(NOT mode STREQUAL "smoke")
    message(FATAL_ERROR "mode is '${mode}', expected 'smoke'")
endif()
set(keys
    sign_per_s sign_per_s_all_cores identity_validate_ms
    inprocess_members signatures_per_config configs_per_s configs_per_cpu_s sign_per_s_interleaved sign_limit_configs_per_s configs_ratio_to_limit
    p50_ms p99_ms engine_cpu_us_per_config engine_cpu_us_per_config_no_flush request_ratio_to_limit warm_requests warm_flush_ms
    warm_flush_rows
    cold_configs_per_s cold_p50_ms cold_p99_ms cold_engine_cpu_us_per_config
    auth_members auth_pushed auth_per_s auth_push_p50_ms auth_push_p99_ms auth_engine_cpu_us
    udp_members udp_cold_s udp_cold_configs_per_s udp_configs_per_s udp_p50_ms udp_p99_ms
    udp_engine_cpu_us_per_config
    ext20_members ext20_admitted ext20_admit_s ext20_admitted_per_s ext20_configured_s ext20_admission_cpu_ms_per_member
    ext20_offered_per_s ext20_configs_per_s ext20_unanswered ext20_p50_ms ext20_p90_ms ext20_p99_ms
    ext20_controller_cpu_percent ext20_cpu_us_per_config
    scale_members scale_networks scale_big_network scale_generate_s scale_db_mb scale_engine_start_s
    scale_engine_rss_mb scale_config_p50_ms scale_config_p99_ms scale_authorize_push_ms scale_authorize_push_next_ms
    scale_headless_start_s scale_headless_cpu_s scale_headless_rss_mb scale_headless_rss_later_mb scale_headless_peak_mb
    ui_first_paint_ms ui_filter_ms ui_search_ms backup_export_s backup_size_mb backup_restore_s
    writeload_online writeload_requests_per_s writeload_simulated_s writeload_configs writeload_flush_batch
    writeload_flush_ms writeload_flush_max_ms writeload_busy_max_ms writeload_backlog_rows
    writeload_cpu_us_per_config rules_largest_vector_ms rules_10k_lines_ms rules_cli_10k_lines_ms
    root_relayed_per_s root_relay_cpu_us root_whois_answers_per_s root_whois_cpu_us
    root_whois_answers_per_s_under_hello_flood root_whois_answered_ratio_under_flood root_peers_after total_s)
# With the PostgreSQL test server up (scripts/pg-test-server.sh), the in-process rows run on it too.
set(pg_keys
    configs_per_s configs_per_cpu_s p50_ms p99_ms engine_cpu_us_per_config warm_requests warm_flush_ms
    cold_configs_per_s cold_p50_ms cold_engine_cpu_us_per_config
    auth_members auth_pushed auth_per_s auth_push_p50_ms auth_push_p99_ms auth_engine_cpu_us)
set(with_pg FALSE)
if(NOT "$ENV{TIERMASTER_TEST_PG_URI}" STREQUAL "")
    set(with_pg TRUE)
    foreach(key IN LISTS pg_keys)
        list(APPEND keys pg_${key})
    endforeach()
endif()
foreach(key IN LISTS keys)
    string(JSON type ERROR_VARIABLE jerr TYPE "${out}" ${key})
    if(jerr)
        message(FATAL_ERROR "missing figure '${key}'")
    endif()
    if(key MATCHES "^ui_" AND type STREQUAL "NULL")
        continue() # a build without the GUI has no UI figures
    endif()
    if(NOT type STREQUAL "NUMBER")
        message(FATAL_ERROR "figure '${key}' is ${type}, expected a number")
    endif()
    string(JSON value GET "${out}" ${key})
    if(value LESS 0)
        message(FATAL_ERROR "figure '${key}' is negative: ${value}")
    endif()
endforeach()
# Behaviour, not speed: the runs really answered configs and the write load left nothing unwritten.
string(JSON answered GET "${out}" warm_requests)
if(answered LESS 1)
    message(FATAL_ERROR "the in-process driver answered no config")
endif()
string(JSON extAdmitted GET "${out}" ext20_admitted)
string(JSON extAnswered GET "${out}" ext20_configs_per_s)
if(extAdmitted LESS 20 OR NOT extAnswered GREATER 0)
    message(FATAL_ERROR "headless program against the member simulator: ${extAdmitted} of 20 admitted, "
                        "${extAnswered} verified configs/s")
endif()
string(JSON sigs GET "${out}" signatures_per_config)
if(sigs LESS 2)
    message(FATAL_ERROR "a config carries at least a COM and a chunk signature, got ${sigs}")
endif()
string(JSON pushed GET "${out}" auth_pushed)
string(JSON authorized GET "${out}" auth_members)
if(NOT pushed EQUAL authorized)
    message(FATAL_ERROR "${authorized} online members were authorized but only ${pushed} got a config pushed")
endif()
if(with_pg)
    string(JSON answered GET "${out}" pg_warm_requests)
    string(JSON pushed GET "${out}" pg_auth_pushed)
    if(answered LESS 1 OR pushed LESS 1)
        message(FATAL_ERROR "on PostgreSQL: ${answered} warm configs answered, ${pushed} authorizations pushed")
    endif()
endif()
string(JSON backlog GET "${out}" writeload_backlog_rows)
if(NOT backlog EQUAL 0)
    message(FATAL_ERROR "write load left ${backlog} status rows unwritten")
endif()
message(STATUS "bench smoke: ${mode}, every figure present (PostgreSQL rows: ${with_pg})")
