// End to end: this project's client, POST /v1/calls against the kit's nginx.
//
//   revring-client --port P --ca CA [--mode sync|sync-dom|sync-raw|async] [--inflight K] [--connections C]
//                  [--requests N] [--warmup W]
//
// sync:  one revring::client, blocking try_send_call in a loop (one kept-alive
//        TLS connection).
// sync-dom: sync, with the response decoded the way the client did before it
//        decoded straight from the parser's events (see send_call_dom): a
//        reference, reported apart, to show what that change saves.
// sync-raw: sync's requests through the same client (client::send_raw), the
//        response's body not decoded: what the transport alone costs (a
//        reference; its digest is the FNV-1a of the body's bytes, as the
//        floor's).
// async: one io_context on this thread, K calls in flight at all times
//        (each completion starts the next), over a pool of at most C
//        connections (client_options::max_connections).
// Every iteration builds the request (bench::make_request) and decodes the
// response into revring::SendCallResponse; the last record is digested.
#include "../common/bench.hpp"
#include "../common/revring_fixture.hpp"

#include <revring/revring.hpp>

#include <boost/asio/io_context.hpp>

#include <iostream>
#include <optional>
#include <type_traits>

namespace {

revring::client_options client_options(const bench::options& o) {
    revring::client_options co;
    co.base_url = "https://" + o.host + ":" + std::to_string(o.port) + "/v1";
    co.api_key = revring::api_key(std::string(bench::api_key));
    co.ca_file = o.ca_file;
    co.max_connections = static_cast<std::size_t>(o.connections);
    co.retry = revring::retry_policy::none(); // a failure must show, not be hidden by a retry
    return co;
}

struct counters {
    long errors = 0;
    std::string first_error;
    void fail(const revring::error& e) {
        if (errors++ == 0) first_error = e.what();
    }
};

/// The request as try_send_call sends it, through client::send_raw (same
/// transport, same request bytes); the response comes back undecoded.
revring::result<revring::transport::response> send_call_raw(const revring::client& c,
                                                              const revring::SendCallRequest& body) {
    revring::transport::request req;
    req.method = revring::send_call_op::method;
    revring::send_call_op::append_target(req.target, {});
    req.operation = revring::send_call_op::name;
    req.idempotent = revring::send_call_op::idempotent;
    auto text = revring::try_to_json(body);
    if (!text) return text.error();
    req.body = std::move(*text);
    req.has_body = true;
    return c.send_raw(std::move(req));
}

/// sync-dom: the client's previous decoding, as a reference: send_call_raw,
/// then the body parsed into a DOM in a monotonic arena on the stack and
/// converted into the struct (detail::from_json_dom, which from_json and the
/// client now use only to report errors).
revring::result<revring::SendCallResponse> send_call_dom(const revring::client& c,
                                                           const revring::SendCallRequest& body) {
    auto r = send_call_raw(c, body);
    if (!r) return r.error();
    return revring::detail::from_json_dom<revring::SendCallResponse>(r->body);
}

/// The timed loop of the sync modes: `send(request)` returns a result whose
/// last value `digest` reads.
template <class Send, class Digest>
int run_sync_loop(const bench::options& o, const revring::client& c, const char* peer, Send send, Digest digest) {
    counters k;
    for (long i = 0; i < o.warmup; ++i) {
        auto r = send(bench::make_request());
        if (!r) k.fail(r.error());
    }
    if (k.errors) {
        std::cerr << "warm-up failed: " << k.first_error << "\n";
        return 1;
    }
    bench::alloc_halves a{};
    std::optional<std::decay_t<decltype(*send(bench::make_request()))>> last;
    if (o.count_allocs) bench::count_allocations(true);
    a.start = bench::allocations();
    bench::meter m;
    m.start();
    for (long i = 0; i < o.requests; ++i) {
        if (i == o.requests / 2) {
            a.middle = bench::allocations();
            bench::mark_middle();
        }
        auto r = send(bench::make_request());
        if (!r) {
            k.fail(r.error());
            continue;
        }
        if (i == o.requests - 1) last = std::move(*r);
    }
    const auto u = m.stop();
    a.end = bench::allocations();
    bench::count_allocations(false);
    if (k.errors) std::cerr << k.errors << " errors, first: " << k.first_error << "\n";
    const auto st = c.stats();
    const std::string extra = "\"client_connections\":" + std::to_string(st.connections_opened) +
                              ",\"tls_handshakes\":" + std::to_string(st.tls_handshakes);
    bench::emit(peer, o, u, k.errors, last ? digest(*last) : "none", o.count_allocs ? &a : nullptr, extra);
    return k.errors ? 1 : 0;
}

int run_sync(const bench::options& o) {
    revring::client c(client_options(o));
    const auto record_digest = [](const revring::SendCallResponse& r) { return bench::digest_of(r.data); };
    if (o.mode == "sync-dom")
        return run_sync_loop(
            o, c, "revring-sync-dom", [&](const revring::SendCallRequest& b) { return send_call_dom(c, b); },
            record_digest);
    if (o.mode == "sync-raw")
        return run_sync_loop(
            o, c, "revring-sync-raw", [&](const revring::SendCallRequest& b) { return send_call_raw(c, b); },
            [](const revring::transport::response& r) {
                bench::digest d;
                d.bytes(r.body.data(), r.body.size());
                return "bytes:" + d.hex();
            });
    return run_sync_loop(
        o, c, "revring-sync", [&](const revring::SendCallRequest& b) { return c.try_send_call(b); }, record_digest);
}

/// Keeps `inflight` calls going until `target` have completed.
class driver {
public:
    driver(revring::client& c, counters& k) : c_(c), k_(k) {}

