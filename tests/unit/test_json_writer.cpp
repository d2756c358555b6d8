#include <revring/json/writer.hpp>

#include "scan_cases.hpp"
#include "test_rules.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <doctest/doctest.h>

#include <array>
#include <charconv>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

using revring::json_write_issue;
using revring::json_writer;
using namespace std::string_view_literals;

namespace {
std::string string_json(std::string_view s) {
    std::string out;
    json_writer w(out);
    w.value(s);
    return out;
}

template <class T> std::string value_json(const T& v) {
    std::string out;
    json_writer w(out);
    revring::write_value(w, v);
    return out;
}

enum class Color { unknown, red, light_blue };
} // namespace

template <> struct revring::enum_traits<Color> {
    static constexpr std::string_view name = "Color";
    static constexpr std::array<std::pair<Color, std::string_view>, 2> values{{
        {Color::red, "red"},
        {Color::light_blue, "light-blue"},
    }};
};

namespace test_gen {
// Shaped like a generated struct and its generated encode().
struct Contact {
    test_rules::E164Number phone;
    revring::optional<test_rules::CallerIdName> name;
    std::vector<std::int64_t> tags;
};
inline void encode(revring::json_writer& w, const Contact& v) {
    w.begin_object();
    revring::write_member(w, revring::json_key(",\"phone\":"), v.phone);
    revring::write_member(w, revring::json_key(",\"name\":"), v.name);
    revring::write_member(w, revring::json_key(",\"tags\":"), v.tags);
    w.end_object();
}
// The same with names escaped at run time (json_writer::key(std::string_view)).
struct RuntimeKeys {
    Contact c;
};
inline void encode(revring::json_writer& w, const RuntimeKeys& v) {
    w.begin_object();
    revring::write_member(w, "phone", v.c.phone);
    revring::write_member(w, "name", v.c.name);
    revring::write_member(w, "tags", v.c.tags);
    w.end_object();
}
} // namespace test_gen

TEST_CASE("escaping: quote, backslash and control characters") {
    CHECK(string_json("") == R"("")");
    CHECK(string_json("plain") == R"("plain")");
    CHECK(string_json("a\"b") == R"("a\"b")");
    CHECK(string_json("a\\b") == R"("a\\b")");
    CHECK(string_json("\b\f\n\r\t") == R"("\b\f\n\r\t")");
    CHECK(string_json("\x01\x1f") == R"("\u0001\u001f")");
    CHECK(string_json("nul:\0."sv) == R"("nul:\u0000.")");
    CHECK(string_json("/") == R"("/")");       // '/' needs no escape
    CHECK(string_json("\x7f") == "\"\x7f\"");  // DEL needs no escape
}

TEST_CASE("every control character is escaped and reads back") {
    for (int c = 0; c < 0x20; ++c) {
        const std::string s(1, static_cast<char>(c));
        const std::string text = string_json(s);
        CAPTURE(c);
        CHECK(text.find(static_cast<char>(c)) == std::string::npos);
        CHECK(boost::json::parse(text).as_string() == s);
    }
}

TEST_CASE("UTF-8 is copied as it is") {
    const std::string s = "h\xC3\xA9llo \xE4\xB8\x96\xE7\x95\x8C \xF0\x9F\x98\x80";
    CHECK(string_json(s) == "\"" + s + "\"");
}

TEST_CASE("ill-formed UTF-8 becomes U+FFFD and is recorded with the member name") {
    std::string out;
    json_writer w(out);
    w.begin_object();
    w.key("good");
    w.value("ok");
    CHECK(w.issue() == json_write_issue::none);
    w.key("bad\"name");
    w.value("a\xC0" "b\xE2\x82" "c\xED\xA0\x80");
    w.end_object();
    CHECK(w.issue() == json_write_issue::invalid_utf8);
    CHECK(w.issue_key() == "bad\\\"name");
    // C0 -> one U+FFFD; E2 82 (truncated) -> one; ED A0 80 -> three (maximal subparts of length 1).
    const std::string fffd = "\xEF\xBF\xBD";
    CHECK(out == "{\"good\":\"ok\",\"bad\\\"name\":\"a" + fffd + "b" + fffd + "c" + fffd + fffd + fffd + "\"}");
    CHECK(boost::json::parse(out).is_object()); // still valid JSON
}

