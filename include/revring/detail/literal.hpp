// revring-cpp: detection of types built from string literals at compile time.
#ifndef REVRING_DETAIL_LITERAL_HPP
#define REVRING_DETAIL_LITERAL_HPP

#include <cstddef>
#include <type_traits>

namespace revring {

/// Satisfied by types with a `consteval` constructor from a string literal
/// (`revring::basic_constrained_string<R>`, `revring::uuid`). Such a type
/// opts in with `static constexpr bool has_consteval_literal_ctor = true;`.
/// Wrappers (`revring::optional`) use it to offer their own `consteval`
/// constructor: a forwarding constructor cannot keep the check at compile
/// time, because the literal becomes a runtime parameter.
template <class T>
concept literal_constructible = requires { requires T::has_consteval_literal_ctor; };

namespace detail {

template <class T> struct is_char_array : std::false_type {};
template <std::size_t N> struct is_char_array<char[N]> : std::true_type {};
template <std::size_t N> struct is_char_array<const char[N]> : std::true_type {};

/// True for `char[N]`/`const char[N]` and references to them.
template <class T>
inline constexpr bool is_char_array_v = is_char_array<std::remove_reference_t<T>>::value;

} // namespace detail
} // namespace revring

#endif
