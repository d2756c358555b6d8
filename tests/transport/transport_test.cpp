// The transport against the scripted loopback server: TLS, deadlines,
// keep-alive, the pool, and above all which failures are retried.
// Requests here are raw (revring::transport::request); client_test.cpp goes
// through the typed operations.
#include <revring/transport/core.hpp>

#include "fixtures.hpp"
#include "test_server.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <doctest/doctest.h>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/tls1.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <future>
#include <iterator>
#include <limits>
#include <string>
#include <thread>

namespace net = boost::asio;
using namespace std::chrono_literals;
using revring::errc;
using revring_test::json_reply;
using revring_test::recorded_request;
using revring_test::reply;
using revring_test::server;
using revring_test::options_for;
using revring_test::require_no_key;
using revring_test::test_key;

namespace {

std::shared_ptr<revring::transport::core> make(revring::client_options o,
                                               std::optional<net::any_io_executor> ex = std::nullopt) {
    auto c = revring::transport::make_core(std::move(o), std::move(ex));
    REQUIRE_MESSAGE(c.has_value(), (c ? std::string() : c.error().what()));
    return *c;
}

revring::transport::request get(std::string target) {
    revring::transport::request r;
    r.method = revring::http_method::get;
    r.target = std::move(target);
    r.idempotent = true;
    r.operation = "get_call";
    return r;
}

revring::transport::request post(std::string target, std::string body) {
    revring::transport::request r;
    r.method = revring::http_method::post;
    r.target = std::move(target);
    r.body = std::move(body);
    r.has_body = true;
    r.idempotent = false;
    r.operation = "send_call";
    return r;
}

const std::string ok_body = R"({"data":{"id":"3c90c3cc-0d44-4b50-8888-8dd25736052a","status":"QUEUED"}})";

reply ok(const recorded_request&, std::size_t) { return json_reply(200, ok_body); }

/// The transport's async_send as an initiating function (any completion token).
template <class Token>
auto async_send(std::shared_ptr<revring::transport::core> c, revring::transport::request r, Token&& token) {
    return net::async_initiate<Token, void(revring::result<revring::transport::response>)>(
        [](auto handler, std::shared_ptr<revring::transport::core> c, revring::transport::request r) {
            revring::transport::async_send(c, std::move(r), std::move(handler));
        },
        token, std::move(c), std::move(r));
}

/// A coroutine (parameters, not lambda captures: those would dangle).
net::awaitable<void> one_call(std::shared_ptr<revring::transport::core> c, revring::transport::request req,
                              int& good) {
    auto r = co_await async_send(c, std::move(req), net::use_awaitable);
    if (r) ++good;
}

template <class Rep, class Period> long long ms(std::chrono::duration<Rep, Period> d) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
}

} // namespace

