// revring-cpp: the HTTPS transport (Boost.Beast + OpenSSL).
//
// Included by revring/transport/core.hpp (header-only use), or compiled once
// through <revring/src.hpp> under REVRING_SEPARATE_COMPILATION.
//
// One request goes through the steps
//
//   acquire a connection -> [resolve -> connect -> TLS handshake] -> write -> read
//
// decided by `call_base` (what each outcome means, the errors, retries) and
// run by one of two drivers:
//   - `call_op` (asynchronous API): handlers on a strand, watched by one
//     steady_timer (the connect timeout, then the attempt's deadline); the
//     TLS handshake, the write and the read call OpenSSL on a socket that
//     never waits, and wait for the socket with the reactor when they must;
//   - `blocking_call` (blocking API): blocking socket I/O in the caller's
//     thread, each wait a recv() or poll() bounded by the same deadlines (Beast's
//     stream timeouts would not apply to blocking calls). It makes no
//     reactor round trips: a kept-alive request costs a handful of system
//     calls.
// Both drivers' TLS is OpenSSL reading and writing the socket itself
// (`socket_bio`), not Asio's SSL engine.
//
// Double dialing is prevented by counting what reaches the socket: the TCP
// layer under TLS is a `counting_socket`, and an attempt that failed with
// zero bytes of the request written is the only kind that may be sent again
// for a non-idempotent request. A kept-alive connection is probed before
// reuse (a non-blocking peek); one the server closed while idle is replaced
// before anything is written.
#ifndef REVRING_TRANSPORT_IMPL_CORE_IPP
#define REVRING_TRANSPORT_IMPL_CORE_IPP

#include <revring/transport/core.hpp>
#include <revring/transport/json_body.hpp>

#include <boost/asio/any_completion_executor.hpp>
#include <boost/asio/append.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/prefer.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/write.hpp>
#include <boost/container/small_vector.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/status.hpp>
#include <boost/beast/http/basic_parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/json/parse.hpp>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <charconv>
#include <climits>
#include <cstring>
#include <cstdlib>
#include <deque>
#include <iterator>
#include <mutex>
#include <random>
#include <thread>
#include <vector>

#if !defined(_WIN32)
#include <sys/socket.h>
#include <sys/time.h>
#endif

// A blocking call's wait for a reply is recv() itself, bounded by SO_RCVTIMEO
// (counting_socket::use_blocking_receive); elsewhere it is poll() then recv().
#if !defined(_WIN32) && defined(MSG_DONTWAIT) && defined(SO_RCVTIMEO)
#define REVRING_DETAIL_BLOCKING_RECEIVE 1
#else
#define REVRING_DETAIL_BLOCKING_RECEIVE 0
#endif

namespace revring::transport::detail {

namespace net = boost::asio;
namespace ssl = boost::asio::ssl;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = boost::asio::ip::tcp;
using error_code = boost::system::error_code;
using steady = std::chrono::steady_clock;

/// True for the errors of an operation that would have had to wait.
inline bool would_block(const error_code& ec) noexcept {
    return ec == net::error::would_block || ec == net::error::try_again;
}

/// A TCP socket that counts the bytes written through it: the proof that
/// nothing of a request reached the network.
class counting_socket {
public:
    using executor_type = net::any_io_executor;
    using lowest_layer_type = tcp::socket::lowest_layer_type;

    explicit counting_socket(const executor_type& ex) : sock_(ex) {}

    executor_type get_executor() noexcept { return sock_.get_executor(); }
    lowest_layer_type& lowest_layer() noexcept { return sock_.lowest_layer(); }
    const lowest_layer_type& lowest_layer() const noexcept { return sock_.lowest_layer(); }
    tcp::socket& socket() noexcept { return sock_; }

    std::uint64_t bytes_written() const noexcept { return written_; }
    void reset_bytes_written() noexcept { written_ = 0; }

    // Blocking I/O (blocking_call): each wait ends at the deadline (a poll(),
    // or with use_blocking_receive a recv() bounded by SO_RCVTIMEO); then the
    // operation fails with net::error::timed_out and timed_out() is true.
    // After use_reactor (call_op) nothing waits: an operation that would
    // fails with net::error::would_block, and the reactor does the waiting.

    void set_deadline(steady::time_point at) noexcept {
        deadline_ = at;
        timed_out_ = false;
    }
    bool timed_out() const noexcept { return timed_out_; }
    /// The next read waits for the socket first (a request was just written:
    /// trying to read at once would only cost a system call).
    void expect_reply() noexcept { wait_first_ = true; }

    /// Milliseconds from now until `at`, rounded up; 0 when it has passed.
    static int milliseconds_until(steady::time_point at) noexcept {
        const auto left = at - steady::now();
        if (left <= steady::duration::zero()) return 0;
        const auto ms = std::chrono::ceil<std::chrono::milliseconds>(left).count();
        return ms > INT_MAX ? INT_MAX : static_cast<int>(ms);
    }

    /// Blocking calls only, once connected: the descriptor goes into blocking
    /// mode, and each operation says itself whether it may wait (below).
    /// Without MSG_DONTWAIT (Windows) this does nothing: every wait is a poll().
    void use_blocking_receive(error_code& ec) {
#if REVRING_DETAIL_BLOCKING_RECEIVE
        sock_.non_blocking(false, ec); // (asio's record of the mode follows)
        blocking_fd_ = !ec;
        receive_timeout_ = unknown_timeout;
#else
        ec = {};
#endif
    }

    /// Before the socket is opened again (the next address to connect to).
    void forget_blocking_receive() noexcept { blocking_fd_ = false; }

    /// Asynchronous calls, once connected: the descriptor is non-blocking
    /// and read_some and write_some never wait (above).
    void use_reactor(error_code& ec) {
        sock_.non_blocking(true, ec);
        never_wait_ = !ec;
    }

    template <class MutableBuffers> std::size_t read_some(const MutableBuffers& b, error_code& ec) {
#if REVRING_DETAIL_BLOCKING_RECEIVE
        if (blocking_fd_) return read_some_blocking(b, ec);
#endif
        for (;;) {
            if (!wait_first_) {
                const std::size_t n = sock_.read_some(b, ec);
                if (!would_block(ec)) return n;
            }
            wait_first_ = false;
            if (!wait(false, ec)) return 0;
        }
    }

    template <class ConstBuffers> std::size_t write_some(const ConstBuffers& b, error_code& ec) {
        for (;;) {
#if REVRING_DETAIL_BLOCKING_RECEIVE
            const std::size_t n = blocking_fd_ ? send_now(b, ec) : sock_.write_some(b, ec);
#else
            const std::size_t n = sock_.write_some(b, ec);
#endif
            written_ += n;
            if (!would_block(ec)) return n;
            if (!wait(true, ec)) return 0;
        }
    }

    template <class MutableBuffers> std::size_t read_some(const MutableBuffers& b) {
        error_code ec;
        const std::size_t n = read_some(b, ec);
        if (ec) throw boost::system::system_error(ec);
        return n;
    }

    template <class ConstBuffers> std::size_t write_some(const ConstBuffers& b) {
        error_code ec;
        const std::size_t n = write_some(b, ec);
        if (ec) throw boost::system::system_error(ec);
        return n;
    }

private:
#if REVRING_DETAIL_BLOCKING_RECEIVE
    // The blocking descriptor (use_blocking_receive). A wait to read is
    // recv() itself, bounded by SO_RCVTIMEO, where a non-blocking descriptor
    // takes a poll() and then the recv(): a kept-alive round trip is one
    // system call shorter. Everything else passes MSG_DONTWAIT (a write, a
    // read that must not wait, the liveness probe); a write waits with
    // poll(), as on a non-blocking descriptor. SO_RCVTIMEO is set only when
    // the deadline needs a shorter one than is set: a kept-alive connection
    // whose calls have the same timeout sets it once.

    /// One system call, `io(data, size)`, on the first non-empty buffer of
    /// `b`; a read or write of nothing is no operation, as for asio's
    /// read_some and write_some.
    template <class Buffer, class Buffers, class Io>
    static std::size_t on_first_buffer(const Buffers& b, error_code& ec, Io io) {
        const Buffer first = net::detail::buffer_sequence_adapter<Buffer, Buffers>::first(b);
        if (first.size() == 0) {
            ec = {};
            return 0;
        }
        const auto n = io(first.data(), first.size());
        return n > 0 ? static_cast<std::size_t>(n) : 0;
    }

    /// One recv() (`flags`: 0 or MSG_DONTWAIT).
    template <class MutableBuffers> std::size_t receive(const MutableBuffers& b, int flags, error_code& ec) {
        return on_first_buffer<net::mutable_buffer>(b, ec, [&](void* data, std::size_t size) {
            const auto n = net::detail::socket_ops::recv1(sock_.native_handle(), data, size, flags, ec);
            if (n == 0) ec = net::error::eof;
            return n;
        });
    }

    /// One send() that does not wait (asio adds MSG_NOSIGNAL).
    template <class ConstBuffers> std::size_t send_now(const ConstBuffers& b, error_code& ec) {
        return on_first_buffer<net::const_buffer>(b, ec, [&](const void* data, std::size_t size) {
            return net::detail::socket_ops::send1(sock_.native_handle(), data, size, MSG_DONTWAIT, ec);
        });
    }

