// Requests per second of the blocking client over one kept-alive TLS
// connection to a local server (a benchmark, not a test).
//
//   client-rps [REQUESTS]      (default 20000)
//
// The server is the transport tests' scripted TLS server, started in this
// process on its own thread (127.0.0.1, certificates from the build). Every
// request is a typed get_call whose 200 response is decoded into
// GetCallResponse, so the figure covers the whole path: request building,
// TLS write, response parse, JSON decode. revring-cpp is used header-only here.
#include <revring/revring.hpp>

#include "../tests/transport/test_server.hpp"

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <string>

int main(int argc, char** argv) {
    const long requests = argc > 1 ? std::atol(argv[1]) : 20000;
    if (requests <= 0) {
        std::cerr << "usage: client-rps [REQUESTS]\n";
        return 2;
    }
    const std::string body =
        R"({"data":{"id":"3c90c3cc-0d44-4b50-8888-8dd25736052a","direction":"OUTBOUND","status":"COMPLETED",)"
        R"("fromNumber":"+15557654321","toNumber":"+15551234567","createdAt":"2024-05-01T12:00:00Z",)"
        R"("durationSeconds":42,"summary":"The customer confirmed the appointment."}})";
    revring_test::server server([&](const revring_test::recorded_request&, std::size_t) {
        return revring_test::json_reply(200, body);
    });

    revring::client_options o;
    o.base_url = server.url();
    o.api_key = revring::api_key("rk_bench");
    o.ca_file = revring_test::ca_file();
    revring::client client(o);
    constexpr revring::uuid id = "3c90c3cc-0d44-4b50-8888-8dd25736052a";

    for (int i = 0; i < 200; ++i) (void)client.get_call(id); // warm-up: handshake, allocations

    const auto t0 = std::chrono::steady_clock::now();
    for (long i = 0; i < requests; ++i) {
        auto r = client.try_get_call(id);
        if (!r) {
            std::cerr << r.error().what() << '\n';
            return 1;
        }
    }
    const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - t0;
    const auto st = client.stats();
    std::cout << requests << " sync get_call requests in " << elapsed.count() << " s: "
              << static_cast<long>(static_cast<double>(requests) / elapsed.count()) << " requests/s; "
              << st.tls_handshakes << " TLS handshake(s), " << server.connections() << " connection(s)\n";
    return st.tls_handshakes == 1 ? 0 : 1;
}
