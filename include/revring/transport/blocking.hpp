// revring-cpp: the blocking part of the transport's interface.
//
// What a blocking call needs to name: `request`, `response`, `stats`, the
// opaque `core`, and the functions that make a core without an executor and
// send through it. No Asio, no Beast, no OpenSSL and no Boost.JSON value:
// under REVRING_SEPARATE_COMPILATION this header, and
// <revring/blocking_client.hpp> on top of it, cost little to compile.
// revring/transport/core.hpp adds the asynchronous API.
//
// Header-only (the default) it includes the implementation at the bottom
// (through core.hpp, which includes revring/transport/impl/core.ipp).
#ifndef REVRING_TRANSPORT_BLOCKING_HPP
#define REVRING_TRANSPORT_BLOCKING_HPP

#include <revring/config.hpp>
#include <revring/error.hpp>
#include <revring/operation.hpp>
#include <revring/transport/base_url.hpp>
#include <revring/transport/options.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace revring::transport {

/// One request, relative to the base URL.
struct request {
    http_method method = http_method::get;
    /// Target below the base URL's path, starting with '/': "/calls/<id>".
    std::string target;
    /// JSON body; sent (with Content-Type: application/json) when `has_body`.
    std::string body;
    bool has_body = false;
    /// GET-like: may be retried once sent (retry_policy).
    bool idempotent = false;
    /// Operation name for messages ("send_call"); static text.
    std::string_view operation;
    /// Per-call options (headers, retry policy, timeout, idempotency key).
    call_options options;
};

/// A complete 2xx response.
struct response {
    int status = 0;
    http_headers headers;
    std::string body;
    /// Attempts made (1 + retries).
    unsigned attempts = 1;

    /// First header named `name` (any case), or empty.
    std::string_view header(std::string_view name) const noexcept {
        for (const auto& [n, v] : headers)
            if (revring::detail::header_name_equals(n, name)) return v;
        return {};
    }
};

/// Counters, for tests and benchmarks.
struct stats {
    std::uint64_t connections_opened = 0; ///< TCP connections established
    std::uint64_t tls_handshakes = 0;     ///< TLS handshakes completed
    std::uint64_t requests_written = 0;   ///< attempts that started writing a request
    std::uint64_t retries = 0;            ///< attempts after the first
};

/// The shared state of a client: options, TLS context, connection pools.
class core;

/// A core for blocking calls only (no executor): resolves defaults
/// (environment), checks the options (base URL, API key, headers, CA
/// certificates) and builds the TLS context, as make_core (core.hpp) does.
REVRING_DECL result<std::shared_ptr<core>> make_blocking_core(client_options options);

/// Sends `req` and waits, in the calling thread, within the deadlines.
REVRING_DECL result<response> send(core& c, request req);

/// The options in force (after defaults were resolved).
REVRING_DECL const client_options& options(const core& c) noexcept;
REVRING_DECL const base_url& url(const core& c) noexcept;
REVRING_DECL transport::stats get_stats(const core& c) noexcept;

} // namespace revring::transport

#ifndef REVRING_SEPARATE_COMPILATION
// The whole transport, whose header includes the implementation
// (impl/core.ipp needs the declarations of core.hpp too).
#include <revring/transport/core.hpp>
#endif

#endif
