// revring-cpp: compile the transport, the calls of every operation and from_json once.
//
// By default revring-cpp is header-only. A program that wants the Beast and
// OpenSSL code compiled in one translation unit only (faster builds) defines
// REVRING_SEPARATE_COMPILATION for every translation unit and includes this
// header in exactly one of them:
//
//   // revring.cpp
//   #include <revring/src.hpp>
#ifndef REVRING_SRC_HPP
#define REVRING_SRC_HPP

#ifndef REVRING_SEPARATE_COMPILATION
#error "<revring/src.hpp> is for REVRING_SEPARATE_COMPILATION builds: define it for every translation unit"
#endif

#include <revring/gen/json.hpp>
#include <revring/impl/invoke.ipp>
#include <revring/revring.hpp>
#include <revring/transport/impl/core.ipp>
#include <revring/transport/impl/options.ipp>

// Every blocking call, the preparing of every request and the decoding of
// every response (declared `extern template` in detail/invoke.hpp: what
// revring::blocking_client and revring::client call).
namespace revring::detail {
#define REVRING_DETAIL_INVOKE_INSTANTIATE(Op)                                                                         \
    template result<Op::response_type> invoke_blocking<Op>(transport::core&, const Op::params&, const Op::body_type&, \
                                                           const call_options&);                                      \
    template result<transport::request> prepare_request<Op>(const Op::params&, const Op::body_type&,                  \
                                                            const call_options&);                                     \
    template result<Op::response_type> decode_response<Op>(const transport::core&, result<transport::response>);
REVRING_GEN_FOR_EACH_OPERATION(REVRING_DETAIL_INVOKE_INSTANTIATE)
#undef REVRING_DETAIL_INVOKE_INSTANTIATE
} // namespace revring::detail

// from_json of every generated struct (declared `extern template` in
// json/from_json.hpp, which the umbrella header includes instead of the
// decoders).
namespace revring {
#define REVRING_JSON_FROM_JSON_INSTANTIATE(T) template result<T> from_json<T>(std::string_view);
REVRING_GEN_FOR_EACH_STRUCT(REVRING_JSON_FROM_JSON_INSTANTIATE)
#undef REVRING_JSON_FROM_JSON_INSTANTIATE
} // namespace revring

#endif