    void run(boost::asio::io_context& io, long target, int inflight, bench::alloc_halves* a) {
        target_ = target;
        issued_ = done_ = 0;
        a_ = a;
        for (int i = 0; i < inflight && issued_ < target_; ++i) issue();
        io.restart();
        io.run();
    }

    std::optional<revring::SendCallResponse> last;

private:
    void issue() {
        ++issued_;
        c_.async_send_call(bench::make_request(),
                           [this](revring::result<revring::SendCallResponse> r) { on_done(std::move(r)); });
    }

    void on_done(revring::result<revring::SendCallResponse> r) {
        ++done_;
        if (!r)
            k_.fail(r.error());
        else if (done_ == target_)
            last = std::move(*r);
        if (a_ && done_ == target_ / 2) {
            a_->middle = bench::allocations();
            bench::mark_middle();
        }
        if (issued_ < target_) issue();
    }

    revring::client& c_;
    counters& k_;
    long target_ = 0, issued_ = 0, done_ = 0;
    bench::alloc_halves* a_ = nullptr;
};

int run_async(const bench::options& o) {
    boost::asio::io_context io(1);
    revring::client c(io.get_executor(), client_options(o));
    counters k;
    driver d(c, k);
    d.run(io, o.warmup, o.inflight, nullptr);
    if (k.errors) {
        std::cerr << "warm-up failed: " << k.first_error << "\n";
        return 1;
    }
    bench::alloc_halves a{};
    if (o.count_allocs) bench::count_allocations(true);
    a.start = bench::allocations();
    bench::meter m;
    m.start();
    d.run(io, o.requests, o.inflight, &a);
    const auto u = m.stop();
    a.end = bench::allocations();
    bench::count_allocations(false);
    if (k.errors) std::cerr << k.errors << " errors, first: " << k.first_error << "\n";
    const auto st = c.stats();
    const std::string extra = "\"client_connections\":" + std::to_string(st.connections_opened) +
                              ",\"tls_handshakes\":" + std::to_string(st.tls_handshakes);
    bench::emit("revring-async", o, u, k.errors, d.last ? bench::digest_of(d.last->data) : "none",
                o.count_allocs ? &a : nullptr, extra);
    return k.errors ? 1 : 0;
}

} // namespace

int main(int argc, char** argv) try {
    const auto o = bench::options::parse(argc, argv);
    if (o.mode == "sync" || o.mode == "sync-dom" || o.mode == "sync-raw") return run_sync(o);
    if (o.mode == "async") return run_async(o);
    std::cerr << "unknown mode " << o.mode << "\n";
    return 2;
} catch (const std::exception& e) {
    std::cerr << "revring-client: " << e.what() << "\n";
    return 2;
}
