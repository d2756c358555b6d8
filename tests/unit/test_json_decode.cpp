#include <revring/json/decode.hpp>

#include "test_rules.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <doctest/doctest.h>

#include <array>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

using revring::decode_context;
using revring::errc;
using revring::from_json;

namespace test_gen {
enum class CallStatus { unknown, queued, completed };
} // namespace test_gen

template <> struct revring::enum_traits<test_gen::CallStatus> {
    static constexpr std::string_view name = "CallStatus";
    static constexpr std::array<std::pair<test_gen::CallStatus, std::string_view>, 2> values{{
        {test_gen::CallStatus::queued, "QUEUED"},
        {test_gen::CallStatus::completed, "COMPLETED"},
    }};
};

namespace test_gen {
// Shaped like generated response types and their generated encode/decode.
// CallRecord has no default constructor (uuid and E164Number have none), as
// generated structs with such members do.
struct CallRecord {
    revring::uuid id;
    test_rules::E164Number from_number;
    revring::open_enum<CallStatus> status;
    revring::optional<std::int64_t> duration_seconds;
    revring::optional<revring::date_time> ended_at;
    revring::optional<boost::json::object> variables;
    std::vector<std::string> tags;
    friend bool operator==(const CallRecord&, const CallRecord&) = default;
};
struct GetCallResponse {
    CallRecord data;
    friend bool operator==(const GetCallResponse&, const GetCallResponse&) = default;
};
struct BatchGetCallsRequest {
    revring::required<std::vector<revring::uuid>> ids;
    revring::optional<bool> minimal;
    revring::optional<std::string> note;
};

inline void encode(revring::json_writer& w, const CallRecord& v) {
    w.begin_object();
    revring::write_member(w, "id", v.id);
    revring::write_member(w, "fromNumber", v.from_number);
    revring::write_member(w, "status", v.status);
    revring::write_member(w, "durationSeconds", v.duration_seconds);
    revring::write_member(w, "endedAt", v.ended_at);
    revring::write_member(w, "variables", v.variables);
    revring::write_member(w, "tags", v.tags);
    w.end_object();
}
inline bool decode(const boost::json::value& jv, CallRecord& out, revring::decode_context& ctx) {
    const boost::json::object* obj = revring::expect_object(jv, ctx);
    return obj && revring::decode_member(*obj, "id", out.id, ctx) &&
           revring::decode_member(*obj, "fromNumber", out.from_number, ctx) &&
           revring::decode_member(*obj, "status", out.status, ctx) &&
           revring::decode_member(*obj, "durationSeconds", out.duration_seconds, ctx) &&
           revring::decode_member(*obj, "endedAt", out.ended_at, ctx) &&
           revring::decode_member(*obj, "variables", out.variables, ctx) &&
           revring::decode_member(*obj, "tags", out.tags, ctx);
}
inline void encode(revring::json_writer& w, const GetCallResponse& v) {
    w.begin_object();
    revring::write_member(w, "data", v.data);
    w.end_object();
}
inline bool decode(const boost::json::value& jv, GetCallResponse& out, revring::decode_context& ctx) {
    const boost::json::object* obj = revring::expect_object(jv, ctx);
    return obj && revring::decode_member(*obj, "data", out.data, ctx);
}
inline void encode(revring::json_writer& w, const BatchGetCallsRequest& v) {
    w.begin_object();
    revring::write_member(w, "ids", v.ids);
    revring::write_member(w, "minimal", v.minimal);
    revring::write_member(w, "note", v.note);
    w.end_object();
}
inline bool decode(const boost::json::value& jv, BatchGetCallsRequest& out, revring::decode_context& ctx) {
    const boost::json::object* obj = revring::expect_object(jv, ctx);
    return obj && revring::decode_member(*obj, "ids", out.ids, ctx) &&
           revring::decode_member(*obj, "minimal", out.minimal, ctx) &&
           revring::decode_member(*obj, "note", out.note, ctx);
}
} // namespace test_gen