TEST_SUITE("integration") {

TEST_CASE("success: exact request bytes, any 2xx, response headers") {
    server s([](const recorded_request&, std::size_t) {
        return json_reply(201, ok_body, {{"x-request-id", "req-1"}});
    });
    auto c = make(options_for(s));
    auto r = revring::transport::send(*c, post("/calls", R"({"agentId":"a","toNumber":"+15551234567"})"));
    REQUIRE_MESSAGE(r.has_value(), (r ? std::string() : r.error().what()));
    CHECK(r->status == 201);
    CHECK(r->body == ok_body);
    CHECK(r->header("X-Request-Id") == "req-1");
    CHECK(r->attempts == 1);

    REQUIRE(s.request_count() == 1);
    const auto q = s.requests().front();
    CHECK(q.valid_http);
    const std::string host = "127.0.0.1:" + std::to_string(s.port());
    const std::string expected_head = "POST /v1/calls HTTP/1.1\r\n"
                                      "Host: " + host + "\r\n"
                                      "User-Agent: revring-cpp/" REVRING_VERSION_STRING "\r\n"
                                      "Accept: application/json\r\n"
                                      "x-api-key: rk_live_SECRET-abc123\r\n"
                                      "Content-Type: application/json\r\n"
                                      "Content-Length: 41\r\n"
                                      "\r\n";
    CHECK(q.head == expected_head);
    CHECK(q.body == R"({"agentId":"a","toNumber":"+15551234567"})");
    CHECK(q.header_count("x-api-key") == 1);
}

TEST_CASE("GET: no body, no Content-Type, target below the base path") {
    server s(ok);
    auto c = make(options_for(s));
    auto r = revring::transport::send(*c, get("/calls/3c90c3cc-0d44-4b50-8888-8dd25736052a"));
    REQUIRE(r.has_value());
    const auto q = s.requests().at(0);
    CHECK(q.method == "GET");
    CHECK(q.target == "/v1/calls/3c90c3cc-0d44-4b50-8888-8dd25736052a");
    CHECK(q.header_count("content-type") == 0);
    CHECK(q.header_count("content-length") == 0);
    CHECK(q.body.empty());
}

TEST_CASE("extra headers from the client and the call") {
    server s(ok);
    auto o = options_for(s);
    o.headers = {{"X-Client", "one"}};
    auto c = make(o);
    auto req = get("/calls/x");
    req.options.headers = {{"X-Call", "two"}};
    REQUIRE(revring::transport::send(*c, req).has_value());
    const auto q = s.requests().at(0);
    CHECK(q.header("x-client") == "one");
    CHECK(q.header("x-call") == "two");
}

TEST_CASE("exact request bytes: a field given again replaces the earlier one, where it was given last") {
    // The head is written by the client itself (no Beast fields): a later
    // field of the same name, in any case, replaces an earlier one, as
    // Beast's fields::set did. Client headers may replace User-Agent and
    // Accept; call headers may replace those and the client's; the
    // idempotency header comes last.
    server s(ok);
    auto o = options_for(s);
    o.headers = {{"X-Team", "dialer"}, {"user-agent", "acme-dialer/2"}, {"X-Trace", "client"}, {"x-team", "ops"}};
    o.idempotency_header = "Idempotency-Key";
    auto c = make(o);
    auto req = post("/calls", "{}");
    req.options.headers = {{"X-TRACE", "call"}, {"Accept", "application/json; q=1"}};
    req.options.idempotency_key = "key-1";
    REQUIRE(revring::transport::send(*c, req).has_value());
    const auto q = s.requests().at(0);
    CHECK(q.valid_http);
    CHECK(q.head == "POST /v1/calls HTTP/1.1\r\n"
                    "Host: 127.0.0.1:" + std::to_string(s.port()) + "\r\n"
                    "x-api-key: rk_live_SECRET-abc123\r\n"
                    "user-agent: acme-dialer/2\r\n"
                    "x-team: ops\r\n"
                    "X-TRACE: call\r\n"
                    "Accept: application/json; q=1\r\n"
                    "Idempotency-Key: key-1\r\n"
                    "Content-Type: application/json\r\n"
                    "Content-Length: 2\r\n"
                    "\r\n");
    CHECK(q.body == "{}");
}

TEST_CASE("exact request bytes: Content-Length for POST and PUT without a body, not for GET or DELETE") {
    server s(ok);
    auto c = make(options_for(s));
    const std::string fixed = "Host: 127.0.0.1:" + std::to_string(s.port()) + "\r\n"
                              "User-Agent: revring-cpp/" REVRING_VERSION_STRING "\r\n"
                              "Accept: application/json\r\n"
                              "x-api-key: rk_live_SECRET-abc123\r\n";
    struct one {
        revring::http_method method;
        std::string_view line, tail;
    };
    for (const auto& [method, line, tail] :
         {one{revring::http_method::post, "POST /v1/calls/x/end HTTP/1.1\r\n", "Content-Length: 0\r\n\r\n"},
          one{revring::http_method::put, "PUT /v1/calls/x/end HTTP/1.1\r\n", "Content-Length: 0\r\n\r\n"},
          one{revring::http_method::del, "DELETE /v1/calls/x/end HTTP/1.1\r\n", "\r\n"},
          one{revring::http_method::patch, "PATCH /v1/calls/x/end HTTP/1.1\r\n", "\r\n"}}) {
        auto req = get("/calls/x/end");
        req.method = method;
        REQUIRE(revring::transport::send(*c, req).has_value());
        const auto q = s.requests().back();
        CHECK(q.valid_http);
        CHECK(q.head == std::string(line) + fixed + std::string(tail));
    }
    CHECK(s.request_count() == 4);
}

TEST_CASE("exact request bytes (async): the same head and body as the blocking path") {
    server s(ok);
    net::io_context io;
    auto o = options_for(s);
    o.headers = {{"X-Client", "one"}};
    auto c = make(o, io.get_executor());
    std::optional<revring::result<revring::transport::response>> out;
    revring::transport::async_send(c, post("/calls", R"({"agentId":"a"})"),
                                   [&](revring::result<revring::transport::response> r) { out.emplace(std::move(r)); });
    io.run();
    REQUIRE(out.has_value());
    REQUIRE(out->has_value());
    const auto q = s.requests().at(0);
    CHECK(q.head == "POST /v1/calls HTTP/1.1\r\n"
                    "Host: 127.0.0.1:" + std::to_string(s.port()) + "\r\n"
                    "User-Agent: revring-cpp/" REVRING_VERSION_STRING "\r\n"
                    "Accept: application/json\r\n"
                    "x-api-key: rk_live_SECRET-abc123\r\n"
                    "X-Client: one\r\n"
                    "Content-Type: application/json\r\n"
                    "Content-Length: 15\r\n"
                    "\r\n");
    CHECK(q.body == R"({"agentId":"a"})");
}

TEST_CASE("401 and 404 JSON errors carry status, headers, request id and body") {
    server s([](const recorded_request& q, std::size_t) {
        if (q.target == "/v1/calls/missing")
            return json_reply(404, R"({"message":"Call not found"})", {{"x-request-id", "req-404"}});
        return json_reply(401, R"({"error":"Invalid API key"})", {{"request-id", "req-401"}});
    });
    auto c = make(options_for(s));

    auto r401 = revring::transport::send(*c, post("/calls", "{}"));
    REQUIRE(r401.has_error());
    const auto e401 = r401.error();
    CHECK(e401.is(errc::unauthorized));
    CHECK(e401.http_status == 401);
    CHECK(e401.request_id == "req-401");
    CHECK(e401.body == R"({"error":"Invalid API key"})");
    CHECK(e401.message.find("Invalid API key") != std::string::npos);
    CHECK(!e401.nothing_sent());
    require_no_key(e401);

    auto r404 = revring::transport::send(*c, get("/calls/missing"));
    REQUIRE(r404.has_error());
    const auto e404 = r404.error();
    CHECK(e404.is(errc::not_found));
    CHECK(e404.http_status == 404);
    CHECK(e404.request_id == "req-404");
    CHECK(e404.message.find("Call not found") != std::string::npos);
    bool has_header = false;
    for (const auto& [n, v] : e404.headers) has_header = has_header || (n == "x-request-id" && v == "req-404");
    CHECK(has_header);
    CHECK(s.request_count() == 2); // 401 and 404 are never retried
}

TEST_CASE("502 with an HTML body: server_error, body kept, POST not retried") {
    const std::string html = "<html><body><h1>502 Bad Gateway</h1></body></html>";
    server s([&](const recorded_request&, std::size_t) { return revring_test::http_reply(502, "text/html", html); });
    auto c = make(options_for(s));
    auto r = revring::transport::send(*c, post("/calls", "{}"));
    REQUIRE(r.has_error());
    CHECK(r.error().is(errc::server_error));
    CHECK(r.error().http_status == 502);
    CHECK(r.error().body == html);
    CHECK(s.request_count() == 1);
}

TEST_CASE("error bodies are cut to REVRING_ERROR_BODY_EXCERPT") {
    server s([](const recorded_request&, std::size_t) {
        return revring_test::http_reply(500, "text/plain", std::string(10000, 'x'));
    });
    auto c = make(options_for(s));
    auto r = revring::transport::send(*c, post("/calls", "{}"));
    REQUIRE(r.has_error());
    CHECK(r.error().body.size() == REVRING_ERROR_BODY_EXCERPT);
}

TEST_CASE("the API key never appears in an error, even when the server echoes it") {
    server s([](const recorded_request& q, std::size_t) {
        const std::string k = q.header("x-api-key");
        return json_reply(401, R"({"message":"bad key )" + k + R"("})", {{"x-echo", k}});
    });
    auto c = make(options_for(s));
    auto r = revring::transport::send(*c, post("/calls", "{}"));
    REQUIRE(r.has_error());
    require_no_key(r.error());
    CHECK(r.error().body.find("[redacted]") != std::string::npos);
}

TEST_CASE("429: rate_limited with Retry-After; POST never retried, skipQueue returned at once") {
    server s([](const recorded_request&, std::size_t) {
        return json_reply(429, R"({"message":"Concurrency limit reached"})", {{"Retry-After", "1"}});
    });
    auto c = make(options_for(s));

    SUBCASE("POST without skipQueue") {
        auto r = revring::transport::send(*c, post("/calls", "{}"));
        REQUIRE(r.has_error());
        CHECK(r.error().is(errc::rate_limited));
        REQUIRE(r.error().retry_after.has_value());
        CHECK(*r.error().retry_after == std::chrono::seconds(1));
        CHECK(s.request_count() == 1);
    }
    SUBCASE("idempotent request with fail_fast_on_429") {
        auto req = get("/calls/x");
        req.options.fail_fast_on_429 = true;
        const auto t0 = std::chrono::steady_clock::now();
        auto r = revring::transport::send(*c, req);
        CHECK(ms(std::chrono::steady_clock::now() - t0) < 900);
        REQUIRE(r.has_error());
        CHECK(r.error().is(errc::rate_limited));
        CHECK(r.error().retry_after == std::chrono::seconds(1));
        CHECK(s.request_count() == 1);
    }
}

TEST_CASE("connection dropped after the request: outcome_unknown, exactly one request") {
    server s([](const recorded_request&, std::size_t) { return revring_test::drop_reply(); });
    auto c = make(options_for(s));
    auto r = revring::transport::send(*c, post("/calls", R"({"a":1})"));
    REQUIRE(r.has_error());
    CHECK(r.error().is(errc::outcome_unknown));
    CHECK(!r.error().nothing_sent());
    CHECK(r.error().message.find("the call may have been placed, so it was not sent again") != std::string::npos);
    CHECK(s.request_count() == 1);
    CHECK(revring::transport::get_stats(*c).retries == 0);
    require_no_key(r.error());
}

TEST_CASE("a server that never answers: the deadline holds (sync)") {
    server s([](const recorded_request&, std::size_t) { return revring_test::hang_reply(); });
    auto o = options_for(s);
    o.request_timeout = 300ms;
    auto c = make(o);
    const auto t0 = std::chrono::steady_clock::now();
    auto r = revring::transport::send(*c, post("/calls", "{}"));
    const auto elapsed = ms(std::chrono::steady_clock::now() - t0);
    REQUIRE(r.has_error());
    CHECK(r.error().is(errc::outcome_unknown));
    CHECK(r.error().cause == boost::asio::error::timed_out);
    CHECK(elapsed >= 280);
    CHECK(elapsed < 1500);
    CHECK(s.request_count() == 1);
}

TEST_CASE("a server that never answers: the deadline holds (async)") {
    server s([](const recorded_request&, std::size_t) { return revring_test::hang_reply(); });
    net::io_context io;
    auto o = options_for(s);
    o.request_timeout = 300ms;
    auto c = make(o, io.get_executor());
    std::optional<revring::result<revring::transport::response>> out;
    const auto t0 = std::chrono::steady_clock::now();
    revring::transport::async_send(c, post("/calls", "{}"), [&](revring::result<revring::transport::response> r) {
        out.emplace(std::move(r));
    });
    io.run();
    const auto elapsed = ms(std::chrono::steady_clock::now() - t0);
    REQUIRE(out.has_value());
    REQUIRE(out->has_error());
    CHECK(out->error().is(errc::outcome_unknown));
    CHECK(elapsed >= 280);
    CHECK(elapsed < 1500);
    CHECK(s.request_count() == 1);
}

TEST_CASE("a server that stops reading half-way through a POST: outcome_unknown, not sent again") {
    // The one case where what reached the socket decides: the write itself
    // fails (here at the deadline) after some bytes went out. Counting
    // nothing would make it "no byte written", which is retried.
    server s(ok, {.tls = true, .stop_reading_after_head = true});
    auto o = options_for(s);
    o.request_timeout = 300ms;
    const std::string body(64u << 20, 'x'); // more than the loopback socket buffers hold
    auto check = [&](const revring::result<revring::transport::response>& r, revring::transport::core& c) {
        REQUIRE(r.has_error());
        INFO(r.error().what());
        CHECK(r.error().is(errc::outcome_unknown));
        CHECK_FALSE(r.error().nothing_sent());
        CHECK(r.error().message.find("while writing the request") != std::string::npos);
        CHECK(r.error().message.find("the call may have been placed, so it was not sent again") != std::string::npos);
        CHECK(revring::transport::get_stats(c).retries == 0);
        CHECK(s.connections() == 1);
        CHECK(s.request_count() == 1);
    };
    SUBCASE("sync") {
        auto c = make(o);
        check(revring::transport::send(*c, post("/calls", body)), *c);
    }
    SUBCASE("async") {
        net::io_context io;
        auto c = make(o, io.get_executor());
        std::optional<revring::result<revring::transport::response>> out;
        revring::transport::async_send(c, post("/calls", body),
                                       [&](revring::result<revring::transport::response> r) { out.emplace(std::move(r)); });
        io.run();
        REQUIRE(out.has_value());
        check(*out, *c);
    }
}

TEST_CASE("truncated, malformed and oversize responses: outcome_unknown, not retried") {
    std::string bytes;
    bool close = true;
    std::size_t limit = REVRING_DEFAULT_BODY_LIMIT;
    std::string expect;
    SUBCASE("truncated body") {
        bytes = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"data\":";
        expect = "truncated";
    }
    SUBCASE("truncated head") {
        bytes = "HTTP/1.1 200 OK\r\nContent-Ty";
        expect = "truncated";
    }
    SUBCASE("malformed status line") {
        bytes = "HTTP/1.1 two hundred OK\r\n\r\n";
        expect = "malformed";
    }
    SUBCASE("oversize body (default limit, 8 MiB)") {
        bytes = revring_test::json_reply(200, "\"" + std::string(REVRING_DEFAULT_BODY_LIMIT, 'x') + "\"").bytes;
        close = false;
        expect = "exceeds the limit";
    }
    SUBCASE("a Content-Length no body follows, with the limit set to the maximum") {
        // What the client reserves for the body must not be what the server
        // announces: this one would not fit in memory (or in a std::string).
        limit = std::numeric_limits<std::size_t>::max();
        bytes = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 9223372036854775807\r\n\r\n{}";
        expect = "truncated";
    }
    SUBCASE("oversize body (small limit)") {
        limit = 1024;
        bytes = revring_test::json_reply(200, std::string(2048, ' ') + "{}").bytes;
        close = false;
        expect = "exceeds the limit of 1024 bytes";
    }
    server s([&](const recorded_request&, std::size_t) { return revring_test::raw_reply(bytes, close); });
    auto o = options_for(s);
    o.body_limit = limit;
    auto c = make(o);
    for (auto req : {post("/calls", "{}"), get("/calls/x")}) {
        const auto before = s.request_count();
        auto r = revring::transport::send(*c, req);
        REQUIRE(r.has_error());
        CHECK(r.error().is(errc::outcome_unknown));
        CHECK_MESSAGE(r.error().message.find(expect) != std::string::npos, r.error().message);
        CHECK(s.request_count() == before + 1); // GET too: a broken answer would break again
    }
}

TEST_CASE("an error another library left in this thread's OpenSSL error queue does not change the verdict") {
    // SSL_get_error reads the thread's error queue, so a stale entry would
    // make a close_notify read as a TLS failure ("malformed HTTP response
    // (bad length)") instead of a truncated response. The blocking path
    // empties the queue once per request, not before each TLS call, and
    // leaves it empty after a failure.
    server s([](const recorded_request&, std::size_t i) {
        if (i == 0) return json_reply(200, ok_body);
        auto r = revring_test::raw_reply("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"data\":", true);
        r.close_notify = true;
        return r;
    });
    auto c = make(options_for(s));
    REQUIRE(revring::transport::send(*c, get("/calls/x")).has_value());
    ERR_raise(ERR_LIB_SSL, SSL_R_BAD_LENGTH); // left by other code on this thread
    REQUIRE(ERR_peek_error() != 0);
    auto r = revring::transport::send(*c, get("/calls/x")); // on the kept-alive connection
    REQUIRE(r.has_error());
    CHECK(r.error().is(errc::outcome_unknown));
    CHECK_MESSAGE(r.error().message.find("truncated") != std::string::npos, r.error().message);
    CHECK(ERR_peek_error() == 0);
    CHECK(s.request_count() == 2);
    CHECK(revring::transport::get_stats(*c).connections_opened == 1);
}

TEST_CASE("certificate failures and refused connections: nothing reaches the server") {
    SUBCASE("untrusted certificate") {
        server s(ok, {.tls = true, .cert = revring_test::certificate::untrusted});
        auto c = make(options_for(s));
        auto r = revring::transport::send(*c, post("/calls", "{}"));
        REQUIRE(r.has_error());
        CHECK(r.error().is(errc::tls_failed));
        CHECK(r.error().nothing_sent());
        CHECK_MESSAGE(r.error().message.find("certificate verification failed") != std::string::npos,
                      r.error().message);
        CHECK(s.request_count() == 0);
        CHECK(s.handshakes() == 0);
        CHECK(s.connections() == 1); // verification failures are not retried
    }
    SUBCASE("wrong host name") {
        server s(ok, {.tls = true, .cert = revring_test::certificate::wrong_host});
        auto c = make(options_for(s));
        auto r = revring::transport::send(*c, get("/calls/x"));
        REQUIRE(r.has_error());
        CHECK(r.error().is(errc::tls_failed));
        CHECK_MESSAGE(r.error().message.find("does not match the host name 127.0.0.1") != std::string::npos,
                      r.error().message);
        CHECK(s.request_count() == 0);
        CHECK(s.handshakes() == 0);
    }
    SUBCASE("the system trust store alone does not trust the test CA") {
        server s(ok);
        auto o = options_for(s);
        o.ca_file.clear();
        auto c = make(o);
        auto r = revring::transport::send(*c, get("/calls/x"));
        REQUIRE(r.has_error());
        CHECK(r.error().is(errc::tls_failed));
        CHECK(s.request_count() == 0);
    }
    SUBCASE("the test CA as PEM text") {
        server s(ok);
        auto o = options_for(s);
        o.ca_file.clear();
        std::ifstream f(revring_test::ca_file());
        o.ca_pem.assign(std::istreambuf_iterator<char>(f), {});
        auto c = make(o);
        CHECK(revring::transport::send(*c, get("/calls/x")).has_value());
    }
    SUBCASE("refused connection: retried (nothing was sent), then connection_failed") {
        revring::client_options o;
        o.base_url = "https://127.0.0.1:" + std::to_string(revring_test::refused_port()) + "/v1";
        o.api_key = revring::api_key(test_key);
        o.retry.initial_backoff = 5ms;
        auto c = make(o);
        auto r = revring::transport::send(*c, post("/calls", "{}"));
        REQUIRE(r.has_error());
        CHECK(r.error().is(errc::connection_failed));
        CHECK(r.error().nothing_sent());
        CHECK(r.error().message.find("after 3 attempts") != std::string::npos);
        const auto st = revring::transport::get_stats(*c);
        CHECK(st.retries == 2);
        CHECK(st.connections_opened == 0);
        CHECK(st.requests_written == 0);
        require_no_key(r.error());
    }
}

TEST_CASE("TLS versions: 1.3 preferred, 1.2 accepted, older refused") {
    SUBCASE("default server: TLS 1.3") {
        server s(ok);
        auto c = make(options_for(s));
        REQUIRE(revring::transport::send(*c, get("/calls/x")).has_value());
        CHECK(s.tls_versions() == std::vector<std::string>{"TLSv1.3"});
    }
    SUBCASE("a TLS 1.2 server") {
        server s(ok, {.tls_max_version = TLS1_2_VERSION});
        auto c = make(options_for(s));
        REQUIRE(revring::transport::send(*c, get("/calls/x")).has_value());
        CHECK(s.tls_versions() == std::vector<std::string>{"TLSv1.2"});
    }
    SUBCASE("a TLS 1.1 server: refused, nothing sent") {
        server s(ok, {.tls_min_version = TLS1_1_VERSION, .tls_max_version = TLS1_1_VERSION});
        auto c = make(options_for(s));
        auto r = revring::transport::send(*c, post("/calls", "{}"));
        REQUIRE(r.has_error());
        CHECK(r.error().is(errc::tls_failed));
        CHECK(s.request_count() == 0);
        CHECK(s.handshakes() == 0);
    }
}

TEST_CASE("keep-alive: 1000 sequential calls, one TLS handshake") {
    server s(ok);
    auto c = make(options_for(s));
    for (int i = 0; i < 1000; ++i) {
        auto r = revring::transport::send(*c, i % 2 ? get("/calls/x") : post("/calls", "{}"));
        REQUIRE(r.has_value());
    }
    CHECK(s.request_count() == 1000);
    CHECK(s.connections() == 1);
    CHECK(s.handshakes() == 1);
    CHECK(revring::transport::get_stats(*c).tls_handshakes == 1);
}

TEST_CASE("idle connection closed by the server: GET and POST reconnect before writing anything") {
    server s(ok, {.tls = true, .cert = revring_test::certificate::good, .idle_close = 50ms});
    auto c = make(options_for(s));
    REQUIRE(revring::transport::send(*c, get("/calls/x")).has_value());
    std::this_thread::sleep_for(200ms); // the server closes the idle connection
    REQUIRE(revring::transport::send(*c, get("/calls/x")).has_value());
    std::this_thread::sleep_for(200ms);
    auto r = revring::transport::send(*c, post("/calls", "{}"));
    REQUIRE_MESSAGE(r.has_value(), (r ? std::string() : r.error().what()));
    CHECK(s.request_count() == 3); // nothing was sent twice
    CHECK(s.connections() == 3);
    CHECK(revring::transport::get_stats(*c).retries == 0); // not even a retry: the stale connection was never used
}

TEST_CASE("connection closed after a kept-alive request was written: GET resent, POST not") {
    // The server answers the first request, then reads the second one and
    // drops the connection: the client cannot know what became of it.
    server s([](const recorded_request&, std::size_t i) {
        if (i == 1) return revring_test::drop_reply();
        return json_reply(200, ok_body);
    });
    auto c = make(options_for(s));
    REQUIRE(revring::transport::send(*c, get("/calls/x")).has_value());

    SUBCASE("GET: sent again on a new connection") {
        auto r = revring::transport::send(*c, get("/calls/x"));
        REQUIRE_MESSAGE(r.has_value(), (r ? std::string() : r.error().what()));
        CHECK(r->attempts == 2);
        CHECK(s.request_count() == 3);
        CHECK(s.connections() == 2);
    }
    SUBCASE("POST: outcome_unknown, never sent twice") {
        auto r = revring::transport::send(*c, post("/calls", "{}"));
        REQUIRE(r.has_error());
        CHECK(r.error().is(errc::outcome_unknown));
        CHECK(s.request_count() == 2);
        CHECK(s.connections() == 1);
    }
}

TEST_CASE("GET retried after 503 with Retry-After") {
    server s([](const recorded_request&, std::size_t i) {
        if (i == 0) return json_reply(503, R"({"message":"busy"})", {{"Retry-After", "1"}});
        return json_reply(200, ok_body);
    });
    auto c = make(options_for(s));
    const auto t0 = std::chrono::steady_clock::now();
    auto r = revring::transport::send(*c, get("/calls/x"));
    const auto elapsed = ms(std::chrono::steady_clock::now() - t0);
    REQUIRE(r.has_value());
    CHECK(r->attempts == 2);
    CHECK(s.request_count() == 2);
    CHECK(elapsed >= 990);
    CHECK(elapsed < 3000);
}

TEST_CASE("200 concurrent async calls on one io_context share a small pool") {
    server s(ok);
    net::io_context io;
    auto o = options_for(s);
    o.max_connections = 4;
    auto c = make(o, io.get_executor());
    int good = 0;
    for (int i = 0; i < 200; ++i)
        net::co_spawn(io, one_call(c, i % 2 ? get("/calls/x") : post("/calls", "{}"), good), net::detached);
    io.run();
    CHECK(good == 200);
    CHECK(s.request_count() == 200);
    CHECK(s.handshakes() <= 4);
}

TEST_CASE("plain HTTP on a loopback host, resolved by name") {
    server s(ok, {.tls = false});
    auto o = options_for(s);
    o.base_url = "http://localhost:" + std::to_string(s.port()) + "/v1";
    auto c = make(o);
    for (int i = 0; i < 3; ++i) REQUIRE(revring::transport::send(*c, get("/calls/x")).has_value());
    CHECK(s.connections() == 1);
    CHECK(s.requests().at(0).header("host") == "localhost:" + std::to_string(s.port()));
}

TEST_CASE("connect timeout: a server that never completes the TLS handshake") {
    // A plain HTTP server waits for "\r\n\r\n" that a TLS ClientHello never sends.
    server s(ok, {.tls = false});
    auto o = options_for(s);
    o.base_url = s.url().replace(0, 4, "https");
    o.connect_timeout = 200ms;
    auto c = make(o);

    SUBCASE("nothing was sent, so it is retried") {
        const auto t0 = std::chrono::steady_clock::now();
        auto r = revring::transport::send(*c, post("/calls", "{}"));
        const auto elapsed = ms(std::chrono::steady_clock::now() - t0);
        REQUIRE(r.has_error());
        CHECK(r.error().is(errc::timeout));
        CHECK(r.error().nothing_sent());
        CHECK(r.error().cause == boost::asio::error::timed_out);
        CHECK_MESSAGE(r.error().message.find("timed out after 200 ms (TLS handshake)") != std::string::npos,
                      r.error().message);
        CHECK(s.connections() == 3);
        CHECK(elapsed >= 3 * 190);
        CHECK(elapsed < 3000);
    }
    SUBCASE("without retries: one attempt") {
        auto req = post("/calls", "{}");
        req.options.retry = revring::retry_policy::none();
        auto r = revring::transport::send(*c, req);
        REQUIRE(r.has_error());
        CHECK(r.error().is(errc::timeout));
        CHECK(s.connections() == 1);
    }
    CHECK(s.request_count() == 0);
}

TEST_CASE("pool: a call that waits too long for a connection times out with nothing sent") {
    server s([](const recorded_request&, std::size_t) { return revring_test::hang_reply(); });
    net::io_context io;
    auto o = options_for(s);
    o.max_connections = 1;
    o.request_timeout = 300ms;
    o.retry = revring::retry_policy::none();
    auto c = make(o, io.get_executor());
    std::vector<revring::result<revring::transport::response>> out;
    for (int i = 0; i < 2; ++i) {
        auto req = post("/calls", "{}");
        if (i == 1) req.options.timeout = 150ms; // gives up while the first call holds the connection
        revring::transport::async_send(c, req, [&](revring::result<revring::transport::response> r) {
            out.push_back(std::move(r));
        });
    }
    io.run();
    REQUIRE(out.size() == 2);
    CHECK(out[0].error().is(errc::timeout)); // never got the one connection
    CHECK(out[1].error().is(errc::outcome_unknown)); // sent, never answered
    CHECK(out[0].error().nothing_sent());
    CHECK(out[0].error().message.find("no connection became free within 150 ms") != std::string::npos);
    CHECK(s.request_count() == 1);
    CHECK(s.connections() == 1);
}

TEST_CASE("idempotency key: the same key on every attempt, and a POST may then be retried") {
    server s([](const recorded_request&, std::size_t i) {
        if (i == 0) return json_reply(503, "{}");
        return json_reply(200, ok_body);
    });
    auto o = options_for(s);
    o.idempotency_header = "Idempotency-Key";
    int made = 0;
    o.idempotency_key = [&made] {
        ++made;
        return revring::random_idempotency_key();
    };
    auto c = make(o);

    SUBCASE("from the hook") {
        auto r = revring::transport::send(*c, post("/calls", "{}"));
        REQUIRE(r.has_value());
        const auto q = s.requests();
        REQUIRE(q.size() == 2);
        CHECK(q[0].header("idempotency-key").size() == 36);
        CHECK(q[0].header("idempotency-key") == q[1].header("idempotency-key"));
        CHECK(made == 1);
    }
    SUBCASE("from the call") {
        auto req = post("/calls", "{}");
        req.options.idempotency_key = "my-key-1";
        REQUIRE(revring::transport::send(*c, req).has_value());
        const auto q = s.requests();
        REQUIRE(q.size() == 2);
        CHECK(q[1].header("idempotency-key") == "my-key-1");
        CHECK(made == 0);
    }
    SUBCASE("a key with CR/LF is refused") {
        auto req = post("/calls", "{}");
        req.options.idempotency_key = "k\r\nX: y";
        auto r = revring::transport::send(*c, req);
        REQUIRE(r.has_error());
        CHECK(r.error().is(errc::invalid_input));
        CHECK(s.request_count() == 0);
    }
}

TEST_CASE("an idempotency key without a header name is refused") {
    server s(ok);
    auto c = make(options_for(s));
    auto req = post("/calls", "{}");
    req.options.idempotency_key = "k";
    auto r = revring::transport::send(*c, req);
    REQUIRE(r.has_error());
    CHECK(r.error().is(errc::invalid_input));
    CHECK(s.request_count() == 0);
}

TEST_CASE("sync calls from several threads share one client") {
    server s(ok);
    auto c = make(options_for(s));
    std::atomic<int> good{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&] {
            for (int i = 0; i < 50; ++i)
                if (revring::transport::send(*c, get("/calls/x"))) ++good;
        });
    for (auto& t : threads) t.join();
    CHECK(good == 200);
    CHECK(s.handshakes() <= 4);
}