TEST_CASE("the first issue is kept") {
    std::string out;
    json_writer w(out);
    w.begin_array();
    w.value(std::numeric_limits<double>::infinity());
    w.value("\xFF");
    w.end_array();
    CHECK(w.issue() == json_write_issue::non_finite_number);
    CHECK(w.issue_key().empty());
    CHECK(out == "[null,\"\xEF\xBF\xBD\"]");
}

TEST_CASE("integers, including the extremes") {
    CHECK(value_json(0) == "0");
    CHECK(value_json(-42) == "-42");
    CHECK(value_json(std::numeric_limits<std::int64_t>::min()) == "-9223372036854775808");
    CHECK(value_json(std::numeric_limits<std::int64_t>::max()) == "9223372036854775807");
    CHECK(value_json(std::numeric_limits<std::uint64_t>::max()) == "18446744073709551615");
    CHECK(value_json(static_cast<unsigned char>(200)) == "200");
}

TEST_CASE("doubles use the shortest text that reads back exactly") {
    CHECK(value_json(0.1) == "0.1");
    CHECK(value_json(2.5) == "2.5");
    CHECK(value_json(1.0) == "1");
    CHECK(value_json(-0.0) == "-0");
    CHECK(value_json(1e300) == "1e+300");
    CHECK(value_json(5e-324) == "5e-324");
    const double values[] = {0.1, 1.0 / 3.0, 123456789.123456789, 1e-7, 6.02214076e23,
                             std::numeric_limits<double>::max(), std::numeric_limits<double>::min()};
    for (double d : values) {
        // std::from_chars, not boost::json::parse: Boost.JSON 1.81 reads some
        // doubles one ulp off (precise number parsing came in 1.83).
        const std::string text = value_json(d);
        double back = 0;
        const auto r = std::from_chars(text.data(), text.data() + text.size(), back);
        CAPTURE(text);
        CHECK(r.ec == std::errc{});
        CHECK(r.ptr == text.data() + text.size());
        CHECK(back == d);
        CHECK(boost::json::parse(text).is_number()); // and it is a JSON number
    }
}

TEST_CASE("NaN and infinities are written as null and recorded") {
    for (double d : {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity(),
                     -std::numeric_limits<double>::infinity()}) {
        std::string out;
        json_writer w(out);
        w.begin_object();
        w.key("score");
        w.value(d);
        w.end_object();
        CHECK(out == R"({"score":null})");
        CHECK(w.issue() == json_write_issue::non_finite_number);
        CHECK(w.issue_key() == "score");
    }
}

TEST_CASE("bool, null and a string literal (not converted to bool)") {
    std::string out;
    json_writer w(out);
    w.begin_array();
    w.value(true);
    w.value(false);
    w.null();
    w.value(nullptr);
    w.value("literal");
    w.end_array();
    CHECK(out == R"([true,false,null,null,"literal"])");
}

TEST_CASE("commas and nesting") {
    std::string out;
    json_writer w(out);
    w.begin_object();
    w.key("a");
    w.begin_array();
    w.begin_object();
    w.end_object();
    w.begin_array();
    w.end_array();
    w.value(1);
    w.end_array();
    w.key("b");
    w.begin_object();
    w.key("c");
    w.null();
    w.end_object();
    w.key("d");
    w.value(2);
    w.end_object();
    CHECK(out == R"({"a":[{},[],1],"b":{"c":null},"d":2})");
}

TEST_CASE("appends to existing content and reserves") {
    std::string out = "prefix:";
    json_writer w(out);
    w.reserve(64);
    CHECK(out.capacity() >= 71u);
    w.begin_array();
    w.value(1);
    w.end_array();
    CHECK(out == "prefix:[1]");
    CHECK(&w.text() == &out);
}

TEST_CASE("raw Boost.JSON values") {
    std::string out;
    json_writer w(out);
    w.begin_object();
    w.key("v");
    w.raw(boost::json::parse(R"({"k":[1,"x",null],"e":{}})"));
    w.key("after");
    w.value(true);
    w.end_object();
    CHECK(boost::json::parse(out) == boost::json::parse(R"({"v":{"k":[1,"x",null],"e":{}},"after":true})"));

    boost::json::object big;
    for (int i = 0; i < 200; ++i) big[std::to_string(i)] = std::string(20, 'x'); // > one 512-byte chunk
    CHECK(boost::json::parse(value_json(big)) == boost::json::value(big));
    CHECK(value_json(boost::json::array{1, 2}) == "[1,2]");
}