    template <class MutableBuffers> std::size_t read_some_blocking(const MutableBuffers& b, error_code& ec) {
        bool try_now = !wait_first_; // (just after a request: nothing to read yet)
        wait_first_ = false;
        bool poll_next = false;
        for (;;) {
            if (try_now) {
                const std::size_t n = receive(b, MSG_DONTWAIT, ec);
                if (!would_block(ec)) return n;
            }
            try_now = true;
            if (!poll_next) {
                const int armed = arm_receive_timeout(ec);
                if (armed < 0) return 0; // the deadline has passed
                if (armed > 0) {
                    const std::size_t n = receive(b, 0, ec);
                    if (!would_block(ec) && ec != net::error::interrupted) return n;
                    // SO_RCVTIMEO ran out (it ends before the deadline), a
                    // signal, or a descriptor made non-blocking behind our
                    // back: the next wait is a poll(), which decides.
                    try_now = false;
                    poll_next = true;
                    continue;
                }
            }
            poll_next = false;
            if (!wait(false, ec)) return 0;
        }
    }

    /// Makes a blocking recv() end before the deadline: 1 when it will, 0 when
    /// SO_RCVTIMEO cannot say so (too close to the deadline for its precision,
    /// or setsockopt failed: poll() waits instead), -1 when the deadline has
    /// passed (timed_out() is then true).
    int arm_receive_timeout(error_code& ec) {
        using std::chrono::milliseconds;
        if (deadline_ == steady::time_point::max()) // no deadline: SO_RCVTIMEO 0 waits for ever
            return receive_timeout_ == steady::duration::zero() || set_receive_timeout(steady::duration::zero()) ? 1 : 0;
        const steady::duration left = deadline_ - steady::now();
        if (left <= steady::duration::zero()) {
            timed_out_ = true;
            ec = net::error::timed_out;
            return -1;
        }
        // Linux rounds SO_RCVTIMEO up to its clock tick (at most 10 ms): that
        // margin is kept, and the last of the time is left to poll(), which
        // keeps the deadline to the millisecond.
        constexpr steady::duration margin = milliseconds(10);
        if (receive_timeout_ > steady::duration::zero() && receive_timeout_ + margin <= left &&
            receive_timeout_ >= left / 2)
            return 1;
        const steady::duration t = left - std::max<steady::duration>(left / 32, margin);
        if (t < milliseconds(1)) return 0;
        return set_receive_timeout(t) ? 1 : 0;
    }

    bool set_receive_timeout(steady::duration t) noexcept {
        const auto us = std::chrono::duration_cast<std::chrono::microseconds>(t).count();
        timeval tv{};
        tv.tv_sec = static_cast<decltype(tv.tv_sec)>(us / 1'000'000);
        tv.tv_usec = static_cast<decltype(tv.tv_usec)>(us % 1'000'000);
        if (::setsockopt(sock_.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) != 0) {
            receive_timeout_ = unknown_timeout;
            return false;
        }
        receive_timeout_ = t;
        return true;
    }

    static constexpr steady::duration unknown_timeout = steady::duration(-1);
    steady::duration receive_timeout_ = unknown_timeout; // what SO_RCVTIMEO is (0: none)
    bool blocking_fd_ = false;
#endif

    /// Waits until the socket is readable (writable); false on an error, at
    /// the deadline, or at once after use_reactor (would_block).
    bool wait(bool for_write, error_code& ec) {
        namespace ops = net::detail::socket_ops;
        if (never_wait_) {
            ec = net::error::would_block;
            return false;
        }
        for (;;) {
            const int ms = milliseconds_until(deadline_);
            const int ready = ms == 0 ? 0
                              : for_write ? ops::poll_write(sock_.native_handle(), 0, ms, ec)
                                          : ops::poll_read(sock_.native_handle(), 0, ms, ec);
            if (ready > 0) return true;
            if (ready == 0) {
                timed_out_ = true;
                ec = net::error::timed_out;
                return false;
            }
            if (ec != net::error::interrupted) return false;
        }
    }

    tcp::socket sock_;
    std::uint64_t written_ = 0;
    steady::time_point deadline_ = steady::time_point::max();
    bool timed_out_ = false;
    bool wait_first_ = false;
    bool never_wait_ = false;
};

/// OpenSSL doing its own I/O on a counting_socket, without Asio's SSL engine.
///
/// Asio's ssl::stream feeds OpenSSL through a BIO pair: each record is copied
/// from the socket into the pair and out again, through the engine's state
/// machine and its composed operations, which cost about 40,000 instructions
/// of a kept-alive round trip (bench/analysis.md). Here OpenSSL reads and
/// writes itself: this BIO hands its reads and writes to the
/// counting_socket, which counts what reaches the socket. For a blocking
/// call its read_some and write_some wait up to the step's deadline; for an
/// asynchronous one they never wait (use_reactor): the BIO then asks OpenSSL
/// to retry, SSL_read or SSL_write says it wants to read or write, and the
/// call waits for the socket with the reactor and calls again. So the
/// deadlines and the bytes-written accounting that decides whether a POST
/// may be sent again are those of the plain path. (OpenSSL's own socket BIO
/// would count nothing and would write with write(2), which raises SIGPIPE
/// on a connection the peer has reset.)
class socket_bio {
public:
    /// Makes OpenSSL read and write `s` through this object, which must outlive
    /// `ssl`'s use of it. `ssl` owns the new BIO and frees the BIO pair it
    /// replaces. False (and nothing changed) when OpenSSL is out of memory.
    bool attach(SSL* ssl, counting_socket& s) noexcept {
        const BIO_METHOD* m = method();
        BIO* b = m ? ::BIO_new(m) : nullptr;
        if (!b) return false;
        ::BIO_set_data(b, this);
        ::BIO_set_init(b, 1);
        sock_ = &s;
        ::SSL_set_bio(ssl, b, b);
        return true;
    }

    /// The socket's error of the last failed read or write (eof included;
    /// not would_block, which is a retry).
    const error_code& error() const noexcept { return error_; }
    void clear_error() noexcept { error_ = {}; }

private:
    static const BIO_METHOD* method() noexcept {
        // Made once, never freed (a BIO_METHOD is shared by all the BIOs).
        static BIO_METHOD* const m = [] {
            BIO_METHOD* bm = ::BIO_meth_new(::BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "revring counting_socket");
            if (bm && (!::BIO_meth_set_write(bm, &socket_bio::write) || !::BIO_meth_set_read(bm, &socket_bio::read) ||
                       !::BIO_meth_set_ctrl(bm, &socket_bio::ctrl))) {
                ::BIO_meth_free(bm);
                bm = nullptr;
            }
            return bm;
        }();
        return m;
    }

    static int write(BIO* b, const char* data, int length) {
        auto* self = static_cast<socket_bio*>(::BIO_get_data(b));
        ::BIO_clear_retry_flags(b);
        error_code ec;
        const std::size_t n = self->sock_->write_some(net::buffer(data, static_cast<std::size_t>(length)), ec);
        if (n > 0) return static_cast<int>(n);
        if (would_block(ec)) {
            ::BIO_set_retry_write(b);
            return -1;
        }
        self->error_ = ec ? ec : net::error::broken_pipe;
        return -1;
    }

    static int read(BIO* b, char* data, int length) {
        auto* self = static_cast<socket_bio*>(::BIO_get_data(b));
        ::BIO_clear_retry_flags(b);
        error_code ec;
        const std::size_t n = self->sock_->read_some(net::buffer(data, static_cast<std::size_t>(length)), ec);
        if (n > 0) return static_cast<int>(n);
        if (would_block(ec)) {
            ::BIO_set_retry_read(b);
            return -1;
        }
        self->error_ = ec ? ec : net::error::eof;
        return self->error_ == net::error::eof ? 0 : -1;
    }

    static long ctrl(BIO*, int cmd, long, void*) { return cmd == BIO_CTRL_FLUSH ? 1 : 0; }

    counting_socket* sock_ = nullptr;
    error_code error_;
};

/// A synchronous stream for Beast over an SSL object whose BIO is a
/// socket_bio: SSL_read and SSL_write block (up to the socket's deadline),
/// or fail with net::error::would_block when the socket never waits. Their
/// failures are reported as Asio's SSL stream reports them (a connection
/// closed without close_notify is ssl::error::stream_truncated, a
/// close_notify is net::error::eof, a socket error or timeout is itself).
class direct_tls_stream {
public:
    direct_tls_stream(SSL* ssl, socket_bio& bio) noexcept : ssl_(ssl), bio_(bio) {}

    /// SSL_get_error needs this thread's error queue empty before each TLS
    /// call. A failed call of this stream empties it (`call`), and a
    /// successful one leaves nothing, so it is checked once per handshake
    /// and per request, for errors left by other code on this thread:
    /// looking costs hundreds of instructions in OpenSSL 3 (it fetches the
    /// thread's state), clearing thousands (all its slots are reset).
    static void empty_error_queue() noexcept {
        if (::ERR_peek_error() != 0) ::ERR_clear_error();
    }

    void handshake(error_code& ec) {
        empty_error_queue();
        call([this] { return ::SSL_connect(ssl_); }, ec);
    }

    template <class MutableBuffers> std::size_t read_some(const MutableBuffers& bufs, error_code& ec) {
        for (auto it = net::buffer_sequence_begin(bufs); it != net::buffer_sequence_end(bufs); ++it) {
            const net::mutable_buffer b(*it);
            if (b.size() == 0) continue;
            const int r = call([&] { return ::SSL_read(ssl_, b.data(), clamp(b.size())); }, ec);
            return r > 0 ? static_cast<std::size_t>(r) : 0;
        }
        ec = {};
        return 0;
    }

