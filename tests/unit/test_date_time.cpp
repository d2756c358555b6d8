#include <revring/date_time.hpp>

#include <doctest/doctest.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

using namespace std::chrono;
using revring::date_time;
using revring::format_date_time;
using revring::parse_date_time;

namespace {
date_time utc(int y, unsigned mo, unsigned d, int h = 0, int mi = 0, int s = 0, std::int64_t us = 0) {
    return date_time(sys_days(year(y) / month(mo) / day(d)) + hours(h) + minutes(mi) + seconds(s) +
                     microseconds(us));
}

date_time parsed(std::string_view s) {
    const auto r = parse_date_time(s);
    REQUIRE_MESSAGE(r.has_value(), s);
    return *r;
}
} // namespace

static_assert(parse_date_time("1970-01-01T00:00:00Z").value().time_since_epoch().count() == 0);
static_assert(!parse_date_time("2023-02-29T00:00:00Z").has_value());

TEST_CASE("basic UTC forms") {
    CHECK(parsed("2023-11-07T05:31:56Z") == utc(2023, 11, 7, 5, 31, 56));
    CHECK(parsed("2023-11-07t05:31:56z") == utc(2023, 11, 7, 5, 31, 56)); // RFC 3339 allows lowercase
    CHECK(parsed("1970-01-01T00:00:00Z").time_since_epoch().count() == 0);
    CHECK(parsed("0000-01-01T00:00:00Z") == utc(0, 1, 1));
    CHECK(parsed("9999-12-31T23:59:59Z") == utc(9999, 12, 31, 23, 59, 59));
}

TEST_CASE("fractional seconds of any length, truncated to microseconds") {
    CHECK(parsed("2023-11-07T05:31:56.5Z") == utc(2023, 11, 7, 5, 31, 56, 500000));
    CHECK(parsed("2023-11-07T05:31:56.123Z") == utc(2023, 11, 7, 5, 31, 56, 123000));
    CHECK(parsed("2023-11-07T05:31:56.123456Z") == utc(2023, 11, 7, 5, 31, 56, 123456));
    CHECK(parsed("2023-11-07T05:31:56.1234569Z") == utc(2023, 11, 7, 5, 31, 56, 123456));
    CHECK(parsed("2023-11-07T05:31:56.999999999999999999999Z") == utc(2023, 11, 7, 5, 31, 56, 999999));
    CHECK(parsed("2023-11-07T05:31:56.000Z") == utc(2023, 11, 7, 5, 31, 56));
    CHECK(parsed("1969-12-31T23:59:59.75Z").time_since_epoch().count() == -250000);
}

TEST_CASE("offsets are applied; -00:00 is UTC") {
    CHECK(parsed("2023-11-07T05:31:56+01:00") == utc(2023, 11, 7, 4, 31, 56));
    CHECK(parsed("2023-11-07T05:31:56-05:30") == utc(2023, 11, 7, 11, 1, 56));
    CHECK(parsed("2023-11-07T05:31:56+00:00") == utc(2023, 11, 7, 5, 31, 56));
    CHECK(parsed("2023-11-07T05:31:56-00:00") == utc(2023, 11, 7, 5, 31, 56));
    CHECK(parsed("2024-01-01T00:30:00+01:00") == utc(2023, 12, 31, 23, 30, 0)); // crosses a year
    CHECK(parsed("2023-11-07T05:31:56.25+23:59") == utc(2023, 11, 6, 5, 32, 56, 250000));
}

TEST_CASE("leap years") {
    CHECK(parsed("2024-02-29T12:00:00Z") == utc(2024, 2, 29, 12));
    CHECK(parsed("2000-02-29T00:00:00Z") == utc(2000, 2, 29));
    CHECK_FALSE(parse_date_time("2023-02-29T00:00:00Z").has_value());
    CHECK_FALSE(parse_date_time("1900-02-29T00:00:00Z").has_value());
    CHECK_FALSE(parse_date_time("2024-02-30T00:00:00Z").has_value());
}

TEST_CASE("leap second only at 23:59:60 UTC, read as 23:59:59.999999") {
    CHECK(parsed("2016-12-31T23:59:60Z") == utc(2016, 12, 31, 23, 59, 59, 999999));
    CHECK(parsed("2016-12-31T23:59:60.5Z") == utc(2016, 12, 31, 23, 59, 59, 999999));
    CHECK(parsed("2017-01-01T00:59:60+01:00") == utc(2016, 12, 31, 23, 59, 59, 999999));
    CHECK(parsed("2016-12-31T18:59:60-05:00") == utc(2016, 12, 31, 23, 59, 59, 999999));
    CHECK_FALSE(parse_date_time("2016-12-31T12:00:60Z").has_value());
    CHECK_FALSE(parse_date_time("2016-12-31T23:59:60+01:00").has_value()); // 22:59:60 UTC
    CHECK_FALSE(parse_date_time("2016-12-31T23:59:61Z").has_value());
}

