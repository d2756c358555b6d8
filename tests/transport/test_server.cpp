// The scripted test server (see test_server.hpp): Boost.Asio coroutines on
// one thread, Beast's parser to check what the client sent.
#include "test_server.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/status.hpp>
#include <boost/beast/http/string_body.hpp>

#include <atomic>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <type_traits>

#ifndef REVRING_TEST_CERT_DIR
#error "REVRING_TEST_CERT_DIR must name the directory of the generated test certificates"
#endif

namespace revring_test {

namespace net = boost::asio;
namespace ssl = boost::asio::ssl;
namespace http = boost::beast::http;
using tcp = net::ip::tcp;

namespace {

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (lower(a[i]) != lower(b[i])) return false;
    return true;
}

std::string reason(int status) {
    auto r = http::obsolete_reason(http::int_to_status(static_cast<unsigned>(status)));
    return r == "<unknown-status>" ? std::string("Status") : std::string(r);
}

/// Splits the head into request line and headers.
void parse_head(recorded_request& r) {
    std::string_view h = r.head;
    std::size_t eol = h.find("\r\n");
    std::string_view line = h.substr(0, eol);
    const std::size_t sp1 = line.find(' ');
    const std::size_t sp2 = line.find(' ', sp1 + 1);
    if (sp1 != std::string_view::npos && sp2 != std::string_view::npos) {
        r.method = std::string(line.substr(0, sp1));
        r.target = std::string(line.substr(sp1 + 1, sp2 - sp1 - 1));
    }
    std::size_t pos = eol + 2;
    while (pos < h.size()) {
        const std::size_t end = h.find("\r\n", pos);
        if (end == std::string_view::npos || end == pos) break;
        std::string_view l = h.substr(pos, end - pos);
        const std::size_t colon = l.find(':');
        if (colon != std::string_view::npos) {
            std::string_view v = l.substr(colon + 1);
            while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
            while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
            r.headers.emplace_back(std::string(l.substr(0, colon)), std::string(v));
        }
        pos = end + 2;
    }
}

} // namespace

std::string recorded_request::header(std::string_view name) const {
    for (const auto& [n, v] : headers)
        if (iequals(n, name)) return v;
    return {};
}

std::size_t recorded_request::header_count(std::string_view name) const {
    std::size_t n = 0;
    for (const auto& h : headers)
        if (iequals(h.first, name)) ++n;
    return n;
}

reply http_reply(int status, std::string_view content_type, std::string body, const header_list& extra) {
    std::string s = "HTTP/1.1 " + std::to_string(status) + " " + reason(status) + "\r\n";
    if (!content_type.empty()) s.append("Content-Type: ").append(content_type).append("\r\n");
    s.append("Content-Length: ").append(std::to_string(body.size())).append("\r\n");
    for (const auto& [n, v] : extra) s.append(n).append(": ").append(v).append("\r\n");
    s.append("\r\n").append(body);
    return raw_reply(std::move(s));
}

reply json_reply(int status, std::string body, const header_list& extra) {
    return http_reply(status, "application/json", std::move(body), extra);
}

reply raw_reply(std::string bytes, bool close_after) {
    reply r;
    r.bytes = std::move(bytes);
    r.close_after = close_after;
    return r;
}

reply drop_reply() {
    reply r;
    r.what = reply::action::drop;
    return r;
}

reply hang_reply() {
    reply r;
    r.what = reply::action::hang;
    return r;
}

std::string cert_dir() { return REVRING_TEST_CERT_DIR; }
std::string ca_file() { return cert_dir() + "/ca.pem"; }

struct server::impl {
    server_options opts;
    std::optional<ssl::context> tls; // before ioc: the sessions' streams die with ioc
    net::io_context ioc{1};
    tcp::acceptor acceptor{ioc};
    std::thread thread;

    mutable std::mutex m;
    script run;
    std::vector<recorded_request> log;
    std::vector<std::string> versions;
    std::atomic<std::size_t> connections{0};
    std::atomic<std::size_t> handshakes{0};

    reply decide(recorded_request r) {
        std::lock_guard lock(m);
        const std::size_t index = log.size();
        log.push_back(r);
        return run(log.back(), index);
    }

    template <class Stream> static tcp::socket& lowest(Stream& s) {
        if constexpr (std::is_same_v<Stream, tcp::socket>)
            return s;
        else
            return s.next_layer();
    }

