// The client against servers that misbehave (issue 6, part 2).
//
// Every scenario runs on 127.0.0.1 against a server started here: the
// scripted test server of the transport tests for replies that are wrong
// all at once (lying Content-Length, hostile JSON), and the hostile peer
// (hostile_peer.hpp) for misbehaviour over time or below HTTP (a drip,
// endless headers, a 100 MB body, a broken TLS handshake). Each scenario
// proves that the client
//   - ends with the documented error (revring/error.hpp),
//   - returns within its deadline (plus slack for a loaded, sanitized build),
//   - keeps its memory bounded where a server could make it grow,
//   - sends a POST /calls at most once: every server counts the requests.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include "../transport/test_server.hpp"
#include "hostile_peer.hpp"

#include <revring/revring.hpp> // from_json, compiled once with the client (REVRING_SEPARATE_COMPILATION)

#include <boost/asio/error.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/json/parse.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

namespace {

using namespace std::chrono_literals;
using revring::errc;
using revring_hostile::connection;
using revring_hostile::peer;
using revring_hostile::peer_options;
using steady = std::chrono::steady_clock;

constexpr std::string_view secret = "sk_test_HOSTILE_secret_9f8e7d";
constexpr revring::uuid call_id = "0b7c1f8e-5a2d-4c3b-9e6f-1a2b3c4d5e6f";
constexpr revring::uuid agent_id = "3c90c3cc-0d44-4b50-8888-8dd25736052a";

/// Slack on every deadline: the sanitizer builds run several times slower on
/// a shared machine.
constexpr auto slack = 3s;

// The bytes of a string literal without its terminating NUL: raw wire bytes may
// hold embedded NULs, so a length written by hand would be one more thing to get wrong.
template <std::size_t N> constexpr std::string_view wire(const char (&s)[N]) { return {s, N - 1}; }

/// The io_context of the asynchronous calls (send_call); it outlives every client.
boost::asio::io_context& test_io() {
    static boost::asio::io_context io;
    return io;
}

revring::client make_client(const std::string& url, revring::retry_policy retry = revring::retry_policy::none(),
                            std::chrono::milliseconds timeout = 1500ms, std::size_t body_limit = 0,
                            std::chrono::milliseconds connect_timeout = 1500ms) {
    revring::client_options o;
    o.base_url = url;
    o.api_key = revring::api_key(std::string(secret));
    o.ca_file = revring_test::ca_file();
    o.connect_timeout = connect_timeout;
    o.request_timeout = timeout;
    o.retry = retry;
    if (body_limit) o.body_limit = body_limit;
    return revring::client(test_io().get_executor(), o);
}

/// Which of the client's APIs a test's call goes through. They run different
/// drivers (blocking socket I/O, handlers on the reactor), so every rule
/// that can be broken on the wire is checked through both.
enum class api { blocking, async };
constexpr api both_apis[] = {api::blocking, api::async};
std::string name(api a) { return a == api::blocking ? "blocking API" : "asynchronous API"; }

/// POST /calls through `a`: try_send_call, or async_send_call run to its
/// completion on test_io().
revring::result<revring::SendCallResponse> send_call(api a, revring::client& c, const revring::SendCallRequest& b,
                                                      const revring::call_options& o = {}) {
    if (a == api::blocking) return c.try_send_call(b, o);
    std::optional<revring::result<revring::SendCallResponse>> out;
    c.async_send_call(b, o, [&out](revring::result<revring::SendCallResponse> r) { out.emplace(std::move(r)); });
    test_io().restart();
    test_io().run();
    REQUIRE(out.has_value());
    return std::move(*out);
}

revring::SendCallRequest call_body() {
    return {.agent_id = agent_id, .to_number = "+15551234567", .from_number = "+15557654321"};
}

std::string record_json(std::string_view id = "0b7c1f8e-5a2d-4c3b-9e6f-1a2b3c4d5e6f", std::string_view extra = "") {
    std::string s = R"({"data":{"id":")";
    s.append(id).append(R"(","status":"QUEUED")").append(extra).append("}}");
    return s;
}