    /// Writes one buffer as it is (a request: head and body in one string),
    /// or up to 16 KiB of a sequence of several, copied into one block as
    /// Asio's SSL stream does with 8 KiB, so that they go out in one record.
    template <class ConstBuffers> std::size_t write_some(const ConstBuffers& bufs, error_code& ec) {
        const auto first = net::buffer_sequence_begin(bufs);
        const auto last = net::buffer_sequence_end(bufs);
        if (first != last && std::next(first) == last) {
            const net::const_buffer b(*first);
            return write_block(b.data(), b.size(), ec);
        }
        unsigned char block[16384];
        return write_block(block, net::buffer_copy(net::buffer(block), bufs), ec);
    }

    template <class MutableBuffers> std::size_t read_some(const MutableBuffers& b) {
        error_code ec;
        const std::size_t n = read_some(b, ec);
        if (ec) throw boost::system::system_error(ec);
        return n;
    }

    template <class ConstBuffers> std::size_t write_some(const ConstBuffers& b) {
        error_code ec;
        const std::size_t n = write_some(b, ec);
        if (ec) throw boost::system::system_error(ec);
        return n;
    }

private:
    static int clamp(std::size_t n) noexcept { return n > INT_MAX ? INT_MAX : static_cast<int>(n); }

    std::size_t write_block(const void* data, std::size_t n, error_code& ec) {
        if (n == 0) {
            ec = {};
            return 0;
        }
        const int r = call([&] { return ::SSL_write(ssl_, data, clamp(n)); }, ec);
        return r > 0 ? static_cast<std::size_t>(r) : 0;
    }

    template <class F> int call(F f, error_code& ec) {
        bio_.clear_error();
        const int r = f();
        if (r > 0) {
            ec = {};
            return r;
        }
        const int e = ::SSL_get_error(ssl_, r);
        if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE) { // (only from a socket that never waits)
            ec = net::error::would_block;
            return r;
        }
        const unsigned long queued = ::ERR_get_error();
        const error_code& sock = bio_.error();
        if (e == SSL_ERROR_ZERO_RETURN)
            ec = net::error::eof; // close_notify
        else if (sock == net::error::eof)
            ec = ssl::error::stream_truncated; // closed without close_notify
        else if (sock)
            ec = sock; // the socket's error, the deadline's timed_out included
        else if (queued)
            ec = error_code(static_cast<int>(queued), net::error::get_ssl_category());
        else // (an SSL_ERROR_SSL without a queued error would otherwise become
             // error code 0, which reads as success)
            ec = ssl::error::unexpected_result;
        if (queued) ::ERR_clear_error(); // leave the queue empty, see empty_error_queue
        return r;
    }

    SSL* ssl_;
    socket_bio& bio_;
};

/// Beast's HTTP/1.1 parser reading a response straight into a
/// transport::response: status, headers in the order received, body. The
/// parsing is basic_parser's (its limits, chunked bodies, keep-alive); what
/// is left out is Beast's fields container, which allocated each field to
/// have it copied out again, and a body type that resized its string
/// (writing zeros over the body) before copying into it.
class response_parser final : public http::basic_parser<false> {
public:
    response& get() noexcept { return res_; }
    unsigned status() const noexcept { return static_cast<unsigned>(res_.status); }

private:
    using string_view = beast::string_view;

    void on_request_impl(http::verb, string_view, string_view, int, error_code&) override {} // (a response parser)

    void on_response_impl(int code, string_view, int, error_code&) override {
        res_.status = code; // (three digits: basic_parser reads no more)
        res_.headers.reserve(8); // (one allocation for a usual response's fields, not four)
    }

    void on_field_impl(http::field, string_view name, string_view value, error_code&) override {
        res_.headers.emplace_back(std::string(name), std::string(value));
    }

    void on_header_impl(error_code&) override {}

    /// Room for the announced length, up to 1 MiB: a larger body grows as it
    /// arrives, so a Content-Length that no body follows cannot make the
    /// client allocate it (basic_parser has checked it against the body
    /// limit, which a client may set as high as it likes).
    void on_body_init_impl(const boost::optional<std::uint64_t>& length, error_code&) override {
        if (length) res_.body.reserve(static_cast<std::size_t>(std::min<std::uint64_t>(*length, max_reserve)));
    }

    static constexpr std::uint64_t max_reserve = 1024 * 1024;

    std::size_t on_body_impl(string_view body, error_code&) override {
        res_.body.append(body.data(), body.size());
        return body.size();
    }

    void on_chunk_header_impl(std::uint64_t, string_view, error_code&) override {}

    std::size_t on_chunk_body_impl(std::uint64_t, string_view body, error_code&) override {
        res_.body.append(body.data(), body.size());
        return body.size();
    }

    void on_finish_impl(error_code&) override {}

    response res_;
};

/// One HTTP/1.1 connection, TLS or (loopback only) plain.
struct connection {
    connection(const net::any_io_executor& ex, ssl::context* ctx) {
        if (ctx)
            tls.emplace(ex, *ctx);
        else
            plain.emplace(ex);
        // Beast reads into what the buffer has room for, at least 512 bytes,
        // and a flat_buffer keeps its size: without this, every response
        // would be read 512 bytes at a time (seven TLS reads and seven parser
        // calls for a 3.2 KB call record, not one). 16 KiB is one TLS record.
        buffer.reserve(read_buffer_size);
    }

    static constexpr std::size_t read_buffer_size = 16 * 1024;

    counting_socket& sock() noexcept { return tls ? tls->next_layer() : *plain; }

    /// Calls `f` with the connection's synchronous stream: the plain socket,
    /// OpenSSL on the socket once attach_direct() has succeeded, or (a
    /// blocking call's connection, when that failed) Asio's SSL engine.
    template <class F> void with_stream(F&& f) {
        if (direct) {
            direct_tls_stream d(tls->native_handle(), bio);
            f(d);
        } else if (tls) {
            f(*tls);
        } else {
            f(*plain);
        }
    }

    /// The TLS handshake of a blocking call's connection: OpenSSL on the
    /// socket (attach_direct), or Asio's engine when that failed.
    void blocking_handshake(error_code& ec) {
        attach_direct();
        if (direct)
            direct_tls_stream(tls->native_handle(), bio).handshake(ec);
        else
            tls->handshake(ssl::stream_base::client, ec);
    }

    /// Makes OpenSSL read and write the socket itself (see socket_bio).
    /// Read-ahead lets one read take a whole response; the buffers are kept
    /// between requests (Asio's engine has OpenSSL release them when idle).
    /// When OpenSSL is out of memory the connection keeps Asio's engine
    /// (`direct` stays false).
    void attach_direct() noexcept {
        SSL* ssl = tls->native_handle();
        if (!bio.attach(ssl, tls->next_layer())) return;
        ::SSL_set_read_ahead(ssl, 1);
#if defined(SSL_MODE_RELEASE_BUFFERS)
        ::SSL_clear_mode(ssl, SSL_MODE_RELEASE_BUFFERS);
#endif
        direct = true;
    }

    /// Closes the socket; a pending operation completes with operation_aborted.
    void close() noexcept {
        error_code ec;
        sock().socket().close(ec);
        connected = false;
    }

    /// True when a kept-alive connection can carry a request: open, nothing
    /// unread, and the server has neither closed it nor sent anything (a
    /// non-blocking peek would block). Nothing is written by this check.
    bool idle_and_alive() noexcept {
        if (!connected || buffer.size() != 0) return false;
        if (direct && ::SSL_has_pending(tls->native_handle())) return false; // read ahead of a request
        auto& s = sock().socket();
        if (!s.is_open()) return false;
        char c;
#if defined(MSG_DONTWAIT) && !defined(_WIN32)
        // One system call, and the socket's mode (and asio's record of it)
        // left alone: nothing to read yet means alive; end of stream, bytes
        // the server sent unasked, or an error mean it cannot be reused.
        const auto n = ::recv(s.native_handle(), &c, 1, MSG_PEEK | MSG_DONTWAIT);
        return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
#else
        error_code ec;
        s.non_blocking(true, ec);
        if (ec) return false;
        s.receive(net::buffer(&c, 1), tcp::socket::message_peek, ec);
        error_code ignored;
        s.non_blocking(false, ignored);
        return ec == net::error::would_block || ec == net::error::try_again;
#endif
    }

    std::optional<ssl::stream<counting_socket>> tls;
    std::optional<counting_socket> plain;
    beast::flat_buffer buffer;
    bool connected = false;
    // After attach_direct(): OpenSSL reads and writes the socket through
    // `bio`; the ssl::stream only owns the SSL object (with its server name
    // and verify callback) and is never used for I/O. An asynchronous call's
    // connection is always direct.
    socket_bio bio;
    bool direct = false;
};

class call_op;

/// The strand an asynchronous call's handlers run on (call_op).
using call_strand = net::strand<net::any_io_executor>;

/// The connections of one executor: idle ones for reuse, at most `max` open,
/// and the calls waiting for one; and the strands of finished calls.
class pool {
public:
    pool(net::any_io_executor ex, ssl::context* ctx, std::size_t max)
        : ex_(std::move(ex)), ctx_(ctx), max_(max ? max : 1) {
        spare_strands_.reserve(max_spare_strands);
    }
    pool(const pool&) = delete;
    pool& operator=(const pool&) = delete;
    ~pool() {
        for (auto& c : idle_) c->close();
    }

