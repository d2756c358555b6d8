// revring-cpp: compile the transport, and the decoding of responses, once.
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

#include <revring/client.hpp>
#include <revring/transport/impl/core.ipp>

// The decoding of every response (declared `extern template` in client.hpp).
namespace revring::detail {
#define REVRING_DETAIL_DECODE_RESPONSE(Op)                                                                            \
    template result<Op::response_type> decode_response<Op>(const transport::core&, result<transport::response>);
REVRING_GEN_FOR_EACH_OPERATION(REVRING_DETAIL_DECODE_RESPONSE)
#undef REVRING_DETAIL_DECODE_RESPONSE
} // namespace revring::detail

#endif