namespace {

constexpr std::string_view good_record = R"({"data":{
    "id":"3c90c3cc-0d44-4b50-8888-8dd25736052a",
    "fromNumber":"+14155550123",
    "status":"QUEUED",
    "durationSeconds":42,
    "endedAt":"2023-11-07T05:31:56Z",
    "variables":{"name":"Ada","n":[1,2]},
    "tags":["a","b"],
    "addedLater":{"servers":"may add members"}
}})";

// good_record with one member's JSON replaced.
std::string with_member(std::string_view member, std::string_view json) {
    boost::json::value v = boost::json::parse(good_record);
    if (json.empty())
        v.at("data").as_object().erase(member);
    else
        v.at("data").as_object()[member] = boost::json::parse(json);
    return boost::json::serialize(v);
}

template <class T> revring::error decode_error(std::string_view text) {
    const auto r = from_json<T>(text);
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().is(errc::decode_failed));
    return r.error();
}

} // namespace

TEST_CASE("a complete response decodes, ignoring unknown members") {
    const auto r = from_json<test_gen::GetCallResponse>(good_record);
    REQUIRE(r.has_value());
    const test_gen::CallRecord& d = r->data;
    CHECK(d.id == revring::uuid("3c90c3cc-0d44-4b50-8888-8dd25736052a"));
    CHECK(d.from_number == test_rules::E164Number("+14155550123"));
    CHECK(d.status == test_gen::CallStatus::queued);
    CHECK(d.duration_seconds == 42);
    CHECK(revring::format_date_time(*d.ended_at) == "2023-11-07T05:31:56Z");
    CHECK(d.variables->at("name").as_string() == "Ada");
    CHECK(d.tags == std::vector<std::string>{"a", "b"});
}

TEST_CASE("round trip: from_json(to_json(x)) == x") {
    const auto r = from_json<test_gen::GetCallResponse>(good_record);
    REQUIRE(r.has_value());
    const std::string text = revring::to_json(*r);
    const auto again = from_json<test_gen::GetCallResponse>(text);
    REQUIRE(again.has_value());
    CHECK(*again == *r);
    CHECK(revring::to_json(*again) == text);
}

TEST_CASE("optional members may be absent or null") {
    for (std::string_view member : {"durationSeconds", "endedAt", "variables"}) {
        CAPTURE(member);
        const auto absent = from_json<test_gen::GetCallResponse>(with_member(member, ""));
        const auto null = from_json<test_gen::GetCallResponse>(with_member(member, "null"));
        REQUIRE(absent.has_value());
        REQUIRE(null.has_value());
        CHECK(*absent == *null);
    }
    const auto r = from_json<test_gen::GetCallResponse>(with_member("durationSeconds", "null"));
    CHECK_FALSE(r->data.duration_seconds.has_value());
    // Absent members are left out on the way back.
    CHECK(revring::to_json(*r).find("durationSeconds") == std::string::npos);
}

TEST_CASE("messages carry the JSON pointer and what was expected") {
    auto e = decode_error<test_gen::GetCallResponse>(with_member("durationSeconds", R"("12")"));
    CHECK(e.message == "at /data/durationSeconds: expected integer, got string");
    CHECK(e.pointer == "/data/durationSeconds");

    e = decode_error<test_gen::GetCallResponse>(with_member("id", ""));
    CHECK(e.message == "at /data/id: required member is missing");
    CHECK(e.pointer == "/data/id");

    e = decode_error<test_gen::GetCallResponse>(with_member("tags", R"(["a",5])"));
    CHECK(e.message == "at /data/tags/1: expected string, got integer");

    e = decode_error<test_gen::GetCallResponse>(with_member("tags", R"({"0":"a"})"));
    CHECK(e.message == "at /data/tags: expected array, got object");

    e = decode_error<test_gen::GetCallResponse>(with_member("fromNumber", "null"));
    CHECK(e.message == "at /data/fromNumber: expected string, got null");

    e = decode_error<test_gen::GetCallResponse>(with_member("status", "true"));
    CHECK(e.message == "at /data/status: expected string, got boolean");

    e = decode_error<test_gen::GetCallResponse>(with_member("variables", "[]"));
    CHECK(e.message == "at /data/variables: expected object, got array");

    e = decode_error<test_gen::GetCallResponse>(R"({"data":[]})");
    CHECK(e.message == "at /data: expected object, got array");

    e = decode_error<test_gen::GetCallResponse>("[]");
    CHECK(e.message == "at (root): expected object, got array");
    CHECK(e.pointer.empty());
}

