// A scripted HTTPS (or plain HTTP) server on 127.0.0.1 for the transport
// tests and the benchmark. It runs on its own thread, records every request
// byte for byte, counts connections and TLS handshakes, and answers each
// request as the test's script says: a response (well-formed or not), a
// dropped connection, or silence.
//
// This header is light (no Beast); the server lives in test_server.cpp.
#ifndef REVRING_TESTS_TRANSPORT_TEST_SERVER_HPP
#define REVRING_TESTS_TRANSPORT_TEST_SERVER_HPP

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace revring_test {

using header_list = std::vector<std::pair<std::string, std::string>>;

/// A request as it arrived.
struct recorded_request {
    std::string head;   ///< request line and header lines, exactly as received (ends with CRLF CRLF)
    std::string method; ///< "POST"
    std::string target; ///< "/v1/calls"
    header_list headers;
    std::string body;
    bool valid_http = false;    ///< Beast's request parser accepted head + body
    std::size_t connection = 0; ///< 1-based number of the connection it came on

    /// First header named `name` (any case); empty when absent.
    std::string header(std::string_view name) const;
    /// How many headers are named `name`.
    std::size_t header_count(std::string_view name) const;
};

/// What the server does with one request.
struct reply {
    enum class action {
        respond, ///< write `bytes`, then keep the connection (or close it, `close_after`)
        drop,    ///< close the connection without answering
        hang,    ///< never answer; wait until the client goes away
    };
    action what = action::respond;
    std::string bytes;
    bool close_after = false;
    /// With close_after over TLS: end the TLS session first (send
    /// close_notify, the orderly end), rather than only closing the socket.
    bool close_notify = false;
    std::chrono::milliseconds delay{0}; ///< before acting
};

/// `HTTP/1.1 <status> <reason>` with Content-Type: application/json,
/// Content-Length and the extra headers.
reply json_reply(int status, std::string body, const header_list& extra = {});
/// Any status, any content type.
reply http_reply(int status, std::string_view content_type, std::string body, const header_list& extra = {});
/// Bytes written as they are.
reply raw_reply(std::string bytes, bool close_after = false);
reply drop_reply();
reply hang_reply();

enum class certificate {
    good,       ///< localhost / 127.0.0.1 / ::1, signed by the test CA
    wrong_host, ///< wrong.example, signed by the test CA
    untrusted,  ///< localhost / 127.0.0.1, signed by an unknown CA
};

struct server_options {
    bool tls = true;
    certificate cert = certificate::good;
    /// Close a kept-alive connection after it was idle this long (0: never).
    std::chrono::milliseconds idle_close{0};
    /// TLS protocol versions the server accepts (OpenSSL's TLS1_2_VERSION...;
    /// 0: OpenSSL's default). Below TLS 1.2 the security level drops to 0.
    int tls_min_version = 0;
    int tls_max_version = 0;
    /// Read a request's head, record it, then read nothing more: a large
    /// body fills the socket buffers and the client's write stalls.
    bool stop_reading_after_head = false;
};

/// The directory of the generated certificates, and the test CA file.
std::string cert_dir();
std::string ca_file();

class server {
public:
    using script = std::function<reply(const recorded_request&, std::size_t index)>;

    explicit server(script s, server_options o = {});
    ~server();
    server(const server&) = delete;
    server& operator=(const server&) = delete;

    std::uint16_t port() const;
    /// "https://127.0.0.1:<port><path>" (http:// without TLS).
    std::string url(std::string_view path = "/v1") const;

    std::size_t connections() const; ///< TCP connections accepted
    std::size_t handshakes() const;  ///< TLS handshakes completed
    /// The protocol of each completed handshake ("TLSv1.3").
    std::vector<std::string> tls_versions() const;
    std::size_t request_count() const;
    std::vector<recorded_request> requests() const;
    void set_script(script s);

private:
    struct impl;
    std::unique_ptr<impl> p_;
};

/// A port on 127.0.0.1 where nothing listens (bound, then released).
std::uint16_t refused_port();

} // namespace revring_test

#endif
