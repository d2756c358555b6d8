// revring-cpp: the error taxonomy.
//
// Every fallible operation returns `revring::result<T>` (a
// `boost::system::result<T, revring::error>`); `.value()` on a failed result
// throws `revring::exception`, which carries the same `revring::error`.
//
// No text produced here ever contains the API key: the key lives in
// `revring::api_key`, which nothing formats.
#ifndef REVRING_ERROR_HPP
#define REVRING_ERROR_HPP

#include <revring/config.hpp>

#include <boost/assert/source_location.hpp>
#include <boost/system/error_code.hpp>
#include <boost/system/result.hpp>
#include <boost/system/system_error.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace revring {

/// The documented error taxonomy. Each enumerator says whether anything may
/// have reached the server.
enum class errc {
    /// The request was refused before sending: a value broke a rule of the
    /// description. Nothing was sent.
    invalid_input = 1,
    /// DNS, TCP connect or another failure before any byte was written.
    /// Nothing was sent.
    connection_failed,
    /// TLS handshake or certificate verification failed. Nothing was sent.
    tls_failed,
    /// The connect timeout or the deadline expired before any byte of the
    /// request was written. Nothing was sent.
    timeout,
    /// The request may have reached the server, but no complete, valid
    /// response arrived (timeout, dropped connection, truncated, malformed or
    /// oversize body). For Send Call: the call may have been placed.
    /// Never retried automatically for a non-idempotent request.
    outcome_unknown,
    /// HTTP 400.
    bad_request,
    /// HTTP 401: missing or wrong API key.
    unauthorized,
    /// HTTP 403.
    forbidden,
    /// HTTP 404.
    not_found,
    /// HTTP 409.
    conflict,
    /// HTTP 422.
    unprocessable_entity,
    /// HTTP 429: concurrency limit reached (`skipQueue`) or rate limited.
    rate_limited,
    /// HTTP 5xx.
    server_error,
    /// Any other non-2xx status (including 3xx: redirects are never followed).
    http_status,
    /// A complete response whose JSON does not match the description.
    decode_failed,
};

namespace detail {
class error_category final : public boost::system::error_category {
public:
    constexpr error_category() noexcept : boost::system::error_category(0x7265767269e5a11dULL) {}
    const char* name() const noexcept override { return "revring"; }
    std::string message(int ev) const override { return message(ev, nullptr, 0); }
    const char* message(int ev, char*, std::size_t) const noexcept override {
        switch (static_cast<errc>(ev)) {
        case errc::invalid_input: return "invalid input: nothing was sent";
        case errc::connection_failed: return "connection failed: nothing was sent";
        case errc::tls_failed: return "TLS failure: nothing was sent";
        case errc::timeout: return "timed out before the request was sent";
        case errc::outcome_unknown: return "outcome unknown: the request may have reached the server";
        case errc::bad_request: return "HTTP 400 bad request";
        case errc::unauthorized: return "HTTP 401 unauthorized";
        case errc::forbidden: return "HTTP 403 forbidden";
        case errc::not_found: return "HTTP 404 not found";
        case errc::conflict: return "HTTP 409 conflict";
        case errc::unprocessable_entity: return "HTTP 422 unprocessable entity";
        case errc::rate_limited: return "HTTP 429 concurrency limit / rate limited";
        case errc::server_error: return "HTTP 5xx server error";
        case errc::http_status: return "unexpected HTTP status";
        case errc::decode_failed: return "response does not match the description";
        }
        return "unknown revring error";
    }
};
} // namespace detail

inline const boost::system::error_category& revring_category() noexcept {
    static constexpr detail::error_category cat;
    return cat;
}

inline boost::system::error_code make_error_code(errc e) noexcept {
    return {static_cast<int>(e), revring_category()};
}

/// Maps an HTTP status outside 2xx to its error code.
constexpr errc errc_from_status(int status) noexcept {
    switch (status) {
    case 400: return errc::bad_request;
    case 401: return errc::unauthorized;
    case 403: return errc::forbidden;
    case 404: return errc::not_found;
    case 409: return errc::conflict;
    case 422: return errc::unprocessable_entity;
    case 429: return errc::rate_limited;
    default: return status >= 500 && status <= 599 ? errc::server_error : errc::http_status;
    }
}

} // namespace revring

namespace boost::system {
template <> struct is_error_code_enum<::revring::errc> : std::true_type {};
} // namespace boost::system

