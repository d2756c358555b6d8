// revring::blocking_client against the scripted loopback server: the same
// requests, answers and errors as revring::client's blocking calls.
//
// Built twice: into transport-tests with REVRING_SEPARATE_COMPILATION (the
// blocking calls come from revring_src.cpp, compiled once), and alone
// header-only (blocking-client-header-only-tests). Its first and only
// include of revring is the header under test. (client::blocking() is tested
// in client_test.cpp.)
#include <revring/blocking_client.hpp>

#include "fixtures.hpp"
#include "test_server.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

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

} // namespace

TEST_SUITE("integration") {

TEST_CASE("blocking_client: send_call sends the exact request and decodes the typed response") {
    server s(ok_record);
    revring::blocking_client c(options_for(s));
    const auto r = c.try_send_call({.agent_id = agent,
                                    .to_number = "+15551234567",
                                    .from_number = "+15557654321",
                                    .caller_id_name = "Acme"});
    REQUIRE_MESSAGE(r.has_value(), (r ? std::string() : r.error().what()));
    CHECK(r->data.id == call_id);
    REQUIRE(r->data.status.has_value());
    CHECK(*r->data.status == revring::CallStatus::queued);
    REQUIRE(r->data.direction.has_value());
    CHECK(*r->data.direction == revring::CallDirection::outbound);

    REQUIRE(s.request_count() == 1);
    const auto q = s.requests().front();
    CHECK(q.valid_http);
    CHECK(q.method == "POST");
    CHECK(q.target == "/v1/calls");
    CHECK(q.header("x-api-key") == test_key);
    CHECK(q.header("content-type") == "application/json");
    CHECK(q.header("user-agent") == "revring-cpp/" REVRING_VERSION_STRING);
    CHECK(q.body == R"({"agentId":"0b1c2d3e-4f50-4617-8899-aabbccddeeff","toNumber":"+15551234567",)"
                    R"("fromNumber":"+15557654321","callerIdName":"Acme"})");
    const auto st = c.stats();
    CHECK(st.requests_written == 1);
    CHECK(st.tls_handshakes == 1);
    CHECK(c.url().host() == "127.0.0.1");
    CHECK(c.options().api_key.expose_secret() == test_key);
}

TEST_CASE("blocking_client: get_call and cancel_call through the throwing twins; copies share connections") {
    server s(ok_record);
    const revring::blocking_client c(options_for(s));
    revring::blocking_client copy = c;
    const auto got = copy.get_call(call_id);
    CHECK(got.data.id == call_id);
    const auto cancelled = copy.cancel_call(call_id);
    CHECK(cancelled.data.id == call_id);
    const auto q = s.requests();
    REQUIRE(q.size() == 2);
    CHECK(q[0].method == "GET");
    CHECK(q[0].target == "/v1/calls/3c90c3cc-0d44-4b50-8888-8dd25736052a");
    CHECK(q[0].body.empty());
    CHECK(q[1].method == "POST");
    CHECK(q[1].target == "/v1/calls/3c90c3cc-0d44-4b50-8888-8dd25736052a/cancel");
    CHECK(q[1].header("content-length") == "0");
    CHECK(s.connections() == 1); // kept alive, and shared by the copy
    CHECK(c.stats().requests_written == 2);
}

TEST_CASE("blocking_client: a broken rule is refused before sending, naming the field and the rule") {
    server s(ok_record);
    revring::blocking_client c(options_for(s));
    const auto r = c.try_batch_get_calls({.ids = std::vector<revring::uuid>{}});
    REQUIRE(r.has_error());
    CHECK(r.error().is(errc::invalid_input));
    CHECK(r.error().pointer == "/ids");
    CHECK(r.error().message.rfind("batch_get_calls: ", 0) == 0);
    CHECK(r.error().message.find("/ids") != std::string::npos);
    CHECK(r.error().message.find("minItems 1") != std::string::npos);
    CHECK_THROWS_AS((void)c.batch_get_calls({.ids = std::vector<revring::uuid>{}}), revring::exception);
    CHECK(s.connections() == 0);
    CHECK(s.request_count() == 0);
    CHECK(c.stats().requests_written == 0);
}

TEST_CASE("blocking_client: error statuses; the key never shows") {
    SUBCASE("404 through the throwing twin") {
        server s([](const recorded_request&, std::size_t) {
            return json_reply(404, R"({"message":"Call not found"})", {{"X-Request-Id", "req-77"}});
        });
        revring::blocking_client c(options_for(s));
        try {
            (void)c.get_call(call_id);
            FAIL("get_call did not throw");
        } catch (const revring::exception& e) {
            CHECK(e.get().is(errc::not_found));
            CHECK(e.get().http_status == 404);
            CHECK(e.get().request_id == "req-77");
            CHECK(std::string(e.what()).find("Call not found") != std::string::npos);
            require_no_key(e.get());
        }
        CHECK(s.request_count() == 1);
    }
    SUBCASE("401 echoing the key in the body and the request id") {
        server s([](const recorded_request& q, std::size_t) {
            return json_reply(401, R"({"error":"invalid key )" + q.header("x-api-key") + R"("})",
                              {{"X-Request-Id", q.header("x-api-key")}});
        });
        revring::blocking_client c(options_for(s));
        const auto r = c.try_send_call({.agent_id = agent, .to_number = "+15551234567", .from_number = "+15557654321"});
        REQUIRE(r.has_error());
        CHECK(r.error().is(errc::unauthorized));
        CHECK(r.error().http_status == 401);
        require_no_key(r.error());
        CHECK(s.request_count() == 1);
    }
    SUBCASE("a dropped connection after a POST is outcome_unknown and not resent") {
        server s([](const recorded_request&, std::size_t) { return revring_test::drop_reply(); });
        revring::blocking_client c(options_for(s));
        const auto r = c.try_send_call({.agent_id = agent, .to_number = "+15551234567", .from_number = "+15557654321"});
        REQUIRE(r.has_error());
        CHECK(r.error().is(errc::outcome_unknown));
        CHECK(s.request_count() == 1);
    }
    SUBCASE("a 2xx body of the wrong shape is decode_failed, naming the operation") {
        server s([](const recorded_request&, std::size_t) { return json_reply(200, R"({"data":{"id":42}})"); });
        revring::blocking_client c(options_for(s));
        const auto r = c.try_get_call(call_id);
        REQUIRE(r.has_error());
        CHECK(r.error().is(errc::decode_failed));
        CHECK(r.error().message.rfind("get_call: response: ", 0) == 0);
        require_no_key(r.error());
    }
}

TEST_CASE("blocking_client: send_raw sends a request the description lacks") {
    server s([](const recorded_request&, std::size_t) { return json_reply(200, R"({"ok":true})"); });
    revring::blocking_client c(options_for(s));
    revring::transport::request req;
    req.method = revring::http_method::get;
    req.target = "/health";
    req.idempotent = true;
    req.operation = "health";
    const auto r = c.send_raw(req);
    REQUIRE_MESSAGE(r.has_value(), (r ? std::string() : r.error().what()));
    CHECK(r->status == 200);
    CHECK(r->body == R"({"ok":true})");
    CHECK(r->header("content-type") == "application/json");
    REQUIRE(s.request_count() == 1);
    CHECK(s.requests()[0].target == "/v1/health");
}

TEST_CASE("blocking_client: bad options throw or return the error; nothing is sent") {
    server s(ok_record);
    SUBCASE("API key with CR/LF") {
        auto o = options_for(s);
        o.api_key = revring::api_key("rk_live\r\nX-Evil: 1");
        CHECK_THROWS_AS(revring::blocking_client{o}, revring::exception);
        const auto r = revring::blocking_client::create(o);
        REQUIRE(r.has_error());
        CHECK(r.error().is(errc::invalid_input));
        CHECK(r.error().message.find("rk_live") == std::string::npos);
    }
    SUBCASE("no timeout") {
        auto o = options_for(s);
        o.request_timeout = 0ms;
        const auto r = revring::blocking_client::create(o);
        REQUIRE(r.has_error());
        CHECK(r.error().message.find("client_options::request_timeout") != std::string::npos);
    }
    SUBCASE("good options") {
        const auto r = revring::blocking_client::create(options_for(s));
        REQUIRE(r.has_value());
        CHECK(r->url().port() == s.port());
    }
    CHECK(s.connections() == 0);
}

} // TEST_SUITE
