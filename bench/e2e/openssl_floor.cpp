// End to end, the floor: raw OpenSSL over a blocking socket. The request
// bytes are built once (the same headers and body as this project's client
// sends); per request it writes them, reads the response head up to the
// blank line, takes Content-Length and reads the body. No JSON, no HTTP
// library: what any HTTPS client must at least spend.
//
//   openssl-floor --port P --ca CA [--requests N] [--warmup W]
//
//   openssl-floor --mode probe|poll|probe-poll ...
//
// The other modes add, per request, one or both of the two system calls this
// project's blocking client makes that the floor does not: before writing,
// the liveness probe (a non-blocking recv with MSG_PEEK that must find
// nothing: the connection is still open and holds no stray bytes), and after
// writing, a poll() for the response bounded by a deadline before the first
// read. Those rows show what the two calls cost on this machine, apart from
// everything else the client does.
//
//   openssl-floor --mode parse-simdjson ...
//
// This one also parses every response body into a record with simdjson
// on-demand (bench/common/simdjson_record.hpp, the parse floor of the micro
// benchmarks): what a client that does no more than the floor's I/O and the
// fastest parse known would spend. It checks that each record's id and status
// are those of the first.
//
// The digest field is the FNV-1a of the last body's bytes in every mode (not
// the record walk the parsing clients digest); the body is also compared
// with the expected length on every request.
#include "../common/bench.hpp"
#include "../common/simdjson_record.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <iostream>
#include <string>
#include <string_view>

namespace {

[[noreturn]] void die(const std::string& what) {
    char buf[256];
    ERR_error_string_n(ERR_get_error(), buf, sizeof buf);
    throw std::runtime_error(what + ": " + buf);
}

class floor_client {
public:
    explicit floor_client(const bench::options& o)
        : probe_(o.mode == "probe" || o.mode == "probe-poll"), poll_(o.mode == "poll" || o.mode == "probe-poll") {
        ctx_ = SSL_CTX_new(TLS_client_method());
        if (!ctx_) die("SSL_CTX_new");
        SSL_CTX_set_min_proto_version(ctx_, TLS1_3_VERSION);
        if (SSL_CTX_load_verify_locations(ctx_, o.ca_file.c_str(), nullptr) != 1) die("loading the CA");
        SSL_CTX_set_verify(ctx_, SSL_VERIFY_PEER, nullptr);

        fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
        if (fd_ < 0) throw std::runtime_error("socket failed");
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_port = htons(static_cast<std::uint16_t>(o.port));
        inet_pton(AF_INET, o.host.c_str(), &a.sin_addr);
        if (::connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) throw std::runtime_error("connect failed");
        int one = 1;
        setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);

        ssl_ = SSL_new(ctx_);
        SSL_set_fd(ssl_, fd_);
        X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl_), o.host.c_str());
        if (SSL_connect(ssl_) != 1) die("TLS handshake");
    }
    ~floor_client() {
        SSL_shutdown(ssl_);
        SSL_free(ssl_);
        ::close(fd_);
        SSL_CTX_free(ctx_);
    }

    /// Writes `req`, reads one response; returns the body (a view into the buffer).
    std::string_view round_trip(std::string_view req) {
        if (probe_ && kept_alive_) { // as the client, only on a connection that has carried a request
            char c;
            const auto n = ::recv(fd_, &c, 1, MSG_PEEK | MSG_DONTWAIT);
            if (n >= 0 || (errno != EAGAIN && errno != EWOULDBLOCK))
                throw std::runtime_error("liveness probe: the connection is closed or holds stray bytes");
        }
        std::size_t off = 0;
        while (off < req.size()) {
            const int n = SSL_write(ssl_, req.data() + off, static_cast<int>(req.size() - off));
            if (n <= 0) die("SSL_write");
            off += static_cast<std::size_t>(n);
        }
        if (poll_) {
            pollfd p{fd_, POLLIN, 0};
            if (::poll(&p, 1, 30000) != 1) throw std::runtime_error("poll: no response within 30 s");
        }
        std::size_t have = 0, head_end = 0;
        for (;;) {
            have += read_some(have);
            const std::string_view s(buf_, have);
            const auto p = s.find("\r\n\r\n");
            if (p != std::string_view::npos) {
                head_end = p + 4;
                break;
            }
        }
        const std::string_view head(buf_, head_end);
        if (head.substr(0, 12) != "HTTP/1.1 200") throw std::runtime_error("not a 200 response");
        const auto cl = head.find("Content-Length: ");
        if (cl == std::string_view::npos) throw std::runtime_error("no Content-Length");
        const std::size_t len = std::strtoul(head.data() + cl + 16, nullptr, 10);
        if (head_end + len > sizeof buf_) throw std::runtime_error("response too large");
        while (have < head_end + len) have += read_some(have);
        kept_alive_ = true;
        return std::string_view(buf_ + head_end, len);
    }

    /// The bytes of the buffer from `body` on (simdjson reads up to
    /// SIMDJSON_PADDING past the end of the text).
    std::size_t capacity_from(std::string_view body) const noexcept {
        return static_cast<std::size_t>(buf_ + sizeof buf_ - body.data());
    }