std::string ok_response(const std::string& body) {
    return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
           "\r\n\r\n" + body;
}

template <class T> revring::error error_of(const revring::result<T>& r) {
    REQUIRE(r.has_error());
    return r.error();
}

bool contains(std::string_view s, std::string_view part) { return s.find(part) != std::string_view::npos; }

void require_no_secret(const revring::error& e) {
    CHECK_FALSE(contains(e.message, secret));
    CHECK_FALSE(contains(e.body, secret));
    for (const auto& [n, v] : e.headers) CHECK_FALSE(contains(v, secret));
}

/// An outcome_unknown error of a POST /calls: says the call may have been
/// placed, claims nothing about "nothing sent", leaks no key.
void require_send_call_outcome_unknown(const revring::error& e) {
    INFO(e.what());
    CHECK(e.is(errc::outcome_unknown));
    CHECK_FALSE(e.nothing_sent());
    CHECK(contains(e.message, "the call may have been placed"));
    require_no_secret(e);
}

/// A POST /calls through `a` (default retry policy) that must fail as
/// outcome_unknown (require_send_call_outcome_unknown): its error.
revring::error send_call_outcome_unknown(api a, const std::string& url) {
    auto client = make_client(url, revring::retry_policy{});
    const auto e = error_of(send_call(a, client, call_body()));
    require_send_call_outcome_unknown(e);
    return e;
}

/// A POST /calls through `a`, without retries, to a peer whose TLS
/// handshake fails: tls_failed, nothing written, no key in the error.
revring::error send_call_tls_failed(api a, const std::string& url) {
    auto client = make_client(url, revring::retry_policy::none());
    const auto e = error_of(send_call(a, client, call_body()));
    INFO(e.what());
    CHECK(e.is(errc::tls_failed));
    CHECK(e.nothing_sent());
    CHECK(client.stats().requests_written == 0);
    require_no_secret(e);
    return e;
}

double seconds_since(steady::time_point t0) { return std::chrono::duration<double>(steady::now() - t0).count(); }

} // namespace

// ---------------------------------------------------------------------------
TEST_CASE("slow drip, one byte a second: the deadline ends a POST /calls, sent once") {
    for (const api a : both_apis) {
        INFO(name(a));
        peer p([](connection& c) {
            if (c.read_request()) c.drip(ok_response(record_json()), 1s);
        });
        auto client = make_client(p.url(), revring::retry_policy{}, 1500ms); // default retries: POST is still never resent
        const auto t0 = steady::now();
        const auto r = send_call(a, client, call_body());
        const double took = seconds_since(t0);
        const auto& e = error_of(r);
        require_send_call_outcome_unknown(e);
        CHECK(contains(e.message, "no complete response within 1500 ms after the request was sent"));
        CHECK(e.cause == boost::asio::error::timed_out);
        CHECK(took >= 1.4);
        CHECK(took < 1.5 + std::chrono::duration<double>(slack).count());
        CHECK(p.requests() == 1);
        CHECK(client.stats().retries == 0);
    }
}

TEST_CASE("slow drip: a GET is retried within bounds, each attempt under its own deadline") {
    peer p([](connection& c) {
        if (c.read_request()) c.drip(ok_response(record_json()), 1s);
    });
    revring::retry_policy retry;
    retry.max_retries = 2;
    retry.initial_backoff = 10ms;
    retry.max_backoff = 10ms;
    auto client = make_client(p.url(), retry, 1000ms);
    const auto t0 = steady::now();
    const auto r = client.try_get_call(call_id);
    const double took = seconds_since(t0);
    const auto& e = error_of(r);
    INFO(e.what());
    CHECK(e.is(errc::outcome_unknown));
    CHECK(contains(e.message, "after 3 attempts"));
    CHECK(p.requests() == 3);
    CHECK(took >= 2.9);
    CHECK(took < 3.0 + 3 * std::chrono::duration<double>(slack).count());
    require_no_secret(e);
}

