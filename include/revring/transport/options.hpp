// revring-cpp: options of revring::client and of each call.
//
//   revring::client_options o;               // defaults, environment
//   o.request_timeout = std::chrono::seconds(10);
//   revring::client c(o);
//
//   revring::call_options co;                // one call
//   co.retry = revring::retry_policy::none();
//   c.get_call(id, co);
#ifndef REVRING_TRANSPORT_OPTIONS_HPP
#define REVRING_TRANSPORT_OPTIONS_HPP

#include <revring/config.hpp>
#include <revring/error.hpp>
#include <revring/transport/api_key.hpp>

#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace revring {

/// Extra request headers, name and value, sent in this order.
using http_headers = std::vector<std::pair<std::string, std::string>>;

/// When a failed request is tried again. The rules are safe by construction:
///
/// - A failure before any byte of the request was written (DNS, TCP connect,
///   TLS handshake, a kept-alive connection found closed) is retried for every
///   operation when `retry_unsent` is set. Certificate verification failures
///   are not retried: they would fail the same way.
/// - Once a byte may have reached the server, only *idempotent* requests are
///   retried (`retry_idempotent`): GET operations, operations marked
///   idempotent in the description, and any request that carries an
///   idempotency key. They are retried on 429, 502, 503, 504, on a timeout,
///   and when the connection closed before any byte of a response.
///   Everything else (a POST /calls, above all) is never sent twice.
/// - A 429 answer to a request with `skipQueue = true` (or
///   `call_options::fail_fast_on_429`) is returned at once.
///
/// Waits grow exponentially from `initial_backoff` to `max_backoff`, with
/// jitter (a uniform draw from half to all of the step). A `Retry-After`
/// answer (seconds or an HTTP date) sets the wait when it is longer; one
/// longer than `max_retry_after` ends the retries and the error carries it.
struct retry_policy {
    /// Retries after the first attempt; 0 turns retrying off.
    unsigned max_retries = 2;
    std::chrono::milliseconds initial_backoff{250};
    std::chrono::milliseconds max_backoff{8000};
    std::chrono::seconds max_retry_after{60};
    /// Retry failures before any byte was written (for every operation).
    bool retry_unsent = true;
    /// Retry idempotent requests on 429, 502, 503, 504, timeouts and
    /// connections closed before any response.
    bool retry_idempotent = true;

    /// No retries at all.
    static retry_policy none() {
        retry_policy p;
        p.max_retries = 0;
        p.retry_unsent = false;
        p.retry_idempotent = false;
        return p;
    }
};

/// Options of a client. Defaults come from `revring/config.hpp` and the
/// environment.
struct client_options {
    /// Base URL. Empty: `REVRING_BASE_URL`, else REVRING_DEFAULT_BASE_URL
    /// (https://api.revring.ai/v1). See revring::base_url for what is accepted.
    std::string base_url;

    /// API key, sent as `x-api-key`. Empty: `REVRING_API_KEY`.
    revring::api_key api_key;

    /// DNS + TCP connect + TLS handshake.
    std::chrono::milliseconds connect_timeout{REVRING_DEFAULT_CONNECT_TIMEOUT_MS};

    /// One attempt from start to a complete response: waiting for a pooled
    /// connection, connecting, writing, reading. Holds for the blocking and the
    /// asynchronous API alike. Each retry gets a fresh deadline.
    std::chrono::milliseconds request_timeout{REVRING_DEFAULT_REQUEST_TIMEOUT_MS};

    /// Largest response body accepted; a larger one is an outcome_unknown error.
    std::size_t body_limit = REVRING_DEFAULT_BODY_LIMIT;

    /// Headers added to every request. Names must be HTTP tokens; values must
    /// not hold CR, LF or other control characters. Host, Content-Length,
    /// Content-Type, Connection, Transfer-Encoding and x-api-key are set by
    /// the client and cannot be given here.
    http_headers headers;

    /// Default retry policy (see retry_policy).
    retry_policy retry;

    /// Certificate authorities trusted in addition to the system trust store:
    /// a PEM file, and/or PEM text. Verification cannot be turned off.
    std::string ca_file;
    std::string ca_pem;