TEST_CASE("async calls on an io_context run by several threads") {
    server s(ok);
    net::io_context io(2);
    auto o = options_for(s);
    o.max_connections = 3;
    auto c = make(o, io.get_executor());
    std::atomic<int> good{0};
    for (int i = 0; i < 100; ++i)
        revring::transport::async_send(c, i % 2 ? get("/calls/x") : post("/calls", "{}"),
                                       [&good](revring::result<revring::transport::response> r) {
                                           if (r) ++good;
                                       });
    std::thread other([&] { io.run(); });
    io.run();
    other.join();
    CHECK(good == 100);
    CHECK(s.request_count() == 100);
    CHECK(s.handshakes() <= 3);
}

TEST_CASE("async completion runs on the handler's executor") {
    server s(ok);
    net::io_context io;
    auto c = make(options_for(s), io.get_executor());
    auto strand = net::make_strand(io);
    bool on_strand = false;
    bool done = false;
    revring::transport::async_send(c, get("/calls/x"),
                                   net::bind_executor(strand, [&](revring::result<revring::transport::response> r) {
                                       on_strand = strand.running_in_this_thread();
                                       done = r.has_value();
                                   }));
    io.run();
    CHECK(done);
    CHECK(on_strand);
}

TEST_CASE("async on a client without an executor: an error, delivered through the handler") {
    server s(ok);
    auto c = make(options_for(s));
    std::promise<revring::result<revring::transport::response>> p;
    auto f = p.get_future();
    revring::transport::async_send(c, get("/calls/x"), [&p](revring::result<revring::transport::response> r) {
        p.set_value(std::move(r));
    });
    REQUIRE(f.wait_for(5s) == std::future_status::ready);
    auto r = f.get();
    REQUIRE(r.has_error());
    CHECK(r.error().is(errc::invalid_input));
    CHECK(r.error().message.find("no executor") != std::string::npos);
    CHECK(s.connections() == 0);
}