TEST_CASE("a shorter timeout on a kept-alive connection: that call's deadline ends its wait, sent once") {
    for (const api a : both_apis) {
        INFO(name(a));
        // The first call leaves a wait of about the client's 20 s on the socket
        // (a blocking call waits for the reply in recv(), bounded by SO_RCVTIMEO);
        // the second, on the same connection, must still give up at its own 300 ms.
        peer p([](connection& c) {
            if (!c.read_request()) return;
            c.write(ok_response(record_json()));
            if (c.read_request()) c.wait_for_close(); // the second request is never answered
        });
        // (A 20 s connect timeout too: the handshake's waits are as long as the first call's.)
        auto client = make_client(p.url(), revring::retry_policy::none(), 20000ms, 0, 20000ms);
        REQUIRE(send_call(a, client, call_body()).has_value());
        revring::call_options o;
        o.timeout = 300ms;
        const auto t0 = steady::now();
        const auto r = send_call(a, client, call_body(), o);
        const double took = seconds_since(t0);
        const auto& e = error_of(r);
        require_send_call_outcome_unknown(e);
        CHECK(e.cause == boost::asio::error::timed_out);
        CHECK(took >= 0.29);
        CHECK(took < 0.3 + std::chrono::duration<double>(slack).count());
        CHECK(p.connections() == 1);
        CHECK(p.requests() == 2);
    }
}

TEST_CASE("a reply that comes after the wait left on the socket: the call still succeeds within its deadline") {
    // The first call (1 s) leaves a wait of a little under 1 s on the socket;
    // the second (1.9 s) reuses it, and its reply comes after 1.2 s: the
    // wait that ends early is followed by another, up to the deadline.
    peer p([](connection& c) {
        if (!c.read_request()) return;
        c.write(ok_response(record_json()));
        if (!c.read_request()) return;
        std::this_thread::sleep_for(1200ms);
        c.write(ok_response(record_json()));
        c.wait_for_close();
    });
    auto client = make_client(p.url(), revring::retry_policy::none(), 1000ms);
    REQUIRE(client.try_send_call(call_body()).has_value());
    revring::call_options longer;
    longer.timeout = 1900ms;
    const auto t0 = steady::now();
    const auto r = client.try_send_call(call_body(), longer);
    INFO((r ? std::string("ok") : r.error().what()));
    CHECK(r.has_value());
    CHECK(seconds_since(t0) >= 1.19);
    CHECK(p.connections() == 1);
}

// ---------------------------------------------------------------------------
TEST_CASE("endless headers: refused at the header limit, memory bounded, sent once") {
    peer p([](connection& c) {
        if (!c.read_request()) return;
        c.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n");
        std::size_t n = 0;
        const std::string filler(1000, 'h');
        c.stream([&] {
            return n < 1000000 && c.running() ? "X-Filler-" + std::to_string(n++) + ": " + filler + "\r\n" : std::string();
        });
    });
    auto client = make_client(p.url(), revring::retry_policy{}, 5000ms);
    revring::result<revring::SendCallResponse> r = revring::error{};
    const auto t0 = steady::now();
    const std::size_t growth = revring_hostile::peak_rss_growth([&] { r = client.try_send_call(call_body()); });
    const auto& e = error_of(r);
    require_send_call_outcome_unknown(e);
    CHECK(contains(e.message, "malformed HTTP response"));
    CHECK(e.cause == boost::beast::http::error::header_limit);
    CHECK(seconds_since(t0) < 5.0);
    CHECK(growth < 32u * 1024 * 1024);
    CHECK(p.requests() == 1);
    MESSAGE("endless headers: peak RSS growth " << growth / 1024 << " KiB, peer wrote " << p.bytes_written() / 1024
                                                << " KiB before the client hung up");
    CHECK(p.bytes_written() < 64u * 1024 * 1024);
}

