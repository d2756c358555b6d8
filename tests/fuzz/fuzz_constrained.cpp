// Fuzz target: bytes -> every parse() of a constrained type, checked against
// an independent, hand-written reference of each rule (a differential test).
//
// - Each generated constrained string (E164Number, CallerIdName, and any
//   the description adds: a rule without a reference here does not compile):
//   the reference decides UTF-8 well-formedness with its own decoder, counts
//   code points, applies maxLength/minLength and the ECMA-262 meaning of the
//   pattern, in the documented order (UTF-8, maxLength, minLength, pattern).
//   parse(), check(), and decoding the bytes as a JSON string must all agree
//   with it, down to the rule named in the error.
// - revring::uuid: exactly 8-4-4-4-12 hex digits, either case; an accepted
//   value prints as the lowercase input.
// - revring::date_time: RFC 3339 as date_time.hpp documents it, computed
//   here with a different calendar algorithm; the parsed instant must match,
//   and format/parse must round-trip.
//   (Finding 1: offsets could move an accepted instant out of years
//   0000-9999, which format_date_time then wrote as "-0001-12-31T23:00:00Z";
//   parse_date_time now refuses such instants. Regression inputs:
//   corpus/constrained/regress-dt-*.)
// Any disagreement traps.
#include "fuzz_check.hpp"
#include "fuzz_types.hpp"

#include <revring/constrained.hpp>
#include <revring/date_time.hpp>
#include <revring/gen/json.hpp>
#include <revring/gen/types.hpp>
#include <revring/json/decode.hpp>
#include <revring/uuid.hpp>

#include <boost/json/string.hpp>
#include <boost/json/value.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace {

namespace gen = REVRING_FUZZ_NAMESPACE;

// ---------------------------------------------------------------------------
// Reference UTF-8: decode each sequence by its bit pattern, then refuse the
// scalar values UTF-8 may not carry (overlong forms, surrogates, > U+10FFFF).
// Deliberately not the library's table-driven decoder.
std::optional<std::size_t> reference_code_points(std::string_view s) {
    std::size_t count = 0;
    for (std::size_t i = 0; i < s.size();) {
        const auto b = static_cast<unsigned char>(s[i]);
        std::size_t len;
        std::uint32_t cp, min;
        if (b < 0x80) {
            len = 1, cp = b, min = 0;
        } else if ((b & 0xE0) == 0xC0) {
            len = 2, cp = b & 0x1Fu, min = 0x80;
        } else if ((b & 0xF0) == 0xE0) {
            len = 3, cp = b & 0x0Fu, min = 0x800;
        } else if ((b & 0xF8) == 0xF0) {
            len = 4, cp = b & 0x07u, min = 0x10000;
        } else {
            return std::nullopt;
        }
        if (i + len > s.size()) return std::nullopt;
        for (std::size_t k = 1; k < len; ++k) {
            const auto c = static_cast<unsigned char>(s[i + k]);
            if ((c & 0xC0) != 0x80) return std::nullopt;
            cp = (cp << 6) | (c & 0x3Fu);
        }
        if (cp < min || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) return std::nullopt;
        i += len;
        ++count;
    }
    return count;
}

bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }

// ---------------------------------------------------------------------------
// One reference per constrained rule, with the rule's values as the
// description states them (so a wrong translation by the generator shows).
template <class Rule> struct reference; // none: add one for each new rule

template <> struct reference<gen::E164Number_rule> {
    static constexpr std::string_view pattern = "^\\+[1-9]\\d{1,14}$";
    static constexpr std::size_t min_length = 0;
    static constexpr std::size_t max_length = revring::no_limit;
    /// ECMA-262, no flags: ^ and $ match only at the ends of the input (not
    /// before a final line feed, unlike PCRE or Python), \d is [0-9] only.
    static bool match(std::string_view s) {
        if (s.size() < 3 || s.size() > 16) return false; // "+", one [1-9], 1..14 digits
        if (s[0] != '+' || s[1] < '1' || s[1] > '9') return false;
        for (std::size_t i = 2; i < s.size(); ++i)
            if (!is_ascii_digit(s[i])) return false;
        return true;
    }
};

template <> struct reference<gen::CallerIdName_rule> {
    static constexpr std::string_view pattern = "";
    static constexpr std::size_t min_length = 1;
    static constexpr std::size_t max_length = 15;
    static bool match(std::string_view) { return true; }
};

enum class verdict { ok, utf8, max_length, min_length, pattern };

template <class Rule> verdict reference_verdict(std::string_view s) {
    using ref = reference<Rule>;
    const auto n = reference_code_points(s);
    if (!n) return verdict::utf8;
    if (ref::max_length != revring::no_limit && *n > ref::max_length) return verdict::max_length;
    if (*n < ref::min_length) return verdict::min_length;
    if (!ref::pattern.empty() && !ref::match(s)) return verdict::pattern;
    return verdict::ok;
}

std::string rule_text(std::string_view kind, std::size_t n) { return std::string(kind) + " " + std::to_string(n); }