TEST_CASE("rule violations name the type and the rule") {
    auto e = decode_error<test_gen::GetCallResponse>(with_member("fromNumber", R"("4155550123")"));
    CHECK(e.message == "at /data/fromNumber: E164Number: value breaks pattern ^\\+[1-9]\\d{1,14}$");
    e = decode_error<test_gen::GetCallResponse>(with_member("id", R"("{3c90c3cc-0d44-4b50-8888-8dd25736052a}")"));
    CHECK(e.message == "at /data/id: uuid: value breaks format uuid");
    e = decode_error<test_gen::GetCallResponse>(with_member("endedAt", R"("2023-02-29T00:00:00Z")"));
    CHECK(e.message == "at /data/endedAt: date-time: value breaks format date-time");
    e = decode_error<test_gen::GetCallResponse>(with_member("id", "17"));
    CHECK(e.message == "at /data/id: expected string (uuid), got integer");
    CHECK(decode_error<test_rules::CallerIdName>(R"("")").message == "at (root): CallerIdName: value breaks minLength 1");
}

TEST_CASE("unknown enum values are kept, and written back unchanged") {
    const auto r = from_json<test_gen::GetCallResponse>(with_member("status", R"("ON_HOLD")"));
    REQUIRE(r.has_value());
    CHECK(r->data.status.is_unknown());
    CHECK(r->data.status.to_string() == "ON_HOLD");
    CHECK(revring::to_json(*r).find(R"("status":"ON_HOLD")") != std::string::npos);
}

TEST_CASE("integers: range-checked, integral doubles accepted") {
    CHECK(from_json<std::int64_t>("42").value() == 42);
    CHECK(from_json<std::int64_t>("-9223372036854775808").value() == std::numeric_limits<std::int64_t>::min());
    CHECK(from_json<std::int64_t>("9223372036854775807").value() == std::numeric_limits<std::int64_t>::max());
    CHECK(from_json<std::int64_t>("3.0").value() == 3);
    CHECK(from_json<std::int64_t>("1e3").value() == 1000);
    CHECK(from_json<std::int64_t>("-0.0").value() == 0);
    CHECK(from_json<std::uint64_t>("18446744073709551615").value() == std::numeric_limits<std::uint64_t>::max());
    CHECK(from_json<std::int32_t>("-2147483648").value() == std::numeric_limits<std::int32_t>::min());

    CHECK(decode_error<std::int64_t>("2.5").message == "at (root): expected integer, got number with a fraction");
    CHECK(decode_error<std::int64_t>("18446744073709551615").message == "at (root): integer out of range");
    CHECK(decode_error<std::int64_t>("1e19").message == "at (root): integer out of range");
    CHECK(decode_error<std::int64_t>("9223372036854775808").message == "at (root): integer out of range");
    CHECK(decode_error<std::int32_t>("3000000000").message == "at (root): integer out of range");
    CHECK(decode_error<std::uint32_t>("-1").message == "at (root): integer out of range");
    CHECK(decode_error<std::int64_t>("true").message == "at (root): expected integer, got boolean");
    CHECK(decode_error<std::int64_t>(R"("1")").message == "at (root): expected integer, got string");
}

