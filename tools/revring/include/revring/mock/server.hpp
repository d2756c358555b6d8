// revring-cpp: a local, RevRing-compatible mock of the calls API.
//
// The same server `revring mock` runs, to embed in a test suite:
//
//   revring::mock::options o;
//   o.api_key = "test-key";
//   o.step = std::chrono::milliseconds(50);
//   revring::mock::server mock(o);        // binds, makes its TLS identity
//   mock.start();                         // serves on a background thread
//
//   revring::client_options co;
//   co.base_url = mock.base_url();        // "https://127.0.0.1:PORT/v1"
//   co.extra_ca_file = mock.ca_file();    // trust the mock's own CA
//   ...
//   mock.stop();                          // or let the destructor do it
//
// It serves Send Call, Get Call, Batch Get Calls and Cancel Call under
// `base_path` (default "/v1"), requires the `x-api-key` header, validates
// bodies with the library's generated types, and runs every call through
// QUEUED -> INITIATED -> ONGOING -> COMPLETED on a clock with a fixed step.
// Errors are JSON objects {"statusCode", "error", "message"[, "pointer"]}.
//
// The header pulls in neither Asio nor Beast.
#ifndef REVRING_MOCK_SERVER_HPP
#define REVRING_MOCK_SERVER_HPP

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

namespace revring::mock {

struct options {
    /// Address to listen on: a numeric IPv4/IPv6 address or "localhost".
    /// The TLS certificate covers 127.0.0.1, ::1 and localhost only.
    std::string host = "127.0.0.1";
    /// 0: the system picks a free port (see server::port()).
    std::uint16_t port = 0;
    /// HTTPS with a certificate made at start (true) or plain HTTP.
    bool tls = true;
    /// The value every request's `x-api-key` header must have. Required
    /// (non-empty). Never printed or logged.
    std::string api_key;
    /// Time a call spends in each of QUEUED (at least), INITIATED, ONGOING.
    std::chrono::milliseconds step{1000};
    /// Calls that may be INITIATED or ONGOING at once; later ones queue, or
    /// are refused with 429 when they set skipQueue.
    std::size_t max_concurrent = 10;
    /// Path prefix of every route ("/v1" like the real API; "" for none).
    std::string base_path = "/v1";
    /// Where to write the CA certificate (PEM). Empty: a new private
    /// directory under the system's temporary directory, removed on stop.
    std::filesystem::path ca_file;
    /// Stop on SIGINT/SIGTERM (for the command-line server; leave false
    /// when embedding).
    bool stop_on_signals = false;
    /// One line per request on this sink ("POST /v1/calls -> 200"), if set.
    std::function<void(const std::string&)> log;
};

/// A running mock. Not copyable or movable; all members may be called from any thread.
class server {
public:
    /// Makes the TLS identity, writes the CA file and binds the listening
    /// socket. Throws std::invalid_argument for bad options and
    /// std::runtime_error (naming the step) when set-up fails.
    explicit server(options opts);
    server(const server&) = delete;
    server& operator=(const server&) = delete;
    /// Stops serving, joins the background thread, removes the CA file it
    /// made (a `ca_file` given in the options is kept).
    ~server();

    /// The bound port (the chosen one when the options said 0).
    std::uint16_t port() const noexcept;
    /// "https://127.0.0.1:PORT/v1" (IPv6 hosts in brackets).
    std::string base_url() const;
    /// The CA certificate file; empty for plain HTTP.
    const std::filesystem::path& ca_file() const noexcept;
    /// The CA certificate (PEM); empty for plain HTTP.
    const std::string& ca_pem() const noexcept;

    /// Serves on the calling thread until stop() (or a signal, when asked).
    /// Call run() or start() once (std::logic_error otherwise).
    void run();
    /// Serves on a background thread; returns at once. `options::log` is
    /// called on that thread.
    void start();
    /// Stops accepting and serving; returns at once. Idempotent.
    void stop() noexcept;
    /// Waits for the background thread started by start().
    void wait();

    struct impl;

private:
    std::unique_ptr<impl> impl_;
};

} // namespace revring::mock

#endif