template <class T, class Rule> void check_constrained(std::string_view s) {
    using ref = reference<Rule>;
    static_assert(Rule::pattern == ref::pattern, "the reference implements another pattern: update it");
    static_assert(Rule::min_length == ref::min_length, "the reference expects another minLength");
    static_assert(Rule::max_length == ref::max_length, "the reference expects another maxLength");

    const verdict want = reference_verdict<Rule>(s);
    const auto got = T::parse(s);
    const auto checked = T::check(s);
    REVRING_FUZZ_CHECK(got.has_value() == !checked.has_value(), "parse() and check() disagree", s);

    // The same bytes as a JSON string member go through the decoder.
    const boost::json::value jv = boost::json::string(s);
    const auto decoded = revring::from_json_value<T>(jv);
    REVRING_FUZZ_CHECK(decoded.has_value() == got.has_value(), "decode() and parse() disagree", s);

    if (want == verdict::ok) {
        REVRING_FUZZ_CHECK(got.has_value(), "parse() refuses a value the reference accepts",
                           got ? std::string_view() : Rule::name);
        REVRING_FUZZ_CHECK(got->view() == s, "the parsed value differs from the input", got->view());
        REVRING_FUZZ_CHECK(got->size() == s.size() && got->c_str()[s.size()] == '\0',
                           "size or NUL terminator wrong", s);
        REVRING_FUZZ_CHECK(*decoded == *got, "decoded value differs from parsed value", s);
        const auto again = revring::from_json<T>(revring::to_json(*got));
        REVRING_FUZZ_CHECK(again && *again == *got, "constrained value does not round-trip through JSON", s);
        return;
    }
    REVRING_FUZZ_CHECK(!got.has_value(), "parse() accepts a value the reference refuses", s);
    const revring::validation_error e = got.error();
    REVRING_FUZZ_CHECK(*checked == e, "check() names another rule than parse()", e.rule);
    REVRING_FUZZ_CHECK(e.type == Rule::name, "error names another type", e.type);
    switch (want) {
    case verdict::utf8:
        REVRING_FUZZ_CHECK(e.kind == revring::rule_kind::utf8, "expected the UTF-8 rule", e.rule);
        break;
    case verdict::max_length:
        REVRING_FUZZ_CHECK(e.kind == revring::rule_kind::max_length && e.rule == rule_text("maxLength", ref::max_length),
                           "expected the maxLength rule", e.rule);
        break;
    case verdict::min_length:
        REVRING_FUZZ_CHECK(e.kind == revring::rule_kind::min_length && e.rule == rule_text("minLength", ref::min_length),
                           "expected the minLength rule", e.rule);
        break;
    case verdict::pattern:
        REVRING_FUZZ_CHECK(e.kind == revring::rule_kind::pattern && e.rule == "pattern " + std::string(ref::pattern),
                           "expected the pattern rule", e.rule);
        break;
    case verdict::ok: break;
    }
    const std::string msg = decoded.error().message;
    REVRING_FUZZ_CHECK(msg == "at (root): " + e.message(), "decode error message differs from the rule", msg);
}

// ---------------------------------------------------------------------------
// uuid: 36 characters, hyphens at 8, 13, 18, 23, hex digits elsewhere.
int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

void check_uuid(std::string_view s) {
    bool ok = s.size() == 36;
    for (std::size_t i = 0; ok && i < 36; ++i)
        ok = (i == 8 || i == 13 || i == 18 || i == 23) ? s[i] == '-' : hex_digit(s[i]) >= 0;
    const auto got = revring::uuid::parse(s);
    REVRING_FUZZ_CHECK(got.has_value() == ok, "uuid::parse disagrees with 8-4-4-4-12 hex", s);
    const auto decoded = revring::from_json_value<revring::uuid>(boost::json::value(boost::json::string(s)));
    REVRING_FUZZ_CHECK(decoded.has_value() == ok, "uuid decode disagrees with 8-4-4-4-12 hex", s);
    if (!ok) {
        REVRING_FUZZ_CHECK(got.error().kind == revring::rule_kind::format && got.error().type == "uuid",
                           "uuid error names another rule", got.error().rule);
        return;
    }
    std::string lower(s);
    for (char& c : lower)
        if (c >= 'A' && c <= 'F') c = static_cast<char>(c - 'A' + 'a');
    REVRING_FUZZ_CHECK(got->to_string() == lower, "uuid does not print as the lowercase input", got->to_string());
    std::size_t j = 0;
    for (std::size_t i = 0; i < 16; ++i) {
        if (s[j] == '-') ++j;
        const int byte = hex_digit(s[j]) * 16 + hex_digit(s[j + 1]);
        REVRING_FUZZ_CHECK(got->bytes()[i] == byte, "uuid byte differs from the text", s);
        j += 2;
    }
}

