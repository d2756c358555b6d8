// revring-cpp: revring::open_enum<E>, a string enum that tolerates new values.
//
// A server may add enum values at any time; a client built against an older
// description must still read the response. open_enum<E> holds a known
// enumerator, or `E::unknown` together with the text it was read from, so
// an unknown value survives a decode/encode round trip unchanged.
//
// The generator emits, next to each enum (`unknown` is always first and has
// no JSON text of its own):
//
//   enum class CallStatus { unknown, queued, ringing, completed };
//   template <> struct revring::enum_traits<CallStatus> {
//       static constexpr std::string_view name = "CallStatus";
//       static constexpr std::array<std::pair<CallStatus, std::string_view>, 3> values{{
//           {CallStatus::queued, "QUEUED"},
//           {CallStatus::ringing, "RINGING"},
//           {CallStatus::completed, "COMPLETED"},
//       }};
//   };
#ifndef REVRING_OPEN_ENUM_HPP
#define REVRING_OPEN_ENUM_HPP

#include <concepts>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

namespace revring {

/// Specialised for each generated enum; see the file comment. Members:
/// `name` (the schema name) and `values`, a constexpr range of
/// `std::pair<E, std::string_view>`: every enumerator except `unknown`,
/// with its JSON text.
template <class E> struct enum_traits;

/// An enum usable with `open_enum`: a scoped or unscoped enum with an
/// `unknown` enumerator and an `enum_traits<E>` specialisation.
template <class E>
concept open_enumeration = std::is_enum_v<E> && requires {
    { E::unknown } -> std::convertible_to<E>;
    { enum_traits<E>::name } -> std::convertible_to<std::string_view>;
    { enum_traits<E>::values.begin()->first } -> std::convertible_to<E>;
    { enum_traits<E>::values.begin()->second } -> std::convertible_to<std::string_view>;
};

/// The JSON text of a known enumerator; empty for `E::unknown`.
template <open_enumeration E> constexpr std::string_view enum_to_string(E e) noexcept {
    for (const auto& [value, text] : enum_traits<E>::values)
        if (value == e) return text;
    return {};
}

/// The known enumerator whose JSON text is exactly `text` (case-sensitive).
template <open_enumeration E> constexpr std::optional<E> enum_from_string(std::string_view text) noexcept {
    for (const auto& [value, name] : enum_traits<E>::values)
        if (name == text) return value;
    return std::nullopt;
}

/// A value of `E`, or `E::unknown` with the text it was read from.
template <open_enumeration E> class open_enum {
public:
    using enum_type = E;

    /// `E::unknown` with no text.
    open_enum() noexcept : value_(E::unknown) {}
    /// A known enumerator (implicit, so `status == CallStatus::queued` and
    /// `.status = CallStatus::queued` read naturally).
    open_enum(E e) noexcept : value_(e) {}

    /// The enumerator for `text`, or `E::unknown` keeping `text`.
    static open_enum from_string(std::string_view text) {
        open_enum r;
        if (const auto e = enum_from_string<E>(text)) {
            r.value_ = *e;
        } else {
            r.raw_.assign(text);
        }
        return r;
    }

    constexpr E value() const noexcept { return value_; }
    constexpr bool is_unknown() const noexcept { return value_ == E::unknown; }

    /// The JSON text: the enumerator's, or for `E::unknown` the text it was
    /// read from (empty if it was not read from text). Valid while `*this`
    /// is unchanged.
    std::string_view to_string() const noexcept {
        return is_unknown() ? std::string_view(raw_) : enum_to_string(value_);
    }

    /// Same enumerator; two unknown values are equal when their texts are.
    friend bool operator==(const open_enum& a, const open_enum& b) noexcept {
        return a.value_ == b.value_ && a.raw_ == b.raw_;
    }
    /// Same enumerator (any unknown value equals `E::unknown`).
    friend bool operator==(const open_enum& a, E e) noexcept { return a.value_ == e; }

    template <class Traits>
    friend std::basic_ostream<char, Traits>& operator<<(std::basic_ostream<char, Traits>& os, const open_enum& v) {
        return os << v.to_string();
    }

private:
    E value_;
    std::string raw_; // only for E::unknown
};

} // namespace revring

#endif