TEST_CASE("an API key with CR/LF is refused before anything is sent") {
    server s(ok);
    using namespace std::string_view_literals;
    for (std::string_view bad : {"abc\r\nX-Injected: 1"sv, "abc\ndef"sv, "abc\rdef"sv, "a\0b"sv}) {
        auto o = options_for(s);
        o.api_key = revring::api_key(bad);
        auto c = revring::transport::make_core(o, std::nullopt);
        REQUIRE(c.has_error());
        CHECK(c.error().is(errc::invalid_input));
        CHECK(c.error().message.find("x-api-key") != std::string::npos);
        CHECK(c.error().message.find("abc") == std::string::npos); // the value is never repeated
    }
    CHECK(s.connections() == 0);
}

TEST_CASE("header values with control characters are refused before anything is sent") {
    server s(ok);
    auto c = make(options_for(s));
    auto req = get("/calls/x");
    req.options.headers = {{"X-Note", "line1\r\nline2"}};
    auto r = revring::transport::send(*c, req);
    REQUIRE(r.has_error());
    CHECK(r.error().is(errc::invalid_input));
    req.options.headers = {{"Host", "evil.example"}};
    CHECK(revring::transport::send(*c, req).error().is(errc::invalid_input));
    req.options.headers = {{"Bad Name", "v"}};
    CHECK(revring::transport::send(*c, req).error().is(errc::invalid_input));
    CHECK(s.connections() == 0);
}

TEST_CASE("no redirect is followed") {
    server elsewhere(ok);
    server s([&](const recorded_request&, std::size_t) {
        return json_reply(302, "{}", {{"Location", elsewhere.url("/v1/calls")}});
    });
    auto c = make(options_for(s));
    auto r = revring::transport::send(*c, get("/calls/x"));
    REQUIRE(r.has_error());
    CHECK(r.error().is(errc::http_status));
    CHECK(r.error().http_status == 302);
    CHECK(r.error().message.find("redirects are not followed") != std::string::npos);
    CHECK(s.request_count() == 1);
    CHECK(elsewhere.connections() == 0);
}

} // TEST_SUITE
