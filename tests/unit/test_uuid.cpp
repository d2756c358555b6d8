#include <revring/uuid.hpp>

#include <doctest/doctest.h>

#include <array>
#include <compare>
#include <cstdint>
#include <sstream>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_set>

using revring::uuid;

static_assert(!std::is_default_constructible_v<uuid>);
static_assert(!std::is_constructible_v<uuid, std::string>);
static_assert(!std::is_constructible_v<uuid, const char*>);
static_assert(std::is_trivially_copyable_v<uuid>);
static_assert(sizeof(uuid) == 16);
static_assert(revring::literal_constructible<uuid>);

constexpr uuid compile_time = "3c90c3cc-0d44-4b50-8888-8dd25736052a";
static_assert(compile_time.bytes()[0] == 0x3c && compile_time.bytes()[15] == 0x2a);
static_assert(uuid::parse("3C90C3CC-0D44-4B50-8888-8DD25736052A").value() == compile_time);

TEST_CASE("canonical text, lowercase and uppercase, are accepted") {
    const uuid lower = "3c90c3cc-0d44-4b50-8888-8dd25736052a";
    const uuid upper = "3C90C3CC-0D44-4B50-8888-8DD25736052A";
    const uuid mixed = "3c90C3cc-0D44-4b50-8888-8Dd25736052A";
    CHECK(lower == upper);
    CHECK(lower == mixed);
    CHECK(uuid::parse("3C90C3CC-0D44-4B50-8888-8DD25736052A").value() == lower);
}

TEST_CASE("to_string is lowercase 8-4-4-4-12 and round-trips") {
    const uuid u = "3C90C3CC-0D44-4B50-8888-8DD25736052A";
    CHECK(u.to_string() == "3c90c3cc-0d44-4b50-8888-8dd25736052a");
    CHECK(uuid::parse(u.to_string()).value() == u);
    const auto chars = u.to_chars();
    CHECK(std::string_view(chars.data(), chars.size()) == "3c90c3cc-0d44-4b50-8888-8dd25736052a");
    std::ostringstream os;
    os << u;
    CHECK(os.str() == "3c90c3cc-0d44-4b50-8888-8dd25736052a");
}

// At compile time to_chars takes the byte-at-a-time path.
static_assert([] {
    constexpr auto a = compile_time.to_chars();
    return std::string_view(a.data(), a.size()) == "3c90c3cc-0d44-4b50-8888-8dd25736052a";
}());

TEST_CASE("the word-at-a-time text form is the byte-at-a-time one, for every byte value in every place") {
    // Every byte value 0..255 at each of the 16 places (the other bytes
    // varying with it), and every nibble pair next to every other.
    int checked = 0;
    for (int place = 0; place < 16; ++place) {
        for (int v = 0; v < 256; ++v) {
            std::array<std::uint8_t, 16> b{};
            for (int i = 0; i < 16; ++i) b[i] = static_cast<std::uint8_t>((v * 7 + i * 37 + place) & 0xFF);
            b[place] = static_cast<std::uint8_t>(v);
            std::array<char, 36> words;
            revring::detail::uuid_text_words(b, words.data());
            const auto bytes = revring::detail::uuid_text_bytes(b);
            REQUIRE_MESSAGE(std::string_view(words.data(), 36) == std::string_view(bytes.data(), 36),
                            "byte " << v << " at " << place);
            CHECK(uuid::parse(std::string_view(words.data(), 36)).value().bytes() == b);
            ++checked;
        }
    }
    CHECK(checked == 16 * 256);
    std::array<char, 36> all_ones;
    revring::detail::uuid_text_words(std::array<std::uint8_t, 16>{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                                                                  0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff},
                                     all_ones.data());
    CHECK(std::string_view(all_ones.data(), 36) == "ffffffff-ffff-ffff-ffff-ffffffffffff");
    const auto nil = uuid::nil().to_chars();
    CHECK(std::string_view(nil.data(), 36) == "00000000-0000-0000-0000-000000000000");
}

TEST_CASE("anything but the 36-character form is rejected with format uuid") {
    const std::string_view bad[] = {
        "",
        "{3c90c3cc-0d44-4b50-8888-8dd25736052a}",          // braces
        "3c90c3cc0d444b5088888dd25736052a",                // no hyphens
        "3c90c3cc-0d444b50-8888-8dd25736052a",             // one hyphen missing
        "3c90c3cc-0d44-4b50-8888-8dd25736052",             // 35 characters
        "3c90c3cc-0d44-4b50-8888-8dd25736052aa",           // 37 characters
        "urn:uuid:3c90c3cc-0d44-4b50-8888-8dd25736052a",   // URN
        "3c90c3cc-0d44-4b50-8888-8dd25736052g",            // not hex
        "3c90c3c-c0d44-4b50-8888-8dd25736052a",            // hyphen in the wrong place
        " 3c90c3cc-0d44-4b50-8888-8dd25736052",            // leading space
        "3c90c3cc-0d44-4b50-8888-8dd25736052a\n",          // trailing newline
        "3c90c3cc_0d44_4b50_8888_8dd25736052a",            // underscores
        "+c90c3cc-0d44-4b50-8888-8dd25736052a",            // sign
    };
    for (std::string_view s : bad) {
        CAPTURE(s);
        const auto r = uuid::parse(s);
        REQUIRE_FALSE(r.has_value());
        CHECK(r.error().kind == revring::rule_kind::format);
        CHECK(r.error().type == "uuid");
        CHECK(r.error().rule == "format uuid");
        CHECK(r.error().message() == "uuid: value breaks format uuid");
    }
}

TEST_CASE("every 128-bit value is a uuid; version and variant are not checked") {
    CHECK(uuid::parse("00000000-0000-0000-0000-000000000000").value().is_nil());
    CHECK(uuid::parse("ffffffff-ffff-ffff-ffff-ffffffffffff").has_value());
    CHECK(uuid::nil().to_string() == "00000000-0000-0000-0000-000000000000");
}

TEST_CASE("bytes are in text order and from_bytes is the inverse") {
    const uuid u = "00112233-4455-6677-8899-aabbccddeeff";
    const std::array<std::uint8_t, 16> expected{0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
                                                0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff};
    CHECK(u.bytes() == expected);
    CHECK(uuid::from_bytes(expected) == u);
    CHECK_FALSE(u.is_nil());
}

TEST_CASE("ordering follows the bytes, hashing distinguishes values") {
    const uuid a = "00000000-0000-0000-0000-000000000001";
    const uuid b = "00000000-0000-0000-0000-000000000002";
    const uuid c = "10000000-0000-0000-0000-000000000000";
    CHECK(a < b);
    CHECK(b < c);
    CHECK((c <=> a) == std::strong_ordering::greater);
    std::unordered_set<uuid> set{a, b, c, a};
    CHECK(set.size() == 3u);
    CHECK(std::hash<uuid>{}(a) != std::hash<uuid>{}(b));
}
