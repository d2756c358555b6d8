// revring-cpp: strings that always satisfy a rule of the description.
//
//   struct E164Number_rule {                      // emitted by the generator
//       static constexpr std::string_view name = "E164Number";
//       static constexpr std::size_t capacity = 16;          // bytes
//       static constexpr std::size_t min_length = 0;         // code points
//       static constexpr std::size_t max_length = revring::no_limit;
//       static constexpr std::string_view pattern = "^\\+[1-9]\\d{1,14}$";
//       static constexpr bool match(std::string_view s) noexcept;
//   };
//   using E164Number = revring::basic_constrained_string<E164Number_rule>;
//
//   E164Number a = "+14155550123";              // checked at compile time
//   E164Number b = "14155550123";               // error: ... literal_violates_pattern
//   auto c = E164Number::parse(runtime_text);   // parse_result<E164Number>
//
// A value can only be made by the checked literal constructor or by
// `parse`, and it is immutable afterwards, so holding one proves the rule
// holds. Lengths count Unicode code points, as JSON Schema does.
#ifndef REVRING_CONSTRAINED_HPP
#define REVRING_CONSTRAINED_HPP

#include <revring/detail/decode_access.hpp>
#include <revring/detail/literal.hpp>
#include <revring/detail/static_text.hpp>
#include <revring/error.hpp>
#include <revring/utf8.hpp>

#include <array>
#include <compare>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

namespace revring {

/// `min_length`/`max_length` value meaning "no such rule".
inline constexpr std::size_t no_limit = std::numeric_limits<std::size_t>::max();

/// What a rule struct for `basic_constrained_string` provides.
///
/// - `name`: the schema/type name used in messages ("E164Number").
/// - `capacity`: the most bytes any valid value has (the generator derives it
///   from the pattern's automaton or from maxLength * 4).
/// - `min_length`, `max_length`: bounds in code points; 0 and `no_limit`
///   when the schema has none.
/// - `pattern`: the ECMA-262 pattern text as written in the schema, or empty.
/// - `match(std::string_view) -> bool`: needed only when `pattern` is not
///   empty; tests the whole value against the pattern (the pattern's own
///   anchors decide, as in JSON Schema).
///
/// The texts of the rules that messages name ("pattern ^\+[1-9]\d{1,14}$",
/// "maxLength 15", "minLength 1") are assembled from these members by the
/// library; a rule struct does not spell them out.
template <class R>
concept constrained_string_rule =
    requires {
        { R::name } -> std::convertible_to<std::string_view>;
        { R::capacity } -> std::convertible_to<std::size_t>;
        { R::min_length } -> std::convertible_to<std::size_t>;
        { R::max_length } -> std::convertible_to<std::size_t>;
        { R::pattern } -> std::convertible_to<std::string_view>;
    } &&
    (std::string_view(R::pattern).empty() ||
     requires(std::string_view s) {
         { R::match(s) } -> std::convertible_to<bool>;
     });

namespace detail {

/// The rule texts of `Rule`, with static storage duration.
template <class Rule> struct rule_texts {
    static constexpr std::string_view pattern_prefix = "pattern ";
    static constexpr auto pattern_buf =
        concat<pattern_prefix.size() + std::string_view(Rule::pattern).size()>(pattern_prefix, Rule::pattern);
    static constexpr std::string_view pattern = view_of(pattern_buf);

    static constexpr std::string_view min_prefix = "minLength ";
    static constexpr auto min_length_buf =
        concat_number<min_prefix.size() + decimal_digits(Rule::min_length)>(min_prefix, Rule::min_length);
    static constexpr std::string_view min_length = view_of(min_length_buf);

    static constexpr std::string_view max_prefix = "maxLength ";
    static constexpr auto max_length_buf =
        concat_number<max_prefix.size() + decimal_digits(Rule::max_length)>(max_prefix, Rule::max_length);
    static constexpr std::string_view max_length = view_of(max_length_buf);

    static constexpr std::string_view capacity_prefix = "storage capacity in bytes ";
    static constexpr auto capacity_buf =
        concat_number<capacity_prefix.size() + decimal_digits(Rule::capacity)>(capacity_prefix, Rule::capacity);
    static constexpr std::string_view capacity = view_of(capacity_buf);
};

enum class constrained_check : unsigned char { ok, utf8, too_long, too_short, pattern, capacity };

/// Checks `s` against every rule of `Rule`, in the order UTF-8, maxLength,
/// minLength, pattern, capacity; returns the first broken one.
template <class Rule> constexpr constrained_check check_constrained(std::string_view s) noexcept {
    const std::optional<std::size_t> n = utf8::count_code_points(s);
    if (!n) return constrained_check::utf8;
    if (Rule::max_length != no_limit && *n > Rule::max_length) return constrained_check::too_long;
    if (*n < Rule::min_length) return constrained_check::too_short;
    if constexpr (!std::string_view(Rule::pattern).empty()) {
        if (!Rule::match(s)) return constrained_check::pattern;
    }
    // Only reachable if the rule's capacity is smaller than its rules allow.
    if (s.size() > Rule::capacity) return constrained_check::capacity;
    return constrained_check::ok;
}

template <std::size_t Capacity>
using length_type_for =
    std::conditional_t<Capacity <= 0xFF, std::uint8_t,
                       std::conditional_t<Capacity <= 0xFFFF, std::uint16_t, std::size_t>>;

// Deliberately not constexpr. A literal that breaks a rule makes the
// consteval constructor call one of these, and the compiler's error message
// names the function (and so the rule) and the Rule type:
//   error: call to non-'constexpr' function
//          'void revring::detail::literal_violates_pattern() [with Rule = E164Number_rule]'
// They are never called at run time.
template <class Rule> void literal_violates_pattern() noexcept {}
template <class Rule> void literal_too_long() noexcept {}
template <class Rule> void literal_too_short() noexcept {}
template <class Rule> void literal_is_not_valid_utf8() noexcept {}
template <class Rule> void literal_exceeds_capacity() noexcept {}
template <class Rule> void literal_is_not_nul_terminated() noexcept {}

} // namespace detail

/// An immutable string that satisfies `Rule` (see `constrained_string_rule`).
///
/// Storage is inline (`Rule::capacity` bytes plus a NUL and a length), so the
/// type is trivially copyable and a literal can be checked and stored by a
/// `consteval` constructor.
template <class Rule>
    requires constrained_string_rule<Rule>
class basic_constrained_string {
public:
    using rule_type = Rule;
    static constexpr std::size_t capacity = Rule::capacity;
    static constexpr bool has_consteval_literal_ctor = true;

