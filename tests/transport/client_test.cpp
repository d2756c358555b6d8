// revring::client through the generated operations (send_call, get_call,
// batch_get_calls, cancel_call in their try_, throwing and async_ forms),
// against the scripted loopback server.
#include <revring/client.hpp>

#include <revring/revring.hpp>

#include "fixtures.hpp"
#include "test_server.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <doctest/doctest.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <sys/wait.h>
#include <string>

namespace net = boost::asio;
using namespace std::chrono_literals;
using revring::errc;
using revring_test::json_reply;
using revring_test::recorded_request;
using revring_test::reply;
using revring_test::server;
using revring_test::options_for;
using revring_test::record_body;
using revring_test::require_no_key;
using revring_test::test_key;

namespace {

constexpr revring::uuid agent = "0b1c2d3e-4f50-4617-8899-aabbccddeeff";
constexpr revring::uuid call_id = "3c90c3cc-0d44-4b50-8888-8dd25736052a";

reply ok_record(const recorded_request&, std::size_t) { return json_reply(200, record_body); }

revring::SendCallRequest minimal_call() {
    return {.agent_id = agent, .to_number = "+15551234567", .from_number = "+15557654321"};
}

template <class D> long long ms(D d) { return std::chrono::duration_cast<std::chrono::milliseconds>(d).count(); }

net::awaitable<void> place(revring::client& c, revring::SendCallRequest req, int& good) {
    auto r = co_await c.async_send_call(req, net::use_awaitable);
    if (r && r->data.id == call_id) ++good;
}

} // namespace

