// revring-cpp: one blocking call of an operation, as the clients make it.
//
//   detail::invoke_blocking<Op>(core, params, body, opts)
//
// validates and serializes the body, sends the request through the transport
// (transport::send) and decodes the 2xx body into `Op::response_type`. Both
// revring::client and revring::blocking_client call it.
//
// This header only declares it. Header-only (the default) it includes the
// definition (revring/impl/invoke.ipp, which needs Boost.JSON's value and
// parser and the transport). Under REVRING_SEPARATE_COMPILATION it declares
// the function `extern template` for every operation of the description
// instead, and <revring/src.hpp> compiles them all once, so a translation unit
// that only makes blocking calls needs neither Boost.JSON's value nor Asio.
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

#ifdef REVRING_SEPARATE_COMPILATION
// Compiled once, with the transport, in <revring/src.hpp>.
#define REVRING_DETAIL_INVOKE_BLOCKING(Op)                                                                            \
    extern template result<Op::response_type> invoke_blocking<Op>(transport::core&, const Op::params&,                \
                                                                  const Op::body_type&, const call_options&);
REVRING_GEN_FOR_EACH_OPERATION(REVRING_DETAIL_INVOKE_BLOCKING)
#undef REVRING_DETAIL_INVOKE_BLOCKING
#endif

} // namespace revring::detail

#ifndef REVRING_SEPARATE_COMPILATION
#include <revring/impl/invoke.ipp>
#endif

#endif