    /// From a string literal, checked at compile time. The value is the
    /// literal's N-1 bytes before its terminating NUL (an embedded NUL stays
    /// part of the value and the rules decide). A literal that breaks a rule
    /// does not compile; the error names the rule (`literal_violates_pattern`,
    /// `literal_too_long`, `literal_too_short`, `literal_is_not_valid_utf8`,
    /// `literal_exceeds_capacity`).
    template <std::size_t N> consteval basic_constrained_string(const char (&lit)[N]) {
        if (lit[N - 1] != '\0') detail::literal_is_not_nul_terminated<Rule>();
        const std::string_view s(lit, N - 1);
        switch (detail::check_constrained<Rule>(s)) {
        case detail::constrained_check::ok: break;
        case detail::constrained_check::utf8: detail::literal_is_not_valid_utf8<Rule>(); break;
        case detail::constrained_check::too_long: detail::literal_too_long<Rule>(); break;
        case detail::constrained_check::too_short: detail::literal_too_short<Rule>(); break;
        case detail::constrained_check::pattern: detail::literal_violates_pattern<Rule>(); break;
        case detail::constrained_check::capacity: detail::literal_exceeds_capacity<Rule>(); break;
        }
        assign(s);
    }

    // No value without a check: there is no public default constructor and
    // no constructor from a run-time string; use `parse`. (Decoders get an
    // empty placeholder through `revring::decode_access`.)

    /// Checks `s`; on success returns the value, otherwise the first broken
    /// rule (UTF-8, maxLength, minLength, pattern, in that order).
    static constexpr parse_result<basic_constrained_string> parse(std::string_view s) noexcept {
        if (const auto e = check(s)) return *e;
        return basic_constrained_string(unchecked, s);
    }

    /// The first rule `s` breaks, or nothing if it would be a valid value.
    static constexpr std::optional<validation_error> check(std::string_view s) noexcept {
        using texts = detail::rule_texts<Rule>;
        const std::string_view type = Rule::name;
        switch (detail::check_constrained<Rule>(s)) {
        case detail::constrained_check::ok: return std::nullopt;
        case detail::constrained_check::utf8: return validation_error{rule_kind::utf8, type, "UTF-8"};
        case detail::constrained_check::too_long: return validation_error{rule_kind::max_length, type, texts::max_length};
        case detail::constrained_check::too_short: return validation_error{rule_kind::min_length, type, texts::min_length};
        case detail::constrained_check::pattern: return validation_error{rule_kind::pattern, type, texts::pattern};
        case detail::constrained_check::capacity: return validation_error{rule_kind::max_length, type, texts::capacity};
        }
        return validation_error{rule_kind::format, type, "unknown rule"};
    }

    constexpr std::string_view view() const noexcept { return std::string_view(buf_.data(), len_); }
    /// A copy as std::string.
    std::string str() const { return std::string(view()); }
    /// The bytes, followed by a NUL (the value itself may contain NULs if its rules allow).
    constexpr const char* data() const noexcept { return buf_.data(); }
    constexpr const char* c_str() const noexcept { return buf_.data(); }
    constexpr std::size_t size() const noexcept { return len_; }
    constexpr bool empty() const noexcept { return len_ == 0; }
    constexpr explicit operator std::string_view() const noexcept { return view(); }

    friend constexpr bool operator==(const basic_constrained_string& a, const basic_constrained_string& b) noexcept {
        return a.view() == b.view();
    }
    friend constexpr std::strong_ordering operator<=>(const basic_constrained_string& a,
                                                      const basic_constrained_string& b) noexcept {
        return a.view() <=> b.view();
    }
    template <class Traits>
    friend std::basic_ostream<char, Traits>& operator<<(std::basic_ostream<char, Traits>& os,
                                                        const basic_constrained_string& v) {
        return os << v.view();
    }

private:
    friend struct revring::decode_access;
    constexpr basic_constrained_string() noexcept = default;

    struct unchecked_t {};
    static constexpr unchecked_t unchecked{};

    constexpr basic_constrained_string(unchecked_t, std::string_view s) noexcept { assign(s); }

    constexpr void assign(std::string_view s) noexcept {
        for (std::size_t i = 0; i < s.size(); ++i) buf_[i] = s[i];
        len_ = static_cast<length_type>(s.size());
    }

    using length_type = detail::length_type_for<capacity>;
    std::array<char, capacity + 1> buf_{};
    length_type len_ = 0;
};

} // namespace revring

template <class Rule> struct std::hash<revring::basic_constrained_string<Rule>> {
    std::size_t operator()(const revring::basic_constrained_string<Rule>& v) const noexcept {
        return std::hash<std::string_view>{}(v.view());
    }
};

#endif