// ---------------------------------------------------------------------------
namespace {

/// A peer that answers with a 100 MB body in the given framing, streamed in
/// 64 KiB pieces for as long as the client reads.
peer hundred_megabytes(std::string framing) {
    return peer([framing](connection& c) {
        if (!c.read_request()) return;
        constexpr std::size_t total = 100u * 1024 * 1024;
        std::string head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n";
        if (framing == "length") head += "Content-Length: " + std::to_string(total) + "\r\n";
        if (framing == "chunked") head += "Transfer-Encoding: chunked\r\n";
        if (framing == "close") head += "Connection: close\r\n";
        head += "\r\n";
        if (!c.write(head)) return;
        std::size_t sent = 0;
        const std::string piece = "[" + std::string(64 * 1024 - 2, '1') + "]";
        c.stream([&]() -> std::string {
            if (sent >= total || !c.running()) return {};
            sent += piece.size();
            if (framing != "chunked") return piece;
            char size[16];
            std::snprintf(size, sizeof size, "%zx\r\n", piece.size());
            return size + piece + "\r\n";
        });
        if (framing == "chunked") c.write("0\r\n\r\n");
        c.close();
    });
}

} // namespace

TEST_CASE("a 100 MB body: refused at the body limit, whatever its framing, memory bounded") {
    for (const std::string framing : {"length", "chunked", "close"}) {
        CAPTURE(framing);
        peer p = hundred_megabytes(framing);
        auto client = make_client(p.url(), revring::retry_policy{}, 10000ms); // default body limit, 8 MiB
        REQUIRE(client.options().body_limit == REVRING_DEFAULT_BODY_LIMIT);
        revring::result<revring::GetCallResponse> r = revring::error{};
        const auto t0 = steady::now();
        const std::size_t growth = revring_hostile::peak_rss_growth([&] { r = client.try_get_call(call_id); });
        const auto& e = error_of(r);
        INFO(e.what());
        CHECK(e.is(errc::outcome_unknown));
        CHECK(contains(e.message, "the response body exceeds the limit of 8388608 bytes"));
        CHECK(e.cause == boost::beast::http::error::body_limit);
        CHECK(p.requests() == 1); // a bad response is not retried, even for a GET
        CHECK(seconds_since(t0) < 10.0);
        MESSAGE(framing << ": peak RSS growth " << growth / 1024 << " KiB, peer wrote " << p.bytes_written() / 1024
                        << " KiB");
        CHECK(growth < 3u * REVRING_DEFAULT_BODY_LIMIT + 16u * 1024 * 1024);
        CHECK(p.bytes_written() < 50u * 1024 * 1024); // the client stopped reading long before 100 MB
    }
}

TEST_CASE("a 100 MB body to a POST /calls with a 1 MiB limit: the limit holds, sent once") {
    peer p = hundred_megabytes("chunked");
    auto client = make_client(p.url(), revring::retry_policy{}, 10000ms, 1024 * 1024);
    revring::result<revring::SendCallResponse> r = revring::error{};
    const std::size_t growth = revring_hostile::peak_rss_growth([&] { r = client.try_send_call(call_body()); });
    const auto& e = error_of(r);
    require_send_call_outcome_unknown(e);
    CHECK(contains(e.message, "the response body exceeds the limit of 1048576 bytes"));
    CHECK(growth < 3u * 1024 * 1024 + 16u * 1024 * 1024);
    CHECK(p.requests() == 1);
}

// ---------------------------------------------------------------------------
TEST_CASE("Content-Length longer than the body, then close: truncated, sent once") {
    for (const api a : both_apis) {
        INFO(name(a));
        const std::string body = record_json();
        revring_test::server s([&](const revring_test::recorded_request&, std::size_t) {
            return revring_test::raw_reply("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " +
                                               std::to_string(body.size() + 100) + "\r\n\r\n" + body,
                                           true);
        });
        const auto e = send_call_outcome_unknown(a, s.url());
        CHECK(contains(e.message, "the response was truncated"));
        CHECK(s.request_count() == 1);
    }
}