    /// A new, unconnected connection object.
    std::unique_ptr<connection> fresh() { return std::make_unique<connection>(ex_, ctx_); }

    /// An idle or new connection, or nullptr when `op` was queued; it then
    /// receives one through call_op::on_connection.
    std::unique_ptr<connection> acquire(const std::shared_ptr<call_op>& op);
    /// Removes `op` from the queue; false when it was not queued (any more).
    bool cancel_wait(const call_op* op);
    /// Takes back a connection that can carry another request.
    void release(std::unique_ptr<connection> c);
    /// Takes back a connection that cannot: it is closed.
    void discard(std::unique_ptr<connection> c);

    /// A strand for a new call: one a finished call gave back, or a new one.
    /// Making a strand takes the strand service's lock and two allocations,
    /// destroying it the lock again; a call's handlers only need to run one
    /// at a time, which a strand used before ensures as well as a new one.
    call_strand take_strand();
    void give_back_strand(call_strand s) noexcept;

private:
    std::shared_ptr<call_op> next_waiter(); // under m_
    static void hand_over(std::shared_ptr<call_op> op, std::unique_ptr<connection> c);

    net::any_io_executor ex_;
    ssl::context* ctx_;
    std::size_t max_;
    std::mutex m_;
    std::vector<std::unique_ptr<connection>> idle_;
    std::size_t open_ = 0;
    std::deque<std::pair<const call_op*, std::weak_ptr<call_op>>> waiters_;
    std::vector<call_strand> spare_strands_;
    static constexpr std::size_t max_spare_strands = 256;
};

/// What the blocking API runs on: at most one kept-alive connection, and an
/// io_context for resolving host names.
struct sync_slot {
    explicit sync_slot(ssl::context* c) : ctx(c), ioc(1), resolver(ioc) {}
    sync_slot(const sync_slot&) = delete;
    sync_slot& operator=(const sync_slot&) = delete;
    ~sync_slot() {
        if (idle) idle->close();
    }

    /// The kept-alive connection, or a new, unconnected one.
    std::unique_ptr<connection> take() { return idle ? std::move(idle) : fresh(); }
    std::unique_ptr<connection> fresh() { return std::make_unique<connection>(ioc.get_executor(), ctx); }

    ssl::context* ctx;
    net::io_context ioc;
    tcp::resolver resolver;           // after ioc: destroyed first
    std::unique_ptr<connection> idle; // after ioc: destroyed first
};

inline double unit_random() {
    thread_local std::mt19937 rng{std::random_device{}()};
    return std::uniform_real_distribution<double>(0.0, 1.0)(rng);
}

inline std::string ms_text(std::chrono::milliseconds d) { return std::to_string(d.count()) + " ms"; }

} // namespace revring::transport::detail

namespace revring::transport {

class core {
public:
    client_options opts;
    revring::base_url url;
    std::optional<boost::asio::ssl::context> tls;
    std::optional<boost::asio::any_io_executor> executor;
    std::optional<boost::asio::ip::address> ip; // when the host is an IP literal
    std::string port_text;
    std::string host_field; // the Host header's value: url.host_header()
    std::unique_ptr<detail::pool> async_pool;

    std::atomic<std::uint64_t> connections{0};
    std::atomic<std::uint64_t> handshakes{0};
    std::atomic<std::uint64_t> requests{0};
    std::atomic<std::uint64_t> retries{0};

    explicit core(revring::base_url u) : url(std::move(u)), host_field(url.host_header()) {}

    std::unique_ptr<detail::sync_slot> take_slot() {
        {
            std::lock_guard lock(sync_mutex_);
            if (!sync_idle_.empty()) {
                auto s = std::move(sync_idle_.back());
                sync_idle_.pop_back();
                return s;
            }
        }
        return std::make_unique<detail::sync_slot>(tls ? &*tls : nullptr);
    }

    void give_back(std::unique_ptr<detail::sync_slot> s) {
        std::lock_guard lock(sync_mutex_);
        if (sync_idle_.size() < 4) sync_idle_.push_back(std::move(s));
    }

    /// Replaces every occurrence of the API key in `s`.
    void redact(std::string& s) const {
        const auto key = opts.api_key.expose_secret();
        if (key.empty()) return;
        for (std::size_t pos = s.find(key); pos != std::string::npos; pos = s.find(key, pos + 10))
            s.replace(pos, key.size(), "[redacted]");
    }

private:
    std::mutex sync_mutex_;
    std::vector<std::unique_ptr<detail::sync_slot>> sync_idle_;
};

namespace detail {

/// Certificate check: the chain (OpenSSL's verdict) and then the host name
/// (asio's host_name_verification, RFC 6125 rules). Records why it failed.
struct verifier {
    ssl::host_name_verification check;
    std::shared_ptr<std::string> failure;
    std::string host;

    bool operator()(bool preverified, ssl::verify_context& ctx) {
        if (!preverified) {
            if (failure->empty()) {
                const int err = X509_STORE_CTX_get_error(ctx.native_handle());
                failure->assign("certificate verification failed: ").append(X509_verify_cert_error_string(err));
            }
            return false;
        }
        if (!check(preverified, ctx)) {
            if (failure->empty()) failure->assign("the certificate does not match the host name ").append(host);
            return false;
        }
        return true;
    }
};

/// Request-id style response headers, most specific first.
inline std::string find_request_id(const http_headers& h) {
    for (std::string_view name : {"x-request-id", "request-id", "x-amzn-requestid", "x-amz-request-id",
                                  "x-correlation-id", "cf-ray"})
        for (const auto& [n, v] : h)
            if (revring::detail::header_name_equals(n, name)) return v;
    return {};
}

/// A short, printable excerpt of a server-provided text.
inline std::string printable(std::string_view s, std::size_t max) {
    std::string out;
    for (char c : s.substr(0, max)) out.push_back(static_cast<unsigned char>(c) < 0x20 || c == 0x7f ? ' ' : c);
    if (s.size() > max) out.append("...");
    return out;
}

/// The human message of a JSON error body, when it has one.
inline std::string server_message(std::string_view body) {
    error_code ec;
    boost::json::parse_options po;
    po.max_depth = 16;
    const auto jv = boost::json::parse(body, ec, {}, po);
    if (ec || !jv.is_object()) return {};
    const auto& o = jv.get_object();
    for (std::string_view k : {"message", "error", "detail", "error_description"}) {
        const auto* v = o.if_contains(k);
        if (!v) continue;
        if (v->is_string()) return printable(v->get_string(), 300);
        if (v->is_object())
            if (const auto* m = v->get_object().if_contains("message"); m && m->is_string())
                return printable(m->get_string(), 300);
    }
    return {};
}

inline void fill_from_response(error& e, const response& r) {
    e.http_status = r.status;
    e.headers = r.headers;
    e.request_id = find_request_id(r.headers);
    e.body = r.body.substr(0, REVRING_ERROR_BODY_EXCERPT);
}

inline std::optional<std::chrono::seconds> retry_after_of(const response& r) {
    const auto v = r.header("retry-after");
    if (v.empty()) return std::nullopt;
    return parse_retry_after(v, std::chrono::system_clock::now());
}

/// One request with its retries: what each step of an attempt decides, and
/// the errors it reports. Two drivers run the steps: `call_op` as a chain of
/// asynchronous operations, and `blocking_call` as blocking socket I/O with
/// poll deadlines (the blocking API). Both say the same thing on the same
/// failure, and both count what reached the socket the same way.
class call_base {
public:
    call_base(const call_base&) = delete;
    call_base& operator=(const call_base&) = delete;

protected:
    enum class phase { idle, acquire, resolve, connect, handshake, write, read, backoff, done };

    call_base(core& c, request req)
        : core_(c), req_(std::move(req)), policy_(req_.options.retry.value_or(c.opts.retry)),
          timeout_(req_.options.timeout.value_or(c.opts.request_timeout)), connect_timeout_(c.opts.connect_timeout) {
        ctx_.idempotent = req_.idempotent;
        ctx_.fail_fast_on_429 = req_.options.fail_fast_on_429;
        build_message();
    }
    virtual ~call_base() = default;

    /// Takes back the attempt's connection: kept for another request when
    /// `reusable`, closed otherwise.
    virtual void put_back(std::unique_ptr<connection> c, bool reusable) = 0;
    /// Starts the next attempt after `delay`.
    virtual void retry_in(steady::duration delay) = 0;
    /// Hands over the final result (already free of the API key).
    virtual void deliver(result<response> r) = 0;

