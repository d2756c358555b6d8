// revring-cpp: one blocking call of an operation, as the clients make it.
//
//   detail::invoke_blocking<Op>(core, params, body, opts)
//
// validates and serializes the body, sends the request through the transport
// (transport::send) and decodes the 2xx body into `Op::response_type`. Both
// revring::client and revring::blocking_client call it.
//
// This header only declares it, and the two halves revring::client's
// asynchronous calls share with it (`prepare_request`, `decode_response`).
// Header-only (the default) it includes their definitions
// (revring/impl/invoke.ipp, which needs Boost.JSON's value and parser and the
// transport). Under REVRING_SEPARATE_COMPILATION it declares all three
// `extern template` for every operation of the description instead, and
// <revring/src.hpp> compiles them once, so a translation unit that makes calls
// needs neither Boost.JSON's value nor its parser (and one that only makes
// blocking calls no Asio either).
#ifndef REVRING_DETAIL_INVOKE_HPP
#define REVRING_DETAIL_INVOKE_HPP

#include <revring/error.hpp>
#include <revring/gen/operations.hpp>
#include <revring/transport/blocking.hpp>
#include <revring/transport/options.hpp>

namespace revring::detail {

/// Sends operation `Op` through `core` and waits. Bad input (a rule of the
/// body broken, a body that cannot be serialized) is an errc::invalid_input
/// error prefixed with the operation's name, and nothing is sent.
template <class Op>
result<typename Op::response_type> invoke_blocking(transport::core& core, const typename Op::params& params,
                                                   const typename Op::body_type& body, const call_options& opts);

/// The request of operation `Op`: target, method, options, and the body
/// validated and serialized. An error names the operation (and, from
/// validate, the rule and the member's JSON pointer); nothing is sent then.
template <class Op>
result<transport::request> prepare_request(const typename Op::params& params, const typename Op::body_type& body,
                                           const call_options& opts);

/// Turns the transport's answer into the operation's result.
template <class Op>
result<typename Op::response_type> decode_response(const transport::core& core, result<transport::response> r);

#ifdef REVRING_SEPARATE_COMPILATION
// Compiled once, with the transport, in <revring/src.hpp> (the same list).
#define REVRING_DETAIL_INVOKE_EXTERN(Op)                                                                              \
    extern template result<Op::response_type> invoke_blocking<Op>(transport::core&, const Op::params&,                \
                                                                  const Op::body_type&, const call_options&);         \
    extern template result<transport::request> prepare_request<Op>(const Op::params&, const Op::body_type&,           \
                                                                   const call_options&);                              \
    extern template result<Op::response_type> decode_response<Op>(const transport::core&, result<transport::response>);
REVRING_GEN_FOR_EACH_OPERATION(REVRING_DETAIL_INVOKE_EXTERN)
#undef REVRING_DETAIL_INVOKE_EXTERN
#endif

} // namespace revring::detail

#ifndef REVRING_SEPARATE_COMPILATION
#include <revring/impl/invoke.ipp>
#endif

#endif
