// revring-cpp: revring::date_time, the value of a `format: date-time` string.
//
//   auto t = revring::parse_date_time("2023-11-07T05:31:56.5+01:00"); // parse_result<date_time>
//   revring::format_date_time(*t);                                    // "2023-11-07T04:31:56.5Z"
//
// Parsing follows RFC 3339, section 5.6, as JSON Schema's `format: date-time`
// does:
//   YYYY-MM-DD ("T" | "t") hh:mm:ss [ "." 1*DIGIT ] ( "Z" | "z" | ("+" | "-") hh:mm )
// - every field has exactly its number of digits; the day must exist in its
//   month (2024-02-29 is valid, 2023-02-29 is not); hh 00-23 (24:00 is
//   rejected), mm 00-59, offsets up to 23:59; "-00:00" is UTC;
// - a space instead of "T" is rejected (RFC 3339 permits it only as an
//   application choice; JSON Schema does not);
// - fractional seconds may have any number of digits and are truncated to
//   microseconds;
// - a leap second (ss = 60) is accepted only where one can occur, at
//   23:59:60 UTC (after applying the offset), and is read as
//   23:59:59.999999 UTC: sys_time has no leap seconds, and this keeps the
//   value on the right day and in order;
// - an instant outside years 0000-9999 UTC once the offset is applied
//   ("0000-01-01T00:00:00+01:00") is rejected: it could not be formatted back.
//
// Formatting always writes UTC with "Z", and a fraction only when the value
// has one, with trailing zeros removed (".5", ".123456"), so
// parse_date_time(format_date_time(t)) == t for every t in years 0000-9999.
#ifndef REVRING_DATE_TIME_HPP
#define REVRING_DATE_TIME_HPP

#include <revring/error.hpp>

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace revring {

/// A point in time, UTC, with microsecond resolution.
using date_time = std::chrono::sys_time<std::chrono::microseconds>;

/// Parses an RFC 3339 date-time (see the file comment). The error is
/// `{rule_kind::format, "date-time", "format date-time"}`.
constexpr parse_result<date_time> parse_date_time(std::string_view text) noexcept;

/// Longest text `format_date_time` produces.
inline constexpr std::size_t date_time_max_size = 40;

/// Writes `t` into `out` (at least `date_time_max_size` bytes); returns the
/// length. RFC 3339 in UTC for years 0000-9999; outside them, the year is
/// written with a sign ("-0001-..."), which is not RFC 3339 and which
/// `parse_date_time` rejects.
constexpr std::size_t format_date_time(date_time t, char* out) noexcept;

/// `t` as RFC 3339 text in UTC (see the file comment).
std::string format_date_time(date_time t);

// ---------------------------------------------------------------------------

namespace detail {

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
// days_from_civil).
constexpr std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) noexcept {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

struct civil_date {
    std::int64_t year;
    unsigned month;
    unsigned day;
};

constexpr civil_date civil_from_days(std::int64_t z) noexcept {
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    return {static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2), m, d};
}

constexpr bool is_leap_year(std::int64_t y) noexcept { return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0); }

constexpr unsigned days_in_month(std::int64_t y, unsigned m) noexcept {
    constexpr unsigned days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap_year(y) ? 29u : days[m - 1];
}

/// Reads exactly `n` decimal digits at `pos`; -1 if any is not a digit.
constexpr int read_digits(std::string_view s, std::size_t pos, std::size_t n) noexcept {
    if (pos + n > s.size()) return -1;
    int v = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const char c = s[pos + i];
        if (c < '0' || c > '9') return -1;
        v = v * 10 + (c - '0');
    }
    return v;
}

} // namespace detail

