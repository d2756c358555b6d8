// fast_json_reader (revring/json/detail/reader.hpp) against
// boost::json::basic_parser, event for event: whatever the reader accepts,
// basic_parser accepts with the same events (strings whole, numbers with the
// same values); it refuses what basic_parser refuses; and the documents a
// decoder meets in practice it reads itself rather than giving up. Besides
// hand-picked texts, every one-byte deletion and a set of one-byte
// replacements of a few documents are checked.
#include <revring/json/detail/reader.hpp>

#include <revring/config.hpp>

#include "scan_cases.hpp"

#include <boost/json/basic_parser_impl.hpp>
#include <doctest/doctest.h>

#include <bit>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace {

/// Records every event as a line; a key or string given in parts is joined.
/// When `skip_key` is set, the container that is the value of a member of
/// that name is skipped (`skipping()`), as the decoder skips unknown members.
struct recorder {
    static constexpr std::size_t max_object_size = std::size_t(-1);
    static constexpr std::size_t max_array_size = std::size_t(-1);
    static constexpr std::size_t max_key_size = std::size_t(-1);
    static constexpr std::size_t max_string_size = std::size_t(-1);

    std::vector<std::string> events;
    std::string part;
    std::string_view skip_key;
    bool next_is_skipped = false;  // the last key was skip_key
    std::size_t skip_depth = 0;    // > 0: inside a skipped container (basic_parser still reports it)
    const char* skipped_end = nullptr;

    bool skipping() const noexcept { return skip_depth != 0; }
    void skipped_to(const char* end) noexcept { skipped_end = end; }

    void add(std::string e) {
        if (skip_depth == 0) events.push_back(std::move(e));
    }
    bool begin(const char* what) {
        if (skip_depth != 0) {
            ++skip_depth;
            return true;
        }
        const bool skip = next_is_skipped;
        next_is_skipped = false;
        add(skip ? std::string(what) + " (skipped)" : what);
        if (skip) skip_depth = 1;
        return true;
    }
    bool end(const char* what, std::size_t n) {
        if (skip_depth != 0) {
            if (--skip_depth != 0) return true;
            n = 0; // the reader reports 0 for a skipped container
        }
        add(what + std::to_string(n));
        return true;
    }
    bool on_document_begin(boost::system::error_code&) { return true; }
    bool on_document_end(boost::system::error_code&) { return true; }
    bool on_object_begin(boost::system::error_code&) { return begin("{"); }
    bool on_object_end(std::size_t n, boost::system::error_code&) { return end("}", n); }
    bool on_array_begin(boost::system::error_code&) { return begin("["); }
    bool on_array_end(std::size_t n, boost::system::error_code&) { return end("]", n); }
    bool on_key_part(boost::json::string_view s, std::size_t, boost::system::error_code&) {
        part.append(s.data(), s.size());
        return true;
    }
    bool on_key(boost::json::string_view s, std::size_t n, boost::system::error_code&) {
        part.append(s.data(), s.size());
        CHECK(n == part.size());
        if (skip_depth == 0) next_is_skipped = !skip_key.empty() && part == skip_key;
        add("key " + part);
        part.clear();
        return true;
    }
    bool on_string_part(boost::json::string_view s, std::size_t, boost::system::error_code&) {
        part.append(s.data(), s.size());
        return true;
    }
    bool on_string(boost::json::string_view s, std::size_t n, boost::system::error_code&) {
        part.append(s.data(), s.size());
        CHECK(n == part.size());
        next_is_skipped = false;
        add("string " + part);
        part.clear();
        return true;
    }
    bool on_number_part(boost::json::string_view, boost::system::error_code&) { return true; }
    bool on_int64(std::int64_t i, boost::json::string_view, boost::system::error_code&) {
        return scalar("int64 " + std::to_string(i));
    }
    bool on_uint64(std::uint64_t u, boost::json::string_view, boost::system::error_code&) {
        return scalar("uint64 " + std::to_string(u));
    }
    bool on_double(double d, boost::json::string_view, boost::system::error_code&) {
        return scalar("double bits " + std::to_string(std::bit_cast<std::uint64_t>(d)));
    }
    bool on_bool(bool b, boost::system::error_code&) { return scalar(b ? "true" : "false"); }
    bool on_null(boost::system::error_code&) { return scalar("null"); }
    bool on_comment_part(boost::json::string_view, boost::system::error_code&) { return true; }
    bool on_comment(boost::json::string_view, boost::system::error_code&) { return true; }
    bool scalar(std::string e) {
        next_is_skipped = false;
        add(std::move(e));
        return true;
    }
};

