// revring::mock::server embedded in a test, with revring::client talking to
// it in the same process: the way tools/revring/README.md tells users to do it.
#include <revring/mock/server.hpp>

#include <revring/client.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <thread>

using namespace std::chrono_literals;

namespace {

constexpr char key[] = "embedded-test-key";

revring::SendCallRequest request(bool skip_queue = false) {
    return revring::SendCallRequest{
        .agent_id = "3c90c3cc-0d44-4b50-8888-8dd25736052a",
        .to_number = "+15551234567",
        .from_number = "+15557654321",
        .variables = boost::json::object{{"customer_name", "Zoë"}},
        .caller_id_name = "Acme ☎",
        .skip_queue = skip_queue,
    };
}

revring::client client_for(const revring::mock::server& mock, const char* api_key = key) {
    revring::client_options o;
    o.base_url = mock.base_url();
    o.ca_pem = mock.ca_pem(); // trust exactly the mock's CA, held in memory
    o.api_key = revring::api_key(api_key);
    o.request_timeout = 5s;
    auto c = revring::client::create(std::move(o));
    REQUIRE(c.has_value());
    return *c;
}

revring::mock::options options(std::chrono::milliseconds step, std::size_t max_concurrent = 10) {
    revring::mock::options o;
    o.api_key = key;
    o.step = step;
    o.max_concurrent = max_concurrent;
    return o;
}

} // namespace

TEST_CASE("embedded mock: a call goes from QUEUED to COMPLETED over verified TLS") {
    revring::mock::server mock(options(60ms));
    mock.start();
    CHECK(mock.base_url() == "https://127.0.0.1:" + std::to_string(mock.port()) + "/v1");
    REQUIRE(std::filesystem::exists(mock.ca_file()));

    auto c = client_for(mock);
    const auto sent = c.try_send_call(request());
    REQUIRE_MESSAGE(sent.has_value(), sent.error().what());
    const revring::CallRecord& rec = sent->data;
    CHECK(rec.status == revring::CallStatus::queued);
    CHECK(rec.to_number == std::string("+15551234567"));
    CHECK(rec.agent_caller_id_name == std::string("Acme ☎"));

    std::vector<revring::CallStatus> seen{revring::CallStatus::queued};
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (seen.back() != revring::CallStatus::completed && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(5ms);
        const auto got = c.try_get_call(rec.id);
        REQUIRE_MESSAGE(got.has_value(), got.error().what());
        const auto status = got->data.status->value();
        if (status != seen.back()) seen.push_back(status);
    }
    // In order from QUEUED to COMPLETED; a loaded machine may miss a state
    // between two polls, but the final record's timestamps show each one.
    const auto rank = [](revring::CallStatus s) {
        const revring::CallStatus order[] = {revring::CallStatus::queued, revring::CallStatus::initiated,
                                             revring::CallStatus::ongoing, revring::CallStatus::completed};
        return std::find(std::begin(order), std::end(order), s) - std::begin(order);
    };
    CHECK(std::is_sorted(seen.begin(), seen.end(), [&](auto a, auto b) { return rank(a) < rank(b); }));
    CHECK(rank(seen.back()) == 3);
    const auto done = c.try_get_call(rec.id);
    REQUIRE(done.has_value());
    const revring::CallRecord& fin = done->data;
    REQUIRE((fin.created_at && fin.initiated_at && fin.started_at && fin.ended_at && fin.updated_at));
    CHECK(*fin.created_at + 60ms <= *fin.initiated_at);
    CHECK(*fin.initiated_at + 60ms == *fin.started_at);
    CHECK(*fin.started_at + 60ms == *fin.ended_at);
    CHECK(*fin.updated_at == *fin.ended_at);

    const auto batch = c.try_batch_get_calls({.ids = std::vector{rec.id}, .minimal = true});
    REQUIRE(batch.has_value());
    REQUIRE(batch->data.size() == 1);
    CHECK_FALSE(batch->data.front().variables.has_value());

    const auto cancel = c.try_cancel_call(rec.id);
    REQUIRE_FALSE(cancel.has_value());
    CHECK(cancel.error().is(revring::errc::conflict));
    CHECK(cancel.error().http_status == 409);

    const auto path = mock.ca_file();
    mock.stop();
    mock.wait();
    CHECK(std::filesystem::exists(path)); // removed only when the server object goes
}

TEST_CASE("embedded mock: the CA file it made goes with it") {
    std::filesystem::path path;
    {
        revring::mock::server mock(options(1s));
        mock.start();
        path = mock.ca_file();
        CHECK(std::filesystem::exists(path));
    }
    CHECK_FALSE(std::filesystem::exists(path));
    CHECK_FALSE(std::filesystem::exists(path.parent_path()));
}

TEST_CASE("embedded mock: API key, concurrency limit, skipQueue") {
    revring::mock::server mock(options(10s, 1));
    mock.start();

    const auto wrong = client_for(mock, "not-the-key").try_get_call("3c90c3cc-0d44-4b50-8888-8dd25736052a");
    REQUIRE_FALSE(wrong.has_value());
    CHECK(wrong.error().is(revring::errc::unauthorized));

    auto c = client_for(mock);
    const auto first = c.try_send_call(request(true));
    REQUIRE(first.has_value());
    CHECK(first->data.status == revring::CallStatus::initiated);
    const auto refused = c.try_send_call(request(true));
    REQUIRE_FALSE(refused.has_value());
    CHECK(refused.error().is(revring::errc::rate_limited));
    const auto queued = c.try_send_call(request(false));
    REQUIRE(queued.has_value());
    CHECK(queued->data.status == revring::CallStatus::queued);
    const auto canceled = c.try_cancel_call(queued->data.id);
    REQUIRE(canceled.has_value());
    CHECK(canceled->data.status == revring::CallStatus::canceled);
}

TEST_CASE("embedded mock: plain HTTP and bad options") {
    auto o = options(1s);
    o.tls = false;
    o.base_path = "";
    revring::mock::server mock(o);
    CHECK(mock.ca_file().empty());
    CHECK(mock.base_url() == "http://127.0.0.1:" + std::to_string(mock.port()));
    mock.start();
    CHECK_THROWS_AS(mock.start(), std::logic_error);
    CHECK_THROWS_AS(mock.run(), std::logic_error);
    const auto got = client_for(mock).try_get_call("3c90c3cc-0d44-4b50-8888-8dd25736052a");
    REQUIRE_FALSE(got.has_value());
    CHECK(got.error().is(revring::errc::not_found));

    auto no_key = options(1s);
    no_key.api_key.clear();
    CHECK_THROWS_AS(revring::mock::server{no_key}, std::invalid_argument);
    auto bad_host = options(1s);
    bad_host.host = "example.com";
    CHECK_THROWS_AS(revring::mock::server{bad_host}, std::invalid_argument);
    auto bad_path = options(1s);
    bad_path.base_path = "v1/";
    CHECK_THROWS_AS(revring::mock::server{bad_path}, std::invalid_argument);
}