TEST_SUITE("integration") {

TEST_CASE("send_call: exact request, absent optionals left out, typed response") {
    server s(ok_record);
    revring::client c(options_for(s));
    const auto r = c.send_call(minimal_call());
    CHECK(r.data.id == call_id);
    REQUIRE(r.data.status.has_value());
    CHECK(*r.data.status == revring::CallStatus::queued);
    CHECK(*r.data.direction == revring::CallDirection::outbound);

    REQUIRE(s.request_count() == 1);
    const auto q = s.requests().front();
    CHECK(q.valid_http);
    CHECK(q.method == "POST");
    CHECK(q.target == "/v1/calls");
    CHECK(q.header("x-api-key") == test_key);
    CHECK(q.header_count("x-api-key") == 1);
    CHECK(q.header("content-type") == "application/json");
    CHECK(q.header("user-agent") == "revring-cpp/" REVRING_VERSION_STRING);
    CHECK(q.body == R"({"agentId":"0b1c2d3e-4f50-4617-8899-aabbccddeeff","toNumber":"+15551234567",)"
                    R"("fromNumber":"+15557654321"})");
    CHECK(q.header("content-length") == std::to_string(q.body.size()));
}

TEST_CASE("send_call: optional members that are set are sent") {
    server s(ok_record);
    revring::client c(options_for(s));
    auto req = minimal_call();
    req.caller_id_name = "Acme";
    req.skip_queue = false;
    REQUIRE(c.try_send_call(req).has_value());
    CHECK(s.requests().at(0).body ==
          R"({"agentId":"0b1c2d3e-4f50-4617-8899-aabbccddeeff","toNumber":"+15551234567",)"
          R"("fromNumber":"+15557654321","callerIdName":"Acme","skipQueue":false})");
}

TEST_CASE("unknown members and enum values are accepted and kept") {
    server s([](const recorded_request&, std::size_t) {
        return json_reply(200, R"({"data":{"id":"3c90c3cc-0d44-4b50-8888-8dd25736052a","status":"ON_HOLD",)"
                               R"("direction":"SIDEWAYS","brandNewField":{"nested":[1,2,3]}},"meta":{"v":2}})");
    });
    revring::client c(options_for(s));
    const auto r = c.try_get_call(call_id);
    REQUIRE_MESSAGE(r.has_value(), (r ? std::string() : r.error().what()));
    REQUIRE(r->data.status.has_value());
    CHECK(r->data.status->value() == revring::CallStatus::unknown);
    CHECK(r->data.status->to_string() == "ON_HOLD");
    CHECK(r->data.direction->to_string() == "SIDEWAYS");
    const auto q = s.requests().at(0);
    CHECK(q.method == "GET");
    CHECK(q.target == "/v1/calls/3c90c3cc-0d44-4b50-8888-8dd25736052a");
    CHECK(q.header_count("content-type") == 0);
    CHECK(q.body.empty());
}

TEST_CASE("get_call: a 404 JSON error through the throwing twin") {
    server s([](const recorded_request&, std::size_t) {
        return json_reply(404, R"({"message":"Call not found"})", {{"X-Request-Id", "req-77"}});
    });
    revring::client c(options_for(s));
    try {
        (void)c.get_call(call_id);
        FAIL("get_call did not throw");
    } catch (const revring::exception& e) {
        CHECK(e.get().is(errc::not_found));
        CHECK(e.get().http_status == 404);
        CHECK(e.get().request_id == "req-77");
        CHECK(e.get().body == R"({"message":"Call not found"})");
        CHECK(std::string(e.what()).find("Call not found") != std::string::npos);
        CHECK(std::string(e.what()).find(test_key) == std::string::npos);
    }
    CHECK(s.request_count() == 1);
}

TEST_CASE("send_call: 401 with a JSON body; the key never shows") {
    server s([](const recorded_request& q, std::size_t) {
        return json_reply(401, R"({"error":"invalid key )" + q.header("x-api-key") + R"("})");
    });
    revring::client c(options_for(s));
    const auto r = c.try_send_call(minimal_call());
    REQUIRE(r.has_error());
    CHECK(r.error().is(errc::unauthorized));
    require_no_key(r.error());
    CHECK(s.request_count() == 1);
}

TEST_CASE("cancel_call: POST without a body; 502 with HTML is not retried") {
    server s([](const recorded_request&, std::size_t) {
        return revring_test::http_reply(502, "text/html", "<html><h1>Bad Gateway</h1></html>");
    });
    revring::client c(options_for(s));
    const auto r = c.try_cancel_call(call_id);
    REQUIRE(r.has_error());
    CHECK(r.error().is(errc::server_error));
    CHECK(r.error().http_status == 502);
    CHECK(r.error().body == "<html><h1>Bad Gateway</h1></html>");
    REQUIRE(s.request_count() == 1); // POST: never retried on 5xx
    const auto q = s.requests().at(0);
    CHECK(q.method == "POST");
    CHECK(q.target == "/v1/calls/3c90c3cc-0d44-4b50-8888-8dd25736052a/cancel");
    CHECK(q.header("content-length") == "0");
    CHECK(q.header_count("content-type") == 0);
}

TEST_CASE("batch_get_calls: idempotent, retried after 503 with Retry-After") {
    server s([](const recorded_request&, std::size_t i) {
        if (i == 0) return json_reply(503, R"({"message":"try later"})", {{"Retry-After", "1"}});
        return json_reply(200, R"({"data":[{"id":"3c90c3cc-0d44-4b50-8888-8dd25736052a"}]})");
    });
    revring::client c(options_for(s));
    const auto t0 = std::chrono::steady_clock::now();
    const auto r = c.try_batch_get_calls({.ids = {call_id}, .minimal = true});
    const auto elapsed = ms(std::chrono::steady_clock::now() - t0);
    REQUIRE_MESSAGE(r.has_value(), (r ? std::string() : r.error().what()));
    REQUIRE(r->data.size() == 1);
    CHECK(r->data[0].id == call_id);
    CHECK(elapsed >= 990);
    const auto q = s.requests();
    REQUIRE(q.size() == 2);
    CHECK(q[0].target == "/v1/calls/batch-get");
    CHECK(q[0].body == R"({"ids":["3c90c3cc-0d44-4b50-8888-8dd25736052a"],"minimal":true})");
    CHECK(q[1].body == q[0].body);
}

TEST_CASE("batch_get_calls: a broken rule is refused before sending, with its JSON pointer") {
    server s(ok_record);
    revring::client c(options_for(s));
    const auto r = c.try_batch_get_calls({.ids = std::vector<revring::uuid>{}});
    REQUIRE(r.has_error());
    CHECK(r.error().is(errc::invalid_input));
    CHECK(r.error().pointer == "/ids");
    CHECK(r.error().message.find("batch_get_calls") != std::string::npos);
    CHECK(s.connections() == 0);
}

TEST_CASE("429 with skipQueue = true: returned at once, even when a retry would be allowed") {
    server s([](const recorded_request&, std::size_t) {
        return json_reply(429, R"({"message":"Concurrency limit reached"})", {{"Retry-After", "1"}});
    });
    auto o = options_for(s);
    o.idempotency_header = "Idempotency-Key"; // would make the POST retryable
    o.idempotency_key = [] { return revring::random_idempotency_key(); };
    revring::client c(o);
    auto req = minimal_call();
    req.skip_queue = true;
    const auto t0 = std::chrono::steady_clock::now();
    const auto r = c.try_send_call(req);
    CHECK(ms(std::chrono::steady_clock::now() - t0) < 900);
    REQUIRE(r.has_error());
    CHECK(r.error().is(errc::rate_limited));
    CHECK(r.error().http_status == 429);
    CHECK(r.error().retry_after == std::chrono::seconds(1));
    CHECK(r.error().message.find("Concurrency limit reached") != std::string::npos);
    CHECK(s.request_count() == 1);
    CHECK(s.requests().at(0).body.find(R"("skipQueue":true)") != std::string::npos);
}

TEST_CASE("429 without skipQueue: a POST is not retried; with an idempotency key it waits Retry-After") {
    server s([](const recorded_request&, std::size_t i) {
        if (i == 0) return json_reply(429, "{}", {{"Retry-After", "1"}});
        return json_reply(200, record_body);
    });
    SUBCASE("no idempotency key: the error, one request") {
        revring::client c(options_for(s));
        const auto r = c.try_send_call(minimal_call());
        REQUIRE(r.has_error());
        CHECK(r.error().is(errc::rate_limited));
        CHECK(r.error().retry_after == std::chrono::seconds(1));
        CHECK(s.request_count() == 1);
    }
    SUBCASE("an idempotency key: retried after a second, with the same key") {
        auto o = options_for(s);
        o.idempotency_header = "Idempotency-Key";
        revring::client c(o);
        revring::call_options co;
        co.idempotency_key = "order-4711";
        const auto t0 = std::chrono::steady_clock::now();
        const auto r = c.try_send_call(minimal_call(), co);
        REQUIRE_MESSAGE(r.has_value(), (r ? std::string() : r.error().what()));
        CHECK(ms(std::chrono::steady_clock::now() - t0) >= 990);
        const auto q = s.requests();
        REQUIRE(q.size() == 2);
        CHECK(q[0].header("idempotency-key") == "order-4711");
        CHECK(q[1].header("idempotency-key") == "order-4711");
    }
}

TEST_CASE("send_call: connection dropped after the request is outcome_unknown, sent once") {
    server s([](const recorded_request&, std::size_t) { return revring_test::drop_reply(); });
    revring::client c(options_for(s));
    const auto r = c.try_send_call(minimal_call());
    REQUIRE(r.has_error());
    CHECK(r.error().is(errc::outcome_unknown));
    CHECK(r.error().message.find("the call may have been placed") != std::string::npos);
    CHECK(s.request_count() == 1);
    require_no_key(r.error());

    const auto cancelled = c.try_cancel_call(call_id); // POST, not idempotent either
    REQUIRE(cancelled.has_error());
    CHECK(cancelled.error().is(errc::outcome_unknown));
    CHECK(cancelled.error().message.find("it may have taken effect, so it was not sent again") != std::string::npos);
    CHECK(s.request_count() == 2);

    const auto got = c.try_get_call(call_id); // GET: sent again, up to two retries
    REQUIRE(got.has_error());
    CHECK(got.error().is(errc::outcome_unknown));
    CHECK(got.error().message.find("after 3 attempts") != std::string::npos);
    CHECK(s.request_count() == 5);
}

TEST_CASE("send_call: a server that never answers; the deadline holds for sync and async") {
    server s([](const recorded_request&, std::size_t) { return revring_test::hang_reply(); });
    auto o = options_for(s);
    o.request_timeout = 300ms;

    SUBCASE("sync") {
        revring::client c(o);
        const auto t0 = std::chrono::steady_clock::now();
        const auto r = c.try_send_call(minimal_call());
        const auto elapsed = ms(std::chrono::steady_clock::now() - t0);
        REQUIRE(r.has_error());
        CHECK(r.error().is(errc::outcome_unknown));
        CHECK(elapsed >= 280);
        CHECK(elapsed < 1500);
    }
    SUBCASE("async") {
        net::io_context io;
        revring::client c(io.get_executor(), o);
        std::optional<revring::result<revring::SendCallResponse>> out;
        const auto t0 = std::chrono::steady_clock::now();
        c.async_send_call(minimal_call(), [&](revring::result<revring::SendCallResponse> r) { out = std::move(r); });
        io.run();
        const auto elapsed = ms(std::chrono::steady_clock::now() - t0);
        REQUIRE(out.has_value());
        REQUIRE(out->has_error());
        CHECK(out->error().is(errc::outcome_unknown));
        CHECK(elapsed >= 280);
        CHECK(elapsed < 1500);
    }
    CHECK(s.request_count() == 1);
}

TEST_CASE("a 2xx body that is not JSON is outcome_unknown; JSON of the wrong shape is decode_failed") {
    std::string body;
    errc expected{};
    SUBCASE("malformed JSON") {
        body = R"({"data":{"id":)";
        expected = errc::outcome_unknown;
    }
    SUBCASE("wrong shape") {
        body = R"({"data":{"id":"not-a-uuid"}})";
        expected = errc::decode_failed;
    }
    server s([&](const recorded_request&, std::size_t) { return json_reply(200, body, {{"x-request-id", "r-9"}}); });
    revring::client c(options_for(s));
    const auto r = c.try_send_call(minimal_call());
    REQUIRE(r.has_error());
    CHECK(r.error().is(expected));
    CHECK(r.error().http_status == 200);
    CHECK(r.error().request_id == "r-9");
    CHECK(r.error().body == body);
    CHECK(r.error().message.rfind("send_call", 0) == 0);
    if (expected == errc::decode_failed) CHECK(r.error().pointer == "/data/id");
    CHECK(s.request_count() == 1);
}

TEST_CASE("the umbrella header under REVRING_SEPARATE_COMPILATION: from_json of a generated struct is the one "
          "compiled in src.hpp") {
    // This file includes <revring/revring.hpp> without Boost.JSON's value or
    // parser (tests/hygiene: hygiene-separate-nodom-revring); from_json is
    // declared extern there and linked from revring_src.cpp.
    const std::string payload = R"({"id":"33333333-3333-4333-8333-333333333333","direction":"OUTBOUND",)"
                                R"("status":"COMPLETED","fromNumber":"+15557654321","toNumber":"+15551234567",)"
                                R"("organizationId":"org_1","agentId":"7d1f4b2a-5e6c-4a8b-9f0e-1a2b3c4d5e6f",)"
                                R"("durationSeconds":42,"transcript":[{"role":"agent","text":"Hi"},{"role":"user"}],)"
                                R"("variables":{"name":"Ada"},"endedAt":"2026-11-29T16:00:05Z","future":[1]})";
    const auto p = revring::from_json<revring::PostCallWebhookPayload>(payload);
    REQUIRE(p.has_value());
    CHECK(p->id.to_string() == "33333333-3333-4333-8333-333333333333");
    CHECK((p->status == revring::CallStatus::completed));
    CHECK((p->direction == revring::CallDirection::outbound));
    CHECK(p->to_number == "+15551234567");
    REQUIRE(p->duration_seconds.has_value());
    CHECK(*p->duration_seconds == 42);
    REQUIRE(p->transcript.has_value());
    CHECK(p->transcript->size() == 2u);
    CHECK(p->variables.has_value());
    CHECK_FALSE(p->summary.has_value());
    // to_json (revring/gen/encode.hpp) and back give the same struct.
    const auto again = revring::from_json<revring::PostCallWebhookPayload>(revring::to_json(*p));
    REQUIRE(again.has_value());
    CHECK((*again == *p));
    // A rule broken names the member; text that is not JSON gives the offset.
    const auto bad = revring::from_json<revring::PostCallWebhookPayload>(
        R"({"id":"33333333-3333-4333-8333-333333333333","direction":"OUTBOUND","status":"COMPLETED",)"
        R"("fromNumber":"+1","toNumber":"+1","organizationId":"o","agentId":"not-a-uuid"})");
    REQUIRE(bad.has_error());
    CHECK(bad.error().is(errc::decode_failed));
    CHECK(bad.error().pointer == "/agentId");
    const auto cut = revring::from_json<revring::GetCallResponse>(R"({"data":{"id":)");
    REQUIRE(cut.has_error());
    CHECK(cut.error().is(errc::decode_failed));
    CHECK(cut.error().message.find("invalid JSON at byte 14") != std::string::npos);
}

TEST_CASE("200 concurrent co_await client.async_send_call on one io_context") {
    server s(ok_record);
    net::io_context io;
    auto o = options_for(s);
    o.max_connections = 4;
    revring::client c(io.get_executor(), o);
    int good = 0;
    for (int i = 0; i < 200; ++i) net::co_spawn(io, place(c, minimal_call(), good), net::detached);
    io.run();
    CHECK(good == 200);
    CHECK(s.request_count() == 200);
    CHECK(s.handshakes() <= 4);
    CHECK(c.stats().tls_handshakes <= 4);
}

TEST_CASE("async forms of every operation") {
    server s([](const recorded_request& q, std::size_t) {
        if (q.target == "/v1/calls/batch-get") return json_reply(200, R"({"data":[]})");
        return json_reply(200, record_body);
    });
    net::io_context io;
    revring::client c(io.get_executor(), options_for(s));
    int done = 0;
    c.async_get_call(call_id, [&](revring::result<revring::GetCallResponse> r) { done += r.has_value(); });
    c.async_cancel_call(call_id, [&](revring::result<revring::CancelCallResponse> r) { done += r.has_value(); });
    c.async_batch_get_calls({.ids = {call_id}},
                            [&](revring::result<revring::BatchGetCallsResponse> r) { done += r.has_value(); });
    revring::call_options co;
    co.headers = {{"X-Trace", "t-1"}};
    c.async_send_call(minimal_call(), co, [&](revring::result<revring::SendCallResponse> r) { done += r.has_value(); });
    // An invalid request fails through the handler, not inline.
    bool invalid = false;
    c.async_batch_get_calls({.ids = std::vector<revring::uuid>{}}, [&](revring::result<revring::BatchGetCallsResponse> r) {
        invalid = r.has_error() && r.error().is(errc::invalid_input);
    });
    CHECK(!invalid);
    io.run();
    CHECK(done == 4);
    CHECK(invalid);
    CHECK(s.request_count() == 4);
}

TEST_CASE("no redirect is followed") {
    server elsewhere(ok_record);
    server s([&](const recorded_request&, std::size_t) {
        return json_reply(307, "{}", {{"Location", elsewhere.url("/v1/calls")}});
    });
    revring::client c(options_for(s));
    const auto r = c.try_send_call(minimal_call());
    REQUIRE(r.has_error());
    CHECK(r.error().is(errc::http_status));
    CHECK(r.error().http_status == 307);
    CHECK(s.request_count() == 1);
    CHECK(elsewhere.connections() == 0);
}

TEST_CASE("client::blocking() shares the client's options, connections and counters") {
    server s(ok_record);
    revring::client c(options_for(s));
    REQUIRE(c.try_get_call(call_id).has_value());
    revring::blocking_client b = c.blocking();
    CHECK(b.options().base_url == c.options().base_url);
    const auto r = b.try_send_call(minimal_call());
    REQUIRE_MESSAGE(r.has_value(), (r ? std::string() : r.error().what()));
    CHECK(r->data.id == call_id);
    CHECK(s.connections() == 1); // the client's kept-alive connection
    CHECK(c.stats().requests_written == 2);
    CHECK(b.stats().requests_written == 2);
}

TEST_CASE("client construction: bad options throw or return the error; nothing is sent") {
    server s(ok_record);
    SUBCASE("API key with CR/LF") {
        auto o = options_for(s);
        o.api_key = revring::api_key("rk_live\r\nX-Evil: 1");
        CHECK_THROWS_AS(revring::client{o}, revring::exception);
        const auto r = revring::client::create(o);
        REQUIRE(r.has_error());
        CHECK(r.error().is(errc::invalid_input));
        CHECK(r.error().message.find("rk_live") == std::string::npos);
    }
    SUBCASE("plain http to a remote host") {
        auto o = options_for(s);
        o.base_url = "http://api.revring.ai/v1";
        const auto r = revring::client::create(o);
        REQUIRE(r.has_error());
        CHECK(r.error().message.find("loopback") != std::string::npos);
    }
    SUBCASE("unreadable CA file") {
        auto o = options_for(s);
        o.ca_file = "/nonexistent/ca.pem";
        CHECK(revring::client::create(o).has_error());
    }
    CHECK(s.connections() == 0);
}

TEST_CASE("REVRING_API_KEY and REVRING_BASE_URL fill in what the options leave empty") {
    server s(ok_record);
    ::setenv("REVRING_API_KEY", "rk_from_env", 1);
    ::setenv("REVRING_BASE_URL", s.url().c_str(), 1);
    revring::client_options o;
    o.ca_file = revring_test::ca_file();
    revring::client c(o);
    ::unsetenv("REVRING_API_KEY");
    ::unsetenv("REVRING_BASE_URL");
    CHECK(c.url().str() == s.url());
    REQUIRE(c.try_get_call(call_id).has_value());
    CHECK(s.requests().at(0).header("x-api-key") == "rk_from_env");

    const auto none = revring::client::create(revring::client_options{});
    REQUIRE(none.has_error());
    CHECK(none.error().message.find("no API key") != std::string::npos);
    revring::client_options defaults;
    defaults.api_key = revring::api_key("k");
    CHECK(revring::client::create(defaults)->url().str() == "https://api.revring.ai/v1");
}

TEST_CASE("the quick start places a call with REVRING_API_KEY and REVRING_BASE_URL") {
    const char* exe = std::getenv("REVRING_TEST_QUICKSTART"); // set by meson
    if (!exe) {
        MESSAGE("REVRING_TEST_QUICKSTART is not set: quick start not run");
        return;
    }
    server s(ok_record, {.tls = false}); // http:// is accepted for loopback hosts
    const auto run = [&](const std::string& args, std::string& out) {
        const std::string cmd = "REVRING_API_KEY=rk_quickstart REVRING_BASE_URL=" + s.url() + " '" + exe + "' " + args +
                                " 2>&1";
        FILE* p = ::popen(cmd.c_str(), "r");
        REQUIRE(p != nullptr);
        char buf[512];
        out.clear();
        while (std::fgets(buf, sizeof buf, p)) out += buf;
        const int status = ::pclose(p);
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    };
    std::string out;
    CHECK(run("0b1c2d3e-4f50-4617-8899-aabbccddeeff +15551234567 +15557654321", out) == 0);
    CHECK(out == "call 3c90c3cc-0d44-4b50-8888-8dd25736052a QUEUED\n");
    REQUIRE(s.request_count() == 1);
    const auto q = s.requests().at(0);
    CHECK(q.method == "POST");
    CHECK(q.target == "/v1/calls");
    CHECK(q.header("x-api-key") == "rk_quickstart");
    CHECK(q.body == R"({"agentId":"0b1c2d3e-4f50-4617-8899-aabbccddeeff","toNumber":"+15551234567",)"
                    R"("fromNumber":"+15557654321"})");

    CHECK(run("0b1c2d3e-4f50-4617-8899-aabbccddeeff 5551234567 +15557654321", out) == 2);
    CHECK(out.find("E164Number") != std::string::npos);
    CHECK(s.request_count() == 1); // a bad number is refused before sending
}

} // TEST_SUITE
