#include <revring/constrained.hpp>

#include "test_rules.hpp"

#include <doctest/doctest.h>

#include <compare>
#include <sstream>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_set>

using test_rules::CallerIdName;
using test_rules::E164Number;
using namespace std::string_view_literals;

namespace {

// A rule whose capacity is (wrongly) smaller than its rules allow: the
// library must still never write past the buffer.
struct Tiny_rule {
    static constexpr std::string_view name = "Tiny";
    static constexpr std::size_t capacity = 4;
    static constexpr std::size_t min_length = 0;
    static constexpr std::size_t max_length = 10;
    static constexpr std::string_view pattern = "";
};
using Tiny = revring::basic_constrained_string<Tiny_rule>;

// A pattern that accepts a NUL, to show an embedded NUL is part of the value.
struct AnyTwo_rule {
    static constexpr std::string_view name = "AnyTwo";
    static constexpr std::size_t capacity = 2;
    static constexpr std::size_t min_length = 0;
    static constexpr std::size_t max_length = revring::no_limit;
    static constexpr std::string_view pattern = "^[\\s\\S]{2}$";
    static constexpr bool match(std::string_view s) noexcept { return s.size() == 2; }
};
using AnyTwo = revring::basic_constrained_string<AnyTwo_rule>;

std::string repeat(std::string_view s, int n) {
    std::string r;
    for (int i = 0; i < n; ++i) r.append(s);
    return r;
}

template <class T> revring::validation_error parse_error(std::string_view s) {
    const auto r = T::parse(s);
    REQUIRE_FALSE(r.has_value());
    return r.error();
}

} // namespace

// The type is a checked value: no default, no run-time string, trivially copyable.
static_assert(!std::is_default_constructible_v<E164Number>);
static_assert(!std::is_constructible_v<E164Number, std::string>);
static_assert(!std::is_constructible_v<E164Number, std::string_view>);
static_assert(!std::is_constructible_v<E164Number, const char*>);
static_assert(!std::is_convertible_v<std::string, E164Number>);
static_assert(!std::is_convertible_v<E164Number, std::string_view>); // explicit only
static_assert(std::is_constructible_v<std::string_view, E164Number>);
static_assert(std::is_trivially_copyable_v<E164Number>);
static_assert(std::is_trivially_copyable_v<CallerIdName>);
static_assert(sizeof(E164Number) == 18); // 16 bytes + NUL + 1-byte length
static_assert(revring::literal_constructible<E164Number>);
static_assert(!revring::literal_constructible<std::string>);
static_assert(revring::constrained_string_rule<test_rules::E164Number_rule>);

// Literal construction and parse work in constant expressions.
constexpr E164Number compile_time_number = "+14155550123";
static_assert(compile_time_number.view() == "+14155550123");
static_assert(compile_time_number.size() == 12);
static_assert(E164Number::parse("+12").has_value());
static_assert(!E164Number::parse("+1").has_value());
static_assert(E164Number::parse("+02").error().kind == revring::rule_kind::pattern);

TEST_CASE("E.164: the shortest and longest numbers are accepted") {
    const E164Number shortest = "+12";
    const E164Number longest = "+123456789012345";
    CHECK(shortest.view() == "+12");
    CHECK(longest.size() == 16u);
    CHECK(E164Number::parse("+12").value() == shortest);
    CHECK(E164Number::parse("+123456789012345").value() == longest);
}

TEST_CASE("E.164: values outside the pattern are rejected with the pattern rule") {
    const std::string_view bad[] = {
        "",                  // empty
        "+",                 // no digits
        "+1",                // one digit
        "+1234567890123456", // 16 digits
        "+0123",             // leading zero
        "14155550123",       // no plus
        "+14155550123\n",    // trailing newline ($ does not match before it)
        "\n+14155550123",    // leading newline
        " +14155550123",     // leading space
        "+1415555O123",      // letter O
        "+1 415 555 0123",   // spaces
        "++14155550123",
        "+\xD9\xA1\xD9\xA2\xD9\xA3", // Arabic-Indic digits: \d is ASCII only
        "+\xEF\xBC\x91\xEF\xBC\x92", // full-width digits
    };
    for (std::string_view s : bad) {
        CAPTURE(s);
        const auto e = parse_error<E164Number>(s);
        CHECK(e.kind == revring::rule_kind::pattern);
        CHECK(e.type == "E164Number");
        CHECK(e.rule == "pattern ^\\+[1-9]\\d{1,14}$");
    }
}

TEST_CASE("E.164: an embedded NUL is part of the value and breaks the pattern") {
    const auto e = parse_error<E164Number>("+1415\0555"sv);
    CHECK(e.kind == revring::rule_kind::pattern);
    CHECK_FALSE(E164Number::parse("+14155550123\0"sv).has_value());
}

TEST_CASE("a literal keeps an embedded NUL when the rule allows it") {
    constexpr AnyTwo v = "a\0";
    CHECK(v.size() == 2u);
    CHECK(v.view() == "a\0"sv);
}

TEST_CASE("validation_error message names the type and the rule") {
    CHECK(parse_error<E164Number>("123").message() == "E164Number: value breaks pattern ^\\+[1-9]\\d{1,14}$");
    CHECK(parse_error<CallerIdName>("").message() == "CallerIdName: value breaks minLength 1");
}