    /// Makes the request's bytes, head and body in one string: one
    /// allocation, and one write (one TLS record for a request under 16 KiB).
    /// The fields, in order: Host, User-Agent, Accept, x-api-key,
    /// client_options::headers, call_options::headers, the idempotency
    /// header, then Content-Type and Content-Length. A field given again
    /// under the same name (any case) replaces the earlier one and is written
    /// where it was given last, as Beast's `fields::set` does. Content-Length
    /// is written for a body, and for POST and PUT without one (as Beast's
    /// `prepare_payload`). Every name and value was checked (`prepare`,
    /// `make_core`): no CR, LF or other control byte can reach the head.
    void build_message() {
        const std::string_view method = to_string(req_.method);
        struct field {
            std::string_view name, value;
        };
        boost::container::small_vector<field, 12> fields;
        fields.push_back({"Host", core_.host_field});
        fields.push_back({"User-Agent", revring::user_agent});
        fields.push_back({"Accept", "application/json"});
        fields.push_back({"x-api-key", core_.opts.api_key.expose_secret()});
        for (const auto& [n, v] : core_.opts.headers) fields.push_back({n, v});
        for (const auto& [n, v] : req_.options.headers) fields.push_back({n, v});
        if (!core_.opts.idempotency_header.empty() && req_.options.idempotency_key)
            fields.push_back({core_.opts.idempotency_header, *req_.options.idempotency_key});
        const auto replaced = [&](std::size_t i) {
            for (std::size_t j = i + 1; j < fields.size(); ++j)
                if (revring::detail::header_name_equals(fields[i].name, fields[j].name)) return true;
            return false;
        };

        const std::string_view body = req_.has_body ? std::string_view(req_.body) : std::string_view();
        const bool content_length =
            !body.empty() || req_.method == http_method::post || req_.method == http_method::put;
        char length[24];
        const auto length_end = std::to_chars(length, length + sizeof length, body.size()).ptr;
        const std::string_view length_text(length, static_cast<std::size_t>(length_end - length));
        constexpr std::string_view content_type = "Content-Type: application/json\r\n";

        // Measured first, then copied piece by piece into the sized string.
        std::size_t size = method.size() + 1 + core_.url.path().size() + req_.target.size() + 11; // " HTTP/1.1\r\n"
        for (std::size_t i = 0; i < fields.size(); ++i)
            if (!replaced(i)) size += fields[i].name.size() + 2 + fields[i].value.size() + 2;
        if (req_.has_body) size += content_type.size();
        if (content_length) size += 16 + length_text.size() + 2; // "Content-Length: " N "\r\n"
        size += 2 + body.size();
        wire_.resize(size);
        char* out = wire_.data();
        const auto put = [&out](std::string_view piece) {
            if (piece.empty()) return; // an empty view may hold a null pointer, which memcpy must not see
            std::memcpy(out, piece.data(), piece.size());
            out += piece.size();
        };
        put(method);
        put(" ");
        put(core_.url.path());
        put(req_.target);
        put(" HTTP/1.1\r\n");
        for (std::size_t i = 0; i < fields.size(); ++i) {
            if (replaced(i)) continue;
            put(fields[i].name);
            put(": ");
            put(fields[i].value);
            put("\r\n");
        }
        if (req_.has_body) put(content_type);
        if (content_length) {
            put("Content-Length: ");
            put(length_text);
            put("\r\n");
        }
        put("\r\n");
        put(body);
        BOOST_ASSERT(out == wire_.data() + wire_.size());
    }

    /// What the messages call this request: "send_call (POST /v1/calls)".
    std::string what() const {
        std::string w(req_.operation.empty() ? std::string_view("request") : req_.operation);
        w.append(" (").append(to_string(req_.method)).append(" ").append(core_.url.path()).append(req_.target);
        return w.append(")");
    }

    void begin_attempt() {
        attempt_done_ = false;
        timed_out_ = false;
        interim_responses_ = 0;
        if (verify_failure_) verify_failure_->clear();
        phase_ = phase::acquire;
        attempt_deadline_ = steady::now() + timeout_;
    }

    /// A new connection is needed: resolving, connecting and the TLS
    /// handshake share the connect deadline.
    void begin_connect() {
        phase_ = phase::resolve;
        connect_deadline_ = std::min(attempt_deadline_, steady::now() + connect_timeout_);
    }

    /// After resolving: false when it failed (the attempt is over).
    bool resolved(error_code ec, const tcp::resolver::results_type& rs) {
        if (ec || rs.empty()) {
            fail(attempt_failure::unsent, errc::connection_failed,
                 "resolving " + core_.url.host() + ": " + (ec ? ec.message() : "no address"), ec);
            return false;
        }
        endpoints_.clear();
        for (const auto& e : rs) endpoints_.push_back(e.endpoint());
        return true;
    }

    void fail_resolve_timeout() {
        fail(attempt_failure::unsent_timeout, errc::timeout, connect_timeout_text() + " (DNS)", net::error::timed_out);
    }

    std::string peer() const { return core_.host_field; }

    std::string connect_timeout_text() const {
        return "connecting to " + peer() + " timed out after " +
               ms_text(std::chrono::duration_cast<std::chrono::milliseconds>(connect_deadline_ - attempt_started()));
    }

    steady::time_point attempt_started() const { return attempt_deadline_ - timeout_; }

    /// After connecting: false when it failed.
    bool connected(error_code ec) {
        if (timed_out_) {
            fail(attempt_failure::unsent_timeout, errc::timeout, connect_timeout_text(), ec);
            return false;
        }
        if (ec) {
            fail(attempt_failure::unsent, errc::connection_failed, "connecting to " + peer() + ": " + ec.message(), ec);
            return false;
        }
        ++core_.connections;
        error_code ignored;
        conn_->sock().socket().set_option(tcp::no_delay(true), ignored);
        if (!conn_->tls) conn_->connected = true;
        return true;
    }

    /// Sets the server name and the certificate checks: false when that failed.
    bool prepare_handshake() {
        phase_ = phase::handshake;
        auto& s = *conn_->tls;
        const std::string& host = core_.url.host();
        // SNI: a host name only (RFC 6066 forbids IP literals).
        if (!core_.url.host_is_ip() && !SSL_set_tlsext_host_name(s.native_handle(), host.c_str())) {
            fail(attempt_failure::unsent_permanent, errc::tls_failed, "setting the TLS server name failed",
                 error_code(static_cast<int>(::ERR_get_error()), net::error::get_ssl_category()));
            return false;
        }
        s.set_verify_mode(ssl::verify_peer);
        if (!verify_failure_) verify_failure_ = std::make_shared<std::string>();
        s.set_verify_callback(verifier{ssl::host_name_verification(host), verify_failure_, host});
        return true;
    }

    /// After the TLS handshake: false when it failed.
    bool handshaken(error_code ec) {
        if (timed_out_) {
            fail(attempt_failure::unsent_timeout, errc::timeout, connect_timeout_text() + " (TLS handshake)", ec);
            return false;
        }
        if (ec) {
            const bool verification = verify_failure_ && !verify_failure_->empty();
            fail(verification ? attempt_failure::unsent_permanent : attempt_failure::unsent, errc::tls_failed,
                 "TLS handshake with " + peer() + " failed: " + (verification ? *verify_failure_ : ec.message()), ec);
            return false;
        }
        ++core_.handshakes;
        conn_->connected = true;
        return true;
    }

    void begin_write() {
        phase_ = phase::write;
        conn_->sock().reset_bytes_written();
        ++core_.requests;
    }

    /// After writing the request: false when it failed.
    bool written(error_code ec) {
        const bool any = conn_->sock().bytes_written() > 0;
        if (timed_out_) {
            if (!any)
                fail(attempt_failure::unsent_timeout, errc::timeout,
                     "no byte of the request could be written within " + ms_text(timeout_), ec);
            else
                fail(attempt_failure::sent_timeout, errc::outcome_unknown,
                     "timed out after " + ms_text(timeout_) + " while writing the request", ec);
            return false;
        }
        if (ec) {
            if (!any)
                fail(attempt_failure::unsent, errc::connection_failed,
                     "the connection failed before any byte of the request was written: " + ec.message(), ec);
            else
                fail(attempt_failure::sent_no_response, errc::outcome_unknown,
                     "the connection failed while the request was being written: " + ec.message(), ec);
            return false;
        }
        return true;
    }

    void begin_read() {
        phase_ = phase::read;
        parser_.emplace();
        parser_->body_limit(core_.opts.body_limit);
        parser_->header_limit(64 * 1024);
        if (req_.method == http_method::head) parser_->skip(true);
    }

    /// After reading a response: true when it was an interim (1xx) one and
    /// the next must be read; otherwise the attempt is over.
    bool read_again(error_code ec) {
        if (!ec) {
            const unsigned status = parser_->status();
            // An interim 1xx answer (100 Continue, 103 Early Hints) precedes the
            // final one (RFC 9110, 15.2): read on, within the same deadline.
            // A status outside 100-599, or a 101 nobody asked for, is no valid
            // answer; reporting it as an HTTP status would suggest that the
            // server decided something (found by the http_response fuzz target).
            const bool interim = status >= 100 && status <= 199 && status != 101;
            if (interim && ++interim_responses_ <= 8) return true;
            if (status < 200 || status > 599) {
                fail(attempt_failure::sent_bad_response, errc::outcome_unknown,
                     "malformed HTTP response (status " + std::to_string(status) +
                         (interim ? ", after 8 interim responses)" : ")"),
                     {});
                return false;
            }
            response r = std::move(parser_->get());
            r.attempts = ctx_.retries_done + 1;
            const bool reusable = !timed_out_ && parser_->keep_alive() && conn_->buffer.size() == 0;
            finish(attempt_failure::none, std::move(r), {}, reusable);
        } else if (timed_out_) {
            fail(attempt_failure::sent_timeout, errc::outcome_unknown,
                 "no complete response within " + ms_text(timeout_) + " after the request was sent", ec);
        } else if (ec == http::error::body_limit) {
            fail(attempt_failure::sent_bad_response, errc::outcome_unknown,
                 "the response body exceeds the limit of " + std::to_string(core_.opts.body_limit) + " bytes", ec);
        } else if (!parser_->got_some()) {
            fail(attempt_failure::sent_no_response, errc::outcome_unknown,
                 "the connection closed after the request was sent, before any response (" + ec.message() + ")", ec);
        } else if (ec == http::error::partial_message || ec == ssl::error::stream_truncated ||
                   ec == net::error::eof || ec == net::error::connection_reset) {
            fail(attempt_failure::sent_bad_response, errc::outcome_unknown,
                 "the response was truncated: the connection closed before it was complete", ec);
        } else {
            fail(attempt_failure::sent_bad_response, errc::outcome_unknown,
                 "malformed HTTP response (" + ec.message() + ")", ec);
        }
        return false;
    }