TEST_CASE("Content-Length longer than the body, connection held open: the deadline ends it, sent once") {
    for (const api a : both_apis) {
        INFO(name(a));
        const std::string body = record_json();
        revring_test::server s([&](const revring_test::recorded_request&, std::size_t) {
            return revring_test::raw_reply("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " +
                                           std::to_string(body.size() + 1) + "\r\n\r\n" + body);
        });
        auto client = make_client(s.url(), revring::retry_policy{}, 1000ms);
        const auto t0 = steady::now();
        const auto r = send_call(a, client, call_body());
        const auto& e = error_of(r);
        require_send_call_outcome_unknown(e);
        CHECK(contains(e.message, "no complete response within 1000 ms"));
        CHECK(seconds_since(t0) < 1.0 + std::chrono::duration<double>(slack).count());
        CHECK(s.request_count() == 1);
    }
}

TEST_CASE("Content-Length shorter than the body: the rest is never read as the next response") {
    // The first answer carries a second, smuggled response after its
    // declared length. The connection must not be reused for it: the second
    // call gets the server's real second answer.
    const std::string first = record_json("11111111-1111-4111-8111-111111111111");
    const std::string smuggled = ok_response(record_json("22222222-2222-4222-8222-222222222222"));
    const std::string real = record_json("33333333-3333-4333-8333-333333333333");
    revring_test::server s([&](const revring_test::recorded_request&, std::size_t i) {
        if (i == 0) return revring_test::raw_reply(ok_response(first) + smuggled);
        return revring_test::json_reply(200, real);
    });
    auto client = make_client(s.url(), revring::retry_policy{});
    const auto a = client.try_get_call(call_id);
    REQUIRE(a.has_value());
    CHECK(a->data.id.to_string() == "11111111-1111-4111-8111-111111111111");
    const auto b = client.try_get_call(call_id);
    REQUIRE(b.has_value());
    CHECK(b->data.id.to_string() == "33333333-3333-4333-8333-333333333333");
    CHECK(s.request_count() == 2);
    CHECK(s.connections() == 2);
}

TEST_CASE("Content-Length shorter than the body, cutting the JSON: outcome_unknown, sent once") {
    for (const api a : both_apis) {
        INFO(name(a));
        const std::string body = record_json();
        revring_test::server s([&](const revring_test::recorded_request&, std::size_t) {
            return revring_test::raw_reply("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " +
                                               std::to_string(body.size() - 7) + "\r\n\r\n" + body,
                                           true);
        });
        auto client = make_client(s.url(), revring::retry_policy{});
        const auto r = send_call(a, client, call_body());
        const auto& e = error_of(r);
        INFO(e.what());
        CHECK(e.is(errc::outcome_unknown));
        CHECK(contains(e.message, "response body is not valid JSON"));
        CHECK(contains(e.message, "may have taken effect"));
        CHECK(e.http_status == 200);
        require_no_secret(e);
        CHECK(s.request_count() == 1);
    }
}

// ---------------------------------------------------------------------------
TEST_CASE("100,000 levels of nested JSON: refused at the depth limit, no stack overflow") {
    std::string arrays = R"({"data":)" + std::string(100000, '[') + std::string(100000, ']') + "}";
    std::string objects = R"({"data":{"id":"0b7c1f8e-5a2d-4c3b-9e6f-1a2b3c4d5e6f","variables":)";
    for (int i = 0; i < 100000; ++i) objects += R"({"a":)";
    objects += "1" + std::string(100000, '}') + "}}";
    for (const std::string* body : {&arrays, &objects}) {
        revring_test::server s([&](const revring_test::recorded_request&, std::size_t i) {
            // The 200 for the call; then the same nesting in an error body.
            return revring_test::json_reply(i == 0 ? 200 : 500, *body);
        });
        auto client = make_client(s.url(), revring::retry_policy::none(), 10000ms);
        const auto r = client.try_send_call(call_body());
        const auto& e = error_of(r);
        INFO(e.what());
        CHECK(e.is(errc::outcome_unknown));
        CHECK(contains(e.message, "response body is not valid JSON"));
        CHECK(e.body.size() == REVRING_ERROR_BODY_EXCERPT); // an excerpt, not 200 KB
        const auto g = client.try_get_call(call_id);
        const auto& ge = error_of(g);
        INFO(ge.what());
        CHECK(ge.is(errc::server_error));
        CHECK(ge.http_status == 500);
        CHECK(s.request_count() == 2);
    }
    // The decoder alone refuses it the same way, with the byte offset.
    const auto d = revring::from_json<revring::GetCallResponse>(arrays);
    REQUIRE(d.has_error());
    CHECK(d.error().is(errc::decode_failed));
    CHECK(contains(d.error().message, "invalid JSON at byte "));
}