namespace revring {

/// Which rule of the description a value broke.
enum class rule_kind : unsigned char {
    pattern,
    min_length,
    max_length,
    utf8,
    format,
    min_items,
    max_items,
    minimum,
    maximum,
    required,
};

constexpr std::string_view to_string(rule_kind k) noexcept {
    switch (k) {
    case rule_kind::pattern: return "pattern";
    case rule_kind::min_length: return "minLength";
    case rule_kind::max_length: return "maxLength";
    case rule_kind::utf8: return "UTF-8";
    case rule_kind::format: return "format";
    case rule_kind::min_items: return "minItems";
    case rule_kind::max_items: return "maxItems";
    case rule_kind::minimum: return "minimum";
    case rule_kind::maximum: return "maximum";
    case rule_kind::required: return "required";
    }
    return "rule";
}

/// A value that breaks a rule. Holds only static text, so it is cheap,
/// trivially copyable and usable in constant expressions.
struct validation_error {
    rule_kind kind{};
    std::string_view type; ///< the constrained type, e.g. "E164Number"
    std::string_view rule; ///< the rule, e.g. "pattern ^\+[1-9]\d{1,14}$"

    /// "E164Number: value breaks pattern ^\+[1-9]\d{1,14}$"
    std::string message() const {
        std::string m;
        m.reserve(type.size() + rule.size() + 24);
        m.append(type).append(": value breaks ").append(rule);
        return m;
    }
    friend constexpr bool operator==(const validation_error&, const validation_error&) = default;
};

/// Result of `T::parse` for constrained types.
template <class T> using parse_result = boost::system::result<T, validation_error>;

/// The error of every client operation. It may carry the HTTP exchange's
/// details; it never carries the API key.
struct error {
    boost::system::error_code code;  ///< a revring::errc
    boost::system::error_code cause; ///< underlying cause (asio, ssl, beast, json), if any
    std::string message;             ///< human-readable, names the field and rule where relevant
    std::string pointer;             ///< JSON pointer of the offending value, if any
    int http_status = 0;             ///< 0 unless the server answered
    std::vector<std::pair<std::string, std::string>> headers; ///< response headers, if any
    std::string request_id;          ///< from a request-id response header, if any
    std::string body;                ///< response body, truncated to REVRING_ERROR_BODY_EXCERPT
    std::optional<std::chrono::seconds> retry_after; ///< from Retry-After, if any

    error() = default;
    error(errc e, std::string msg) : code(make_error_code(e)), message(std::move(msg)) {}

    errc kind() const noexcept {
        return code.category() == revring_category() ? static_cast<errc>(code.value()) : errc::http_status;
    }
    bool is(errc e) const noexcept { return code == make_error_code(e); }
    /// True when nothing of the request can have reached the server.
    bool nothing_sent() const noexcept {
        const auto k = kind();
        return k == errc::invalid_input || k == errc::connection_failed || k == errc::tls_failed ||
               k == errc::timeout;
    }

    /// One line: "<category text>: <message>" (and the status when there is one).
    std::string what() const {
        std::string s = code.message();
        if (!message.empty()) s.append(": ").append(message);
        return s;
    }
};

/// Builds the invalid-input error for a field that broke a rule.
inline error make_validation_error(std::string_view pointer, const validation_error& v) {
    error e(errc::invalid_input, {});
    e.pointer = std::string(pointer);
    e.message.append(pointer.empty() ? std::string_view("value") : pointer)
        .append(": ")
        .append(v.message());
    return e;
}

/// Thrown by the throwing twins and by `result<T>::value()`.
class exception : public boost::system::system_error {
public:
    explicit exception(revring::error e)
        : boost::system::system_error(e.code, e.message), error_(std::move(e)) {}
    const revring::error& get() const noexcept { return error_; }

private:
    revring::error error_;
};

[[noreturn]] inline void throw_exception_from_error(const error& e, const boost::source_location&) {
    throw exception(e);
}

/// Thrown by `T::parse(...).value()`.
class validation_exception : public std::invalid_argument {
public:
    explicit validation_exception(const validation_error& v)
        : std::invalid_argument(v.message()), error_(v) {}
    const validation_error& get() const noexcept { return error_; }

private:
    validation_error error_;
};

[[noreturn]] inline void throw_exception_from_error(const validation_error& v, const boost::source_location&) {
    throw validation_exception(v);
}

template <class T> using result = boost::system::result<T, error>;

} // namespace revring

#endif