TEST_CASE("numbers, booleans, strings") {
    CHECK(from_json<double>("2.5").value() == 2.5);
    CHECK(from_json<double>("7").value() == 7.0);
    CHECK(from_json<double>("-7").value() == -7.0);
    CHECK(from_json<double>("18446744073709551615").value() == 18446744073709551615.0);
    CHECK(decode_error<double>("null").message == "at (root): expected number, got null");
    CHECK(from_json<bool>("false").value() == false);
    CHECK(decode_error<bool>("1").message == "at (root): expected boolean, got integer");
    CHECK(from_json<std::string>(R"("a\u00e9\n")").value() == "a\xC3\xA9\n");
    CHECK(decode_error<std::string>("{}").message == "at (root): expected string, got object");
}

TEST_CASE("Boost.JSON values, objects, arrays") {
    CHECK(from_json<boost::json::value>("[1,{}]").value() == boost::json::parse("[1,{}]"));
    CHECK(from_json<boost::json::object>(R"({"a":1})").value().at("a") == 1);
    CHECK(decode_error<boost::json::object>("[]").message == "at (root): expected object, got array");
    CHECK(from_json<boost::json::array>("[1]").value().size() == 1u);
}

TEST_CASE("vectors of values without a default constructor, optionals inside arrays") {
    const auto ids =
        from_json<std::vector<revring::uuid>>(R"(["3c90c3cc-0d44-4b50-8888-8dd25736052a","00000000-0000-0000-0000-000000000000"])");
    REQUIRE(ids.has_value());
    CHECK(ids->size() == 2u);
    CHECK((*ids)[1].is_nil());
    CHECK(decode_error<std::vector<revring::uuid>>(R"(["3c90c3cc-0d44-4b50-8888-8dd25736052a","x"])").message ==
          "at /1: uuid: value breaks format uuid");
    const auto opt = from_json<std::vector<revring::optional<std::int64_t>>>("[1,null,3]");
    REQUIRE(opt.has_value());
    CHECK_FALSE((*opt)[1].has_value());
    CHECK(revring::to_json(*opt) == "[1,null,3]");
}

TEST_CASE("decode_required_member: present but possibly null") {
    const auto decode_it = [](std::string_view text) {
        const boost::json::value jv = boost::json::parse(text);
        revring::optional<std::string> out = "placeholder";
        decode_context ctx;
        const bool ok = revring::decode_required_member(jv.as_object(), "endedAt", out, ctx);
        return std::make_tuple(ok, out, ctx.failed() ? ctx.failure()->message : std::string());
    };
    const auto [ok1, out1, msg1] = decode_it(R"({"endedAt":"x"})");
    CHECK(ok1);
    CHECK(out1 == "x");
    const auto [ok2, out2, msg2] = decode_it(R"({"endedAt":null})");
    CHECK(ok2);
    CHECK_FALSE(out2.has_value());
    const auto [ok3, out3, msg3] = decode_it(R"({})");
    CHECK_FALSE(ok3);
    CHECK(msg3 == "at /endedAt: required member is missing");
}

TEST_CASE("vector<bool> (whose elements are proxies) and nested vectors") {
    CHECK(from_json<std::vector<bool>>("[true,false,true]").value() == std::vector<bool>{true, false, true});
    CHECK(decode_error<std::vector<bool>>("[true,0]").message == "at /1: expected boolean, got integer");
    const auto nested = from_json<std::vector<std::vector<std::string>>>(R"([["a"],[],["b","c"]])");
    REQUIRE(nested.has_value());
    CHECK(nested->at(2).at(1) == "c");
    CHECK(decode_error<std::vector<std::vector<std::string>>>(R"([["a"],["b",1]])").message ==
          "at /1/1: expected string, got integer");
}

TEST_CASE("a request type with required members decodes too (for test servers)") {
    const auto r = from_json<test_gen::BatchGetCallsRequest>(R"({"ids":["3c90c3cc-0d44-4b50-8888-8dd25736052a"],"minimal":true})");
    REQUIRE(r.has_value());
    CHECK(r->ids->size() == 1u);
    CHECK(r->minimal == true);
    CHECK(decode_error<test_gen::BatchGetCallsRequest>(R"({"minimal":true})").message ==
          "at /ids: required member is missing");
}

