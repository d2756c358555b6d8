// revring-cpp: revring::client, one method per operation of the description.
//
//   revring::client c;                         // REVRING_API_KEY, REVRING_BASE_URL
//   auto call = c.send_call({.agent_id = ..., .to_number = "+15551234567",
//                            .from_number = "+15557654321"});       // throws revring::exception
//   auto r = c.try_get_call(call.data.id);     // revring::result<GetCallResponse>
//
//   boost::asio::io_context io;                // asynchronous use
//   revring::client ac(io.get_executor());
//   auto rec = co_await ac.async_get_call(id, boost::asio::use_awaitable);
//
// The typed methods (`try_X`, `X`, `async_X` for every operation X) come from
// the generated CRTP base revring::basic_operations<client>
// (<revring/gen/operations.hpp>); they forward to `invoke` and `async_invoke`
// below, which validate and serialize the body, send it through the
// transport (revring/transport/core.hpp) and decode the 2xx body (the
// blocking path is detail::invoke_blocking, shared with
// revring::blocking_client; see revring/detail/invoke.hpp).
//
// A program that only makes blocking calls can include
// <revring/blocking_client.hpp> instead: revring::blocking_client has the same
// try_X and X methods, and under REVRING_SEPARATE_COMPILATION that header
// compiles faster still (no Asio). Under REVRING_SEPARATE_COMPILATION this
// header needs neither Boost.JSON's value nor its parser: the requests are
// prepared and the responses decoded in <revring/src.hpp>.
//
// A client is a cheap handle: copies share options, TLS context and
// connections, and it is safe to use from several threads at once. Pending
// asynchronous calls keep the shared state alive.
//
// Retries never send a request twice unless it is provably safe: see
// revring::retry_policy.
#ifndef REVRING_CLIENT_HPP
#define REVRING_CLIENT_HPP

#include <revring/blocking_client.hpp>
#include <revring/config.hpp>
#include <revring/detail/invoke.hpp>
#include <revring/error.hpp>
#include <revring/gen/operations.hpp>
#include <revring/operation.hpp>
#include <revring/transport/api_key.hpp>
#include <revring/transport/base_url.hpp>
#include <revring/transport/core.hpp>
#include <revring/transport/options.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/associator.hpp>
#include <boost/asio/async_result.hpp>

#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>

namespace revring {

namespace detail {

/// The completion handler given to the transport: decodes, then calls the
/// caller's handler. It keeps that handler's executor, allocator and
/// cancellation slot (see the associator below).
template <class Op, class Handler> struct decoding_handler {
    std::shared_ptr<transport::core> core;
    Handler handler;

    void operator()(result<transport::response> r) {
        auto out = decode_response<Op>(*core, std::move(r));
        core.reset();
        std::move(handler)(std::move(out));
    }
};

} // namespace detail

/// The RevRing API client.
class client : public basic_operations<client> {
public:
    using executor_type = boost::asio::any_io_executor;

    /// A client for blocking calls. Options not set come from the
    /// environment (REVRING_API_KEY, REVRING_BASE_URL) and config.hpp.
    /// Throws revring::exception (errc::invalid_input) on bad options.
    explicit client(client_options options = {}) : client(make(std::move(options), std::nullopt)) {}

    /// A client for blocking and asynchronous calls; asynchronous calls run
    /// on `ex` (any number of them, sharing a pool of at most
    /// `client_options::max_connections` connections).
    explicit client(executor_type ex, client_options options = {})
        : client(make(std::move(options), std::move(ex))) {}

    /// Non-throwing construction.
    static result<client> create(client_options options = {}) {
        auto c = transport::make_core(std::move(options), std::nullopt);
        if (!c) return c.error();
        return client(std::move(*c));
    }
    static result<client> create(executor_type ex, client_options options = {}) {
        auto c = transport::make_core(std::move(options), std::move(ex));
        if (!c) return c.error();
        return client(std::move(*c));
    }

    /// Sends operation `Op` and waits (used by the generated `try_X`/`X`).
    template <class Op>
    result<typename Op::response_type> invoke(const typename Op::params& params, const typename Op::body_type& body,
                                              const call_options& opts = {}) const {
        return detail::invoke_blocking<Op>(*core_, params, body, opts);
    }

    /// Starts operation `Op` (used by the generated `async_X`). Completion
    /// signature: void(revring::result<typename Op::response_type>).
    template <class Op, class CompletionToken>
    auto async_invoke(const typename Op::params& params, const typename Op::body_type& body,
                      const call_options& opts, CompletionToken&& token) const {
        using result_type = result<typename Op::response_type>;
        return boost::asio::async_initiate<CompletionToken, void(result_type)>(
            initiate_invoke<Op>{core_}, token, detail::prepare_request<Op>(params, body, opts));
    }

    /// An arbitrary request below the base URL, for endpoints the description
    /// lacks. The answer is the 2xx response; everything else is an error.
    /// The same rules apply (headers checked, retries only when safe).
    result<transport::response> send_raw(transport::request req) const {
        return transport::send(*core_, std::move(req));
    }

    /// Completion signature: void(revring::result<revring::transport::response>).
    template <class CompletionToken> auto async_send_raw(transport::request req, CompletionToken&& token) const {
        return boost::asio::async_initiate<CompletionToken, void(result<transport::response>)>(
            [](auto handler, std::shared_ptr<transport::core> core, transport::request r) {
                transport::async_send(core, std::move(r), std::move(handler));
            },
            token, core_, std::move(req));
    }

    /// The options in force, after defaults were filled in.
    const client_options& options() const noexcept { return transport::options(*core_); }
    const revring::base_url& url() const noexcept { return transport::url(*core_); }
    /// Connection and request counters.
    transport::stats stats() const noexcept { return transport::get_stats(*core_); }

    /// A revring::blocking_client sharing this client's options, TLS context,
    /// connections and counters: for code that takes one.
    blocking_client blocking() const noexcept { return blocking_client(core_); }

private:
    explicit client(std::shared_ptr<transport::core> c) noexcept : core_(std::move(c)) {}

    static std::shared_ptr<transport::core> make(client_options o, std::optional<executor_type> ex) {
        auto c = transport::make_core(std::move(o), std::move(ex));
        if (!c) throw exception(c.error());
        return std::move(*c);
    }

    template <class Op> struct initiate_invoke {
        std::shared_ptr<transport::core> core;

        template <class Handler> void operator()(Handler&& handler, result<transport::request> req) const {
            using handler_type = std::decay_t<Handler>;
            transport::async_send(core, std::move(req),
                                  detail::decoding_handler<Op, handler_type>{core, std::forward<Handler>(handler)});
        }
    };

    std::shared_ptr<transport::core> core_;
};

} // namespace revring

template <template <class, class> class Associator, class Op, class Handler, class DefaultCandidate>
struct boost::asio::associator<Associator, revring::detail::decoding_handler<Op, Handler>, DefaultCandidate> {
    using type = typename Associator<Handler, DefaultCandidate>::type;
    static type get(const revring::detail::decoding_handler<Op, Handler>& h) noexcept {
        return Associator<Handler, DefaultCandidate>::get(h.handler);
    }
    static auto get(const revring::detail::decoding_handler<Op, Handler>& h, const DefaultCandidate& c) noexcept
        -> decltype(Associator<Handler, DefaultCandidate>::get(h.handler, c)) {
        return Associator<Handler, DefaultCandidate>::get(h.handler, c);
    }
};

#endif