struct outcome {
    bool accepted = false;
    std::vector<std::string> events;
    const char* skipped_end = nullptr;
};

outcome by_boost(std::string_view text, std::string_view skip_key = {}) {
    boost::json::parse_options po;
    po.max_depth = REVRING_JSON_MAX_DEPTH;
    boost::json::basic_parser<recorder> p(po);
    p.handler().skip_key = skip_key;
    boost::system::error_code ec;
    const std::size_t n = p.write_some(false, text.data(), text.size(), ec);
    outcome o;
    o.accepted = !ec && p.done() && n == text.size();
    o.events = std::move(p.handler().events);
    return o;
}

outcome by_reader(std::string_view text, std::string_view skip_key = {}) {
    recorder r;
    r.skip_key = skip_key;
    revring::detail::fast_json_reader<recorder> reader(r, REVRING_JSON_MAX_DEPTH);
    outcome o;
    o.accepted = reader.read(text);
    CHECK_FALSE(reader.handler_refused()); // the recorder refuses nothing
    o.events = std::move(r.events);
    o.skipped_end = r.skipped_end;
    return o;
}

/// The reader accepts only what basic_parser accepts, with the same events.
/// Returns whether the reader accepted.
bool agrees(std::string_view text, std::string_view skip_key = {}) {
    const outcome mine = by_reader(text, skip_key);
    if (!mine.accepted) return false;
    const outcome boost = by_boost(text, skip_key);
    INFO("text: ", std::string(text));
    REQUIRE(boost.accepted);
    CHECK(mine.events == boost.events);
    return true;
}

/// Both refuse.
void refused(std::string_view text) {
    INFO("text: ", std::string(text));
    CHECK_FALSE(by_reader(text).accepted);
    CHECK_FALSE(by_boost(text).accepted);
}

std::string nested(std::size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

constexpr std::string_view documents[] = {
    R"({"a":1,"b":[true,false,null],"c":{"d":"e"},"f":-12.5e-3,"g":"","h":[],"i":{}})",
    " \t\r\n{ \"k\" : [ 1 , 2 ] , \"s\" : \"x\" } \n",
    R"({"esc":"q\"b\\s\/b\bf\fn\nr\rt\t","u":"\u00e9\u4e2d\ud83d\ude00\u0000","utf8":"é中😀"})",
    R"({"k\u00e9y":1,"plain key with spaces":"v"})",
    R"([0,-1,123456789012345678,-123456789012345678,1234567890123456789,9223372036854775807,
        9223372036854775808,18446744073709551615,18446744073709551616,-9223372036854775808,
        -9223372036854775809,-0,0.0,-0.0,1e400,0e400,2.5E+10,1E-7,0.1,123.456e2])",
    R"("a string alone")",
    "42",
    "null",
    R"({"skip":{"a":[1,{"b":"c\"}"}],"d":"\u00e9"},"after":[{"skip":[1,[2,{}]]}],"z":0})",
};

} // namespace

TEST_CASE("the reader reports what basic_parser reports, for the documents it reads") {
    for (const std::string_view d : documents) {
        INFO("document: ", std::string(d));
        CHECK(agrees(d));
        CHECK(agrees(d, "skip"));
    }
}

TEST_CASE("a skipped container is checked, reported as begun and ended, and where it ends is told") {
    const std::string_view d = documents[std::size(documents) - 1];
    const outcome o = by_reader(d, "skip");
    REQUIRE(o.accepted);
    const std::vector<std::string> expected{"{",         "key skip", "{ (skipped)", "}0",       "key after", "[",
                                            "{",         "key skip", "[ (skipped)", "]0",       "}1",        "]1",
                                            "key z",     "int64 0",  "}3"};
    CHECK(o.events == expected);
    REQUIRE(o.skipped_end != nullptr); // the last skipped: [1,[2,{}]]
    CHECK(std::string_view(d.data(), static_cast<std::size_t>(o.skipped_end - d.data())).ends_with("[1,[2,{}]]"));

    // Whatever is wrong inside a skipped container is still wrong.
    for (const std::string_view bad : {R"({"skip":{"a":01}})", R"({"skip":[1,]})", R"({"skip":{"a" 1}})",
                                       R"({"skip":["\x"]})", "{\"skip\":[\"\x01\"]}", "{\"skip\":[\"\xC0\x80\"]}",
                                       R"({"skip":[tru]})", R"({"skip":{"a":1,}})", R"({"skip":[-]})",
                                       R"({"skip":[1.]})", R"({"skip":[1e]})", R"({"skip":[.5]})", R"({"skip":[})"}) {
        INFO("text: ", std::string(bad));
        CHECK_FALSE(by_reader(bad, "skip").accepted);
        CHECK_FALSE(by_boost(bad, "skip").accepted);
    }
}