TEST_CASE("invalid UTF-8 in a string: the body is refused as malformed, sent once") {
    for (std::string_view bad : {std::string_view("\xC0\xAF"), std::string_view("\xED\xA0\x80"),
                                 std::string_view("ok\xF5x"), std::string_view("\\ud800"),
                                 std::string_view("\\udc00")}) {
        CAPTURE(bad);
        const std::string body = record_json("0b7c1f8e-5a2d-4c3b-9e6f-1a2b3c4d5e6f",
                                             std::string(R"(,"summary":")") + std::string(bad) + "\"");
        revring_test::server s(
            [&](const revring_test::recorded_request&, std::size_t) { return revring_test::json_reply(200, body); });
        auto client = make_client(s.url(), revring::retry_policy{});
        const auto r = client.try_send_call(call_body());
        const auto& e = error_of(r);
        INFO(e.what());
        CHECK(e.is(errc::outcome_unknown));
        CHECK(contains(e.message, "response body is not valid JSON"));
        CHECK(s.request_count() == 1);
        const auto d = revring::from_json<revring::GetCallResponse>(body);
        REQUIRE(d.has_error());
        CHECK(d.error().is(errc::decode_failed));
    }
}

TEST_CASE("huge numbers: out of range for integers is decode_failed at the member; free-form ones stay JSON") {
    struct case_t {
        std::string member;
        std::string pointer;
    };
    for (const case_t& c : {case_t{R"("durationSeconds":99999999999999999999)", "/data/durationSeconds"},
                            case_t{R"("durationSeconds":-9223372036854775809)", "/data/durationSeconds"},
                            case_t{R"("durationSeconds":1e400)", "/data/durationSeconds"},
                            case_t{R"("durationSeconds":1)" + std::string(5000, '0'), "/data/durationSeconds"}}) {
        CAPTURE(c.member);
        const std::string body = record_json("0b7c1f8e-5a2d-4c3b-9e6f-1a2b3c4d5e6f", "," + c.member);
        revring_test::server s(
            [&](const revring_test::recorded_request&, std::size_t) { return revring_test::json_reply(200, body); });
        auto client = make_client(s.url(), revring::retry_policy{});
        const auto r = client.try_get_call(call_id);
        const auto& e = error_of(r);
        INFO(e.what());
        CHECK(e.is(errc::decode_failed));
        CHECK(e.pointer == c.pointer);
        CHECK(contains(e.message, "get_call: response: at /data/durationSeconds: "));
        CHECK(e.http_status == 200);
        CHECK(s.request_count() == 1); // decode_failed is final: a complete answer came
    }
    // In a free-form object a huge number is kept (Boost.JSON reads it as an
    // infinity); writing it back gives valid JSON, and sending it is refused.
    const std::string body = record_json("0b7c1f8e-5a2d-4c3b-9e6f-1a2b3c4d5e6f",
                                         R"(,"variables":{"big":1e400,"long":123456789012345678901234567890})");
    revring_test::server s(
        [&](const revring_test::recorded_request&, std::size_t) { return revring_test::json_reply(200, body); });
    auto client = make_client(s.url(), revring::retry_policy{});
    const auto r = client.try_get_call(call_id);
    REQUIRE(r.has_value());
    REQUIRE(r->data.variables.has_value());
    const std::string again = revring::to_json(*r->data.variables);
    CHECK(contains(again, R"("big":null)"));
    boost::system::error_code ec;
    boost::json::parse(again, ec);
    CHECK_FALSE(ec.failed());
    auto req = call_body();
    req.variables = *r->data.variables;
    const auto sent = client.try_send_call(req);
    const auto& se = error_of(sent);
    CHECK(se.is(errc::invalid_input));
    CHECK(se.nothing_sent());
    CHECK(contains(se.message, "big: number is NaN or infinite"));
    CHECK(s.request_count() == 1); // the refused call never left
}

