// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <utility>
#include <variant>

namespace tier {

/// Why a decoder or a check refused its input. Decoders never throw; they return one of these.
enum class ErrorCode {
    Truncated,       ///< input ended before a field was complete
    Malformed,       ///< a field has a value the format does not allow
    TooLarge,        ///< a length or count exceeds the format's or our limit
    Unsupported,     ///< well-formed, but a version/type/suite we do not handle
    BadSignature,    ///< signature or MAC does not verify
    InvalidIdentity, ///< identity fails validation (address derivation, reserved address, key)
    NotFound,
    Io,
    Database,
    Conflict,
};

struct Error
{
    ErrorCode code = ErrorCode::Malformed;
    QString message;
};

/// Value or Error. Small on purpose: std::expected is C++23 and not in our toolchain's C++20 mode.
/// [[nodiscard]]: an ignored error does not compile (-Werror=unused-result); a caller that really has
/// nothing to do about a failure says so with `discardResult(call(), "why")`.
template<typename T>
class [[nodiscard]] Result
{
public:
    Result(T value) : m_data(std::in_place_index<0>, std::move(value)) {}
    Result(Error error) : m_data(std::in_place_index<1>, std::move(error)) {}

    bool ok() const { return m_data.index() == 0; }
    explicit operator bool() const { return ok(); }

    T &value() & { return std::get<0>(m_data); }
    const T &value() const & { return std::get<0>(m_data); }
    T &&value() && { return std::get<0>(std::move(m_data)); }
    T *operator->() { return &value(); }
    const T *operator->() const { return &value(); }
    T &operator*() & { return value(); }
    const T &operator*() const & { return value(); }

    const Error &error() const { return std::get<1>(m_data); }

private:
    std::variant<T, Error> m_data;
};

/// For operations that produce nothing but can fail.
struct Ok
{};
using Status = Result<Ok>;

inline Error makeError(ErrorCode code, QString message)
{
    return Error{code, std::move(message)};
}

/// Deliberately ignores a result; `why` states in the source why a failure needs no handling here.
template<typename T>
inline void discardResult(const Result<T> &, const char *why)
{
    (void)why;
}

} // namespace tier
