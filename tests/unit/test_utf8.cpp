#include <revring/utf8.hpp>

#include <doctest/doctest.h>

#include <string>
#include <string_view>

using revring::utf8::count_code_points;
using revring::utf8::find_invalid;
using revring::utf8::is_valid;
using namespace std::string_view_literals;

// Usable in constant expressions.
static_assert(count_code_points("abc") == 3u);
static_assert(count_code_points("") == 0u);
static_assert(!count_code_points("\xC0\xAF"));
static_assert(is_valid("\xF0\x9F\x98\x80"));

TEST_CASE("well-formed sequences of every length are counted as one code point each") {
    CHECK(count_code_points("a") == 1u);
    CHECK(count_code_points("\x7F") == 1u);
    CHECK(count_code_points("\xC2\x80") == 1u);         // U+0080, smallest 2-byte
    CHECK(count_code_points("\xDF\xBF") == 1u);         // U+07FF
    CHECK(count_code_points("\xE0\xA0\x80") == 1u);     // U+0800, smallest 3-byte
    CHECK(count_code_points("\xED\x9F\xBF") == 1u);     // U+D7FF, just below the surrogates
    CHECK(count_code_points("\xEE\x80\x80") == 1u);     // U+E000, just above them
    CHECK(count_code_points("\xEF\xBF\xBF") == 1u);     // U+FFFF
    CHECK(count_code_points("\xF0\x90\x80\x80") == 1u); // U+10000, smallest 4-byte
    CHECK(count_code_points("\xF4\x8F\xBF\xBF") == 1u); // U+10FFFF, the largest
    CHECK(count_code_points("h\xC3\xA9llo \xE4\xB8\x96\xE7\x95\x8C \xF0\x9F\x98\x80") == 10u);
}

TEST_CASE("an embedded NUL is one code point") {
    CHECK(count_code_points("a\0b"sv) == 3u);
}

TEST_CASE("overlong forms are rejected") {
    CHECK_FALSE(count_code_points("\xC0\xAF"));         // '/' in 2 bytes
    CHECK_FALSE(count_code_points("\xC1\xBF"));
    CHECK_FALSE(count_code_points("\xE0\x80\xAF"));     // '/' in 3 bytes
    CHECK_FALSE(count_code_points("\xE0\x9F\xBF"));     // U+07FF in 3 bytes
    CHECK_FALSE(count_code_points("\xF0\x80\x80\xAF")); // '/' in 4 bytes
    CHECK_FALSE(count_code_points("\xF0\x8F\xBF\xBF")); // U+FFFF in 4 bytes
    CHECK_FALSE(count_code_points("\xC0\x80"));         // "modified UTF-8" NUL
}

TEST_CASE("surrogates are rejected") {
    CHECK_FALSE(count_code_points("\xED\xA0\x80")); // U+D800
    CHECK_FALSE(count_code_points("\xED\xBF\xBF")); // U+DFFF
    CHECK_FALSE(count_code_points("\xED\xA0\xBD\xED\xB8\x80")); // CESU-8 pair
}

TEST_CASE("code points above U+10FFFF and impossible lead bytes are rejected") {
    CHECK_FALSE(count_code_points("\xF4\x90\x80\x80")); // U+110000
    CHECK_FALSE(count_code_points("\xF5\x80\x80\x80"));
    CHECK_FALSE(count_code_points("\xF8\x88\x80\x80\x80")); // old 5-byte form
    CHECK_FALSE(count_code_points("\xFE"));
    CHECK_FALSE(count_code_points("\xFF"));
}

TEST_CASE("truncated sequences and stray continuation bytes are rejected") {
    CHECK_FALSE(count_code_points("\xC3"));
    CHECK_FALSE(count_code_points("\xE2\x82"));
    CHECK_FALSE(count_code_points("\xF0\x9F\x98"));
    CHECK_FALSE(count_code_points("\xE2\x82z"));
    CHECK_FALSE(count_code_points("\x80"));
    CHECK_FALSE(count_code_points("a\xBF"));
    CHECK_FALSE(count_code_points("\xC3\xA9\xA9"));
}

TEST_CASE("find_invalid reports the offset of the first ill-formed sequence") {
    CHECK(find_invalid("abc") == std::string_view::npos);
    CHECK(find_invalid("ab\xC3\xA9\xFF") == 4u);
    CHECK(find_invalid("\xE2\x82") == 0u);
}

TEST_CASE("decode returns the code point and the maximal subpart of an ill-formed sequence") {
    using revring::utf8::decode;
    const auto euro = decode("\xE2\x82\xAC", 0);
    CHECK(euro.valid);
    CHECK(euro.length == 3u);
    CHECK(euro.code_point == U'\u20AC');
    const auto truncated = decode("\xE2\x82z", 0);
    CHECK_FALSE(truncated.valid);
    CHECK(truncated.length == 2u); // "\xE2\x82" is replaced as one U+FFFD, then 'z'
    const auto surrogate = decode("\xED\xA0\x80", 0);
    CHECK_FALSE(surrogate.valid);
    CHECK(surrogate.length == 1u); // ED A0 is never a prefix of a valid sequence
}

TEST_CASE("every byte string of length 1 and 2 agrees with a reference decoder") {
    // Reference: decode by the textbook rules, then reject what Table 3-7 forbids.
    const auto reference_valid = [](const std::string& s) {
        std::size_t i = 0;
        while (i < s.size()) {
            const auto b = static_cast<unsigned char>(s[i]);
            std::size_t n = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 0;
            if (n == 0 || i + n > s.size()) return false;
            char32_t cp = n == 1 ? b : n == 2 ? (b & 0x1F) : n == 3 ? (b & 0x0F) : (b & 0x07);
            for (std::size_t k = 1; k < n; ++k) {
                const auto c = static_cast<unsigned char>(s[i + k]);
                if ((c >> 6) != 2) return false;
                cp = (cp << 6) | (c & 0x3F);
            }
            const char32_t min[] = {0, 0, 0x80, 0x800, 0x10000};
            if (cp < min[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
            i += n;
        }
        return true;
    };
    for (int a = 0; a < 256; ++a) {
        const std::string one(1, static_cast<char>(a));
        REQUIRE(is_valid(one) == reference_valid(one));
        for (int b = 0; b < 256; ++b) {
            const std::string two{static_cast<char>(a), static_cast<char>(b)};
            REQUIRE(is_valid(two) == reference_valid(two));
        }
    }
    // Three-byte strings with a 3- or 4-byte lead exercise the second-byte ranges.
    for (int a = 0xE0; a < 0x100; ++a)
        for (int b = 0x70; b < 0xD0; ++b)
            for (int c = 0x70; c < 0xD0; c += 0x0F) {
                const std::string three{static_cast<char>(a), static_cast<char>(b), static_cast<char>(c)};
                REQUIRE(is_valid(three) == reference_valid(three));
            }
}