    void fail(attempt_failure kind, errc code, std::string message, error_code cause) {
        error e(code, what() + ": " + message);
        if (timed_out_ || kind == attempt_failure::unsent_timeout || kind == attempt_failure::sent_timeout)
            e.cause = net::error::timed_out; // rather than the operation_aborted of the closed socket
        else
            e.cause = cause;
        finish(kind, std::nullopt, std::move(e), false);
    }

    void finish(attempt_failure kind, std::optional<response> r, error e, bool reusable) {
        attempt_done_ = true;
        parser_.reset();
        if (conn_) put_back(std::move(conn_), reusable);
        const bool ok = r && r->status >= 200 && r->status <= 299;
        if (ok) return complete(std::move(*r));

        std::optional<std::chrono::seconds> retry_after;
        if (r) retry_after = retry_after_of(*r);
        if (const auto delay = retry_delay(policy_, ctx_, kind, r ? r->status : 0, retry_after, unit_random())) {
            ++ctx_.retries_done;
            ++core_.retries;
            phase_ = phase::backoff;
            return retry_in(*delay);
        }

        if (r) e = status_error(*r, retry_after);
        if (e.is(errc::outcome_unknown) && !ctx_.idempotent)
            e.message.append(req_.operation == "send_call"
                                 ? "; the call may have been placed, so it was not sent again"
                                 : "; it may have taken effect, so it was not sent again");
        if (ctx_.retries_done > 0) e.message.append(" (after " + std::to_string(ctx_.retries_done + 1) + " attempts)");
        complete(std::move(e));
    }

    error status_error(const response& r, std::optional<std::chrono::seconds> retry_after) const {
        std::string m = what() + ": HTTP " + std::to_string(r.status);
        const auto reason = http::obsolete_reason(http::int_to_status(static_cast<unsigned>(r.status)));
        if (!reason.empty() && reason != "<unknown-status>") m.append(" ").append(reason);
        if (r.status >= 300 && r.status <= 399) {
            m.append(" (redirects are not followed");
            if (const auto loc = r.header("location"); !loc.empty()) m.append("; Location: ").append(printable(loc, 200));
            m.append(")");
        }
        if (const auto sm = server_message(r.body); !sm.empty()) m.append(": ").append(sm);
        if (r.status == 429) {
            m.append(ctx_.fail_fast_on_429 ? " (skipQueue: returned at once)" : "");
            if (retry_after) m.append("; Retry-After ").append(std::to_string(retry_after->count())).append(" s");
        }
        error e(errc_from_status(r.status), std::move(m));
        fill_from_response(e, r);
        e.retry_after = retry_after;
        return e;
    }

    void complete(result<response> r) {
        phase_ = phase::done;
        if (r.has_error()) {
            error e = r.error(); // result<T, E>::error() returns a copy in Boost 1.81
            core_.redact(e.message);
            core_.redact(e.body);
            core_.redact(e.request_id);
            for (auto& [n, v] : e.headers) core_.redact(v);
            r = std::move(e);
        }
        deliver(std::move(r));
    }

    core& core_;
    request req_;
    std::string wire_; // the request's bytes (build_message); holds the API key
    retry_policy policy_;
    retry_context ctx_;
    std::chrono::milliseconds timeout_;
    std::chrono::milliseconds connect_timeout_;
    // Why the certificate was refused, set by the verify callback (which the
    // connection keeps): made with the first handshake of this call, so a
    // request on a kept-alive connection does not allocate it.
    std::shared_ptr<std::string> verify_failure_;

    std::unique_ptr<connection> conn_;
    std::optional<response_parser> parser_;
    std::vector<tcp::endpoint> endpoints_;
    steady::time_point attempt_deadline_{};
    steady::time_point connect_deadline_{};
    phase phase_ = phase::idle;
    bool attempt_done_ = true;
    bool timed_out_ = false;
    unsigned interim_responses_ = 0; // 1xx answers skipped in this attempt
};

/// The asynchronous driver: each step a handler on a strand, watched by one
/// steady_timer (the connect deadline, then the attempt's).
///
/// The strand, the timer's and the resolver's executor and every handler's
/// bound executor are the strand's own type, not an `any_io_executor` around
/// it: a strand does not fit in `any_io_executor`'s inline storage, so each
/// time Asio copies or `prefer`s such a wrapper (for every operation's work
/// tracking) it allocates; a strand of the type-erased I/O executor does not.
class call_op final : public call_base, public std::enable_shared_from_this<call_op> {
public:
    using strand_type = call_strand;

    call_op(core& c, std::shared_ptr<core> keep_alive, pool& p, request req, completion_handler h,
            net::any_io_executor io_ex)
        : call_base(c, std::move(req)), keep_alive_(std::move(keep_alive)), pool_(p), handler_(std::move(h)),
          strand_(p.take_strand()), timer_(strand_), resolver_(strand_) {
        // Keep the handler's executor busy (its io_context's run() from
        // returning) until the handler has run.
        handler_ex_.emplace(net::prefer(net::get_associated_executor(handler_, io_ex),
                                        net::execution::outstanding_work.tracked));
    }

    ~call_op() override { pool_.give_back_strand(std::move(strand_)); }

    void start() {
        net::post(strand_, [self = shared_from_this()] { self->start_attempt(); });
    }

    const strand_type& strand() const noexcept { return strand_; }

    /// A connection handed over by the pool (runs on the strand).
    void on_connection(std::unique_ptr<connection> c) {
        if (!waiting_ || attempt_done_ || phase_ != phase::acquire) {
            pool_.release(std::move(c)); // gave up waiting: pass it on
            return;
        }
        waiting_ = false;
        use_connection(std::move(c));
    }

private:
    bool stale(unsigned g) const noexcept { return g != gen_ || attempt_done_; }

    void arm_timer(steady::time_point at) {
        const unsigned g = ++timer_gen_;
        timer_.expires_at(at);
        timer_.async_wait([self = shared_from_this(), g](error_code) {
            if (g == self->timer_gen_) self->on_timer();
        });
    }

    void cancel_timer() {
        ++timer_gen_;
        timer_.cancel();
    }

    void start_attempt() {
        ++gen_;
        begin_attempt();
        arm_timer(attempt_deadline_);
        waiting_ = true;
        if (auto c = pool_.acquire(shared_from_this())) {
            waiting_ = false;
            use_connection(std::move(c));
        }
    }

    void use_connection(std::unique_ptr<connection> c) {
        conn_ = std::move(c);
        if (conn_->connected) {
            if (conn_->idle_and_alive()) return write_request();
            // Closed (or spoken on) by the server while idle: replace it before
            // anything of this request is written.
            conn_->close();
            conn_ = pool_.fresh();
        }
        resolve();
    }

    void resolve() {
        begin_connect();
        arm_timer(connect_deadline_);
        if (core_.ip) {
            endpoints_.assign(1, tcp::endpoint(*core_.ip, core_.url.port()));
            return connect();
        }
        resolver_.async_resolve(core_.url.host(), core_.port_text,
                                [self = shared_from_this(), g = gen_](error_code ec, tcp::resolver::results_type rs) {
                                    if (!self->stale(g) && self->resolved(ec, rs)) self->connect();
                                });
    }

    void connect() {
        phase_ = phase::connect;
        net::async_connect(conn_->sock().socket(), endpoints_,
                           net::bind_executor(strand_, [self = shared_from_this(), g = gen_](error_code ec,
                                                                                            const tcp::endpoint&) {
                               self->on_connect(g, ec);
                           }));
    }

    void on_connect(unsigned g, error_code ec) {
        if (stale(g) || !connected(ec)) return;
        conn_->sock().use_reactor(ec);
        if (ec)
            return fail(attempt_failure::unsent, errc::connection_failed,
                        "connecting to " + peer() + ": " + ec.message(), ec);
        if (conn_->tls) return handshake();
        arm_timer(attempt_deadline_);
        write_request();
    }

    // The handshake, the write and the read are OpenSSL (or the plain
    // socket) called directly, as for a blocking call, on a socket that
    // never waits: a step that would wait waits for the socket with the
    // reactor, then goes on. A request on a kept-alive connection is one
    // SSL_write and one wait for the reply: no composed operations, no
    // handler per TLS record.

    /// Resumes `step` when the socket is ready for `w`, or with the error
    /// that ended the wait (operation_aborted when the timer closed it).
    void wait(tcp::socket::wait_type w, void (call_op::*step)(error_code)) {
        conn_->sock().socket().async_wait(
            w, net::bind_executor(strand_, [self = shared_from_this(), g = gen_, step](error_code ec) {
                if (!self->stale(g)) ((*self).*step)(ec);
            }));
    }

