// revring-cpp: revring::uuid, the value of a `format: uuid` string.
//
//   revring::uuid a = "3c90c3cc-0d44-4b50-8888-8dd25736052a"; // checked at compile time
//   revring::uuid b = "3c90c3cc0d444b5088888dd25736052a";     // error: ... literal_violates_format_uuid
//   auto c = revring::uuid::parse(text);                      // parse_result<uuid>
//   c->to_string();                                           // lowercase, 8-4-4-4-12
//
// Accepted text is exactly 36 characters, 8-4-4-4-12 hexadecimal digits of
// either case separated by hyphens: no braces, no "urn:uuid:" prefix, no
// missing hyphens (RFC 4122, section 3). Every 128-bit value is accepted;
// version and variant bits are not checked, as JSON Schema's `format: uuid`
// does not check them either.
#ifndef REVRING_UUID_HPP
#define REVRING_UUID_HPP

#include <revring/detail/decode_access.hpp>
#include <revring/detail/literal.hpp>
#include <revring/error.hpp>

#include <array>
#include <bit>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <iosfwd>
#include <string>
#include <string_view>
#include <type_traits>

namespace revring {

namespace detail {
// Deliberately not constexpr: a bad literal makes the consteval constructor
// call it, and the compiler's message names it. Never called at run time.
inline void literal_violates_format_uuid() noexcept {}

/// A uuid's text form, one byte at a time (constant evaluation, and
/// big-endian machines).
constexpr std::array<char, 36> uuid_text_bytes(const std::array<std::uint8_t, 16>& b) noexcept {
    constexpr char digits[] = "0123456789abcdef";
    std::array<char, 36> out{};
    std::size_t o = 0;
    for (std::size_t i = 0; i < 16; ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) out[o++] = '-';
        out[o++] = digits[b[i] >> 4];
        out[o++] = digits[b[i] & 0x0F];
    }
    return out;
}

/// The 8 lowercase hex digits of 4 bytes, the first byte in the low bits of
/// `x` and its digits in the low bytes of the result (little-endian order).
/// Each byte is spread to a 16-bit lane, its nibbles to a byte each; a nibble
/// n becomes '0' + n, plus 'a' - '0' - 10 when n + 6 carries into bit 4.
constexpr std::uint64_t hex_digits_of_4_bytes(std::uint32_t x32) noexcept {
    std::uint64_t x = x32;
    x = (x | x << 16) & 0x0000FFFF0000FFFFULL;
    x = (x | x << 8) & 0x00FF00FF00FF00FFULL;
    const std::uint64_t n = ((x >> 4) & 0x000F000F000F000FULL) | ((x & 0x000F000F000F000FULL) << 8);
    const std::uint64_t letters = ((n + 0x0606060606060606ULL) >> 4) & 0x0101010101010101ULL;
    return n + 0x3030303030303030ULL + letters * ('a' - '0' - 10);
}

/// The same text as uuid_text_bytes, written at `out` (36 bytes) 4 bytes to
/// 8 digits at a time (little-endian machines): about 4 ns instead of 16.
/// Only stores, each of a whole group or half-group of digits, so the text
/// can be written straight into its destination.
inline void uuid_text_words(const std::array<std::uint8_t, 16>& b, char* out) noexcept {
    std::uint64_t d[4];
    for (std::size_t i = 0; i < 4; ++i) {
        std::uint32_t w;
        std::memcpy(&w, b.data() + 4 * i, 4);
        d[i] = hex_digits_of_4_bytes(w);
    }
    const auto store4 = [](char* to, std::uint64_t digits) {
        const auto four = static_cast<std::uint32_t>(digits);
        std::memcpy(to, &four, 4);
    };
    std::memcpy(out, &d[0], 8); // 8-4-4-4-12
    out[8] = '-';
    store4(out + 9, d[1]);
    out[13] = '-';
    store4(out + 14, d[1] >> 32);
    out[18] = '-';
    store4(out + 19, d[2]);
    out[23] = '-';
    store4(out + 24, d[2] >> 32);
    std::memcpy(out + 28, &d[3], 8);
}
} // namespace detail

/// A UUID: 16 bytes, in the order they appear in the text form.
class uuid {
public:
    static constexpr bool has_consteval_literal_ctor = true;
    /// Length of the text form.
    static constexpr std::size_t text_size = 36;