TEST_CASE("invalid texts are rejected with format date-time") {
    const std::string_view bad[] = {
        "",
        "2023-11-07",                   // date only
        "05:31:56Z",                    // time only
        "2023-11-07T05:31:56",          // no offset
        "2023-11-07 05:31:56Z",         // space separator
        "2023-11-07T24:00:00Z",         // hour 24
        "2023-11-07T23:60:00Z",         // minute 60
        "2023-13-01T00:00:00Z",         // month 13
        "2023-00-01T00:00:00Z",         // month 0
        "2023-11-00T00:00:00Z",         // day 0
        "2023-04-31T00:00:00Z",         // April 31
        "2023-11-7T05:31:56Z",          // one-digit day
        "23-11-07T05:31:56Z",           // two-digit year
        "+2023-11-07T05:31:56Z",        // signed year
        "2023-11-07T05:31:56.Z",        // empty fraction
        "2023-11-07T05:31:56,5Z",       // comma fraction
        "2023-11-07T05:31:56+0100",     // offset without colon
        "2023-11-07T05:31:56+01",       // short offset
        "2023-11-07T05:31:56+24:00",    // offset hour 24
        "2023-11-07T05:31:56+01:60",    // offset minute 60
        "2023-11-07T05:31:56ZZ",        // trailing garbage
        "2023-11-07T05:31:56Z ",        // trailing space
        "2023-11-07T05:31:5Z",          // one-digit second
        "2023-11-07T05:31:56UTC",
        "2023-11-07T05:31:56+01:00\n",
        "２０２３-11-07T05:31:56Z",       // non-ASCII digits
    };
    for (std::string_view s : bad) {
        CAPTURE(s);
        const auto r = parse_date_time(s);
        REQUIRE_FALSE(r.has_value());
        CHECK(r.error().kind == revring::rule_kind::format);
        CHECK(r.error().type == "date-time");
        CHECK(r.error().rule == "format date-time");
    }
}

TEST_CASE("format: UTC, Z, fraction only when non-zero with trailing zeros trimmed") {
    CHECK(format_date_time(utc(2023, 11, 7, 5, 31, 56)) == "2023-11-07T05:31:56Z");
    CHECK(format_date_time(utc(2023, 11, 7, 5, 31, 56, 500000)) == "2023-11-07T05:31:56.5Z");
    CHECK(format_date_time(utc(2023, 11, 7, 5, 31, 56, 120)) == "2023-11-07T05:31:56.00012Z");
    CHECK(format_date_time(utc(2023, 11, 7, 5, 31, 56, 123456)) == "2023-11-07T05:31:56.123456Z");
    CHECK(format_date_time(utc(2023, 11, 7, 5, 31, 56, 1)) == "2023-11-07T05:31:56.000001Z");
    CHECK(format_date_time(date_time{}) == "1970-01-01T00:00:00Z");
    CHECK(format_date_time(date_time(microseconds(-1))) == "1969-12-31T23:59:59.999999Z");
    CHECK(format_date_time(utc(0, 1, 1)) == "0000-01-01T00:00:00Z");
    CHECK(format_date_time(utc(9999, 12, 31, 23, 59, 59, 999999)) == "9999-12-31T23:59:59.999999Z");
}

TEST_CASE("format outside 0000-9999 writes a signed year that parse rejects") {
    const std::string before = format_date_time(utc(-1, 6, 1));
    CHECK(before == "-0001-06-01T00:00:00Z");
    CHECK_FALSE(parse_date_time(before).has_value());
    const std::string after = format_date_time(utc(10000, 1, 1));
    CHECK(after == "+10000-01-01T00:00:00Z");
    CHECK_FALSE(parse_date_time(after).has_value());
}

TEST_CASE("round trip: parse(format(t)) == t across the range") {
    // A deterministic spread of values: every day boundary region, random microseconds.
    std::uint64_t state = 0x9E3779B97F4A7C15ull;
    const std::int64_t lo = utc(0, 1, 1).time_since_epoch().count();
    const std::int64_t hi = utc(9999, 12, 31, 23, 59, 59, 999999).time_since_epoch().count();
    for (int i = 0; i < 20000; ++i) {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        const auto span = static_cast<std::uint64_t>(hi - lo);
        const date_time t(microseconds(lo + static_cast<std::int64_t>(state % span)));
        const std::string text = format_date_time(t);
        const auto back = parse_date_time(text);
        REQUIRE_MESSAGE(back.has_value(), text);
        REQUIRE_MESSAGE(*back == t, text);
    }
}

TEST_CASE("format agrees with std::chrono's calendar") {
    for (int y : {1, 400, 1600, 1900, 1969, 1970, 2000, 2023, 2024, 2100, 9999})
        for (unsigned m = 1; m <= 12; ++m) {
            const year_month_day_last ymdl{year(y), month_day_last(month(m))};
            const date_time t = date_time(sys_days(ymdl));
            const auto r = parse_date_time(format_date_time(t));
            REQUIRE(r.has_value());
            CHECK(*r == t);
            CHECK(format_date_time(t).substr(8, 2) == std::to_string(static_cast<unsigned>(ymdl.day())));
        }
}
