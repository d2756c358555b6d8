// revring-cpp: any struct described with Boost.Describe as a JSON object.
//
// Free-form members (`variables` of Send Call, a revring::json_object) are
// easiest to fill from a struct of the caller's own:
//
//   struct CallVariables { std::string customer_name; int order_count; std::optional<std::string> note; };
//   BOOST_DESCRIBE_STRUCT(CallVariables, (), (customer_name, order_count, note))
//
//   revring::SendCallRequest req{..., .variables = CallVariables{"Ada", 3, {}}};
//   // "variables":{"customer_name":"Ada","order_count":3}
//
// Each described member becomes a member of the same name (the C++ name: to
// use other JSON names, build the object yourself). Values map as:
// strings -> string; bool -> boolean; integers and floating point ->
// number (NaN/infinity -> null); revring::optional / std::optional ->
// member left out when empty (null inside an array); std::vector ->
// array; std::map<std::string, T> -> object; described structs -> object
// (recursively); described enums -> the enumerator's name; constrained
// strings, uuid, date_time, open_enum -> their JSON text; Boost.JSON values
// as they are.
#ifndef REVRING_JSON_VARIABLES_HPP
#define REVRING_JSON_VARIABLES_HPP

#include <revring/constrained.hpp>
#include <revring/date_time.hpp>
#include <revring/detail/convert.hpp>
#include <revring/json_object.hpp>
#include <revring/open_enum.hpp>
#include <revring/optional.hpp>
#include <revring/required.hpp>
#include <revring/uuid.hpp>

#include <boost/describe/enum_to_string.hpp>
#include <boost/describe/enumerators.hpp>
#include <boost/describe/members.hpp>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/string.hpp>
#include <boost/json/value.hpp>
#include <boost/mp11/algorithm.hpp>

#include <cmath>
#include <concepts>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace revring {

/// A class type described with BOOST_DESCRIBE_STRUCT/BOOST_DESCRIBE_CLASS.
template <class T>
concept described_struct = std::is_class_v<T> && boost::describe::has_describe_members<T>::value;

template <described_struct T> boost::json::object to_variables(const T& v);

namespace detail {

template <class T> struct is_std_optional : std::false_type {};
template <class T> struct is_std_optional<std::optional<T>> : std::true_type {};
template <class T> struct is_std_vector : std::false_type {};
template <class T, class A> struct is_std_vector<std::vector<T, A>> : std::true_type {};
template <class T> struct is_string_map : std::false_type {};
template <class T, class C, class A> struct is_string_map<std::map<std::string, T, C, A>> : std::true_type {};
template <class T> struct is_constrained_string : std::false_type {};
template <class R> struct is_constrained_string<basic_constrained_string<R>> : std::true_type {};
template <class T> struct is_open_enum : std::false_type {};
template <class E> struct is_open_enum<open_enum<E>> : std::true_type {};

template <class T> constexpr bool is_optional_like() {
    return is_std_optional<T>::value || is_revring_optional<T>::value;
}

template <class T> boost::json::value variable_value(const T& v) {
    using U = std::remove_cvref_t<T>;
    if constexpr (std::is_same_v<U, boost::json::value>) {
        return v;
    } else if constexpr (std::is_same_v<U, boost::json::object> || std::is_same_v<U, boost::json::array> ||
                         std::is_same_v<U, boost::json::string>) {
        return boost::json::value(v);
    } else if constexpr (std::is_same_v<U, bool>) {
        return boost::json::value(v);
    } else if constexpr (std::is_same_v<U, std::nullptr_t> || std::is_same_v<U, std::nullopt_t>) {
        return nullptr;
    } else if constexpr (std::is_integral_v<U>) {
        return boost::json::value(v);
    } else if constexpr (std::is_floating_point_v<U>) {
        if (!std::isfinite(v)) return nullptr;
        return boost::json::value(static_cast<double>(v));
    } else if constexpr (std::is_convertible_v<const U&, std::string_view>) {
        const std::string_view s = v;
        return boost::json::value(boost::json::string(s.data(), s.size()));
    } else if constexpr (is_constrained_string<U>::value) {
        return boost::json::value(boost::json::string(v.data(), v.size()));
    } else if constexpr (is_open_enum<U>::value) {
        const std::string_view s = v.to_string();
        return boost::json::value(boost::json::string(s.data(), s.size()));
    } else if constexpr (std::is_same_v<U, uuid>) {
        const auto text = v.to_chars();
        return boost::json::value(boost::json::string(text.data(), text.size()));
    } else if constexpr (std::is_same_v<U, date_time>) {
        char buf[date_time_max_size];
        return boost::json::value(boost::json::string(buf, format_date_time(v, buf)));
    } else if constexpr (is_optional_like<U>()) {
        if (!v.has_value()) return nullptr;
        return variable_value(*v);
    } else if constexpr (is_revring_required<U>::value) {
        return variable_value(v.get());
    } else if constexpr (is_std_vector<U>::value) {
        boost::json::array arr;
        arr.reserve(v.size());
        for (const auto& e : v) arr.push_back(variable_value(e));
        return arr;
    } else if constexpr (is_string_map<U>::value) {
        boost::json::object obj;
        obj.reserve(v.size());
        for (const auto& [k, e] : v) obj.emplace(k, variable_value(e));
        return obj;
    } else if constexpr (std::is_enum_v<U> && boost::describe::has_describe_enumerators<U>::value) {
        const char* name = boost::describe::enum_to_string(v, nullptr);
        if (!name) return boost::json::value(static_cast<std::underlying_type_t<U>>(v));
        return boost::json::value(name);
    } else if constexpr (described_struct<U>) {
        return to_variables(v);
    } else {
        static_assert(sizeof(U) == 0,
                      "revring::to_variables: no JSON mapping for this member type "
                      "(see revring/json/variables.hpp for the supported ones)");
        return nullptr;
    }
}

} // namespace detail

/// The described public members of `v` (including inherited ones) as a
/// JSON object; see the file comment for how values map.
template <described_struct T> boost::json::object to_variables(const T& v) {
    using members = boost::describe::describe_members<T, boost::describe::mod_public | boost::describe::mod_inherited>;
    boost::json::object obj;
    obj.reserve(boost::mp11::mp_size<members>::value);
    boost::mp11::mp_for_each<members>([&](auto d) {
        const auto& member = v.*d.pointer;
        using M = std::remove_cvref_t<decltype(member)>;
        if constexpr (detail::is_optional_like<M>()) {
            if (!member.has_value()) return;
        }
        obj.emplace(d.name, detail::variable_value(member));
    });
    return obj;
}

/// Lets a described struct be given where a `revring::json_object` (a
/// generated free-form member such as `variables`) or a `boost::json::object`
/// is expected by `revring::optional` or `revring::required` (see
/// revring/detail/convert.hpp).
template <described_struct T> json_object revring_convert(convert_to_t<json_object>, const T& v) {
    return json_object(to_variables(v));
}
template <described_struct T>
boost::json::object revring_convert(convert_to_t<boost::json::object>, const T& v) {
    return to_variables(v);
}

} // namespace revring

#endif
