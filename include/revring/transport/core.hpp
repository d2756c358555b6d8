// revring-cpp: the HTTPS transport behind revring::client.
//
// This header is light: it declares the transport without Boost.Beast or
// OpenSSL. The implementation (revring/transport/impl/core.ipp) is included
// at the bottom unless REVRING_SEPARATE_COMPILATION is defined; then exactly
// one translation unit of the program includes <revring/src.hpp> and the
// heavy code is compiled once (as with BOOST_BEAST_SEPARATE_COMPILATION).
//
// The client builds a `transport::request` from an operation descriptor and
// hands it to `send` (blocking) or `async_send` (completion handler).
// `request`, `response`, `stats`, `send` and what a blocking client needs are
// declared in revring/transport/blocking.hpp (no Asio, no Boost.JSON value);
// this header adds the asynchronous API, still without Boost.JSON's value
// (parsing a body into one is in revring/transport/json_body.hpp). The
// transport owns connections, TLS, deadlines and retries; it answers with the
// 2xx response, or with a revring::error.
#ifndef REVRING_TRANSPORT_CORE_HPP
#define REVRING_TRANSPORT_CORE_HPP

#include <revring/config.hpp>
#include <revring/error.hpp>
#include <revring/operation.hpp>
#include <revring/transport/base_url.hpp>
#include <revring/transport/blocking.hpp>
#include <revring/transport/options.hpp>
#include <revring/transport/retry.hpp>

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/any_io_executor.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace revring::transport {

/// The completion handler of `async_send`.
using completion_handler = boost::asio::any_completion_handler<void(result<response>)>;

/// Resolves defaults (environment), checks the options (base URL, API key,
/// headers, CA certificates) and builds the TLS context. With an executor,
/// the asynchronous API is available; the blocking API always is.
REVRING_DECL result<std::shared_ptr<core>> make_core(client_options options,
                                                     std::optional<boost::asio::any_io_executor> executor);

/// Starts sending `req`; `handler` receives the result on its associated
/// executor (default: the client's). An error in `req` (already failed
/// preparation) is delivered through `handler` too, never inline.
REVRING_DECL void async_send(const std::shared_ptr<core>& c, result<request> req, completion_handler handler);

/// Adds what the response says (status, headers, request id) to a decode
/// error, and removes the API key from every text of `e`.
REVRING_DECL void annotate(error& e, const core& c, const response* r);

} // namespace revring::transport

#ifndef REVRING_SEPARATE_COMPILATION
#include <revring/transport/impl/core.ipp>
#endif

#endif
