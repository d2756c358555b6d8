// revring-cpp: what revring::optional and revring::required accept.
#ifndef REVRING_DETAIL_CONVERT_HPP
#define REVRING_DETAIL_CONVERT_HPP

#include <revring/detail/literal.hpp>

#include <type_traits>
#include <utility>

namespace revring {

/// Customisation point: a wrapper of `T` (`optional<T>`, `required<T>`)
/// also accepts a `U` that `T` cannot be built from when
///
///     T revring_convert(revring::convert_to_t<T>, const U&)
///
/// is found by argument-dependent lookup (so either in namespace revring, in
/// `T`'s namespace or in `U`'s). revring/json/variables.hpp uses it so that a
/// struct described with Boost.Describe can be given where a
/// `boost::json::object` is expected.
template <class T> struct convert_to_t {
    explicit convert_to_t() = default;
};

namespace detail {

template <class T, class U>
concept has_revring_convert = requires(const U& u) {
    { revring_convert(convert_to_t<T>{}, u) } -> std::convertible_to<T>;
};

/// `T` from `U` without a narrowing conversion (`bool` from `int`,
/// `std::int64_t` from `double`, `int` from `std::int64_t`): wrappers refuse
/// those, as braces would -- except integer to floating point, so that
/// `.score = 1` works for a `double` member.
template <class T, class U>
concept constructible_without_narrowing =
    std::is_constructible_v<T, U> &&
    (!std::is_arithmetic_v<T> || requires(U&& u) { T{std::forward<U>(u)}; } ||
     (std::is_floating_point_v<T> && std::is_integral_v<std::remove_cvref_t<U>> &&
      !std::is_same_v<std::remove_cvref_t<U>, bool>));

/// What the forwarding constructors of the wrappers of `T` take: not the
/// wrapper itself, not a tag, and not a string literal when `T` checks
/// literals at compile time (that goes to the consteval constructor, which
/// keeps the check at compile time).
template <class T, class U, class Self>
concept wrapper_argument =
    !std::is_same_v<std::remove_cvref_t<U>, Self> && !std::is_same_v<std::remove_cvref_t<U>, std::in_place_t> &&
    !(literal_constructible<T> && is_char_array_v<U>) && constructible_without_narrowing<T, U>;

/// `U` is accepted through `revring_convert` (and not directly).
template <class T, class U, class Self>
concept wrapper_convertible = !std::is_same_v<std::remove_cvref_t<U>, Self> &&
                              !std::is_constructible_v<T, const U&> && has_revring_convert<T, U>;

} // namespace detail
} // namespace revring

#endif
