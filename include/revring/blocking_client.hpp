// revring-cpp: revring::blocking_client, a client for blocking calls only.
//
//   #include <revring/blocking_client.hpp>
//
//   revring::blocking_client c;                // REVRING_API_KEY, REVRING_BASE_URL
//   auto r = c.try_send_call({.agent_id = ..., .to_number = "+15551234567",
//                             .from_number = "+15557654321"}); // revring::result<SendCallResponse>
//   auto call = c.get_call(id);                // throws revring::exception
//
// The same `try_X` and `X` methods as revring::client (from the generated
// revring::basic_operations), the same request checks, transport, retries and
// errors; no `async_X` (using one is a compile error naming revring::client).
//
// Why it exists: compile time. Under REVRING_SEPARATE_COMPILATION this header
// brings only the request and response types, the operation descriptors, the
// error, result and option types and a few declarations: no Asio, no Beast,
// no OpenSSL, no Boost.JSON value or parser (the blocking calls of every
// operation are compiled once, in the translation unit that includes
// <revring/src.hpp>). revring::client needs Asio's executor and completion
// machinery in every translation unit that includes it, for its asynchronous
// API. Header-only (the default), this header includes its implementation
// like every other.
//
// A blocking_client is a cheap handle: copies share options, TLS context and
// connections, and it is safe to use from several threads at once.
// revring::client::blocking() gives one that shares a client's.
#ifndef REVRING_BLOCKING_CLIENT_HPP
#define REVRING_BLOCKING_CLIENT_HPP

#include <revring/config.hpp>
#include <revring/detail/invoke.hpp>
#include <revring/error.hpp>
#include <revring/gen/operations.hpp>
#include <revring/gen/types.hpp>
#include <revring/operation.hpp>
#include <revring/transport/api_key.hpp>
#include <revring/transport/base_url.hpp>
#include <revring/transport/blocking.hpp>
#include <revring/transport/options.hpp>

#include <memory>
#include <utility>

namespace revring {

class client;

namespace detail {
template <class> inline constexpr bool always_false = false;
} // namespace detail

/// A RevRing API client for blocking calls.
class blocking_client : public basic_operations<blocking_client> {
public:
    /// Options not set come from the environment (REVRING_API_KEY,
    /// REVRING_BASE_URL) and config.hpp. Throws revring::exception
    /// (errc::invalid_input) on bad options.
    explicit blocking_client(client_options options = {}) : core_(make(std::move(options))) {}

    /// Non-throwing construction.
    static result<blocking_client> create(client_options options = {}) {
        auto c = transport::make_blocking_core(std::move(options));
        if (!c) return c.error();
        return blocking_client(std::move(*c));
    }

    /// Sends operation `Op` and waits (used by the generated `try_X`/`X`).
    template <class Op>
    result<typename Op::response_type> invoke(const typename Op::params& params, const typename Op::body_type& body,
                                              const call_options& opts = {}) const {
        return detail::invoke_blocking<Op>(*core_, params, body, opts);
    }

    /// Only there to turn a call of a generated `async_X` into a clear error.
    template <class Op, class CompletionToken>
    void async_invoke(const typename Op::params&, const typename Op::body_type&, const call_options&,
                      CompletionToken&&) const {
        static_assert(detail::always_false<Op>,
                      "revring::blocking_client has no asynchronous operations; use revring::client "
                      "(<revring/client.hpp>) with an executor for async_ calls");
    }

    /// An arbitrary request below the base URL, for endpoints the description
    /// lacks. The answer is the 2xx response; everything else is an error.
    /// The same rules apply (headers checked, retries only when safe).
    result<transport::response> send_raw(transport::request req) const {
        return transport::send(*core_, std::move(req));
    }

    /// The options in force, after defaults were filled in.
    const client_options& options() const noexcept { return transport::options(*core_); }
    const revring::base_url& url() const noexcept { return transport::url(*core_); }
    /// Connection and request counters.
    transport::stats stats() const noexcept { return transport::get_stats(*core_); }

private:
    friend class client;

    explicit blocking_client(std::shared_ptr<transport::core> c) noexcept : core_(std::move(c)) {}

    static std::shared_ptr<transport::core> make(client_options o) {
        auto c = transport::make_blocking_core(std::move(o));
        if (!c) throw exception(c.error());
        return std::move(*c);
    }

    std::shared_ptr<transport::core> core_;
};

} // namespace revring

#endif