TEST_CASE("caller-id name: length counts code points, not bytes") {
    const std::string e_acute = "\xC3\xA9";          // 2 bytes
    const std::string cjk = "\xE4\xB8\xAD";           // 3 bytes
    const std::string emoji = "\xF0\x9F\x93\x9E";     // 4 bytes
    for (const std::string& unit : {std::string("a"), e_acute, cjk, emoji}) {
        CAPTURE(unit);
        const auto fifteen = CallerIdName::parse(repeat(unit, 15));
        REQUIRE(fifteen.has_value());
        CHECK(fifteen->size() == 15 * unit.size());
        CHECK(CallerIdName::parse(repeat(unit, 1)).has_value());

        const auto e = parse_error<CallerIdName>(repeat(unit, 16));
        CHECK(e.kind == revring::rule_kind::max_length);
        CHECK(e.type == "CallerIdName");
        CHECK(e.rule == "maxLength 15");
    }
    // 15 four-byte code points fill the whole 60-byte capacity.
    const auto full = CallerIdName::parse(repeat(emoji, 15));
    REQUIRE(full.has_value());
    CHECK(full->size() == CallerIdName::capacity);
}

TEST_CASE("caller-id name: literals with multibyte text") {
    constexpr CallerIdName fifteen = "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"
                                     "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9";
    CHECK(fifteen.size() == 30u);
    constexpr CallerIdName cjk = "\xE4\xB8\xAD\xE6\x96\x87";
    CHECK(cjk.view() == "\xE4\xB8\xAD\xE6\x96\x87");
}

TEST_CASE("caller-id name: empty is rejected by minLength") {
    const auto e = parse_error<CallerIdName>("");
    CHECK(e.kind == revring::rule_kind::min_length);
    CHECK(e.rule == "minLength 1");
}

TEST_CASE("ill-formed UTF-8 is rejected before any length rule") {
    const std::string_view bad[] = {
        "\xC0\xAF",         // overlong
        "\xED\xA0\x80",     // surrogate
        "abc\xE2\x82",      // truncated
        "\x80",             // stray continuation
        "\xF4\x90\x80\x80", // above U+10FFFF
    };
    for (std::string_view s : bad) {
        CAPTURE(s);
        const auto e = parse_error<CallerIdName>(s);
        CHECK(e.kind == revring::rule_kind::utf8);
        CHECK(e.rule == "UTF-8");
        CHECK(e.message() == "CallerIdName: value breaks UTF-8");
    }
    // Too long *and* ill-formed: UTF-8 is reported (lengths need code points).
    CHECK(parse_error<CallerIdName>(repeat("a", 20) + "\xFF").kind == revring::rule_kind::utf8);
}

TEST_CASE("check() reports without constructing") {
    CHECK_FALSE(E164Number::check("+12").has_value());
    REQUIRE(E164Number::check("12").has_value());
    CHECK(E164Number::check("12")->kind == revring::rule_kind::pattern);
}

TEST_CASE("a value that passes every rule but exceeds the capacity is refused, not truncated") {
    CHECK(Tiny::parse("abcd").has_value());
    const auto e = parse_error<Tiny>("abcde");
    CHECK(e.kind == revring::rule_kind::max_length);
    CHECK(e.rule == "storage capacity in bytes 4");
}

TEST_CASE("accessors") {
    const E164Number n = "+14155550123";
    CHECK(n.view() == "+14155550123");
    CHECK(n.str() == std::string("+14155550123"));
    CHECK(std::string_view(n.data(), n.size()) == "+14155550123");
    CHECK(std::string_view(n.c_str()) == "+14155550123"); // NUL-terminated
    CHECK(n.size() == 12u);
    CHECK_FALSE(n.empty());
    CHECK(static_cast<std::string_view>(n) == "+14155550123");

    std::ostringstream os;
    os << n;
    CHECK(os.str() == "+14155550123");
}

TEST_CASE("comparison, ordering and hashing follow the text") {
    const E164Number a = "+12";
    const E164Number b = "+13";
    const E164Number a2 = E164Number::parse("+12").value();
    CHECK(a == a2);
    CHECK(a != b);
    CHECK(a < b);
    CHECK((b <=> a) == std::strong_ordering::greater);
    const E164Number longer = "+120";
    CHECK(a < longer);

    std::unordered_set<E164Number> set{a, b, a2};
    CHECK(set.size() == 2u);
    CHECK(std::hash<E164Number>{}(a) == std::hash<std::string_view>{}("+12"));
}

TEST_CASE("copies are independent values") {
    E164Number a = "+12";
    const E164Number b = a;
    a = E164Number("+19");
    CHECK(b.view() == "+12");
    CHECK(a.view() == "+19");
}

TEST_CASE("parse().value() throws validation_exception carrying the error") {
    try {
        (void)E164Number::parse("nope").value();
        FAIL("expected an exception");
    } catch (const revring::validation_exception& e) {
        CHECK(e.get().type == "E164Number");
        CHECK(std::string(e.what()) == "E164Number: value breaks pattern ^\\+[1-9]\\d{1,14}$");
    }
}
