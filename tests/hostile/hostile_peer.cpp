// The misbehaving peer (see hostile_peer.hpp): POSIX sockets, OpenSSL, one
// thread per connection.
#include "hostile_peer.hpp"

#include "../transport/test_server.hpp" // cert_dir(): the test certificates

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <utility>
#include <vector>

namespace revring_hostile {

struct peer::state {
    peer_options opts;
    behaviour run;
    SSL_CTX* ctx = nullptr;
    int listen_fd = -1;
    std::uint16_t port = 0;
    std::atomic<bool> stopping{false};
    std::atomic<std::size_t> connections{0}, requests{0}, bytes{0};
    std::mutex m;
    std::vector<int> fds; // open connection sockets, for shutdown on stop
    std::vector<std::thread> threads;
    std::thread acceptor;
};

struct connection::impl {
    peer::state* s;
    int fd;
    SSL* ssl = nullptr;
    bool closed = false;
    std::string pending; // bytes read past the last request

    bool readable(std::chrono::milliseconds wait) {
        if (ssl && SSL_pending(ssl) > 0) return true;
        const auto until = std::chrono::steady_clock::now() + wait;
        while (!s->stopping) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now());
            if (left.count() <= 0) return false;
            pollfd p{fd, POLLIN, 0};
            const int r = ::poll(&p, 1, static_cast<int>(std::min<long long>(left.count(), 50)));
            if (r > 0) return true;
            if (r < 0 && errno != EINTR) return false;
        }
        return false;
    }

    /// Some bytes, or empty on close/error/time-out.
    std::string recv_some(std::chrono::milliseconds wait) {
        if (closed || !readable(wait)) return {};
        char buf[16384];
        if (ssl) {
            const int n = SSL_read(ssl, buf, sizeof buf);
            return n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : std::string();
        }
        const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
        return n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : std::string();
    }

    bool send_all(std::string_view b) {
        while (!b.empty()) {
            if (closed || s->stopping) return false;
            std::size_t n = 0;
            if (ssl) {
                const int r = SSL_write(ssl, b.data(), static_cast<int>(std::min<std::size_t>(b.size(), 1 << 20)));
                if (r <= 0) return false;
                n = static_cast<std::size_t>(r);
            } else {
                const ssize_t r = ::send(fd, b.data(), b.size(), MSG_NOSIGNAL);
                if (r <= 0) return false;
                n = static_cast<std::size_t>(r);
            }
            s->bytes += n;
            b.remove_prefix(n);
        }
        return true;
    }
};

std::optional<std::string> connection::read_request(std::chrono::milliseconds wait) {
    std::string& in = p_->pending;
    std::size_t head_end;
    while ((head_end = in.find("\r\n\r\n")) == std::string::npos) {
        std::string more = p_->recv_some(wait);
        if (more.empty()) return std::nullopt;
        in += more;
    }
    std::size_t length = 0;
    for (std::size_t pos = 0; (pos = in.find("\r\n", pos)) != std::string::npos && pos < head_end;) {
        pos += 2;
        if (strncasecmp(in.c_str() + pos, "content-length:", 15) == 0)
            length = std::strtoul(in.c_str() + pos + 15, nullptr, 10);
    }
    while (in.size() < head_end + 4 + length) {
        std::string more = p_->recv_some(wait);
        if (more.empty()) return std::nullopt;
        in += more;
    }
    std::string req = in.substr(0, head_end + 4 + length);
    in.erase(0, head_end + 4 + length);
    ++p_->s->requests;
    return req;
}

std::string connection::read_some(std::chrono::milliseconds wait) {
    if (!p_->pending.empty()) return std::exchange(p_->pending, {});
    return p_->recv_some(wait);
}

bool connection::write(std::string_view bytes) { return p_->send_all(bytes); }

bool connection::drip(std::string_view bytes, std::chrono::milliseconds interval) {
    for (char c : bytes) {
        if (!p_->send_all(std::string_view(&c, 1))) return false;
        const auto until = std::chrono::steady_clock::now() + interval;
        while (std::chrono::steady_clock::now() < until) {
            if (!running()) return false;
            // A client that gave up closes its socket: stop dripping.
            pollfd p{p_->fd, POLLIN | POLLRDHUP, 0};
            if (::poll(&p, 1, 20) > 0 && (p.revents & (POLLRDHUP | POLLHUP | POLLERR))) return false;
        }
    }
    return true;
}

bool connection::stream(const std::function<std::string()>& next) {
    for (;;) {
        const std::string part = next();
        if (part.empty()) return true;
        if (!p_->send_all(part)) return false;
    }
}

void connection::wait_for_close() {
    while (running()) {
        pollfd p{p_->fd, POLLRDHUP, 0};
        if (::poll(&p, 1, 50) > 0 && (p.revents & (POLLRDHUP | POLLHUP | POLLERR))) return;
    }
}

