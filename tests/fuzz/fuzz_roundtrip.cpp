// Fuzz target: round trip. For every generated type T, a value decoded from
// the input (as it is, and inside a {"data": ...} envelope) is encoded with
// try_to_json and decoded again:
//
//   v1 = from_json<T>(input)        (skipped when the input is not a T)
//   s1 = try_to_json(v1)            must succeed, unless v1 holds a number
//                                   Boost.JSON read as an infinity (1e400)
//   v2 = from_json<T>(s1)           must succeed and equal v1
//   to_json(v2) == s1               the encoding is a fixed point
//
// One tolerance, for a limitation of Boost.JSON 1.81 rather than of this
// library: its number parser is not correctly rounded, so the shortest text
// of a double (which json_writer writes) may read back one or two ULP away
// ("1.8446337203685478E20"). v2 may differ from v1 only in such doubles, by
// at most 2 ULP; every other member must be equal.
#include "fuzz_check.hpp"
#include "fuzz_types.hpp"

#include <revring/gen/json.hpp>
#include <revring/gen/types.hpp>
#include <revring/json/decode.hpp>

#include <boost/describe/members.hpp>
#include <boost/mp11/algorithm.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace {

namespace gen = REVRING_FUZZ_NAMESPACE;

bool close_doubles(double a, double b) {
    if (a == b) return true;
    const double one = std::nextafter(a, b);
    return one == b || std::nextafter(one, b) == b;
}

// Every overload is declared before any is defined: a call inside a template
// sees only the overloads declared before it (ADL does not reach this unnamed
// namespace), so near(optional<vector<object>>) used to fall through to the
// exact `==` (the round-trip target's own finding, after 545,000 runs).
bool near(const boost::json::value& a, const boost::json::value& b);
bool near(const boost::json::object& a, const boost::json::object& b);
bool near(const boost::json::array& a, const boost::json::array& b);
bool near(const revring::json_object& a, const revring::json_object& b);
template <class T> bool near(const revring::optional<T>& a, const revring::optional<T>& b);
template <class T> bool near(const revring::required<T>& a, const revring::required<T>& b);
template <class T> bool near(const std::vector<T>& a, const std::vector<T>& b);
template <class T> bool near(const T& a, const T& b);

bool near(const boost::json::object& a, const boost::json::object& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        const auto& x = a.begin()[i];
        const auto& y = b.begin()[i];
        if (x.key() != y.key() || !near(x.value(), y.value())) return false;
    }
    return true;
}

bool near(const boost::json::array& a, const boost::json::array& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (!near(a[i], b[i])) return false;
    return true;
}

bool near(const revring::json_object& a, const revring::json_object& b) { return near(a.object(), b.object()); }

bool near(const boost::json::value& a, const boost::json::value& b) {
    if (a.is_double() && b.is_double()) return close_doubles(a.get_double(), b.get_double());
    if (a.is_object() && b.is_object()) return near(a.get_object(), b.get_object());
    if (a.is_array() && b.is_array()) return near(a.get_array(), b.get_array());
    return a == b;
}

template <class T> bool near(const revring::optional<T>& a, const revring::optional<T>& b) {
    return a.has_value() == b.has_value() && (!a || near(*a, *b));
}
template <class T> bool near(const revring::required<T>& a, const revring::required<T>& b) {
    return near(a.get(), b.get());
}
template <class T> bool near(const std::vector<T>& a, const std::vector<T>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (!near(a[i], b[i])) return false;
    return true;
}

template <class T> bool near(const T& a, const T& b) {
    if constexpr (boost::describe::has_describe_members<T>::value) {
        bool ok = true;
        boost::mp11::mp_for_each<boost::describe::describe_members<T, boost::describe::mod_any_access>>(
            [&](auto m) { ok = ok && near(a.*m.pointer, b.*m.pointer); });
        return ok;
    } else if constexpr (std::is_floating_point_v<T>) {
        return close_doubles(a, b);
    } else {
        return a == b;
    }
}

bool ends_with(std::string_view s, std::string_view e) {
    return s.size() >= e.size() && s.substr(s.size() - e.size()) == e;
}

template <class T> void round_trip(std::string_view text) {
    const auto v1 = revring::from_json<T>(text);
    if (!v1) return;
    const auto s1 = revring::try_to_json(*v1);
    if (!s1) {
        const std::string m = s1.error().message;
        REVRING_FUZZ_CHECK(ends_with(m, revring::to_string(revring::json_write_issue::non_finite_number)),
                           "a decoded value cannot be encoded faithfully", m);
        return; // 1e400 read as an infinity: refused for sending, written as null by to_json
    }
    const auto v2 = revring::from_json<T>(*s1);
    REVRING_FUZZ_CHECK(v2.has_value(), "the encoding of a decoded value does not decode",
                       v2 ? std::string_view(*s1) : std::string_view(v2.error().message));
    if (*v2 == *v1) {
        const std::string s2 = revring::to_json(*v2);
        REVRING_FUZZ_CHECK(s2 == *s1, "encode(decode(encode(v))) != encode(v)", s2);
    } else {
        REVRING_FUZZ_CHECK(near(*v2, *v1), "decode(encode(v)) != v (beyond Boost.JSON's double rounding)", *s1);
    }
}

void round_trip_all(std::string_view text) {
#define REVRING_FUZZ_X(T) round_trip<gen::T>(text);
    REVRING_FUZZ_STRUCTS(REVRING_FUZZ_X)
#undef REVRING_FUZZ_X
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    round_trip_all(text);
    std::string wrapped;
    wrapped.reserve(size + 10);
    wrapped.append("{\"data\":").append(text).append("}");
    round_trip_all(wrapped);
    return 0;
}
