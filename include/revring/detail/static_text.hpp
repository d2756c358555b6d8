// revring-cpp: text assembled at compile time with static storage duration.
//
// validation_error holds only std::string_view, so every rule text such as
// "maxLength 15" must live somewhere for the whole program. These helpers
// build it once per rule, in a constexpr static data member.
#ifndef REVRING_DETAIL_STATIC_TEXT_HPP
#define REVRING_DETAIL_STATIC_TEXT_HPP

#include <array>
#include <cstddef>
#include <string_view>

namespace revring::detail {

constexpr std::size_t decimal_digits(std::size_t v) noexcept {
    std::size_t n = 1;
    while (v >= 10) {
        v /= 10;
        ++n;
    }
    return n;
}

/// `prefix` followed by `text`, as a char array of exactly that size.
template <std::size_t N>
constexpr std::array<char, N> concat(std::string_view prefix, std::string_view text) noexcept {
    std::array<char, N> out{};
    std::size_t i = 0;
    for (char c : prefix) out[i++] = c;
    for (char c : text) out[i++] = c;
    return out;
}

/// `prefix` followed by the decimal digits of `value`.
template <std::size_t N>
constexpr std::array<char, N> concat_number(std::string_view prefix, std::size_t value) noexcept {
    std::array<char, N> out{};
    std::size_t i = 0;
    for (char c : prefix) out[i++] = c;
    for (std::size_t j = N; j > i; --j) {
        out[j - 1] = static_cast<char>('0' + value % 10);
        value /= 10;
    }
    return out;
}

template <std::size_t N>
constexpr std::string_view view_of(const std::array<char, N>& a) noexcept {
    return std::string_view(a.data(), N);
}

} // namespace revring::detail

#endif