TEST_CASE("raw Boost.JSON values nested past the writer's inline levels") {
    // The tree writer keeps 8 open containers inline and the rest in a
    // vector: every depth around that boundary, objects and arrays mixed,
    // with members after each nested container (written once it is closed).
    for (int depth = 1; depth <= 20; ++depth) {
        CAPTURE(depth);
        boost::json::value v = "leaf";
        for (int i = 0; i < depth; ++i) {
            if (i % 2 == 0)
                v = boost::json::object{{"in", std::move(v)}, {"after", i}};
            else
                v = boost::json::array{i, std::move(v), "after"};
        }
        const std::string text = value_json(v);
        CHECK(boost::json::parse(text) == v);
        CHECK(text == boost::json::serialize(v));
    }
}

TEST_CASE("write_value for the library's types") {
    const test_rules::E164Number n = "+14155550123";
    CHECK(value_json(n) == R"("+14155550123")");
    const revring::uuid u = "3C90C3CC-0D44-4B50-8888-8DD25736052A";
    CHECK(value_json(u) == R"("3c90c3cc-0d44-4b50-8888-8dd25736052a")");
    const revring::uuid v = "00000000-0000-0000-0000-0000000000ff";
    CHECK(value_json(std::vector<revring::uuid>{u, v, u}) ==
          R"(["3c90c3cc-0d44-4b50-8888-8dd25736052a","00000000-0000-0000-0000-0000000000ff",)"
          R"("3c90c3cc-0d44-4b50-8888-8dd25736052a"])");
    CHECK(value_json(revring::date_time(std::chrono::microseconds(1500000))) == R"("1970-01-01T00:00:01.5Z")");
    CHECK(value_json(revring::open_enum<Color>(Color::light_blue)) == R"("light-blue")");
    CHECK(value_json(revring::open_enum<Color>::from_string("mauve")) == R"("mauve")");
    CHECK(value_json(std::string("s")) == R"("s")");
    CHECK(value_json(std::vector<std::string>{"a", "b"}) == R"(["a","b"])");
    CHECK(value_json(std::vector<revring::optional<int>>{1, {}, 3}) == "[1,null,3]");
    CHECK(value_json(revring::optional<int>{}) == "null");
    const revring::required<std::vector<bool>> r = std::vector<bool>{true};
    CHECK(value_json(r) == "[true]");
}

TEST_CASE("write_member leaves out absent optionals; generated-style encode via ADL") {
    const test_gen::Contact with{.phone = "+12", .name = "Ada", .tags = {1, 2}};
    const test_gen::Contact without{.phone = "+12", .name = std::nullopt, .tags = {}};
    CHECK(value_json(with) == R"({"phone":"+12","name":"Ada","tags":[1,2]})");
    CHECK(value_json(without) == R"({"phone":"+12","tags":[]})");
    CHECK(value_json(std::vector<test_gen::Contact>{with, without}) ==
          R"([{"phone":"+12","name":"Ada","tags":[1,2]},{"phone":"+12","tags":[]}])");
}

