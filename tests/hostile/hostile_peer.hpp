// A misbehaving peer on 127.0.0.1 for the hostile-server tests.
//
// The scripted test server (tests/transport/test_server.hpp) answers each
// request with one complete reply, which covers lying headers and bad bodies;
// the hostile tests use it for those. What it cannot do is misbehave over
// time or below HTTP: drip a response byte by byte, stream headers or a body
// without end, or break the TLS handshake. This peer can: each accepted
// connection runs the test's behaviour on its own thread, with blocking
// primitives (read a request, write, write slowly, stream, reset), over TLS
// (the test server's certificate, so the client verifies it as usual) or
// over plain TCP (which is also how a TLS client meets a peer that does not
// speak TLS). It counts connections, requests and the bytes it wrote.
//
// The destructor shuts every connection down, so a behaviour blocked in a
// write or read returns and its thread is joined.
#ifndef REVRING_TESTS_HOSTILE_PEER_HPP
#define REVRING_TESTS_HOSTILE_PEER_HPP

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace revring_hostile {

class connection {
public:
    /// Reads one HTTP request (head and Content-Length body); counts it.
    /// Empty when the client closed the connection or sent nothing in `wait`.
    std::optional<std::string> read_request(std::chrono::milliseconds wait = std::chrono::seconds(10));
    /// Raw bytes (the TLS layer, if any, decrypts them), whatever arrives
    /// within `wait`; empty on close or time-out.
    std::string read_some(std::chrono::milliseconds wait = std::chrono::seconds(10));
    /// Writes all of `bytes`; false once the client is gone.
    bool write(std::string_view bytes);
    /// Writes one byte every `interval`; false once the client is gone or
    /// the peer stops.
    bool drip(std::string_view bytes, std::chrono::milliseconds interval);
    /// Calls `next()` and writes what it returns until it returns an empty
    /// string, the client goes away or the peer stops; false in the last two cases.
    bool stream(const std::function<std::string()>& next);
    /// Returns when the client has closed the connection (or the peer stops).
    void wait_for_close();
    /// Closes with a TCP reset (SO_LINGER 0): the client reads ECONNRESET.
    void reset();
    /// Closes normally (after a TLS close_notify, if TLS).
    void close();
    /// True until the peer is being destroyed.
    bool running() const;

    struct impl;
    explicit connection(impl* p) : p_(p) {}

private:
    impl* p_;
};

struct peer_options {
    /// Speak TLS with the test server's certificate ("localhost", signed by
    /// the test CA in revring_test::ca_file()).
    bool tls = true;
};

class peer {
public:
    using behaviour = std::function<void(connection&)>;

    explicit peer(behaviour b, peer_options o = {});
    ~peer();
    peer(const peer&) = delete;
    peer& operator=(const peer&) = delete;

    std::uint16_t port() const;
    /// "https://127.0.0.1:<port>/v1" ("http://" without TLS unless `scheme` says otherwise).
    std::string url(std::string_view scheme = {}) const;

    std::size_t connections() const; ///< TCP connections accepted
    std::size_t requests() const;    ///< requests read by read_request()
    std::size_t bytes_written() const;

    struct state; // hostile_peer.cpp

private:
    std::shared_ptr<state> s_;
};

/// The peak resident set size of this process while `f` runs, above what it
/// was when `f` started, sampled every 2 ms from /proc/self/statm.
std::size_t peak_rss_growth(const std::function<void()>& f);

} // namespace revring_hostile

#endif
