// Texts shared by the writer's and the reader's tests of how they find the
// bytes that end a run of plain JSON string text: every length up to 48
// (16-byte blocks, 8-byte words, their overlapping last blocks, the tail)
// with each kind of byte that is not plain at every position, alone or with
// another one just after it; and the byte-by-byte reference.
#ifndef REVRING_TEST_SCAN_CASES_HPP
#define REVRING_TEST_SCAN_CASES_HPP

#include <doctest/doctest.h>

#include <cstddef>
#include <iterator>
#include <string>
#include <string_view>

namespace scan_cases {

inline std::size_t reference_end(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80) break;
        ++i;
    }
    return i;
}

/// Calls `check(s)` on every text; returns how many have a byte that is not plain.
template <class Check> std::size_t for_each_text(Check check) {
    constexpr char stops[] = {'"', '\\', '\n', '\x01', '\x1f', '\x80', '\xff'};
    constexpr char plain[] = {' ', '!', '#', '[', ']', '~', '\x7f', 'a'}; // around the stops' values
    std::size_t checked = 0;
    for (std::size_t n = 0; n <= 48; ++n) {
        std::string base(n, 'x');
        for (std::size_t i = 0; i < n; ++i) base[i] = plain[i % std::size(plain)];
        INFO("length ", n);
        check(std::string_view(base));
        for (std::size_t at = 0; at < n; ++at) {
            for (const char c : stops) {
                std::string s = base;
                s[at] = c;
                if (at + 1 < n) s[at + 1] = '"'; // a second stop just after the first
                INFO("byte ", static_cast<int>(static_cast<unsigned char>(c)), " at ", at);
                check(std::string_view(s));
                ++checked;
            }
        }
    }
    return checked;
}

} // namespace scan_cases

#endif
