// revring-cpp: revring::required<T>, a member that must be given.
//
// Generated request structs are aggregates filled with designated
// initialisers. A member of a type with a default constructor (std::vector,
// std::string, bool, integers, boost::json::object) could silently be left
// out; wrapped in required<T>, leaving it out does not compile:
//
//   BatchGetCallsRequest r{.ids = {a, b}, .minimal = true};  // fine
//   BatchGetCallsRequest s{.minimal = true};                 // error: ids is required
//
// Everything else reads like a T: `*r.ids`, `r.ids->size()`, `r.ids.get()`,
// and an implicit conversion to `const T&`.
#ifndef REVRING_REQUIRED_HPP
#define REVRING_REQUIRED_HPP

#include <revring/detail/convert.hpp>
#include <revring/detail/decode_access.hpp>
#include <revring/detail/literal.hpp>

#include <concepts>
#include <cstddef>
#include <initializer_list>
#include <type_traits>
#include <utility>

namespace revring {

template <class T> class required;

namespace detail {
template <class T> struct is_revring_required : std::false_type {};
template <class T> struct is_revring_required<required<T>> : std::true_type {};

struct no_list_element {
    no_list_element() = delete;
};

/// `T::value_type` when `T` can be made from a braced list of them
/// (containers), so `.ids = {a, b}` works; otherwise a type nobody can make.
template <class T> struct list_element {
    using type = no_list_element;
};
template <class T>
    requires requires { typename T::value_type; } &&
             std::is_constructible_v<T, std::initializer_list<typename T::value_type>>
struct list_element<T> {
    using type = typename T::value_type;
};
} // namespace detail

/// A member that has to be given a value; see the file comment.
template <class T> class required {
    static_assert(!std::is_reference_v<T> && !std::is_array_v<T>, "required<T> holds objects");

public:
    using value_type = T;

    // No public default constructor: that is the point. (Decoders get a
    // value-initialised placeholder through `revring::decode_access`.)

    /// From a string literal when `T` checks literals at compile time.
    template <std::size_t N>
        requires literal_constructible<T>
    consteval required(const char (&lit)[N]) : v_(T(lit)) {}

    /// From anything `T` can be made from without narrowing; implicit when
    /// `U` converts to `T` implicitly, so a designated initialiser reads as
    /// if the member were a plain `T` (and `.ids = 3` does not quietly make
    /// three elements).
    template <class U = T>
        requires detail::wrapper_argument<T, U, required>
    constexpr explicit(!std::is_convertible_v<U, T>) required(U&& v)
        : v_(static_cast<T>(std::forward<U>(v))) {} // the cast: integer to double is deliberate

    /// From a braced list of elements (`.ids = {a, b}`).
    constexpr required(std::initializer_list<typename detail::list_element<T>::type> list)
        requires(!std::is_same_v<typename detail::list_element<T>::type, detail::no_list_element>)
        : v_(list) {}

    /// From a `U` that `revring_convert(convert_to_t<T>, u)` turns into a `T`.
    template <class U>
        requires detail::wrapper_convertible<T, U, required>
    constexpr required(const U& u) : v_(revring_convert(convert_to_t<T>{}, u)) {}

    constexpr T& get() & noexcept { return v_; }
    constexpr const T& get() const& noexcept { return v_; }
    constexpr T&& get() && noexcept { return std::move(v_); }

    constexpr T& operator*() & noexcept { return v_; }
    constexpr const T& operator*() const& noexcept { return v_; }
    constexpr T&& operator*() && noexcept { return std::move(v_); }
    constexpr T* operator->() noexcept { return &v_; }
    constexpr const T* operator->() const noexcept { return &v_; }

    constexpr operator const T&() const& noexcept { return v_; }

    friend constexpr bool operator==(const required& a, const required& b)
        requires std::equality_comparable<T>
    {
        return a.v_ == b.v_;
    }

private:
    friend struct revring::decode_access;
    constexpr required() : v_() {}

    T v_;
};

/// The value equals `u`. (Namespace scope, not a hidden friend: see the
/// same operator in optional.hpp.)
template <class T, class U>
    requires(!detail::is_revring_required<U>::value && !(literal_constructible<T> && detail::is_char_array_v<U>) &&
             requires(const T& t, const U& u) {
                 { t == u } -> std::convertible_to<bool>;
             })
constexpr bool operator==(const required<T>& a, const U& u) {
    return a.get() == u;
}

} // namespace revring

#endif
