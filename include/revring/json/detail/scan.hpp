// revring-cpp: finding the end of a run of JSON string text that needs no
// escaping, eight bytes at a time.
//
// Used by the JSON writer (json/writer.hpp) and, after its 16-byte SSE2
// loop, the reader (json/detail/reader.hpp). A "plain" byte is one a JSON
// string holds as it is and that is ASCII: not '"', not '\\', not a control
// character (< 0x20), not a byte >= 0x80 (which begins a UTF-8 sequence the
// caller checks). No intrinsics header here: the writer is part of the
// headers every request-building translation unit includes.
#ifndef REVRING_JSON_DETAIL_SCAN_HPP
#define REVRING_JSON_DETAIL_SCAN_HPP

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace revring::detail {

/// Bit 7 of each byte of the result is set where the byte of `x` is not
/// plain, and for the lowest such byte that bit is exact (a borrow may also
/// mark bytes above it, which the callers never look at).
inline std::uint64_t json_not_plain_bytes(std::uint64_t x) noexcept {
    constexpr std::uint64_t ones = 0x0101010101010101u;
    constexpr std::uint64_t high = 0x8080808080808080u;
    const std::uint64_t q = x ^ (ones * '"');
    const std::uint64_t b = x ^ (ones * '\\');
    return (x | ((q - ones) & ~q) | ((b - ones) & ~b) | ((x - ones * 0x20) & ~x)) & high;
}

/// The first byte from `p` that is not plain, or `e`.
inline const char* json_plain_run_end(const char* p, const char* e) noexcept {
    if constexpr (std::endian::native == std::endian::little) {
        const char* const start = p;
        std::uint64_t w;
        for (; e - p >= 8; p += 8) {
            std::memcpy(&w, p, 8);
            if (const std::uint64_t m = json_not_plain_bytes(w)) return p + std::countr_zero(m) / 8;
        }
        if (p != e && e - start >= 8) { // the last 8 bytes, overlapping what is checked already
            std::memcpy(&w, e - 8, 8);
            const std::uint64_t m = json_not_plain_bytes(w);
            return m ? e - 8 + std::countr_zero(m) / 8 : e;
        }
    }
    for (; p < e; ++p) {
        const auto c = static_cast<unsigned char>(*p);
        if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80) return p;
    }
    return e;
}

} // namespace revring::detail

#endif