TEST_CASE("invalid JSON is decode_failed with the byte offset and Boost.JSON's code") {
    for (std::string_view text : {"", "{", R"({"data":)", "[1,2", "{} x", "nul", R"({"a":1,})", "'x'", "\"\xC0\xAF\""}) {
        CAPTURE(text);
        const auto e = decode_error<boost::json::value>(text);
        CHECK(e.message.rfind("invalid JSON at byte ", 0) == 0);
        CHECK(e.cause.failed());
        CHECK(e.pointer.empty());
    }
    CHECK(decode_error<boost::json::value>("{} x").message.rfind("invalid JSON at byte 3: ", 0) == 0);
}

TEST_CASE("nesting deeper than REVRING_JSON_MAX_DEPTH is refused") {
    const auto nested = [](int depth) { return std::string(static_cast<std::size_t>(depth), '[') + std::string(static_cast<std::size_t>(depth), ']'); };
    CHECK(from_json<boost::json::value>(nested(REVRING_JSON_MAX_DEPTH)).has_value());
    const auto e = decode_error<boost::json::value>(nested(REVRING_JSON_MAX_DEPTH + 1));
    CHECK(e.message.rfind("invalid JSON at byte ", 0) == 0);
    CHECK(e.cause == boost::json::error::too_deep);
}

TEST_CASE("from_json_value decodes an already parsed document") {
    const boost::json::value jv = boost::json::parse(good_record);
    const auto r = revring::from_json_value<test_gen::GetCallResponse>(jv);
    REQUIRE(r.has_value());
    CHECK(r->data.tags.size() == 2u);
    CHECK(revring::from_json_value<test_gen::GetCallResponse>(boost::json::value(1)).error().message ==
          "at (root): expected object, got integer");
}

TEST_CASE("decode_context: pointer escaping, scopes, first error wins") {
    decode_context ctx;
    CHECK(ctx.pointer().empty());
    {
        const auto a = ctx.enter("a/b");
        const auto b = ctx.enter("m~n");
        const auto c = ctx.enter(std::size_t{12});
        CHECK(ctx.pointer() == "/a~1b/m~0n/12");
        CHECK_FALSE(ctx.fail("first"));
        const auto d = ctx.enter("");
        CHECK(ctx.pointer() == "/a~1b/m~0n/12/");
        CHECK_FALSE(ctx.fail("second"));
    }
    CHECK(ctx.pointer().empty());
    REQUIRE(ctx.failed());
    CHECK(ctx.failure()->message == "at /a~1b/m~0n/12: first");
    CHECK(ctx.failure()->pointer == "/a~1b/m~0n/12");
    const revring::error e = ctx.take_failure();
    CHECK(e.is(errc::decode_failed));
}

TEST_CASE("try_to_json refuses what JSON cannot carry; to_json substitutes") {
    const test_gen::BatchGetCallsRequest good{.ids = {revring::uuid::nil()}, .minimal = true, .note = "fine"};
    const auto ok = revring::try_to_json(good);
    REQUIRE(ok.has_value());
    CHECK(*ok == revring::to_json(good));
    CHECK(*ok == R"({"ids":["00000000-0000-0000-0000-000000000000"],"minimal":true,"note":"fine"})");

    const test_gen::BatchGetCallsRequest bad{.ids = {revring::uuid::nil()}, .minimal = {}, .note = "bad \xFF byte"};
    const auto refused = revring::try_to_json(bad);
    REQUIRE_FALSE(refused.has_value());
    CHECK(refused.error().is(errc::invalid_input));
    CHECK(refused.error().message == "note: string is not valid UTF-8");
    CHECK(revring::to_json(bad) == "{\"ids\":[\"00000000-0000-0000-0000-000000000000\"],\"note\":\"bad \xEF\xBF\xBD byte\"}");
}
