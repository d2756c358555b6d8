// revring-cpp benchmark kit: the digest walk (bench.hpp) over Boost.JSON values.
#ifndef REVRING_BENCH_DIGEST_BOOST_HPP
#define REVRING_BENCH_DIGEST_BOOST_HPP

#include "bench.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <algorithm>
#include <string_view>
#include <vector>

namespace bench {

void feed(digest& d, const boost::json::value& v);

inline void feed(digest& d, const boost::json::object& o) {
    std::vector<const boost::json::key_value_pair*> kv;
    kv.reserve(o.size());
    for (const auto& e : o) kv.push_back(&e);
    std::sort(kv.begin(), kv.end(), [](auto* a, auto* b) { return a->key() < b->key(); });
    d.begin_object(kv.size());
    for (auto* e : kv) {
        d.string(e->key());
        feed(d, e->value());
    }
}

inline void feed(digest& d, const boost::json::value& v) {
    switch (v.kind()) {
    case boost::json::kind::null: d.null(); break;
    case boost::json::kind::bool_: d.boolean(v.get_bool()); break;
    case boost::json::kind::int64: d.integer(v.get_int64()); break;
    case boost::json::kind::uint64: d.uinteger(v.get_uint64()); break;
    case boost::json::kind::double_: d.number(v.get_double()); break;
    case boost::json::kind::string: d.string(v.get_string()); break;
    case boost::json::kind::array:
        d.begin_array(v.get_array().size());
        for (const auto& e : v.get_array()) feed(d, e);
        break;
    case boost::json::kind::object: feed(d, v.get_object()); break;
    }
}

} // namespace bench

#endif