    /// What the stream waits for after would_block: for TLS what OpenSSL
    /// wants (SSL_read may have to write, and SSL_write to read), otherwise
    /// what the step does.
    tcp::socket::wait_type blocked_on(bool writing) const noexcept {
        if (conn_->direct) writing = SSL_want_write(conn_->tls->native_handle());
        return writing ? tcp::socket::wait_write : tcp::socket::wait_read;
    }

    void handshake() {
        if (!prepare_handshake()) return;
        conn_->attach_direct();
        if (!conn_->direct)
            return fail(attempt_failure::unsent, errc::tls_failed, "OpenSSL is out of memory", net::error::no_memory);
        continue_handshake({});
    }

    void continue_handshake(error_code ec) {
        if (!ec) {
            direct_tls_stream(conn_->tls->native_handle(), conn_->bio).handshake(ec);
            if (would_block(ec)) return wait(blocked_on(false), &call_op::continue_handshake);
        }
        if (!handshaken(ec)) return;
        arm_timer(attempt_deadline_);
        write_request();
    }

    void write_request() {
        begin_write();
        sent_ = 0;
        if (conn_->direct) direct_tls_stream::empty_error_queue();
        continue_write({});
    }

    void continue_write(error_code ec) {
        if (!ec) {
            conn_->with_stream([&](auto& stream) { sent_ += net::write(stream, net::buffer(wire_) + sent_, ec); });
            if (would_block(ec)) return wait(blocked_on(true), &call_op::continue_write);
        }
        if (!written(ec)) return;
        // Nothing to read yet: the reply is waited for before the first read.
        begin_read();
        wait(tcp::socket::wait_read, &call_op::continue_read);
    }

    void continue_read(error_code ec) {
        if (!ec) {
            conn_->with_stream([&](auto& stream) { http::read(stream, conn_->buffer, *parser_, ec); });
            if (would_block(ec)) return wait(blocked_on(false), &call_op::continue_read);
        }
        if (!read_again(ec)) return;
        begin_read(); // the final response after an interim one: it may be here already
        continue_read({});
    }

    void on_timer() {
        if (phase_ == phase::backoff) return start_attempt();
        if (attempt_done_ || phase_ == phase::done) return;
        timed_out_ = true;
        switch (phase_) {
        case phase::acquire:
            pool_.cancel_wait(this);
            waiting_ = false;
            return fail(attempt_failure::unsent_timeout, errc::timeout,
                        "no connection became free within " + ms_text(timeout_), net::error::timed_out);
        case phase::resolve:
            resolver_.cancel();
            return fail_resolve_timeout();
        default:
            // The pending operation completes with an error and ends the attempt.
            conn_->close();
            return;
        }
    }

    void put_back(std::unique_ptr<connection> c, bool reusable) override {
        cancel_timer();
        if (reusable)
            pool_.release(std::move(c));
        else
            pool_.discard(std::move(c));
    }

    void retry_in(steady::duration delay) override { arm_timer(steady::now() + delay); }

    void deliver(result<response> r) override {
        cancel_timer();
        auto h = std::move(handler_);
        auto ex = std::move(*handler_ex_);
        handler_ex_.reset();
        net::dispatch(ex, [h = std::move(h), r = std::move(r)]() mutable { std::move(h)(std::move(r)); });
    }

    std::shared_ptr<core> keep_alive_; // async calls keep the client state alive
    pool& pool_;
    completion_handler handler_;
    std::optional<net::any_completion_executor> handler_ex_;
    strand_type strand_;
    net::basic_waitable_timer<steady, net::wait_traits<steady>, strand_type> timer_;
    net::ip::basic_resolver<tcp, strand_type> resolver_;
    std::size_t sent_ = 0; // bytes of wire_ written by this attempt
    unsigned gen_ = 0;
    unsigned timer_gen_ = 0;
    bool waiting_ = false;
};

/// The blocking driver: the same steps as blocking socket I/O in the calling
/// thread, each wait bounded by the step's deadline (counting_socket's
/// read_some and write_some, which OpenSSL calls through socket_bio: a wait
/// to read is a recv() bounded by SO_RCVTIMEO, a wait to write a poll()).
/// No reactor, timer or handler: a kept-alive round trip is the probe, one
/// write and one read. Only resolving a host name goes
/// through the slot's io_context, so that the connect deadline bounds it too.
class blocking_call final : public call_base {
public:
    blocking_call(core& c, sync_slot& slot, request req) : call_base(c, std::move(req)), slot_(slot) {}

    result<response> run() {
        for (;;) {
            begin_attempt();
            attempt();
            if (out_) return std::move(*out_);
            if (!attempt_done_) // every step ends the attempt when it fails
                return error(errc::outcome_unknown, what() + ": internal error: the attempt did not complete");
            std::this_thread::sleep_for(delay_);
        }
    }

private:
    void attempt() {
        conn_ = slot_.take();
        if (conn_->connected) {
            if (conn_->idle_and_alive()) return exchange();
            conn_->close(); // closed (or spoken on) by the server while idle
            conn_ = slot_.fresh();
        }
        begin_connect();
        if (!resolve() || !connect()) return;
        if (conn_->tls) {
            if (!prepare_handshake()) return;
            auto& s = conn_->sock();
            s.set_deadline(connect_deadline_);
            error_code ec;
            conn_->blocking_handshake(ec);
            timed_out_ = s.timed_out();
            if (!handshaken(ec)) return;
        }
        exchange();
    }

    bool resolve() {
        if (core_.ip) {
            endpoints_.assign(1, tcp::endpoint(*core_.ip, core_.url.port()));
            return true;
        }
        using answer = std::pair<error_code, tcp::resolver::results_type>;
        auto got = std::make_shared<std::optional<answer>>(); // outlives a resolve given up on
        slot_.resolver.async_resolve(core_.url.host(), core_.port_text,
                                     [got](error_code ec, tcp::resolver::results_type rs) {
                                         got->emplace(ec, std::move(rs));
                                     });
        slot_.ioc.restart();
        while (!*got && slot_.ioc.run_one_until(connect_deadline_) != 0) {
        }
        if (!*got) {
            slot_.resolver.cancel();
            timed_out_ = true;
            fail_resolve_timeout();
            return false;
        }
        return resolved((*got)->first, (*got)->second);
    }

    /// Tries the addresses in turn, as asio::async_connect does.
    bool connect() {
        namespace ops = net::detail::socket_ops;
        phase_ = phase::connect;
        auto& s = conn_->sock().socket();
        error_code ec = net::error::host_not_found;
        conn_->sock().forget_blocking_receive();
        for (const auto& ep : endpoints_) {
            error_code ignored;
            s.close(ignored);
            s.open(ep.protocol(), ec); // (these return void under BOOST_ASIO_NO_DEPRECATED)
            if (!ec) s.non_blocking(true, ec);
            if (ec) continue;
            ops::connect(s.native_handle(), ep.data(), ep.size(), ec);
            if (ec != net::error::in_progress && ec != net::error::would_block) {
                if (!ec) break;
                continue;
            }
            const int ms = counting_socket::milliseconds_until(connect_deadline_);
            const int ready = ms > 0 ? ops::poll_connect(s.native_handle(), ms, ec) : 0;
            if (ready == 0) {
                timed_out_ = true;
                ec = net::error::timed_out;
                break;
            }
            if (ready > 0 && ops::non_blocking_connect(s.native_handle(), ec) && !ec) break;
        }
        if (!connected(ec)) return false;
        error_code ignored; // (if it fails, every wait stays a poll())
        conn_->sock().use_blocking_receive(ignored);
        return true;
    }

    void exchange() {
        auto& s = conn_->sock();
        s.set_deadline(attempt_deadline_);
        begin_write();
        if (conn_->direct) direct_tls_stream::empty_error_queue();
        error_code ec;
        conn_->with_stream([&](auto& stream) { net::write(stream, net::buffer(wire_), ec); });
        timed_out_ = s.timed_out();
        if (!written(ec)) return;
        s.expect_reply(); // nothing to read yet: wait before the first read
        do {
            begin_read();
            conn_->with_stream([&](auto& stream) { http::read(stream, conn_->buffer, *parser_, ec); });
            timed_out_ = s.timed_out();
        } while (read_again(ec));
    }

    void put_back(std::unique_ptr<connection> c, bool reusable) override {
        if (reusable)
            slot_.idle = std::move(c);
        else
            c->close();
    }

    void retry_in(steady::duration delay) override { delay_ = delay; }

    void deliver(result<response> r) override { out_.emplace(std::move(r)); }

