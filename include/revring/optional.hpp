// revring-cpp: revring::optional<T>, for optional and nullable members.
//
// Like std::optional<T>, with one difference that matters for generated
// request structs: when T checks string literals at compile time
// (a constrained string, revring::uuid), optional<T> does too.
//
//   struct SendCallRequest { ...; revring::optional<CallerIdName> caller_id_name; };
//   SendCallRequest r{..., .caller_id_name = "Acme"};      // checked at compile time
//   SendCallRequest s{..., .caller_id_name = "much too long a name"}; // does not compile
//
// std::optional's forwarding constructor would turn the literal into a
// run-time argument, so T's consteval constructor could no longer run.
#ifndef REVRING_OPTIONAL_HPP
#define REVRING_OPTIONAL_HPP

#include <revring/detail/convert.hpp>
#include <revring/detail/literal.hpp>

#include <concepts>
#include <cstddef>
#include <optional>
#include <type_traits>
#include <utility>

namespace revring {

template <class T> class optional;

namespace detail {
template <class T> struct is_revring_optional : std::false_type {};
template <class T> struct is_revring_optional<optional<T>> : std::true_type {};
} // namespace detail

/// An optional value of `T` (absent from JSON when empty).
template <class T> class optional {
    static_assert(!std::is_reference_v<T> && !std::is_array_v<T>, "optional<T> holds objects");
    static_assert(!std::is_same_v<std::remove_cv_t<T>, std::nullopt_t>, "optional<nullopt_t> is meaningless");

public:
    using value_type = T;

    /// Empty.
    constexpr optional() noexcept = default;
    constexpr optional(std::nullopt_t) noexcept {}

    /// From a string literal when `T` checks literals at compile time; a
    /// literal that breaks `T`'s rules does not compile.
    template <std::size_t N>
        requires literal_constructible<T>
    consteval optional(const char (&lit)[N]) : v_(std::in_place, T(lit)) {}

    /// From anything `T` can be made from without narrowing (implicit when
    /// the conversion to `T` is).
    template <class U = T>
        requires detail::wrapper_argument<T, U, optional>
    constexpr explicit(!std::is_convertible_v<U, T>) optional(U&& v) : v_(std::in_place, std::forward<U>(v)) {}

    /// From a `U` that `revring_convert(convert_to_t<T>, u)` turns into a `T`
    /// (a described struct for `optional<boost::json::object>`, see
    /// revring/json/variables.hpp).
    template <class U>
        requires detail::wrapper_convertible<T, U, optional>
    constexpr optional(const U& u) : v_(std::in_place, revring_convert(convert_to_t<T>{}, u)) {}

    /// In place.
    template <class... Args>
        requires std::is_constructible_v<T, Args...>
    constexpr explicit optional(std::in_place_t, Args&&... args) : v_(std::in_place, std::forward<Args>(args)...) {}

    constexpr optional& operator=(std::nullopt_t) noexcept {
        v_.reset();
        return *this;
    }

    /// Assigns a value (anything `T` can be made from without narrowing).
    template <class U = T>
        requires detail::wrapper_argument<T, U, optional> && std::is_assignable_v<T&, U>
    constexpr optional& operator=(U&& v) {
        v_ = std::forward<U>(v);
        return *this;
    }

    constexpr bool has_value() const noexcept { return v_.has_value(); }
    constexpr explicit operator bool() const noexcept { return v_.has_value(); }

    /// Precondition: `has_value()`.
    constexpr T& operator*() & noexcept { return *v_; }
    constexpr const T& operator*() const& noexcept { return *v_; }
    constexpr T&& operator*() && noexcept { return *std::move(v_); }
    constexpr T* operator->() noexcept { return &*v_; }
    constexpr const T* operator->() const noexcept { return &*v_; }

    /// Throws `std::bad_optional_access` when empty.
    constexpr T& value() & { return v_.value(); }
    constexpr const T& value() const& { return v_.value(); }
    constexpr T&& value() && { return std::move(v_).value(); }

    template <class U> constexpr T value_or(U&& fallback) const& { return v_.value_or(std::forward<U>(fallback)); }
    template <class U> constexpr T value_or(U&& fallback) && { return std::move(v_).value_or(std::forward<U>(fallback)); }

    constexpr void reset() noexcept { v_.reset(); }

    template <class... Args>
        requires std::is_constructible_v<T, Args...>
    constexpr T& emplace(Args&&... args) {
        return v_.emplace(std::forward<Args>(args)...);
    }

    constexpr void swap(optional& other) noexcept(std::is_nothrow_swappable_v<T> &&
                                                  std::is_nothrow_move_constructible_v<T>) {
        v_.swap(other.v_);
    }
    friend constexpr void swap(optional& a, optional& b) noexcept(noexcept(a.swap(b))) { a.swap(b); }

    /// The same state as a std::optional.
    constexpr const std::optional<T>& as_std() const& noexcept { return v_; }
    constexpr std::optional<T>&& as_std() && noexcept { return std::move(v_); }

    friend constexpr bool operator==(const optional& a, const optional& b)
        requires std::equality_comparable<T>
    {
        return a.v_ == b.v_;
    }
    friend constexpr bool operator==(const optional& a, std::nullopt_t) noexcept { return !a.has_value(); }

private:
    std::optional<T> v_;
};

/// Engaged and equal to `u`. (A namespace-scope template rather than a
/// hidden friend: deducing `optional<T>` from the left operand fails early
/// for unrelated types, where a friend's constraint check would recurse.)
template <class T, class U>
    requires(!detail::is_revring_optional<U>::value && !std::is_same_v<U, std::nullopt_t> &&
             !(literal_constructible<T> && detail::is_char_array_v<U>) &&
             requires(const T& t, const U& u) {
                 { t == u } -> std::convertible_to<bool>;
             })
constexpr bool operator==(const optional<T>& a, const U& u) {
    return a.has_value() && *a == u;
}

} // namespace revring

#endif