// ---------------------------------------------------------------------------
// date-time, RFC 3339 section 5.6 as date_time.hpp documents it.
bool digits(std::string_view s, std::size_t pos, std::size_t n, std::int64_t& out) {
    if (pos + n > s.size()) return false;
    out = 0;
    for (std::size_t i = 0; i < n; ++i) {
        if (!is_ascii_digit(s[pos + i])) return false;
        out = out * 10 + (s[pos + i] - '0');
    }
    return true;
}

bool leap(std::int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

/// Days from 0000-01-01 to y-01-01: 365 a year plus one per leap year in
/// [0, y) (year 0 is a leap year in the proleptic Gregorian calendar).
std::int64_t days_before_year(std::int64_t y) { return 365 * y + (y + 3) / 4 - (y + 99) / 100 + (y + 399) / 400; }

std::optional<std::int64_t> reference_date_time(std::string_view s) {
    static constexpr int month_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    std::int64_t y, mo, d, h, mi, sec;
    if (s.size() < 20) return std::nullopt;
    if (!digits(s, 0, 4, y) || s[4] != '-' || !digits(s, 5, 2, mo) || s[7] != '-' || !digits(s, 8, 2, d))
        return std::nullopt;
    if (s[10] != 'T' && s[10] != 't') return std::nullopt;
    if (!digits(s, 11, 2, h) || s[13] != ':' || !digits(s, 14, 2, mi) || s[16] != ':' || !digits(s, 17, 2, sec))
        return std::nullopt;
    if (mo < 1 || mo > 12 || d < 1 || d > month_days[mo - 1] + (mo == 2 && leap(y) ? 1 : 0)) return std::nullopt;
    if (h > 23 || mi > 59 || sec > 60) return std::nullopt;
    std::size_t pos = 19;
    std::int64_t micros = 0;
    if (pos < s.size() && s[pos] == '.') {
        const std::size_t first = ++pos;
        while (pos < s.size() && is_ascii_digit(s[pos])) ++pos;
        if (pos == first) return std::nullopt;
        for (std::size_t k = 0; k < 6; ++k)
            micros = micros * 10 + (first + k < pos ? s[first + k] - '0' : 0);
    }
    if (pos >= s.size()) return std::nullopt;
    std::int64_t offset = 0;
    if (s[pos] == 'Z' || s[pos] == 'z') {
        ++pos;
    } else if (s[pos] == '+' || s[pos] == '-') {
        std::int64_t oh, om;
        if (!digits(s, pos + 1, 2, oh) || pos + 3 >= s.size() || s[pos + 3] != ':' || !digits(s, pos + 4, 2, om))
            return std::nullopt;
        if (oh > 23 || om > 59) return std::nullopt;
        offset = (s[pos] == '-' ? -1 : 1) * (oh * 60 + om);
        pos += 6;
    } else {
        return std::nullopt;
    }
    if (pos != s.size()) return std::nullopt;
    std::int64_t day_of_year = d - 1;
    for (std::int64_t m = 1; m < mo; ++m) day_of_year += month_days[m - 1] + (m == 2 && leap(y) ? 1 : 0);
    const std::int64_t days = days_before_year(y) + day_of_year - days_before_year(1970);
    const std::int64_t utc = days * 86400 + h * 3600 + mi * 60 - offset * 60; // without seconds
    std::int64_t value;
    if (sec == 60) {
        const std::int64_t minute_of_day = (utc % 86400 + 86400) % 86400 / 60;
        if (minute_of_day != 23 * 60 + 59) return std::nullopt; // a leap second only at 23:59:60 UTC
        value = (utc + 59) * 1000000 + 999999;
    } else {
        value = (utc + sec) * 1000000 + micros;
    }
    // Only instants in years 0000-9999 UTC: the others cannot be written back.
    const std::int64_t first = (days_before_year(0) - days_before_year(1970)) * 86400 * 1000000;
    const std::int64_t end = (days_before_year(10000) - days_before_year(1970)) * 86400 * 1000000;
    if (value < first || value >= end) return std::nullopt;
    return value;
}

void check_date_time(std::string_view s) {
    const auto want = reference_date_time(s);
    const auto got = revring::parse_date_time(s);
    REVRING_FUZZ_CHECK(got.has_value() == want.has_value(), "parse_date_time disagrees with RFC 3339", s);
    if (!got) return;
    REVRING_FUZZ_CHECK(got->time_since_epoch().count() == *want, "parse_date_time reads another instant", s);
    const std::string text = revring::format_date_time(*got);
    const auto again = revring::parse_date_time(text);
    REVRING_FUZZ_CHECK(again.has_value() && *again == *got, "format_date_time does not parse back to the value", text);
}

void check_all(std::string_view s) {
#define REVRING_FUZZ_X(T, R) check_constrained<gen::T, gen::R>(s);
    REVRING_FUZZ_CONSTRAINED(REVRING_FUZZ_X)
#undef REVRING_FUZZ_X
    check_uuid(s);
    check_date_time(s);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    check_all(std::string_view(reinterpret_cast<const char*>(data), size));
    return 0;
}