    template <class Stream> net::awaitable<void> serve(Stream& stream, std::size_t conn_no) {
        std::string buf;
        net::steady_timer idle(co_await net::this_coro::executor);
        bool first = true;
        for (;;) {
            if (!first && opts.idle_close.count() > 0) {
                idle.expires_after(opts.idle_close);
                idle.async_wait([&stream](boost::system::error_code ec) {
                    if (!ec) {
                        boost::system::error_code ignored;
                        lowest(stream).close(ignored);
                    }
                });
            }
            first = false;
            const std::size_t n =
                co_await net::async_read_until(stream, net::dynamic_buffer(buf), "\r\n\r\n", net::use_awaitable);
            idle.cancel();
            recorded_request r;
            r.connection = conn_no;
            r.head = buf.substr(0, n);
            buf.erase(0, n);
            parse_head(r);
            if (opts.stop_reading_after_head) {
                decide(std::move(r));
                net::steady_timer forever(co_await net::this_coro::executor, std::chrono::hours(1));
                co_await forever.async_wait(net::use_awaitable); // until the server stops
                co_return;
            }
            std::size_t length = 0;
            if (auto cl = r.header("content-length"); !cl.empty()) length = std::stoul(cl);
            while (buf.size() < length) {
                char chunk[4096];
                const std::size_t got = co_await stream.async_read_some(net::buffer(chunk), net::use_awaitable);
                buf.append(chunk, got);
            }
            r.body = buf.substr(0, length);
            buf.erase(0, length);
            {
                http::request_parser<http::string_body> p;
                p.eager(true);
                boost::system::error_code ec;
                const std::string all = r.head + r.body;
                p.put(net::buffer(all), ec);
                r.valid_http = !ec && p.is_done();
            }

            reply what = decide(std::move(r));
            if (what.delay.count() > 0) {
                net::steady_timer t(co_await net::this_coro::executor, what.delay);
                co_await t.async_wait(net::use_awaitable);
            }
            switch (what.what) {
            case reply::action::drop: {
                boost::system::error_code ignored;
                lowest(stream).close(ignored);
                co_return;
            }
            case reply::action::hang: {
                // Wait for the client to close (or the server to stop).
                char c;
                for (;;) co_await lowest(stream).async_read_some(net::buffer(&c, 1), net::use_awaitable);
            }
            case reply::action::respond:
                co_await net::async_write(stream, net::buffer(what.bytes), net::use_awaitable);
                if (what.close_after) {
                    boost::system::error_code ignored;
                    if constexpr (!std::is_same_v<Stream, tcp::socket>)
                        if (what.close_notify) // waits for the client's close_notify, or its close
                            co_await stream.async_shutdown(net::redirect_error(net::use_awaitable, ignored));
                    lowest(stream).close(ignored);
                    co_return;
                }
                break;
            }
        }
    }

    net::awaitable<void> session(tcp::socket sock) {
        const std::size_t conn_no = ++connections;
        try {
            sock.set_option(tcp::no_delay(true));
            if (tls) {
                ssl::stream<tcp::socket> stream(std::move(sock), *tls);
                co_await stream.async_handshake(ssl::stream_base::server, net::use_awaitable);
                {
                    std::lock_guard lock(m);
                    versions.emplace_back(SSL_get_version(stream.native_handle()));
                }
                ++handshakes;
                co_await serve(stream, conn_no);
            } else {
                co_await serve(sock, conn_no);
            }
        } catch (const std::exception&) {
            // The client went away, or the handshake failed: the session ends.
        }
    }

    net::awaitable<void> accept_loop() {
        for (;;) {
            tcp::socket s = co_await acceptor.async_accept(net::use_awaitable);
            net::co_spawn(ioc, session(std::move(s)), net::detached);
        }
    }
};

server::server(script s, server_options o) : p_(std::make_unique<impl>()) {
    p_->opts = o;
    p_->run = std::move(s);
    if (o.tls) {
        p_->tls.emplace(ssl::context::tls_server);
        const char* name = o.cert == certificate::good         ? "server"
                           : o.cert == certificate::wrong_host ? "wrong-host"
                                                               : "untrusted";
        p_->tls->use_certificate_chain_file(cert_dir() + "/" + name + ".pem");
        p_->tls->use_private_key_file(cert_dir() + "/" + name + ".key", ssl::context::pem);
        SSL_CTX* ctx = p_->tls->native_handle();
        if (o.tls_min_version != 0 && o.tls_min_version < TLS1_2_VERSION) SSL_CTX_set_security_level(ctx, 0);
        if (o.tls_min_version != 0) SSL_CTX_set_min_proto_version(ctx, o.tls_min_version);
        if (o.tls_max_version != 0) SSL_CTX_set_max_proto_version(ctx, o.tls_max_version);
    }
    const tcp::endpoint ep(net::ip::make_address("127.0.0.1"), 0);
    p_->acceptor.open(ep.protocol());
    p_->acceptor.set_option(tcp::acceptor::reuse_address(true));
    p_->acceptor.bind(ep);
    p_->acceptor.listen();
    net::co_spawn(p_->ioc, p_->accept_loop(), net::detached);
    p_->thread = std::thread([this] { p_->ioc.run(); });
}

server::~server() {
    p_->ioc.stop();
    p_->thread.join();
}

std::uint16_t server::port() const { return p_->acceptor.local_endpoint().port(); }

std::string server::url(std::string_view path) const {
    return std::string(p_->opts.tls ? "https" : "http") + "://127.0.0.1:" + std::to_string(port()) + std::string(path);
}

std::size_t server::connections() const { return p_->connections.load(); }
std::size_t server::handshakes() const { return p_->handshakes.load(); }

std::vector<std::string> server::tls_versions() const {
    std::lock_guard lock(p_->m);
    return p_->versions;
}

std::size_t server::request_count() const {
    std::lock_guard lock(p_->m);
    return p_->log.size();
}

std::vector<recorded_request> server::requests() const {
    std::lock_guard lock(p_->m);
    return p_->log;
}

void server::set_script(script s) {
    std::lock_guard lock(p_->m);
    p_->run = std::move(s);
}

std::uint16_t refused_port() {
    net::io_context ioc;
    tcp::acceptor a(ioc, tcp::endpoint(net::ip::make_address("127.0.0.1"), 0));
    const auto port = a.local_endpoint().port();
    a.close();
    return port;
}

} // namespace revring_test
