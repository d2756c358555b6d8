// revring-cpp: constexpr UTF-8 validation and code-point counting.
//
// JSON Schema counts string lengths (minLength/maxLength) in Unicode code
// points, so the constrained types need a code-point count that works in
// constant expressions. Well-formedness follows the Unicode Standard,
// Table 3-7: overlong forms, surrogates (U+D800..U+DFFF), values above
// U+10FFFF, truncated sequences and stray continuation bytes are rejected.
#ifndef REVRING_UTF8_HPP
#define REVRING_UTF8_HPP

#include <cstddef>
#include <optional>
#include <string_view>

namespace revring::utf8 {

/// One step of decoding: the sequence starting at some position.
struct sequence {
    /// Bytes consumed. For a well-formed sequence its whole length (1..4);
    /// for an ill-formed one the "maximal subpart" (Unicode 3.9, U+FFFD
    /// substitution): at least 1, so a loop always advances.
    std::size_t length = 0;
    /// True when the bytes form one well-formed code point.
    bool valid = false;
    /// The code point when `valid`, otherwise U+FFFD.
    char32_t code_point = U'\uFFFD';
};

/// Decodes the sequence that starts at `s[pos]`. Precondition: `pos < s.size()`.
constexpr sequence decode(std::string_view s, std::size_t pos) noexcept;

/// True when `s` is well-formed UTF-8.
constexpr bool is_valid(std::string_view s) noexcept;

/// Byte offset of the first ill-formed sequence, or `std::string_view::npos`.
constexpr std::size_t find_invalid(std::string_view s) noexcept;

/// Number of code points in `s`, or `std::nullopt` if `s` is not well-formed.
constexpr std::optional<std::size_t> count_code_points(std::string_view s) noexcept;

// ---------------------------------------------------------------------------

constexpr sequence decode(std::string_view s, std::size_t pos) noexcept {
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
    const unsigned char b0 = byte(pos);
    if (b0 < 0x80) return {1, true, static_cast<char32_t>(b0)};

    // Length and the allowed range of the second byte (Table 3-7).
    std::size_t len = 0;
    unsigned char lo = 0x80, hi = 0xBF;
    char32_t cp = 0;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        len = 2; cp = b0 & 0x1Fu;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        len = 3; cp = b0 & 0x0Fu;
        if (b0 == 0xE0) lo = 0xA0;      // no overlongs
        else if (b0 == 0xED) hi = 0x9F; // no surrogates
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        len = 4; cp = b0 & 0x07u;
        if (b0 == 0xF0) lo = 0x90;      // no overlongs
        else if (b0 == 0xF4) hi = 0x8F; // nothing above U+10FFFF
    } else {
        // 80..BF stray continuation, C0/C1 overlong lead, F5..FF never valid.
        return {1, false, U'\uFFFD'};
    }

    std::size_t i = 1;
    for (; i < len; ++i) {
        if (pos + i >= s.size()) return {i, false, U'\uFFFD'}; // truncated
        const unsigned char b = byte(pos + i);
        const unsigned char l = i == 1 ? lo : 0x80;
        const unsigned char h = i == 1 ? hi : 0xBF;
        if (b < l || b > h) return {i, false, U'\uFFFD'};
        cp = (cp << 6) | (b & 0x3Fu);
    }
    return {len, true, cp};
}

constexpr std::size_t find_invalid(std::string_view s) noexcept {
    std::size_t pos = 0;
    while (pos < s.size()) {
        // ASCII fast path.
        if (static_cast<unsigned char>(s[pos]) < 0x80) { ++pos; continue; }
        const sequence q = decode(s, pos);
        if (!q.valid) return pos;
        pos += q.length;
    }
    return std::string_view::npos;
}

constexpr bool is_valid(std::string_view s) noexcept {
    return find_invalid(s) == std::string_view::npos;
}

constexpr std::optional<std::size_t> count_code_points(std::string_view s) noexcept {
    std::size_t pos = 0, count = 0;
    while (pos < s.size()) {
        if (static_cast<unsigned char>(s[pos]) < 0x80) {
            ++pos;
        } else {
            const sequence q = decode(s, pos);
            if (!q.valid) return std::nullopt;
            pos += q.length;
        }
        ++count;
    }
    return count;
}

} // namespace revring::utf8

#endif
