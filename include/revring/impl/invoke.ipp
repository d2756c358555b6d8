// revring-cpp: the definitions of detail::invoke_blocking and of what
// revring::client's asynchronous calls share with it, preparing a request
// (validate, serialize) and decoding a response (all three declared in
// revring/detail/invoke.hpp).
//
// Included by revring/detail/invoke.hpp (header-only use); under
// REVRING_SEPARATE_COMPILATION only by <revring/src.hpp>, which compiles them
// once for every operation.
#ifndef REVRING_IMPL_INVOKE_IPP
#define REVRING_IMPL_INVOKE_IPP

#include <revring/detail/invoke.hpp>

#include <revring/error.hpp>
#include <revring/gen/encode.hpp>
#include <revring/gen/json.hpp>
#include <revring/gen/operations.hpp>
#include <revring/json/decode.hpp>
#include <revring/operation.hpp>
#include <revring/transport/core.hpp>
#include <revring/transport/json_body.hpp>

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/storage_ptr.hpp>

#include <string>
#include <type_traits>
#include <utility>

namespace revring::detail {

/// True when a request body asks for fail-fast on 429 (`skipQueue = true`).
template <class Body> bool asks_fail_fast(const Body& body) {
    if constexpr (requires { body.skip_queue.has_value(); }) {
        return body.skip_queue.has_value() && static_cast<bool>(*body.skip_queue);
    } else if constexpr (requires { static_cast<bool>(body.skip_queue); }) {
        return static_cast<bool>(body.skip_queue);
    } else {
        return false;
    }
}

template <class Op>
result<transport::request> prepare_request(const typename Op::params& params, const typename Op::body_type& body,
                                           const call_options& opts) {
    transport::request req;
    req.method = Op::method;
    req.target.reserve(64);
    Op::append_target(req.target, params);
    req.idempotent = Op::idempotent;
    req.operation = Op::name;
    req.options = opts;
    if constexpr (!std::is_same_v<typename Op::body_type, no_body>) {
        if (auto e = validate(body, "")) {
            error err = std::move(*e);
            err.message.insert(0, std::string(Op::name) + ": ");
            return err;
        }
        auto text = try_to_json(body);
        if (!text) {
            error err = text.error();
            err.message.insert(0, std::string(Op::name) + ": ");
            return err;
        }
        req.body = std::move(*text);
        req.has_body = true;
        if (detail::asks_fail_fast(body)) req.options.fail_fast_on_429 = true;
    }
    return req;
}

template <class Op>
result<typename Op::response_type> decode_response(const transport::core& core, result<transport::response> r) {
    if (!r) return r.error(); // already free of the key
    // Straight from the parser's events into the struct (no DOM); only when
    // that gives up is the body parsed into a DOM, for the error.
    auto out = decode_access::make<typename Op::response_type>();
    if (revring::detail::decode_direct(r->body, out)) return out;
    // The DOM lives only until decoded into the response struct, which copies
    // all it keeps into its own memory (revring::json_object included), so it
    // is built in an arena: no allocation per node, and one release.
    unsigned char arena[8192];
    boost::json::monotonic_resource resource(arena, sizeof arena);
    auto jv = transport::parse_json_body(*r, Op::name, boost::json::storage_ptr(&resource));
    if (!jv) {
        error e = jv.error();
        transport::annotate(e, core, &*r);
        return e;
    }
    auto v = from_json_value<typename Op::response_type>(*jv);
    if (!v) {
        error e = v.error();
        e.message.insert(0, std::string(Op::name) + ": response: ");
        transport::annotate(e, core, &*r);
        return e;
    }
    return std::move(*v);
}

template <class Op>
result<typename Op::response_type> invoke_blocking(transport::core& core, const typename Op::params& params,
                                                   const typename Op::body_type& body, const call_options& opts) {
    auto req = prepare_request<Op>(params, body, opts);
    if (!req) return req.error();
    return decode_response<Op>(core, transport::send(core, std::move(*req)));
}

} // namespace revring::detail

#endif