TEST_CASE("what basic_parser refuses, the reader refuses") {
    for (const std::string_view bad :
         {"", " ", "{", "}", "[1,2", "[1,2,]", R"({"a":1,})", R"({"a" 1})", R"({a:1})", "{'a':1}", "01", "-", "1.",
          ".5", "1e", "1e+", "+1", "0x10", "tru", "nul", "falsey", "[1] [2]", "[1]x", R"("abc)", R"("\x")",
          R"("\u12")", R"("\u12G4")", "\"tab\there\"", "\"nl\nhere\"", "\"\xFF\"", "\"\xC0\xAF\"", "\"\xED\xA0\x80\"",
          "\"\xF4\x90\x80\x80\"", "\"\xE4\xB8\"", "/* c */ 1", "[1 // c\n]", "NaN", "Infinity", "[1,,2]", "{\"a\":}",
          "1e2147483648", "[1e4001855808]"}) {
        refused(bad);
        if (bad.find_first_not_of(' ') == std::string_view::npos) continue; // ("[ ]" is an array)
        INFO("skipped: ", std::string(bad));
        CHECK_FALSE(by_reader("{\"skip\":[" + std::string(bad) + "]}", "skip").accepted);
    }
    refused(nested(REVRING_JSON_MAX_DEPTH + 1));
}

TEST_CASE("the reader gives up, rather than decide, on lone surrogate escapes, nesting at the limit, long exponents") {
    // Whatever basic_parser says of these, the reader leaves it to basic_parser.
    for (const std::string_view t : {R"("\ud800")", R"("\udc00")", R"("\ud800\u0041")", R"("\ud800x")"})
        CHECK_FALSE(by_reader(t).accepted);
    CHECK_FALSE(by_reader(nested(REVRING_JSON_MAX_DEPTH)).accepted);
    CHECK_FALSE(by_reader(R"({"skip":[1e2147483647]})", "skip").accepted); // (an exponent of 10 digits)
    CHECK(by_boost("[1e2147483647]").accepted);
    CHECK(by_boost(nested(REVRING_JSON_MAX_DEPTH)).accepted); // (so decode_direct reads it with basic_parser)
    CHECK(agrees(nested(REVRING_JSON_MAX_DEPTH - 1)));
}

TEST_CASE("one-byte deletions and replacements of the documents: the reader never accepts what basic_parser refuses") {
    constexpr std::string_view replacements[] = {"\"", "\\", "{", "}", "[", "]", ":", ",", "0", "1", "-", ".", "e",
                                                 "+", " ", "\n", "\x01", "\x7F", "\x80", "\xC3", "\xED", "\xFF", "u",
                                                 "t", "n", "a", "/"};
    std::size_t accepted = 0, tried = 0;
    for (const std::string_view d : documents) {
        for (std::size_t i = 0; i < d.size(); ++i) {
            std::string t(d);
            t.erase(i, 1);
            accepted += agrees(t) + agrees(t, "skip");
            tried += 2;
            for (const std::string_view r : replacements) {
                std::string u(d);
                u.replace(i, 1, r);
                accepted += agrees(u) + agrees(u, "skip");
                tried += 2;
            }
        }
    }
    MESSAGE(accepted, " of ", tried, " variants accepted by the reader, each with basic_parser's events");
    CHECK(accepted > 1000); // the check above did run on accepted texts
}

TEST_CASE("the reader's scan (16 bytes at a time, then 8) finds the first byte that ends a plain run") {
    const std::size_t checked = scan_cases::for_each_text([](std::string_view s) {
        const char* const end = revring::detail::json_plain_run_end(s.data(), s.data() + s.size());
        CHECK(end - s.data() == static_cast<std::ptrdiff_t>(scan_cases::reference_end(s)));
    });
    CHECK(checked == 7 * 48 * 49 / 2);
}
