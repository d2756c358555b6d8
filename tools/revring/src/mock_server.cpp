// revring mock: the HTTP(S) server (Boost.Beast, one thread).
#include <revring/mock/server.hpp>

#include "mock_api.hpp"
#include "tls_identity.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <atomic>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <system_error>
#include <thread>

#include <sys/stat.h>

namespace revring::mock {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

constexpr auto handshake_timeout = std::chrono::seconds(10);
constexpr auto read_timeout = std::chrono::seconds(30);
constexpr auto write_timeout = std::chrono::seconds(30);
constexpr std::uint64_t body_limit = 1024 * 1024;
constexpr std::uint32_t header_limit = 16 * 1024;

// Writes the CA certificate; when no path is given, into a new directory
// only the current user can read (mkdtemp makes it 0700).
std::filesystem::path write_ca_file(const std::string& pem, const std::filesystem::path& requested,
                                    std::filesystem::path& made_dir) {
    std::filesystem::path path = requested;
    if (path.empty()) {
        std::string tmpl = (std::filesystem::temp_directory_path() / "revring-mock-XXXXXX").string();
        if (::mkdtemp(tmpl.data()) == nullptr)
            throw std::runtime_error("cannot create a directory for the CA file: " +
                                     std::system_category().message(errno));
        made_dir = tmpl;
        path = made_dir / "ca.pem";
    }
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << pem;
    out.close();
    if (!out) throw std::runtime_error("cannot write the CA file " + path.string());
    return path;
}

} // namespace

struct server::impl {
    options opts;
    detail::mock_api api; // declared before the io_context: handlers use it
    std::string ca_pem;
    std::filesystem::path ca_file;
    std::filesystem::path made_dir;
    asio::io_context ioc{1};
    std::optional<asio::ssl::context> ssl;
    tcp::acceptor acceptor{ioc};
    std::optional<asio::signal_set> signals;
    std::uint16_t port = 0;
    std::thread thread;
    std::mutex thread_mutex;
    std::atomic<bool> serving{false};

    explicit impl(options o);
    ~impl();

    void accept();
    template <class Stream> void serve(Stream&& stream);

    void log(const std::string& line) const {
        if (opts.log) opts.log(line);
    }
};