TEST_CASE("duplicate keys: the last one wins, for members and envelopes alike") {
    const std::string body =
        R"({"data":{"id":"11111111-1111-4111-8111-111111111111","status":"QUEUED","id":"22222222-2222-4222-8222-222222222222","status":"FAILED"},)"
        R"("data":{"id":"33333333-3333-4333-8333-333333333333","status":"COMPLETED","status":"CANCELED"}})";
    revring_test::server s(
        [&](const revring_test::recorded_request&, std::size_t) { return revring_test::json_reply(200, body); });
    auto client = make_client(s.url(), revring::retry_policy{});
    const auto r = client.try_get_call(call_id);
    REQUIRE(r.has_value());
    CHECK(r->data.id.to_string() == "33333333-3333-4333-8333-333333333333");
    REQUIRE(r->data.status.has_value());
    CHECK((*r->data.status == revring::CallStatus::canceled));
    CHECK(s.request_count() == 1);
    const auto d = revring::from_json<revring::GetCallResponse>(body);
    REQUIRE(d.has_value());
    CHECK((*d == *r));
}

// ---------------------------------------------------------------------------
namespace {

/// The first TLS record a client sends (the ClientHello), read raw.
bool read_client_hello(connection& c) {
    const std::string hello = c.read_some(5s);
    return hello.size() >= 5 && hello[0] == '\x16'; // handshake record
}

} // namespace

TEST_CASE("a TLS peer that resets mid-handshake: tls_failed, nothing sent, retried only as unsent") {
    peer p(
        [](connection& c) {
            if (read_client_hello(c)) c.reset();
        },
        peer_options{.tls = false});
    SUBCASE("POST /calls, no retries") {
        for (const api a : both_apis) {
            INFO(name(a));
            const auto before = p.connections();
            const auto e = send_call_tls_failed(a, p.url("https"));
            CHECK(contains(e.message, "TLS handshake with 127.0.0.1:"));
            CHECK(p.connections() == before + 1);
        }
    }
    SUBCASE("default policy: a failure before any byte was written is retried, even for POST /calls") {
        revring::retry_policy retry;
        retry.initial_backoff = 1ms;
        retry.max_backoff = 1ms;
        auto client = make_client(p.url("https"), retry);
        const auto r = client.try_send_call(call_body());
        const auto& e = error_of(r);
        CHECK(e.is(errc::tls_failed));
        CHECK(e.nothing_sent());
        CHECK(p.connections() == 3);
        CHECK(client.stats().requests_written == 0);
    }
    CHECK(p.requests() == 0);
}

TEST_CASE("a TLS peer that answers the ClientHello with garbage: tls_failed, nothing sent") {
    for (const api a : both_apis) {
        INFO(name(a));
        for (std::string_view garbage :
             {std::string_view("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"),
              wire("\x16\x03\x03\x00\x04\x02\x00\x00\x00"),                // a ServerHello too short to be one
              wire("\x15\x03\x03\x00\x02\x02\x28"),                        // a handshake_failure alert
              wire("\x16\x03\x03\x40\x00\x02\x00\x00\x46\x03\x03garbage"), // a record cut short by a reset
              wire("\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff")}) {
            CAPTURE(garbage.size());
            peer p(
                [garbage](connection& c) {
                    if (!read_client_hello(c)) return;
                    c.write(garbage);
                    if (garbage[0] == '\x16' && garbage.size() == 18)
                        c.reset();
                    else
                        c.close();
                },
                peer_options{.tls = false});
            send_call_tls_failed(a, p.url("https"));
            CHECK(p.connections() == 1);
        }
    }
}