    /// From a string literal, checked at compile time; a literal that is not
    /// a 36-character 8-4-4-4-12 UUID does not compile
    /// (`literal_violates_format_uuid`).
    template <std::size_t N> consteval uuid(const char (&lit)[N]) {
        const auto parsed = parse_text(std::string_view(lit, N - 1));
        if (lit[N - 1] != '\0' || !parsed.ok) detail::literal_violates_format_uuid();
        bytes_ = parsed.bytes;
    }

    // No public default constructor: a uuid member must be given a value.
    // (Decoders get the nil uuid through `revring::decode_access`.)

    /// Parses the 36-character text form; the error is
    /// `{rule_kind::format, "uuid", "format uuid"}`.
    static constexpr parse_result<uuid> parse(std::string_view text) noexcept {
        const auto parsed = parse_text(text);
        if (!parsed.ok) return validation_error{rule_kind::format, "uuid", "format uuid"};
        return from_bytes(parsed.bytes);
    }

    /// From 16 bytes (every value is a valid uuid).
    static constexpr uuid from_bytes(const std::array<std::uint8_t, 16>& b) noexcept {
        uuid u;
        u.bytes_ = b;
        return u;
    }

    /// The all-zero uuid, 00000000-0000-0000-0000-000000000000.
    static constexpr uuid nil() noexcept { return uuid(); }

    constexpr const std::array<std::uint8_t, 16>& bytes() const noexcept { return bytes_; }
    constexpr bool is_nil() const noexcept { return bytes_ == std::array<std::uint8_t, 16>{}; }

    /// The canonical lowercase text form, without allocating.
    constexpr std::array<char, text_size> to_chars() const noexcept {
        std::array<char, text_size> out{};
        to_chars(out.data());
        return out;
    }

    /// Writes the canonical lowercase text form, text_size characters, at
    /// `first`; returns `first + text_size`.
    constexpr char* to_chars(char* first) const noexcept {
        if constexpr (std::endian::native == std::endian::little) {
            if (!std::is_constant_evaluated()) {
                detail::uuid_text_words(bytes_, first);
                return first + text_size;
            }
        }
        const auto text = detail::uuid_text_bytes(bytes_);
        for (std::size_t i = 0; i < text_size; ++i) first[i] = text[i];
        return first + text_size;
    }

    /// The canonical lowercase text form.
    std::string to_string() const {
        const auto a = to_chars();
        return std::string(a.data(), a.size());
    }

    friend constexpr bool operator==(const uuid&, const uuid&) noexcept = default;
    friend constexpr std::strong_ordering operator<=>(const uuid& a, const uuid& b) noexcept {
        return a.bytes_ <=> b.bytes_;
    }
    template <class Traits>
    friend std::basic_ostream<char, Traits>& operator<<(std::basic_ostream<char, Traits>& os, const uuid& u) {
        const auto a = u.to_chars();
        return os << std::string_view(a.data(), a.size());
    }

private:
    friend struct revring::decode_access;
    constexpr uuid() noexcept = default;

    struct parsed_text {
        bool ok = false;
        std::array<std::uint8_t, 16> bytes{};
    };

    static constexpr int hex_value(char c) noexcept {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }

    static constexpr parsed_text parse_text(std::string_view s) noexcept {
        parsed_text r;
        if (s.size() != text_size) return r;
        std::size_t b = 0;
        for (std::size_t i = 0; i < text_size;) {
            if (i == 8 || i == 13 || i == 18 || i == 23) {
                if (s[i] != '-') return r;
                ++i;
                continue;
            }
            const int hi = hex_value(s[i]), lo = hex_value(s[i + 1]);
            if (hi < 0 || lo < 0) return r;
            r.bytes[b++] = static_cast<std::uint8_t>(hi << 4 | lo);
            i += 2;
        }
        r.ok = true;
        return r;
    }

    std::array<std::uint8_t, 16> bytes_{};
};

} // namespace revring

template <> struct std::hash<revring::uuid> {
    std::size_t operator()(const revring::uuid& u) const noexcept {
        // FNV-1a over the bytes: uuids are already well distributed, this
        // just folds 16 bytes into a size_t portably.
        std::uint64_t h = 14695981039346656037ull;
        for (std::uint8_t b : u.bytes()) {
            h ^= b;
            h *= 1099511628211ull;
        }
        return static_cast<std::size_t>(h);
    }
};

#endif