TEST_CASE("names escaped beforehand (json_key): the comma only between members") {
    CHECK(value_json(test_gen::RuntimeKeys{{.phone = "+12", .name = "Ada", .tags = {1}}}) ==
          value_json(test_gen::Contact{.phone = "+12", .name = "Ada", .tags = {1}}));
    std::string out;
    json_writer w(out);
    w.begin_array();
    w.begin_object();
    w.key(revring::json_key(R"(,"a":)"));
    w.begin_object();
    w.key(revring::json_key(R"(,"b\"\u0000\n":)"));
    w.value(1);
    w.key(revring::json_key(R"(,"":)"));
    w.null();
    w.end_object();
    w.key(revring::json_key(",\"\xC3\xA9\":"));
    w.value(true);
    w.end_object();
    w.end_array();
    CHECK(out == "[{\"a\":{\"b\\\"\\u0000\\n\":1,\"\":null},\"\xC3\xA9\":true}]");
    CHECK(boost::json::parse(out).at(0).at("a").at("b\"\0\n"sv) == 1);
}

TEST_CASE("an issue is recorded with the name of a json_key") {
    std::string out = "[";
    json_writer w(out);
    w.begin_object();
    w.key(revring::json_key(R"(,"first":)"));
    w.value(std::numeric_limits<double>::infinity());
    w.end_object();
    CHECK(out == R"([{"first":null})");
    CHECK(w.issue_key() == "first");

    std::string out2;
    json_writer w2(out2);
    w2.begin_object();
    w2.key(revring::json_key(R"(,"ok":)"));
    w2.value("fine");
    w2.key(revring::json_key(R"(,"bad\"name":)"));
    w2.value("\xFF");
    w2.end_object();
    CHECK(w2.issue() == json_write_issue::invalid_utf8);
    CHECK(w2.issue_key() == "bad\\\"name");
    CHECK(out2 == "{\"ok\":\"fine\",\"bad\\\"name\":\"\xEF\xBF\xBD\"}");
}

TEST_CASE("json_key checks its text at compile time") {
    using revring::detail::json_key_well_formed;
    static_assert(json_key_well_formed(R"(,"a":)"));
    static_assert(json_key_well_formed(R"(,"":)"));
    static_assert(json_key_well_formed(R"(,"q\"b\\s\/\b\f\n\r\t\u00Af":)"));
    static_assert(json_key_well_formed(",\"\xE6\x97\xA5\":"));
    static_assert(!json_key_well_formed(R"("a":)"));        // no comma
    static_assert(!json_key_well_formed(R"(,"a")"));        // no colon
    static_assert(!json_key_well_formed(R"(,a:)"));         // no quotes
    static_assert(!json_key_well_formed(R"(,":)"));         // one quote
    static_assert(!json_key_well_formed(R"(,"a"b":)"));     // unescaped quote
    static_assert(!json_key_well_formed(R"(,"a\":)"));      // the escape takes the closing quote
    static_assert(!json_key_well_formed(R"(,"\x41":)"));    // not a JSON escape
    static_assert(!json_key_well_formed(R"(,"\u00g0":)"));  // not hex
    static_assert(!json_key_well_formed(R"(,"\u00":)"));    // short
    static_assert(!json_key_well_formed(",\"\t\":"));       // a raw control character
    static_assert(!json_key_well_formed(",\"\xC3\":"));     // truncated UTF-8
    static_assert(!json_key_well_formed(",\"\xFF\":"));     // not UTF-8
    CHECK(revring::json_key(R"(,"a":)").text() == R"(,"a":)");
}

TEST_CASE("any string survives a write/parse round trip") {
    std::uint32_t state = 12345;
    for (int i = 0; i < 2000; ++i) {
        std::string s;
        const int len = static_cast<int>(state % 24);
        for (int k = 0; k < len; ++k) {
            state = state * 1664525u + 1013904223u;
            // Mostly ASCII including controls, sometimes a well-formed multibyte character.
            const unsigned pick = state >> 24;
            if (pick < 200)
                s.push_back(static_cast<char>(pick % 128));
            else if (pick < 230)
                s.append("\xC3\xA9");
            else
                s.append("\xF0\x9F\x98\x80");
        }
        state = state * 1664525u + 1013904223u;
        std::string out;
        json_writer w(out);
        w.value(s);
        REQUIRE(w.issue() == json_write_issue::none);
        REQUIRE(boost::json::parse(out).as_string() == s);
    }
}

TEST_CASE("strings are escaped as byte by byte at every length and place of the bytes to escape") {
    const auto reference_json = [](std::string_view s) {
        std::string out = "\"";
        for (const char c : s) {
            if (c == '"') out += "\\\"";
            else if (c == '\\') out += "\\\\";
            else if (c == '\n') out += "\\n";
            else if (c == '\x01') out += "\\u0001";
            else if (c == '\x1f') out += "\\u001f";
            else out += c;
        }
        return out + "\"";
    };
    std::size_t ascii = 0;
    scan_cases::for_each_text([&](std::string_view s) {
        if (s.find_first_of("\x80\xff") != std::string_view::npos) return; // (ASCII only here)
        CHECK(string_json(s) == reference_json(s));
        ++ascii;
    });
    CHECK(ascii == 1 + 48 + 5 * 48 * 49 / 2);
}