    /// Largest number of connections the asynchronous API keeps open at once;
    /// further calls wait for a free connection (within their deadline).
    std::size_t max_connections = 4;

    /// The idempotency-key hook, for the day the API documents one. When
    /// `idempotency_header` is set, every request carries that header with a
    /// key that stays the same across its retries: `call_options::idempotency_key`
    /// if given, else `idempotency_key()` if set. A request with a key is
    /// retried like a GET.
    std::string idempotency_header;
    std::function<std::string()> idempotency_key;
};

/// Options of one call; unset members take the client's.
struct call_options {
    /// Retry policy for this call.
    std::optional<retry_policy> retry;
    /// Per-attempt deadline for this call (client_options::request_timeout).
    std::optional<std::chrono::milliseconds> timeout;
    /// Headers for this call, after the client's (same rules).
    http_headers headers;
    /// Idempotency key for this call (needs client_options::idempotency_header).
    std::optional<std::string> idempotency_key;
    /// Return a 429 at once, even for a request that may be retried. Set
    /// automatically when the request body has `skipQueue = true`.
    bool fail_fast_on_429 = false;
};

/// A random version-4 UUID in text form, for use as an idempotency key.
/// (Defined in revring/transport/impl/options.ipp: <random> is not cheap to
/// compile, and the blocking client's light header includes this one.)
REVRING_DECL std::string random_idempotency_key();

namespace detail {

/// RFC 9110 token character.
constexpr bool is_token_char(char c) noexcept {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
    switch (c) {
    case '!': case '#': case '$': case '%': case '&': case '\'': case '*': case '+':
    case '-': case '.': case '^': case '_': case '`': case '|': case '~':
        return true;
    default:
        return false;
    }
}

inline bool header_name_equals(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
        if (x != y) return false;
    }
    return true;
}

/// Headers the client writes itself.
inline bool is_reserved_header(std::string_view name) noexcept {
    for (std::string_view r : {"host", "content-length", "content-type", "transfer-encoding", "connection",
                               "keep-alive", "proxy-connection", "te", "trailer", "upgrade", "x-api-key"})
        if (header_name_equals(name, r)) return true;
    return false;
}

/// Checks one header. `where` names its origin for the message
/// ("client_options::headers"). The message never repeats the value: it
/// may be a secret.
inline std::optional<error> check_header_value(std::string_view name, std::string_view value,
                                               std::string_view where) {
    for (std::size_t i = 0; i < value.size(); ++i) {
        const auto c = static_cast<unsigned char>(value[i]);
        if ((c < 0x20 && c != '\t') || c == 0x7f) {
            std::string m = "header ";
            m.append(name).append(" (").append(where).append("): value holds ");
            m.append(c == '\r' ? "a CR" : c == '\n' ? "an LF" : "a control character");
            m.append(" at byte ").append(std::to_string(i)).append("; nothing was sent");
            error e(errc::invalid_input, std::move(m));
            e.pointer = std::string(name);
            return e;
        }
    }
    return std::nullopt;
}

inline std::optional<error> check_header(std::string_view name, std::string_view value, std::string_view where,
                                         bool allow_reserved = false) {
    bool name_ok = !name.empty();
    for (char c : name) name_ok = name_ok && is_token_char(c);
    const auto fail = [&](std::string_view why) {
        std::string m = "header ";
        m.append(name_ok ? name : std::string_view("(invalid name)"))
            .append(" (")
            .append(where)
            .append("): ")
            .append(why)
            .append("; nothing was sent");
        error e(errc::invalid_input, std::move(m));
        if (name_ok) e.pointer = std::string(name);
        return std::optional<error>(std::move(e));
    };
    if (!name_ok) return fail("name must be a non-empty HTTP token (letters, digits, !#$%&'*+-.^_`|~)");
    if (!allow_reserved && is_reserved_header(name)) return fail("is set by the client and cannot be given");
    return check_header_value(name, value, where);
}

} // namespace detail
} // namespace revring

#ifndef REVRING_SEPARATE_COMPILATION
#include <revring/transport/impl/options.ipp>
#endif

#endif
