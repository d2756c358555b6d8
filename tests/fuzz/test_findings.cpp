// The fuzz findings, as readable unit tests (their raw inputs are in
// corpus/<target>/regress-*, replayed by the fuzz-replay-* tests).
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <revring/gen/json.hpp>
#include <revring/gen/types.hpp>
#include <revring/json/decode.hpp>
#include <revring/json/writer.hpp>

#include <boost/json/parse.hpp>

#include <limits>
#include <string>

namespace {

bool valid_json(const std::string& s) {
    boost::system::error_code ec;
    boost::json::parse(s, ec);
    return !ec;
}

constexpr std::string_view id = "0b7c1f8e-5a2d-4c3b-9e6f-1a2b3c4d5e6f";

} // namespace

TEST_CASE("finding 1: an offset that moves the instant out of years 0000-9999 is refused") {
    // Was accepted and then formatted as "-0001-12-31T23:00:00Z", which no parser reads back.
    CHECK_FALSE(revring::parse_date_time("0000-01-01T00:00:00+01:00").has_value());
    CHECK_FALSE(revring::parse_date_time("0000-01-01T00:59:59.999999+01:00").has_value());
    CHECK_FALSE(revring::parse_date_time("9999-12-31T23:59:59.9999999-01:00").has_value());
    CHECK(revring::parse_date_time("9999-12-31T23:59:59.9999999-01:00").error().rule == "format date-time");
    // The edges themselves stay valid, and round-trip.
    for (const char* s : {"0000-01-01T00:00:00Z", "0000-01-01T01:00:00+01:00", "0000-01-01T00:00:00-00:01",
                          "9999-12-31T23:59:59.999999Z", "9999-12-31T23:59:60Z", "9999-12-31T22:59:59-01:00"}) {
        INFO(s);
        const auto t = revring::parse_date_time(s);
        REQUIRE(t.has_value());
        CHECK((revring::parse_date_time(revring::format_date_time(*t)).value() == *t));
    }
}

TEST_CASE("finding 2: a number Boost.JSON reads as an infinity is never written as Infinity") {
    // {"x":-1e400} decodes (Boost.JSON 1.81 reads it as -inf); to_json wrote "-Infinity".
    const auto r = revring::from_json<revring::GetCallResponse>(
        std::string(R"({"data":{"id":")") + std::string(id) + R"(","metrics":{"a":1e400,"b":[-1e400,1.5]}}})");
    REQUIRE(r.has_value());
    const std::string text = revring::to_json(*r);
    CHECK(valid_json(text));
    CHECK(text.find("Infinity") == std::string::npos);
    CHECK(text.find(R"("metrics":{"a":null,"b":[null,1.5]})") != std::string::npos);
    const auto refused = revring::try_to_json(*r);
    REQUIRE_FALSE(refused.has_value());
    CHECK(refused.error().is(revring::errc::invalid_input));
    CHECK(refused.error().message.find("number is NaN or infinite") != std::string::npos);
}

TEST_CASE("finding 2: free-form objects from the user are checked like every other value") {
    const revring::uuid agent = "3c90c3cc-0d44-4b50-8888-8dd25736052a";
    revring::SendCallRequest req{.agent_id = agent, .to_number = "+15551234567", .from_number = "+15557654321"};
    req.variables = boost::json::object{{"score", std::numeric_limits<double>::infinity()}};
    const auto inf = revring::try_to_json(req);
    REQUIRE_FALSE(inf.has_value());
    CHECK(inf.error().message == "score: number is NaN or infinite");
    CHECK(valid_json(revring::to_json(req)));

    req.variables = boost::json::object{{"name", "Jo\xC3"}, {"k\xFF", 1}};
    const auto bad = revring::try_to_json(req);
    REQUIRE_FALSE(bad.has_value());
    CHECK(bad.error().message == "name: string is not valid UTF-8");
    const std::string text = revring::to_json(req);
    CHECK(valid_json(text)); // each ill-formed sequence became U+FFFD
    CHECK(text.find("\"Jo\xEF\xBF\xBD\"") != std::string::npos);
    CHECK(text.find("\"k\xEF\xBF\xBD\":1") != std::string::npos);
}

TEST_CASE("finding 2: the free-form writer is iterative (100,000 levels, no stack overflow)") {
    boost::json::value v = 1;
    for (int i = 0; i < 100000; ++i) {
        boost::json::array a;
        a.push_back(std::move(v));
        v = std::move(a);
    }
    std::string out;
    revring::json_writer w(out);
    w.raw(v);
    CHECK(out.size() == 200001);
    CHECK(out.substr(99998, 5) == "[[1]]");
    CHECK((w.issue() == revring::json_write_issue::none));
    // Boost.JSON destroys nested values recursively: unwind it level by level.
    while (v.is_array() && !v.get_array().empty()) {
        boost::json::value inner = std::move(v.get_array()[0]);
        v = std::move(inner);
    }
}

TEST_CASE("finding 3: an integer member never takes a value the server did not send") {
    // "-9223372036854775809" is read by Boost.JSON as the double -2^63, which
    // was in range, so it decoded as INT64_MIN. Found by the hostile-server
    // test "huge numbers". From 10^15 on a double no longer tells which
    // integer the text held (Boost.JSON 1.81 even misreads some 16-digit
    // numbers: "8639269905017687.0" as 8639269905017686): refused.
    const std::string head = std::string(R"({"data":{"id":")") + std::string(id) + R"(","durationSeconds":)";
    for (const std::string n : {"-9223372036854775809", "-9223372036854775808.5", "9007199254740993.0", "1e18",
                                "-9007199254740992.0", "8639269905017687.0", "1e15", "-1000000000000000.0"}) {
        INFO(n);
        const auto r = revring::from_json<revring::GetCallResponse>(head + n + "}}");
        REQUIRE_FALSE(r.has_value());
        CHECK(r.error().pointer == "/data/durationSeconds");
        CHECK(r.error().message.find("integer cannot be read exactly") != std::string::npos);
    }
    for (const std::string n : {"9223372036854775807.0", "-1e19", "1e400"}) {
        INFO(n);
        const auto r = revring::from_json<revring::GetCallResponse>(head + n + "}}");
        REQUIRE_FALSE(r.has_value());
        CHECK(r.error().message == "at /data/durationSeconds: integer out of range");
    }
    // Below 10^15 integral doubles still decode, exactly.
    for (const auto& [text, value] : {std::pair<std::string, std::int64_t>{"999999999999999.0", 999999999999999},
                                      {"-9.99999999999999e14", -999999999999999}, {"4.2e1", 42}}) {
        INFO(text);
        const auto r = revring::from_json<revring::GetCallResponse>(head + text + "}}");
        REQUIRE(r.has_value());
        CHECK(*r->data.duration_seconds == value);
    }
    // Plain integer text is exact over the whole 64-bit range, as before.
    const auto min = revring::from_json<revring::GetCallResponse>(head + "-9223372036854775808}}");
    REQUIRE(min.has_value());
    CHECK(*min->data.duration_seconds == std::numeric_limits<std::int64_t>::min());
}