TEST_CASE("a TLS peer that stalls the handshake: the connect timeout ends it, nothing sent") {
    for (const api a : both_apis) {
        INFO(name(a));
        peer p(
            [](connection& c) {
                if (!read_client_hello(c)) return;
                c.write(wire("\x16\x03\x03\x00\x30")); // promises 48 bytes, never sends them
                c.wait_for_close();
            },
            peer_options{.tls = false});
        auto client = make_client(p.url("https"), revring::retry_policy::none(), 5000ms); // connect_timeout 1500 ms
        const auto t0 = steady::now();
        const auto r = send_call(a, client, call_body());
        const double took = seconds_since(t0);
        const auto& e = error_of(r);
        INFO(e.what());
        CHECK(e.is(errc::timeout));
        CHECK(e.nothing_sent());
        CHECK(contains(e.message, "(TLS handshake)"));
        CHECK(took >= 1.4);
        CHECK(took < 1.5 + std::chrono::duration<double>(slack).count());
    }
}

TEST_CASE("garbage instead of HTTP after a good handshake: outcome_unknown for POST /calls, sent once") {
    for (const api a : both_apis) {
        INFO(name(a));
        peer p([](connection& c) {
            if (!c.read_request()) return;
            c.write(wire("\x00\x01\x02\x03 not http at all\r\n\r\n"));
            c.close();
        });
        const auto e = send_call_outcome_unknown(a, p.url());
        CHECK(contains(e.message, "malformed HTTP response"));
        CHECK(p.requests() == 1);
    }
}

// ---------------------------------------------------------------------------
TEST_CASE("interim 1xx answers are read past; an invalid status is a malformed response") {
    const std::string final_answer = ok_response(record_json());
    SUBCASE("103 Early Hints and 100 Continue before the 200: the call succeeds, sent once") {
        for (const api a : both_apis) {
            INFO(name(a));
            revring_test::server s([&](const revring_test::recorded_request&, std::size_t) {
                return revring_test::raw_reply("HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\n"
                                               "HTTP/1.1 100 Continue\r\n\r\n" +
                                               final_answer);
            });
            auto client = make_client(s.url(), revring::retry_policy{});
            const auto r = send_call(a, client, call_body());
            REQUIRE(r.has_value());
            CHECK(r->data.id.to_string() == "0b7c1f8e-5a2d-4c3b-9e6f-1a2b3c4d5e6f");
            CHECK(s.request_count() == 1);
        }
    }
    for (const std::string head : {"HTTP/1.1 041 Odd\r\nContent-Length: 0\r\n\r\n", "HTTP/1.1 999 Odd\r\nContent-Length: 0\r\n\r\n",
                                   "HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\nConnection: Upgrade\r\n\r\n"}) {
        CAPTURE(head);
        revring_test::server s([&](const revring_test::recorded_request&, std::size_t) {
            return revring_test::raw_reply(head + final_answer);
        });
        auto client = make_client(s.url(), revring::retry_policy{});
        const auto r = client.try_send_call(call_body());
        const auto& e = error_of(r);
        require_send_call_outcome_unknown(e);
        INFO(e.message);
        CHECK(contains(e.message, "malformed HTTP response (status "));
        CHECK(e.http_status == 0);
        CHECK(s.request_count() == 1);
    }
    SUBCASE("more than 8 interim answers: malformed") {
        std::string nine;
        for (int i = 0; i < 9; ++i) nine += "HTTP/1.1 100 Continue\r\n\r\n";
        revring_test::server s(
            [&](const revring_test::recorded_request&, std::size_t) { return revring_test::raw_reply(nine + final_answer); });
        auto client = make_client(s.url(), revring::retry_policy{});
        const auto r = client.try_get_call(call_id);
        const auto& e = error_of(r);
        INFO(e.what());
        CHECK(e.is(errc::outcome_unknown));
        CHECK(contains(e.message, "after 8 interim responses"));
        CHECK(s.request_count() == 1);
    }
}