private:
    std::size_t read_some(std::size_t at) {
        const int n = SSL_read(ssl_, buf_ + at, static_cast<int>(sizeof buf_ - at));
        if (n <= 0) die("SSL_read");
        return static_cast<std::size_t>(n);
    }

    SSL_CTX* ctx_ = nullptr;
    SSL* ssl_ = nullptr;
    int fd_ = -1;
    bool probe_, poll_;
    bool kept_alive_ = false;
    char buf_[65536];
};

} // namespace

int main(int argc, char** argv) try {
    auto o = bench::options::parse(argc, argv);
    if (o.mode != "sync" && o.mode != "probe" && o.mode != "poll" && o.mode != "probe-poll" &&
        o.mode != "parse-simdjson")
        throw std::runtime_error("--mode is sync, probe, poll, probe-poll or parse-simdjson");
    const bool parse = o.mode == "parse-simdjson";
    // The body this project's client sends (member order of the description).
    std::string body;
    body.append(R"({"agentId":")").append(bench::agent_id);
    body.append(R"(","toNumber":")").append(bench::to_number);
    body.append(R"(","fromNumber":")").append(bench::from_number);
    body.append(R"(","variables":{"customerName":")").append(bench::var_customer);
    body.append(R"(","appointmentTime":")").append(bench::var_appointment);
    body.append(R"("},"callerIdName":")").append(bench::caller_id_name);
    body.append(R"(","skipQueue":false})");
    std::string req = "POST /v1/calls HTTP/1.1\r\nHost: " + o.host + ":" + std::to_string(o.port) +
                      "\r\nUser-Agent: bench-openssl-floor\r\nAccept: application/json\r\n"
                      "Content-Type: application/json\r\nx-api-key: " +
                      std::string(bench::api_key) + "\r\nContent-Length: " + std::to_string(body.size()) +
                      "\r\n\r\n" + body;

    auto c = std::make_unique<floor_client>(o);
    // With --mode parse-simdjson: each body parsed into `rec` (its tokens'
    // storage reserved once and reused); the first record's id and status are
    // what every later one must have.
    simdjson::ondemand::parser parser;
    sj_peer::sj_record rec;
    rec.tokens.reserve(256);
    const auto parse_body = [&](std::string_view b) {
        const std::size_t capacity = c->capacity_from(b);
        if (capacity < b.size() + simdjson::SIMDJSON_PADDING)
            throw std::runtime_error("no room for simdjson's padding after the body");
        sj_peer::sj_parse(parser, simdjson::padded_string_view(b.data(), b.size(), capacity), rec);
    };
    std::string first_id, first_status;
    // The body length every response must have (checked on each request).
    const std::size_t expected = [&] {
        const auto b = c->round_trip(req);
        if (parse) {
            parse_body(b);
            first_id = rec.id;
            first_status = rec.status;
            if (first_id.empty()) throw std::runtime_error("the first record has no id");
        }
        return b.size();
    }();
    for (long i = 1; i < o.warmup; ++i) {
        const auto b = c->round_trip(req);
        if (parse) parse_body(b);
    }
    long errors = 0;
    std::string first_error;
    bench::digest d;
    bench::alloc_halves a{};
    if (o.count_allocs) bench::count_allocations(true);
    a.start = bench::allocations();
    bench::meter m;
    m.start();
    for (long i = 0; i < o.requests; ++i) {
        if (i == o.requests / 2) {
            a.middle = bench::allocations();
            bench::mark_middle();
        }
        const auto b = c->round_trip(req);
        if (b.size() != expected && errors++ == 0) first_error = "unexpected body length";
        if (parse) {
            parse_body(b);
            if ((rec.id != first_id || rec.status != first_status) && errors++ == 0)
                first_error = "a record's id or status differs from the first's";
        }
        if (i == o.requests - 1) d.bytes(b.data(), b.size());
    }
    const auto u = m.stop();
    a.end = bench::allocations();
    bench::count_allocations(false);
    if (errors) std::cerr << errors << " errors, first: " << first_error << "\n";
    bench::emit("openssl-floor", o, u, errors, "bytes:" + d.hex(), o.count_allocs ? &a : nullptr);
    return errors ? 1 : 0;
} catch (const std::exception& e) {
    std::cerr << "openssl-floor: " << e.what() << "\n";
    return 2;
}