constexpr parse_result<date_time> parse_date_time(std::string_view s) noexcept {
    using namespace std::chrono;
    constexpr validation_error invalid{rule_kind::format, "date-time", "format date-time"};

    // Fixed part: "YYYY-MM-DDThh:mm:ss" (19 characters).
    if (s.size() < 20 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != 't') || s[13] != ':' ||
        s[16] != ':')
        return invalid;
    const int year = detail::read_digits(s, 0, 4);
    const int month = detail::read_digits(s, 5, 2);
    const int day = detail::read_digits(s, 8, 2);
    const int hour = detail::read_digits(s, 11, 2);
    const int minute = detail::read_digits(s, 14, 2);
    const int second = detail::read_digits(s, 17, 2);
    if (year < 0 || month < 1 || month > 12 || day < 1 ||
        static_cast<unsigned>(day) > detail::days_in_month(year, static_cast<unsigned>(month)) || hour < 0 ||
        hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60)
        return invalid;

    // Fraction: "." and one or more digits, truncated to microseconds.
    std::size_t pos = 19;
    std::int64_t micros = 0;
    if (s[pos] == '.') {
        ++pos;
        const std::size_t first = pos;
        std::int64_t scale = 100000;
        while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
            micros += (s[pos] - '0') * scale;
            scale /= 10;
            ++pos;
        }
        if (pos == first) return invalid;
    }

    // Offset: "Z", "z" or "+hh:mm"/"-hh:mm", and nothing after it.
    if (pos >= s.size()) return invalid;
    std::int64_t offset_minutes = 0;
    if (s[pos] == 'Z' || s[pos] == 'z') {
        ++pos;
    } else if (s[pos] == '+' || s[pos] == '-') {
        const int oh = detail::read_digits(s, pos + 1, 2);
        const int om = pos + 3 < s.size() && s[pos + 3] == ':' ? detail::read_digits(s, pos + 4, 2) : -1;
        if (oh < 0 || oh > 23 || om < 0 || om > 59) return invalid;
        offset_minutes = (s[pos] == '-' ? -1 : 1) * (oh * 60 + om);
        pos += 6;
    } else {
        return invalid;
    }
    if (pos != s.size()) return invalid;

    const std::int64_t days = detail::days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
    std::int64_t secs = days * 86400 + hour * 3600 + minute * 60 - offset_minutes * 60;
    if (second == 60) {
        // Only 23:59:60 UTC is a leap second; read it as 23:59:59.999999.
        const std::int64_t utc_minute_of_day = ((secs % 86400) + 86400) % 86400 / 60;
        if (utc_minute_of_day != 23 * 60 + 59) return invalid;
        secs += 59;
        micros = 999999;
    } else {
        secs += second;
    }
    // The offset may move the instant out of years 0000-9999 (as
    // "0000-01-01T00:00:00+01:00" does); such a value could not be written
    // back in RFC 3339 (format_date_time writes UTC), so it is refused.
    if (secs < detail::days_from_civil(0, 1, 1) * 86400 || secs >= detail::days_from_civil(10000, 1, 1) * 86400)
        return invalid;
    return date_time(microseconds(secs * 1000000 + micros));
}

constexpr std::size_t format_date_time(date_time t, char* out) noexcept {
    const std::int64_t us = t.time_since_epoch().count();
    // Floor division: times before 1970 still have a non-negative time of day.
    std::int64_t days = us / 86400000000;
    std::int64_t rem = us % 86400000000;
    if (rem < 0) {
        rem += 86400000000;
        --days;
    }
    const detail::civil_date date = detail::civil_from_days(days);
    const auto secs_of_day = rem / 1000000;
    const auto frac = rem % 1000000;

    std::size_t n = 0;
    const auto put = [&](std::uint64_t v, int width) {
        for (int i = width - 1; i >= 0; --i) {
            out[n + static_cast<std::size_t>(i)] = static_cast<char>('0' + v % 10);
            v /= 10;
        }
        n += static_cast<std::size_t>(width);
    };

    std::int64_t year = date.year;
    if (year < 0 || year > 9999) {
        out[n++] = year < 0 ? '-' : '+';
        const std::uint64_t ay = year < 0 ? static_cast<std::uint64_t>(-year) : static_cast<std::uint64_t>(year);
        int width = 4;
        for (std::uint64_t v = ay / 10000; v > 0; v /= 10) ++width;
        put(ay, width);
    } else {
        put(static_cast<std::uint64_t>(year), 4);
    }
    out[n++] = '-';
    put(date.month, 2);
    out[n++] = '-';
    put(date.day, 2);
    out[n++] = 'T';
    put(static_cast<std::uint64_t>(secs_of_day / 3600), 2);
    out[n++] = ':';
    put(static_cast<std::uint64_t>(secs_of_day / 60 % 60), 2);
    out[n++] = ':';
    put(static_cast<std::uint64_t>(secs_of_day % 60), 2);
    if (frac != 0) {
        out[n++] = '.';
        auto f = static_cast<std::uint64_t>(frac);
        int width = 6;
        while (f % 10 == 0) {
            f /= 10;
            --width;
        }
        put(f, width);
    }
    out[n++] = 'Z';
    return n;
}

inline std::string format_date_time(date_time t) {
    std::array<char, date_time_max_size> buf{};
    return std::string(buf.data(), format_date_time(t, buf.data()));
}

} // namespace revring

#endif