namespace {

/// One connection: optional TLS handshake, then requests until the client
/// closes, a timeout, or an error.
template <class Stream> class session : public std::enable_shared_from_this<session<Stream>> {
public:
    session(server::impl& srv, Stream&& stream) : srv_(srv), stream_(std::move(stream)) {}

    void start() {
        if constexpr (is_tls) {
            beast::get_lowest_layer(stream_).expires_after(handshake_timeout);
            stream_.async_handshake(asio::ssl::stream_base::server,
                                    [self = this->shared_from_this()](beast::error_code ec) {
                                        if (ec) return; // not TLS, untrusted, or timed out: drop
                                        self->read();
                                    });
        } else {
            read();
        }
    }

private:
    static constexpr bool is_tls = !std::is_same_v<Stream, beast::tcp_stream>;

    void read() {
        parser_.emplace();
        parser_->body_limit(body_limit);
        parser_->header_limit(header_limit);
        beast::get_lowest_layer(stream_).expires_after(read_timeout);
        http::async_read(stream_, buffer_, *parser_,
                         [self = this->shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
    }

    void on_read(beast::error_code ec) {
        if (ec == http::error::end_of_stream) return shutdown();
        if (ec == http::error::body_limit) {
            keep_alive_ = false;
            return respond(detail::error_response(413, "request body larger than 1 MiB"), "(body too large)");
        }
        if (ec) return; // timeout, reset, garbage: drop the connection

        const auto& req = parser_->get();
        detail::api_request r;
        r.method = req.method_string();
        r.target = req.target();
        if (const auto it = req.find("x-api-key"); it != req.end()) r.api_key = it->value();
        if (const auto it = req.find(http::field::content_type); it != req.end()) r.content_type = it->value();
        r.body = req.body();
        keep_alive_ = req.keep_alive();
        version_ = req.version();
        detail::api_response res;
        try {
            res = srv_.api.handle(r, std::chrono::system_clock::now());
        } catch (const std::exception& e) {
            // One failed request (out of memory, no randomness) must not end the server.
            res = detail::error_response(500, std::string("mock internal error: ") + e.what());
        }
        respond(std::move(res), std::string(req.method_string()) + " " + std::string(req.target()));
    }

    void respond(detail::api_response r, const std::string& what) {
        srv_.log(what + " -> " + std::to_string(r.status));
        auto res = std::make_shared<http::response<http::string_body>>(static_cast<http::status>(r.status), version_);
        res->set(http::field::server, "revring-mock");
        res->set(http::field::content_type, "application/json");
        if (!r.allow.empty()) res->set(http::field::allow, r.allow);
        res->body() = std::move(r.body);
        res->keep_alive(keep_alive_);
        res->prepare_payload();
        beast::get_lowest_layer(stream_).expires_after(write_timeout);
        http::async_write(stream_, *res, [self = this->shared_from_this(), res](beast::error_code ec, std::size_t) {
            if (ec) return;
            if (!self->keep_alive_) return self->shutdown();
            self->read();
        });
    }

    void shutdown() {
        if constexpr (is_tls) {
            beast::get_lowest_layer(stream_).expires_after(handshake_timeout);
            stream_.async_shutdown([self = this->shared_from_this()](beast::error_code) {
                beast::error_code ignored;
                beast::get_lowest_layer(self->stream_).socket().shutdown(tcp::socket::shutdown_both, ignored);
            });
        } else {
            beast::error_code ignored;
            stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
        }
    }

    server::impl& srv_;
    Stream stream_;
    beast::flat_buffer buffer_;
    std::optional<http::request_parser<http::string_body>> parser_;
    bool keep_alive_ = true;
    unsigned version_ = 11;
};

detail::api_settings settings_from(const options& o) {
    if (o.api_key.empty()) throw std::invalid_argument("the mock needs an API key (options::api_key)");
    if (o.step <= std::chrono::milliseconds::zero()) throw std::invalid_argument("step must be positive");
    if (o.max_concurrent == 0) throw std::invalid_argument("max_concurrent must be at least 1");
    if (!o.base_path.empty() && (o.base_path.front() != '/' || o.base_path.back() == '/'))
        throw std::invalid_argument("base_path must be empty or start with '/' and not end with '/'");
    return {o.api_key, o.base_path, o.step, o.max_concurrent};
}

asio::ip::address listen_address(const std::string& host) {
    if (host == "localhost") return asio::ip::address_v4::loopback();
    beast::error_code ec;
    auto a = asio::ip::make_address(host, ec);
    if (ec) throw std::invalid_argument("listen host must be a numeric IP address or localhost, not '" + host + "'");
    return a;
}

} // namespace

server::impl::impl(options o) : opts(std::move(o)), api(settings_from(opts)) {
    const auto address = listen_address(opts.host);

    if (opts.tls) {
        const auto id = detail::make_tls_identity();
        ssl.emplace(asio::ssl::context::tls_server);
        ssl->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                         asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                         asio::ssl::context::no_tlsv1_1);
        ssl->use_certificate_chain(asio::buffer(id.server_cert_pem));
        ssl->use_private_key(asio::buffer(id.server_key_pem), asio::ssl::context::pem);
        ca_pem = id.ca_cert_pem;
        ca_file = write_ca_file(ca_pem, opts.ca_file, made_dir);
    }

    const tcp::endpoint ep(address, opts.port);
    acceptor.open(ep.protocol());
    acceptor.set_option(asio::socket_base::reuse_address(true));
    beast::error_code ec;
    acceptor.bind(ep, ec);
    if (ec) throw std::runtime_error("cannot listen on " + opts.host + ":" + std::to_string(opts.port) + ": " + ec.message());
    acceptor.listen(asio::socket_base::max_listen_connections);
    port = acceptor.local_endpoint().port();

    if (opts.stop_on_signals) {
        signals.emplace(ioc, SIGINT, SIGTERM);
        signals->async_wait([this](beast::error_code ec, int) {
            if (!ec) ioc.stop();
        });
    }
    accept();
}

server::impl::~impl() {
    if (!made_dir.empty()) {
        std::error_code ec;
        std::filesystem::remove_all(made_dir, ec);
    }
}

void server::impl::accept() {
    acceptor.async_accept(asio::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
        if (ec == asio::error::operation_aborted || !acceptor.is_open()) return;
        if (!ec) {
            beast::tcp_stream stream(std::move(socket));
            if (ssl)
                std::make_shared<session<beast::ssl_stream<beast::tcp_stream>>>(
                    *this, beast::ssl_stream<beast::tcp_stream>(std::move(stream), *ssl))
                    ->start();
            else
                std::make_shared<session<beast::tcp_stream>>(*this, std::move(stream))->start();
        }
        accept(); // a failed accept (e.g. out of descriptors) must not end the server
    });
}

server::server(options opts) : impl_(std::make_unique<impl>(std::move(opts))) {}

server::~server() {
    stop();
    wait();
}

std::uint16_t server::port() const noexcept { return impl_->port; }

std::string server::base_url() const {
    std::string host = impl_->opts.host;
    if (host.find(':') != std::string::npos) host = "[" + host + "]";
    return (impl_->opts.tls ? "https://" : "http://") + host + ":" + std::to_string(impl_->port) + impl_->opts.base_path;
}

const std::filesystem::path& server::ca_file() const noexcept { return impl_->ca_file; }
const std::string& server::ca_pem() const noexcept { return impl_->ca_pem; }

// The server's state is used from one thread only: run() and start() may be
// called once, and only one of them.
void server::run() {
    if (impl_->serving.exchange(true)) throw std::logic_error("revring::mock::server is already serving");
    impl_->ioc.run();
}

void server::start() {
    std::lock_guard lock(impl_->thread_mutex);
    if (impl_->serving.exchange(true)) throw std::logic_error("revring::mock::server is already serving");
    impl_->thread = std::thread([this] { impl_->ioc.run(); });
}

void server::stop() noexcept { impl_->ioc.stop(); }

void server::wait() {
    std::lock_guard lock(impl_->thread_mutex);
    if (impl_->thread.joinable()) impl_->thread.join();
}

} // namespace revring::mock
