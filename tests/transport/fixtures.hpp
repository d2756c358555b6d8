// What the integration tests of the transport and of the two clients share:
// the API key they send, client options for the scripted server, the check
// that no text of an error holds that key, and a call record as the server
// sends it. Light: include it after the revring header under test.
#ifndef REVRING_TESTS_TRANSPORT_FIXTURES_HPP
#define REVRING_TESTS_TRANSPORT_FIXTURES_HPP

#include "test_server.hpp"

#include <revring/error.hpp>
#include <revring/transport/options.hpp>

#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <string_view>

namespace revring_test {

inline constexpr std::string_view test_key = "rk_live_SECRET-abc123";

/// The call record of a queued call, as the server's "data".
inline const std::string record_body =
    R"({"data":{"id":"3c90c3cc-0d44-4b50-8888-8dd25736052a","direction":"OUTBOUND","status":"QUEUED",)"
    R"("fromNumber":"+15557654321","toNumber":"+15551234567","createdAt":"2024-05-01T12:00:00Z"}})";

/// Options for a client of `s`: its URL and the test CA, the test key, short
/// deadlines (1 s to connect, 2 s a request) and short backoffs.
inline revring::client_options options_for(const server& s) {
    using namespace std::chrono_literals;
    revring::client_options o;
    o.base_url = s.url();
    o.api_key = revring::api_key(test_key);
    o.ca_file = ca_file();
    o.connect_timeout = 1000ms;
    o.request_timeout = 2000ms;
    o.retry.initial_backoff = 5ms;
    o.retry.max_backoff = 20ms;
    return o;
}

/// No text of `e` holds the key: message, body, request id, headers, and
/// the exception made from it.
inline void require_no_key(const revring::error& e) {
    CHECK(e.what().find(test_key) == std::string::npos);
    CHECK(e.message.find(test_key) == std::string::npos);
    CHECK(e.body.find(test_key) == std::string::npos);
    CHECK(e.request_id.find(test_key) == std::string::npos);
    for (const auto& [n, v] : e.headers) CHECK(v.find(test_key) == std::string::npos);
    const revring::exception ex(e);
    CHECK(std::string(ex.what()).find(test_key) == std::string::npos);
}

} // namespace revring_test

#endif