void connection::reset() {
    if (p_->closed) return;
    linger l{1, 0};
    ::setsockopt(p_->fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
    ::shutdown(p_->fd, SHUT_RD);
    p_->closed = true; // the socket is closed (with RST) when the behaviour returns
}

void connection::close() {
    if (p_->closed) return;
    if (p_->ssl) SSL_shutdown(p_->ssl);
    ::shutdown(p_->fd, SHUT_WR);
    p_->closed = true;
}

bool connection::running() const { return !p_->s->stopping; }

namespace {

void serve(peer::state* s, int fd) {
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    connection::impl c{s, fd};
    bool ok = true;
    if (s->ctx) {
        c.ssl = SSL_new(s->ctx);
        SSL_set_fd(c.ssl, fd);
        ok = SSL_accept(c.ssl) == 1;
    }
    if (ok) {
        connection conn(&c);
        try {
            s->run(conn);
        } catch (const std::exception& e) {
            std::fprintf(stderr, "hostile peer: behaviour threw: %s\n", e.what());
        }
    }
    if (c.ssl) SSL_free(c.ssl);
    {
        std::lock_guard lock(s->m);
        for (auto& f : s->fds)
            if (f == fd) f = -1;
    }
    ::close(fd);
}

} // namespace

peer::peer(behaviour b, peer_options o) : s_(std::make_shared<state>()) {
    std::signal(SIGPIPE, SIG_IGN); // SSL_write to a closed socket must fail, not kill the test
    s_->opts = o;
    s_->run = std::move(b);
    if (o.tls) {
        s_->ctx = SSL_CTX_new(TLS_server_method());
        const std::string dir = revring_test::cert_dir();
        if (!s_->ctx || SSL_CTX_use_certificate_chain_file(s_->ctx, (dir + "/server.pem").c_str()) != 1 ||
            SSL_CTX_use_PrivateKey_file(s_->ctx, (dir + "/server.key").c_str(), SSL_FILETYPE_PEM) != 1)
            throw std::runtime_error("hostile peer: cannot load the test certificate from " + dir);
    }
    s_->listen_fd = ::socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    ::setsockopt(s_->listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(s_->listen_fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || ::listen(s_->listen_fd, 16) != 0)
        throw std::runtime_error("hostile peer: cannot listen on 127.0.0.1");
    socklen_t len = sizeof a;
    ::getsockname(s_->listen_fd, reinterpret_cast<sockaddr*>(&a), &len);
    s_->port = ntohs(a.sin_port);
    state* s = s_.get();
    s_->acceptor = std::thread([s] {
        while (!s->stopping) {
            pollfd p{s->listen_fd, POLLIN, 0};
            if (::poll(&p, 1, 50) <= 0) continue;
            const int fd = ::accept(s->listen_fd, nullptr, nullptr);
            if (fd < 0) continue;
            ++s->connections;
            std::lock_guard lock(s->m);
            s->fds.push_back(fd);
            s->threads.emplace_back(serve, s, fd);
        }
    });
}

peer::~peer() {
    s_->stopping = true;
    s_->acceptor.join();
    {
        std::lock_guard lock(s_->m);
        for (int fd : s_->fds)
            if (fd >= 0) ::shutdown(fd, SHUT_RDWR); // wakes blocked reads and writes
    }
    for (auto& t : s_->threads) t.join();
    ::close(s_->listen_fd);
    if (s_->ctx) SSL_CTX_free(s_->ctx);
}

std::uint16_t peer::port() const { return s_->port; }

std::string peer::url(std::string_view scheme) const {
    const std::string sch = scheme.empty() ? (s_->opts.tls ? "https" : "http") : std::string(scheme);
    return sch + "://127.0.0.1:" + std::to_string(s_->port) + "/v1";
}

std::size_t peer::connections() const { return s_->connections; }
std::size_t peer::requests() const { return s_->requests; }
std::size_t peer::bytes_written() const { return s_->bytes; }

namespace {
std::size_t rss_bytes() {
    std::ifstream f("/proc/self/statm");
    std::size_t pages = 0, resident = 0;
    f >> pages >> resident;
    return resident * static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
}
} // namespace

std::size_t peak_rss_growth(const std::function<void()>& f) {
    const std::size_t base = rss_bytes();
    std::atomic<std::size_t> peak{base};
    std::atomic<bool> done{false};
    std::thread sampler([&] {
        while (!done) {
            const std::size_t r = rss_bytes();
            if (r > peak) peak = r;
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
    });
    f();
    done = true;
    sampler.join();
    const std::size_t r = rss_bytes();
    if (r > peak) peak = r;
    return peak > base ? peak - base : 0;
}

} // namespace revring_hostile
