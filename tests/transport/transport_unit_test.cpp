// The transport's pure parts, without a network: base URLs, header checks,
// Retry-After, the retry decision, the API key type.
#include <revring/transport/retry.hpp>
#include <revring/transport/base_url.hpp>

#include <doctest/doctest.h>

#include <cstdlib>
#include <ostream>
#include <sstream>

using namespace std::chrono_literals;
using revring::errc;
using revring::transport::attempt_failure;
using revring::transport::retry_context;
using revring::transport::retry_delay;

TEST_SUITE("unit") {

TEST_CASE("base_url: https, ports, paths, IPv6") {
    auto u = revring::base_url::parse("https://api.revring.ai/v1");
    REQUIRE(u.has_value());
    CHECK(u->tls());
    CHECK(u->host() == "api.revring.ai");
    CHECK(u->port() == 443);
    CHECK(u->path() == "/v1");
    CHECK(!u->host_is_ip());
    CHECK(u->host_header() == "api.revring.ai");
    CHECK(u->str() == "https://api.revring.ai/v1");

    auto p = revring::base_url::parse("HTTPS://API.Example.com:8443/api/v1/");
    REQUIRE(p.has_value());
    CHECK(p->host() == "api.example.com");
    CHECK(p->port() == 8443);
    CHECK(p->path() == "/api/v1");
    CHECK(p->host_header() == "api.example.com:8443");

    auto r = revring::base_url::parse("https://example.com");
    REQUIRE(r.has_value());
    CHECK(r->path().empty());

    auto v6 = revring::base_url::parse("http://[::1]:8080/v1");
    REQUIRE(v6.has_value());
    CHECK(v6->host() == "::1");
    CHECK(v6->host_is_ip());
    CHECK(v6->loopback());
    CHECK(v6->host_header() == "[::1]:8080");
}

TEST_CASE("base_url: http only for loopback hosts") {
    for (const char* ok : {"http://127.0.0.1:8080/v1", "http://127.1.2.3/v1", "http://localhost:3000", "http://[::1]/",
                           "http://[0:0:0:0:0:0:0:1]:1/", "http://LOCALHOST/v1"})
        CHECK_MESSAGE(revring::base_url::parse(ok).has_value(), ok);
    for (const char* bad : {"http://example.com/v1", "http://10.0.0.1/v1", "http://128.0.0.1/", "http://[::2]/",
                            "http://localhost.example.com/", "http://127.0.0.1.example.com/"}) {
        auto r = revring::base_url::parse(bad);
        REQUIRE_MESSAGE(r.has_error(), bad);
        CHECK(r.error().is(errc::invalid_input));
        CHECK(r.error().message.find("loopback") != std::string::npos);
    }
}

TEST_CASE("base_url: what is refused, and why") {
    const std::pair<const char*, const char*> cases[] = {
        {"ftp://example.com", "must start with https://"},
        {"example.com/v1", "must start with https://"},
        {"https://", "missing host"},
        {"https://user:pw@example.com/", "user info"},
        {"https://example.com/v1?x=1", "query or fragment"},
        {"https://example.com/v1#top", "query or fragment"},
        {"https://example.com:0/", "port"},
        {"https://example.com:65536/", "port"},
        {"https://example.com:/", "empty port"},
        {"https://exa mple.com/", "host may hold only"},
        {"https://example.com/a b", "percent-encoded"},
        {"https://example.com/a%zz", "percent-encoded"},
        {"https://[::1/", "unterminated"},
        {"https://256.1.1.1/", "bad IPv4"},
    };
    for (const auto& [text, why] : cases) {
        auto r = revring::base_url::parse(text);
        REQUIRE_MESSAGE(r.has_error(), text);
        CHECK(r.error().is(errc::invalid_input));
        CHECK_MESSAGE(r.error().message.find(why) != std::string::npos, text, " -> ", r.error().message);
        CHECK(r.error().message.rfind("base URL: ", 0) == 0);
    }
}

TEST_CASE("header checks name the header and never repeat the value") {
    using revring::detail::check_header;
    CHECK(!check_header("X-Trace", "abc\tdef", "test").has_value());
    auto cr = check_header("X-Trace", "secret\r\nInjected: 1", "test");
    REQUIRE(cr.has_value());
    CHECK(cr->is(errc::invalid_input));
    CHECK(cr->message.find("X-Trace") != std::string::npos);
    CHECK(cr->message.find("a CR at byte 6") != std::string::npos);
    CHECK(cr->message.find("secret") == std::string::npos);
    CHECK(check_header("X-Trace", "a\nb", "test")->message.find("an LF") != std::string::npos);
    CHECK(check_header("X-Trace", std::string_view("a\0b", 3), "test")->message.find("control") != std::string::npos);
    CHECK(check_header("X-Trace", "a\x7f", "test").has_value());
    CHECK(check_header("Bad Name", "v", "test")->message.find("HTTP token") != std::string::npos);
    CHECK(check_header("", "v", "test").has_value());
    CHECK(check_header("Bad\r\nName", "v", "test")->message.find("(invalid name)") != std::string::npos);
    for (const char* reserved : {"Host", "content-length", "Content-Type", "Transfer-Encoding", "Connection", "X-API-KEY"})
        CHECK_MESSAGE(check_header(reserved, "v", "test")->message.find("set by the client") != std::string::npos,
                      reserved);
}

TEST_CASE("Retry-After: seconds and the three HTTP-date forms") {
    using revring::transport::parse_retry_after;
    using namespace std::chrono;
    const auto now = sys_days(year{1994} / November / 6) + 8h + 49min + 30s;
    CHECK(parse_retry_after("120", now) == 120s);
    CHECK(parse_retry_after(" 0 ", now) == 0s);
    CHECK(parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", now) == 7s);
    CHECK(parse_retry_after("Sunday, 06-Nov-94 08:49:37 GMT", now) == 7s);
    CHECK(parse_retry_after("Sun Nov  6 08:49:37 1994", now) == 7s);
    CHECK(parse_retry_after("Sun, 06 Nov 1994 08:00:00 GMT", now) == 0s); // in the past
    CHECK(!parse_retry_after("", now));
    CHECK(!parse_retry_after("-5", now));
    CHECK(!parse_retry_after("1.5", now));
    CHECK(!parse_retry_after("soon", now));
    CHECK(!parse_retry_after("Sun, 31 Feb 1994 08:49:37 GMT", now));
    CHECK(!parse_retry_after("Sun, 06 Nov 1994 25:49:37 GMT", now));
    CHECK(!parse_retry_after("Sun, 06 Foo 1994 08:49:37 GMT", now));
    // A fraction of a second left counts as a whole one.
    CHECK(parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", now + 300ms) == 7s);
    CHECK(parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", now + 7s + 1ns) == 0s);
    // Fuzz finding 5: dates beyond what nanoseconds hold (UBSan: signed
    // overflow) are clamped like absurd delta-seconds; year 0 is simply past.
    CHECK(parse_retry_after("Wed, 21 Oct 6897 07:28:00 GMT", now) == 100000000s);
    CHECK(parse_retry_after("Fri, 31 Dec 9999 23:59:59 GMT", now) == 100000000s);
    CHECK(parse_retry_after("Sat, 01 Jan 0000 00:00:00 GMT", now) == 0s);
    CHECK(parse_retry_after("99999999999999999999", now) == 100000000s);
}

TEST_CASE("retry decision: a request that may have been sent is never repeated unless idempotent") {
    const revring::retry_policy p; // defaults: 2 retries
    const retry_context post{.idempotent = false, .fail_fast_on_429 = false, .retries_done = 0};
    const retry_context get{.idempotent = true, .fail_fast_on_429 = false, .retries_done = 0};

    // Nothing written: retried for every request.
    CHECK(retry_delay(p, post, attempt_failure::unsent, 0, {}, 0.5));
    CHECK(retry_delay(p, post, attempt_failure::unsent_timeout, 0, {}, 0.5));
    // ... except a certificate failure, which would only repeat.
    CHECK(!retry_delay(p, post, attempt_failure::unsent_permanent, 0, {}, 0.5));
    CHECK(!retry_delay(p, get, attempt_failure::unsent_permanent, 0, {}, 0.5));

    // Written: POST never, GET on timeouts and early closes.
    for (auto f : {attempt_failure::sent_no_response, attempt_failure::sent_timeout, attempt_failure::sent_bad_response})
        CHECK(!retry_delay(p, post, f, 0, {}, 0.5));
    CHECK(retry_delay(p, get, attempt_failure::sent_no_response, 0, {}, 0.5));
    CHECK(retry_delay(p, get, attempt_failure::sent_timeout, 0, {}, 0.5));
    CHECK(!retry_delay(p, get, attempt_failure::sent_bad_response, 0, {}, 0.5));

    // Statuses.
    for (int status : {429, 500, 502, 503, 504}) CHECK(!retry_delay(p, post, attempt_failure::none, status, {}, 0.5));
    for (int status : {429, 502, 503, 504}) CHECK(retry_delay(p, get, attempt_failure::none, status, {}, 0.5));
    for (int status : {400, 401, 403, 404, 409, 422, 500, 501, 302})
        CHECK(!retry_delay(p, get, attempt_failure::none, status, {}, 0.5));

    // skipQueue: a 429 goes back at once, even when the request could be retried.
    retry_context fast = get;
    fast.fail_fast_on_429 = true;
    CHECK(!retry_delay(p, fast, attempt_failure::none, 429, 1s, 0.5));
    CHECK(retry_delay(p, fast, attempt_failure::none, 503, {}, 0.5));

    // At most max_retries.
    retry_context late = get;
    late.retries_done = 2;
    CHECK(!retry_delay(p, late, attempt_failure::none, 503, {}, 0.5));
    CHECK(!retry_delay(revring::retry_policy::none(), get, attempt_failure::unsent, 0, {}, 0.5));

    // retry_unsent off still lets an idempotent request retry.
    revring::retry_policy no_unsent;
    no_unsent.retry_unsent = false;
    CHECK(!retry_delay(no_unsent, post, attempt_failure::unsent, 0, {}, 0.5));
    CHECK(retry_delay(no_unsent, get, attempt_failure::unsent, 0, {}, 0.5));
}

TEST_CASE("retry decision: exponential backoff with jitter, Retry-After honoured up to the cap") {
    revring::retry_policy p;
    p.max_retries = 10;
    p.initial_backoff = 100ms;
    p.max_backoff = 1000ms;
    retry_context c{.idempotent = true, .fail_fast_on_429 = false, .retries_done = 0};
    CHECK(*retry_delay(p, c, attempt_failure::none, 503, {}, 0.0) == 50ms);
    CHECK(*retry_delay(p, c, attempt_failure::none, 503, {}, 1.0) == 100ms);
    c.retries_done = 1;
    CHECK(*retry_delay(p, c, attempt_failure::none, 503, {}, 1.0) == 200ms);
    c.retries_done = 3;
    CHECK(*retry_delay(p, c, attempt_failure::none, 503, {}, 0.0) == 400ms);
    c.retries_done = 9;
    CHECK(*retry_delay(p, c, attempt_failure::none, 503, {}, 1.0) == 1000ms); // capped
    c.retries_done = 0;
    CHECK(*retry_delay(p, c, attempt_failure::none, 503, 3s, 0.5) == 3000ms);
    CHECK(*retry_delay(p, c, attempt_failure::none, 429, 60s, 0.5) == 60000ms);
    CHECK(!retry_delay(p, c, attempt_failure::none, 429, 61s, 0.5)); // longer than we wait: the caller decides
    CHECK(*retry_delay(p, c, attempt_failure::none, 503, 0s, 1.0) == 100ms);
}

template <class T>
concept streamable = requires(std::ostream& os, const T& v) { os << v; };

TEST_CASE("api_key: never printable, redacted, read only on purpose") {
    static_assert(!streamable<revring::api_key>, "an API key must not be printable");
    static_assert(!std::is_convertible_v<revring::api_key, std::string>);
    static_assert(!std::is_convertible_v<revring::api_key, std::string_view>);
    static_assert(!std::is_convertible_v<std::string, revring::api_key>, "construction is explicit");
    revring::api_key k("rk_secret");
    CHECK(k.redacted() == "[redacted]");
    CHECK(k.expose_secret() == "rk_secret");
    CHECK(revring::api_key().redacted() == "(no key)");
    revring::api_key moved(std::move(k));
    CHECK(moved.expose_secret() == "rk_secret");
    CHECK(k.empty()); // NOLINT: the moved-from key is wiped
    revring::api_key copy;
    copy = moved;
    CHECK(copy.expose_secret() == "rk_secret");

    ::setenv("REVRING_TEST_KEY_VAR", "from-env", 1);
    CHECK(revring::api_key::from_env("REVRING_TEST_KEY_VAR").expose_secret() == "from-env");
    ::unsetenv("REVRING_TEST_KEY_VAR");
    CHECK(revring::api_key::from_env("REVRING_TEST_KEY_VAR").empty());
}

TEST_CASE("random_idempotency_key: a version-4 UUID, different every time") {
    const auto a = revring::random_idempotency_key();
    const auto b = revring::random_idempotency_key();
    CHECK(a != b);
    REQUIRE(a.size() == 36);
    CHECK(a[8] == '-');
    CHECK(a[13] == '-');
    CHECK(a[14] == '4');
    CHECK(std::string_view("89ab").find(a[19]) != std::string_view::npos);
}

} // TEST_SUITE