    sync_slot& slot_;
    steady::duration delay_{};
    std::optional<result<response>> out_;
};

inline std::unique_ptr<connection> pool::acquire(const std::shared_ptr<call_op>& op) {
    std::lock_guard lock(m_);
    if (!idle_.empty()) {
        auto c = std::move(idle_.back());
        idle_.pop_back();
        return c;
    }
    if (open_ < max_) {
        ++open_;
        return fresh();
    }
    waiters_.emplace_back(op.get(), op);
    return nullptr;
}

inline bool pool::cancel_wait(const call_op* op) {
    std::lock_guard lock(m_);
    for (auto it = waiters_.begin(); it != waiters_.end(); ++it)
        if (it->first == op) {
            waiters_.erase(it);
            return true;
        }
    return false;
}

inline std::shared_ptr<call_op> pool::next_waiter() {
    while (!waiters_.empty()) {
        auto w = waiters_.front().second.lock();
        waiters_.pop_front();
        if (w) return w;
    }
    return nullptr;
}

inline call_strand pool::take_strand() {
    {
        std::lock_guard lock(m_);
        if (!spare_strands_.empty()) {
            call_strand s = std::move(spare_strands_.back());
            spare_strands_.pop_back();
            return s;
        }
    }
    return net::make_strand(ex_);
}

inline void pool::give_back_strand(call_strand s) noexcept {
    std::lock_guard lock(m_);
    if (spare_strands_.size() < max_spare_strands) spare_strands_.push_back(std::move(s)); // (reserved: no throw)
}

inline void pool::hand_over(std::shared_ptr<call_op> op, std::unique_ptr<connection> c) {
    auto& strand = op->strand();
    net::post(strand, [op = std::move(op), c = std::move(c)]() mutable { op->on_connection(std::move(c)); });
}

inline void pool::release(std::unique_ptr<connection> c) {
    std::shared_ptr<call_op> w;
    {
        std::lock_guard lock(m_);
        w = next_waiter();
        if (!w) {
            idle_.push_back(std::move(c));
            return;
        }
    }
    hand_over(std::move(w), std::move(c));
}

inline void pool::discard(std::unique_ptr<connection> c) {
    c->close();
    c.reset();
    std::shared_ptr<call_op> w;
    {
        std::lock_guard lock(m_);
        w = next_waiter();
        if (!w) {
            --open_;
            return;
        }
    }
    hand_over(std::move(w), fresh()); // the waiter takes over the slot
}

/// Checks the per-call parts of a request and settles its idempotency key.
inline std::optional<error> prepare(const core& c, request& req) {
    if (req.target.empty() || req.target.front() != '/')
        return error(errc::invalid_input, "request target must start with '/'; nothing was sent");
    for (char ch : req.target)
        if (static_cast<unsigned char>(ch) <= 0x20 || static_cast<unsigned char>(ch) >= 0x7f)
            return error(errc::invalid_input,
                         "request target holds a space, control or non-ASCII byte; nothing was sent");
    for (const auto& [n, v] : req.options.headers)
        if (auto e = revring::detail::check_header(n, v, "call_options::headers")) return e;
    if (c.opts.idempotency_header.empty()) {
        if (req.options.idempotency_key)
            return error(errc::invalid_input, "call_options::idempotency_key needs "
                                              "client_options::idempotency_header; nothing was sent");
    } else {
        if (!req.options.idempotency_key && c.opts.idempotency_key)
            req.options.idempotency_key = c.opts.idempotency_key();
        if (req.options.idempotency_key) {
            if (req.options.idempotency_key->empty())
                return error(errc::invalid_input, "idempotency key is empty; nothing was sent");
            if (auto e = revring::detail::check_header_value(c.opts.idempotency_header, *req.options.idempotency_key,
                                                             "idempotency key"))
                return e;
            req.idempotent = true; // the server recognises a repeat: safe to retry
        }
    }
    return std::nullopt;
}

} // namespace detail

REVRING_DECL result<std::shared_ptr<core>> make_core(client_options o,
                                                     std::optional<boost::asio::any_io_executor> executor) {
    namespace ssl = boost::asio::ssl;
    if (o.base_url.empty()) {
        const char* env = std::getenv("REVRING_BASE_URL");
        o.base_url = env && *env ? env : REVRING_DEFAULT_BASE_URL;
    }
    auto url = base_url::parse(o.base_url);
    if (!url) return url.error();
    if (o.api_key.empty()) o.api_key = api_key::from_env();
    if (o.api_key.empty())
        return error(errc::invalid_input,
                     "no API key: set client_options::api_key or the REVRING_API_KEY environment variable");
    if (auto e = revring::detail::check_header_value("x-api-key", o.api_key.expose_secret(), "API key")) return *e;
    for (const auto& [n, v] : o.headers)
        if (auto e = revring::detail::check_header(n, v, "client_options::headers")) return *e;
    if (!o.idempotency_header.empty())
        if (auto e = revring::detail::check_header(o.idempotency_header, "", "client_options::idempotency_header"))
            return *e;
    if (o.connect_timeout.count() <= 0)
        return error(errc::invalid_input, "client_options::connect_timeout must be positive");
    if (o.request_timeout.count() <= 0)
        return error(errc::invalid_input, "client_options::request_timeout must be positive");
    if (o.body_limit == 0) return error(errc::invalid_input, "client_options::body_limit must be positive");
    if (o.max_connections == 0) return error(errc::invalid_input, "client_options::max_connections must be positive");

    auto c = std::make_shared<core>(std::move(*url));
    c->port_text = std::to_string(c->url.port());
    if (c->url.host_is_ip()) {
        boost::system::error_code ec;
        auto a = boost::asio::ip::make_address(c->url.host(), ec);
        if (ec) return error(errc::invalid_input, "base URL: bad IP address " + c->url.host());
        c->ip = a;
    }
    if (c->url.tls()) {
        // TLS 1.2 or 1.3 (tls_client, not tlsv12_client: that one caps at 1.2),
        // the system trust store plus the extra CAs, peer verification always on.
        ssl::context ctx(ssl::context::tls_client);
        boost::system::error_code ec;
        if (SSL_CTX_set_min_proto_version(ctx.native_handle(), TLS1_2_VERSION) != 1)
            return error(errc::tls_failed, "cannot set the minimum TLS version 1.2");
        ctx.set_options(ssl::context::default_workarounds | ssl::context::no_compression | SSL_OP_NO_RENEGOTIATION,
                        ec);
        ctx.set_default_verify_paths(ec);
        if (ec) return error(errc::tls_failed, "cannot load the system trust store: " + ec.message());
        if (!o.ca_file.empty()) {
            ctx.load_verify_file(o.ca_file, ec);
            if (ec)
                return error(errc::invalid_input,
                             "client_options::ca_file: cannot load PEM certificates from " + o.ca_file + ": " +
                                 ec.message());
        }
        if (!o.ca_pem.empty()) {
            ctx.add_certificate_authority(boost::asio::buffer(o.ca_pem), ec);
            if (ec)
                return error(errc::invalid_input, "client_options::ca_pem: not PEM certificates: " + ec.message());
        }
        ctx.set_verify_mode(ssl::verify_peer);
        c->tls.emplace(std::move(ctx));
    }
    c->opts = std::move(o);
    if (executor) {
        c->executor = *executor;
        c->async_pool = std::make_unique<detail::pool>(*executor, c->tls ? &*c->tls : nullptr, c->opts.max_connections);
    }
    return c;
}

REVRING_DECL result<std::shared_ptr<core>> make_blocking_core(client_options o) {
    return make_core(std::move(o), std::nullopt);
}

REVRING_DECL result<response> send(core& c, request req) {
    if (auto e = detail::prepare(c, req)) return std::move(*e);
    auto slot = c.take_slot();
    auto r = detail::blocking_call(c, *slot, std::move(req)).run();
    c.give_back(std::move(slot));
    return r;
}

REVRING_DECL void async_send(const std::shared_ptr<core>& c, result<request> req, completion_handler handler) {
    namespace net = boost::asio;
    std::optional<error> early;
    if (!req)
        early = req.error();
    else if (!c->executor)
        early = error(errc::invalid_input, "this client has no executor: construct it with one "
                                           "(revring::client(io.get_executor(), options)) to use async_ operations");
    else if (auto e = detail::prepare(*c, *req))
        early = std::move(*e);
    if (early) {
        // Never complete inside the initiating function: post (to the handler's
        // executor, through the client's or, lacking one, the system executor).
        const net::any_io_executor io_ex = c->executor ? *c->executor : net::any_io_executor(net::system_executor());
        net::post(io_ex, net::append(std::move(handler), result<response>(std::move(*early))));
        return;
    }
    auto op = std::make_shared<detail::call_op>(*c, c, *c->async_pool, std::move(*req), std::move(handler),
                                                *c->executor);
    op->start();
}

REVRING_DECL const client_options& options(const core& c) noexcept { return c.opts; }
REVRING_DECL const base_url& url(const core& c) noexcept { return c.url; }

REVRING_DECL transport::stats get_stats(const core& c) noexcept {
    stats s;
    s.connections_opened = c.connections.load();
    s.tls_handshakes = c.handshakes.load();
    s.requests_written = c.requests.load();
    s.retries = c.retries.load();
    return s;
}

REVRING_DECL result<boost::json::value> parse_json_body(const response& r, std::string_view operation,
                                                        boost::json::storage_ptr storage) {
    boost::system::error_code ec;
    boost::json::parse_options po;
    po.max_depth = REVRING_JSON_MAX_DEPTH;
    auto jv = boost::json::parse(r.body, ec, std::move(storage), po);
    if (!ec) return jv;
    std::string m(operation.empty() ? std::string_view("request") : operation);
    m.append(": the HTTP ")
        .append(std::to_string(r.status))
        .append(" response body is not valid JSON (")
        .append(ec.message())
        .append("); the request reached the server and may have taken effect");
    error e(errc::outcome_unknown, std::move(m));
    e.cause = ec;
    detail::fill_from_response(e, r);
    return e;
}

REVRING_DECL void annotate(error& e, const core& c, const response* r) {
    if (r && e.http_status == 0) detail::fill_from_response(e, *r);
    c.redact(e.message);
    c.redact(e.body);
    c.redact(e.request_id);
    for (auto& [n, v] : e.headers) c.redact(v);
}

} // namespace revring::transport

#endif
