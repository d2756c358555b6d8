// revring-cpp: the retry decision and Retry-After parsing.
//
// Pure functions, so the rules of retry_policy (revring/transport/options.hpp)
// can be tested without a network.
#ifndef REVRING_TRANSPORT_RETRY_HPP
#define REVRING_TRANSPORT_RETRY_HPP

#include <revring/transport/options.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>

namespace revring::transport {

/// How one attempt ended, as far as retrying is concerned.
enum class attempt_failure {
    none,              ///< a complete response arrived; its status decides
    unsent,            ///< DNS, connect, TLS handshake, closed kept-alive connection: nothing written
    unsent_permanent,  ///< certificate verification failed: nothing written, but a retry cannot help
    unsent_timeout,    ///< the deadline expired before anything was written
    sent_no_response,  ///< written, then the connection closed before any byte of a response
    sent_timeout,      ///< written, then the deadline expired before a complete response
    sent_bad_response, ///< written; the response was truncated, malformed or too large
};

/// True when nothing of the request can have reached the server.
constexpr bool nothing_written(attempt_failure f) noexcept {
    return f == attempt_failure::unsent || f == attempt_failure::unsent_permanent ||
           f == attempt_failure::unsent_timeout;
}

struct retry_context {
    bool idempotent = false;        ///< GET-like, or the request carries an idempotency key
    bool fail_fast_on_429 = false;  ///< skipQueue = true: a 429 goes back at once
    unsigned retries_done = 0;      ///< retries already made
};

/// Statuses an idempotent request is retried on.
constexpr bool is_retryable_status(int status) noexcept {
    return status == 429 || status == 502 || status == 503 || status == 504;
}

/// The wait before the next attempt, or nullopt to stop. `unit_random` is a
/// draw from [0, 1) for the jitter.
inline std::optional<std::chrono::milliseconds> retry_delay(const retry_policy& p, const retry_context& c,
                                                            attempt_failure f, int status,
                                                            std::optional<std::chrono::seconds> retry_after,
                                                            double unit_random) {
    using std::chrono::milliseconds;
    if (c.retries_done >= p.max_retries) return std::nullopt;
    bool retry = false;
    switch (f) {
    case attempt_failure::unsent:
    case attempt_failure::unsent_timeout:
        retry = p.retry_unsent || (p.retry_idempotent && c.idempotent);
        break;
    case attempt_failure::unsent_permanent:
    case attempt_failure::sent_bad_response:
        retry = false;
        break;
    case attempt_failure::sent_no_response:
    case attempt_failure::sent_timeout:
        retry = p.retry_idempotent && c.idempotent;
        break;
    case attempt_failure::none:
        retry = p.retry_idempotent && c.idempotent && is_retryable_status(status) &&
                !(status == 429 && c.fail_fast_on_429);
        break;
    }
    if (!retry) return std::nullopt;

    // Exponential step, capped, then jitter over [step/2, step).
    const auto init = std::max<std::int64_t>(p.initial_backoff.count(), 0);
    const auto cap = std::max<std::int64_t>(p.max_backoff.count(), init);
    std::int64_t step = init;
    for (unsigned i = 0; i < c.retries_done && step < cap; ++i) step *= 2;
    step = std::min(step, cap);
    const double u = std::clamp(unit_random, 0.0, 1.0);
    auto wait = milliseconds(static_cast<std::int64_t>(static_cast<double>(step) * (0.5 + 0.5 * u)));

    if (retry_after) {
        if (*retry_after > p.max_retry_after) return std::nullopt; // longer than we are willing to wait
        wait = std::max<milliseconds>(wait, *retry_after);
    }
    return wait;
}

namespace detail {

inline std::string_view trim_ows(std::string_view s) noexcept {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

inline bool parse_uint(std::string_view s, std::size_t digits, int& out) noexcept {
    if (s.size() != digits) return false;
    int v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return false;
        v = v * 10 + (c - '0');
    }
    out = v;
    return true;
}

inline int month_index(std::string_view m) noexcept {
    static constexpr std::array<std::string_view, 12> names{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    for (std::size_t i = 0; i < names.size(); ++i)
        if (names[i] == m) return static_cast<int>(i) + 1;
    return 0;
}

inline bool parse_hms(std::string_view s, int& h, int& mi, int& se) noexcept {
    return s.size() == 8 && s[2] == ':' && s[5] == ':' && parse_uint(s.substr(0, 2), 2, h) &&
           parse_uint(s.substr(3, 2), 2, mi) && parse_uint(s.substr(6, 2), 2, se) && h < 24 && mi < 60 &&
           se <= 60;
}

inline std::optional<std::chrono::sys_seconds> make_time(int y, int mo, int d, int h, int mi, int se) {
    using namespace std::chrono;
    const year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
    if (!ymd.ok()) return std::nullopt;
    return sys_days(ymd) + hours(h) + minutes(mi) + seconds(se);
}

} // namespace detail

/// Parses an HTTP-date (RFC 9110 §5.6.7): IMF-fixdate
/// ("Sun, 06 Nov 1994 08:49:37 GMT") and the two obsolete forms
/// ("Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994").
inline std::optional<std::chrono::sys_seconds> parse_http_date(std::string_view s) {
    s = detail::trim_ows(s);
    int d = 0, y = 0, h = 0, mi = 0, se = 0;
    const std::size_t comma = s.find(',');
    if (comma == 3 && s.size() == 29) { // IMF-fixdate
        int mo = detail::month_index(s.substr(8, 3));
        if (s[4] != ' ' || s[7] != ' ' || s[11] != ' ' || s[16] != ' ' || s.substr(25) != " GMT" || mo == 0 ||
            !detail::parse_uint(s.substr(5, 2), 2, d) || !detail::parse_uint(s.substr(12, 4), 4, y) ||
            !detail::parse_hms(s.substr(17, 8), h, mi, se))
            return std::nullopt;
        return detail::make_time(y, mo, d, h, mi, se);
    }
    if (comma != std::string_view::npos && comma > 3) { // rfc850-date
        std::string_view r = s.substr(comma + 1);
        if (r.size() != 23 || r[0] != ' ' || r[3] != '-' || r[7] != '-' || r[10] != ' ' || r.substr(19) != " GMT")
            return std::nullopt;
        int mo = detail::month_index(r.substr(4, 3));
        if (mo == 0 || !detail::parse_uint(r.substr(1, 2), 2, d) || !detail::parse_uint(r.substr(8, 2), 2, y) ||
            !detail::parse_hms(r.substr(11, 8), h, mi, se))
            return std::nullopt;
        y += y < 70 ? 2000 : 1900; // RFC 9110: a two-digit year more than 50 years ahead is in the past
        return detail::make_time(y, mo, d, h, mi, se);
    }
    if (comma == std::string_view::npos && s.size() == 24 && s[3] == ' ' && s[7] == ' ' && s[10] == ' ' &&
        s[19] == ' ') { // asctime-date
        int mo = detail::month_index(s.substr(4, 3));
        std::string_view dd = s.substr(8, 2);
        if (dd[0] == ' ') dd.remove_prefix(1);
        if (mo == 0 || !detail::parse_uint(dd, dd.size(), d) || !detail::parse_hms(s.substr(11, 8), h, mi, se) ||
            !detail::parse_uint(s.substr(20, 4), 4, y))
            return std::nullopt;
        return detail::make_time(y, mo, d, h, mi, se);
    }
    return std::nullopt;
}

/// Parses a Retry-After value: delta-seconds, or an HTTP-date turned into
/// the seconds from `now` (0 when it is past). nullopt when malformed.
inline std::optional<std::chrono::seconds> parse_retry_after(std::string_view v,
                                                             std::chrono::system_clock::time_point now) {
    constexpr std::chrono::seconds absurd{100000000}; // over 3 years: clamped to this
    v = detail::trim_ows(v);
    if (v.empty()) return std::nullopt;
    if (v.find_first_not_of("0123456789") == std::string_view::npos) {
        std::int64_t n = 0;
        for (char c : v) {
            n = n * 10 + (c - '0');
            if (n > absurd.count()) return absurd;
        }
        return std::chrono::seconds(n);
    }
    const auto t = parse_http_date(v);
    if (!t) return std::nullopt;
    // In whole seconds: a date in year 9999 is beyond what nanoseconds can
    // hold (fuzz finding 5). t is whole, so t - floor(now) is ceil(t - now).
    const std::chrono::seconds diff = *t - std::chrono::floor<std::chrono::seconds>(now);
    if (diff > absurd) return absurd;
    return diff.count() > 0 ? diff : std::chrono::seconds(0);
}

} // namespace revring::transport

#endif
