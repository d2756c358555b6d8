// The decoder without a DOM (revring/json/detail/direct.hpp), on the generated
// types: it decodes what the DOM decoder decodes, to an equal value, and gives
// up on everything else, so that from_json's errors stay the DOM decoder's.
// (Its header is a part of json/decode.hpp, which the generated json.hpp
// includes first.)
#include <revring/gen/json.hpp>

#include <boost/json/value.hpp>
#include <doctest/doctest.h>

#include <algorithm>
#include <cstddef>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace {

constexpr std::string_view record = R"({
  "id": "0b7c1f8e-5a2d-4c3b-9e6f-1a2b3c4d5e6f", "organizationId": "org_1", "direction": "OUTBOUND",
  "status": "COMPLETED", "fromNumber": "+15557654321", "toNumber": "+15551234567",
  "initiatedAt": "2024-02-29T23:59:60.123456789-00:00", "createdAt": "2023-11-07T05:31:56Z",
  "updatedAt": "2023-11-07T05:31:56.5+01:00", "agentId": "3c90c3cc-0d44-4b50-8888-8dd25736052a",
  "sipTrunkId": null, "agentCallerIdName": "Acme", "agentName": "Ava \u00e9\u4e2d\ud83d\ude00",
  "variables": {"name": "Jo", "n": 1, "big": 18446744073709551615, "neg": -5,
                "x": [1.5, -0.0, 1e+300, true, false, null, {"k": "v", "deeper": [[], {}]}]},
  "recordingUrl": "https://example.com/r.mp3", "hangupCause": "USER_ENDED", "errorMessage": null,
  "transcript": [{"role": "agent", "content": "Hi \"there\"\n\\"}, {"role": "user", "content": "hello"}],
  "summary": "ok", "metrics": {"latencyMs": 12, "turns": [1, 2]}, "startedAt": "2023-11-07T05:32:00z",
  "endedAt": null, "durationSeconds": 42, "postCallWebhookStatus": "sent", "preCallWebhookStatus": null
})";

std::string in_data(std::string_view v) { return "{\"data\":" + std::string(v) + "}"; }

std::string replaced(std::string_view text, std::string_view from, std::string_view to) {
    std::string s(text);
    const std::size_t at = s.find(from);
    REQUIRE(at != std::string::npos);
    s.replace(at, from.size(), to);
    return s;
}

/// decode_direct succeeds, and its value equals the DOM decoder's.
template <class T> T same_as_dom(std::string_view text) {
    T direct = revring::decode_access::make<T>();
    const bool ok = revring::detail::decode_direct(text, direct);
    const auto dom = revring::detail::from_json_dom<T>(text);
    REQUIRE(dom.has_value());
    REQUIRE(ok);
    CHECK(direct == *dom);
    return direct;
}

/// decode_direct gives up, and from_json answers as the DOM decoder does.
template <class T> void gives_up(std::string_view text) {
    T direct = revring::decode_access::make<T>();
    CHECK_FALSE(revring::detail::decode_direct(text, direct));
    const auto r = revring::from_json<T>(text);
    const auto dom = revring::detail::from_json_dom<T>(text);
    REQUIRE(r.has_value() == dom.has_value());
    if (r)
        CHECK(*r == *dom);
    else
        CHECK(r.error().message == dom.error().message);
}

} // namespace

TEST_CASE("direct: a whole call record, in every envelope that carries one") {
    const auto get = same_as_dom<revring::GetCallResponse>(in_data(record));
    CHECK(get.data.agent_name == std::string("Ava \u00e9\u4e2d\U0001F600"));
    REQUIRE(get.data.variables.has_value());
    CHECK(get.data.variables->object().at("big").as_uint64() == 18446744073709551615ULL);
    REQUIRE(get.data.transcript.has_value());
    CHECK(get.data.transcript->size() == 2);
    CHECK((*get.data.transcript)[0].object().at("content").as_string() == "Hi \"there\"\n\\");
    CHECK(get.data.duration_seconds == 42);
    CHECK_FALSE(get.data.ended_at.has_value());
    same_as_dom<revring::SendCallResponse>(in_data(record));
    same_as_dom<revring::CancelCallResponse>(in_data(record));
    const auto batch = same_as_dom<revring::BatchGetCallsResponse>(
        "{\"data\":[" + std::string(record) + "," + replaced(record, "\"org_1\"", "\"org_2\"") + "]}");
    REQUIRE(batch.data.size() == 2);
    CHECK(batch.data[1].organization_id == std::string("org_2"));
    same_as_dom<revring::BatchGetCallsResponse>(R"({"data":[]})");
}

TEST_CASE("direct: an array's first elements take one reservation") {
    // Room for as many elements as fit in 256 bytes is made before the
    // first: a short array costs one allocation, not one per doubling.
    const auto get = same_as_dom<revring::GetCallResponse>(in_data(record));
    REQUIRE(get.data.transcript.has_value());
    REQUIRE(get.data.transcript->size() == 2);
    CHECK(get.data.transcript->capacity() == std::max<std::size_t>(1, 256 / sizeof(revring::json_object)));
    // Elements larger than that: one at a time, then the vector's own growth.
    const auto batch = same_as_dom<revring::BatchGetCallsResponse>("{\"data\":[" + std::string(record) + "]}");
    CHECK(batch.data.capacity() == std::max<std::size_t>(1, 256 / sizeof(revring::CallRecord)));
}

TEST_CASE("direct: members in any order, unknown members skipped however deep") {
    same_as_dom<revring::GetCallResponse>(
        R"({"meta":{"data":{"id":"x"},"list":[{"id":1},[null,"data"]]},"data":)" + std::string(record) +
        R"(,"after":[[[{"data":0}]]]})");
    same_as_dom<revring::PreCallWebhookRequest>(
        R"({"toNumber":"+15551234567","extra":{"event":1},"fromNumber":"+15557654321",
            "agentId":"3c90c3cc-0d44-4b50-8888-8dd25736052a","event":"call.incoming"})");
}

TEST_CASE("direct: optional members absent or null; free-form members of every shape") {
    const auto r = same_as_dom<revring::GetCallResponse>(R"({"data":{"id":"0b7c1f8e-5a2d-4c3b-9e6f-1a2b3c4d5e6f"}})");
    CHECK_FALSE(r.data.status.has_value());
    CHECK_FALSE(r.data.variables.has_value());
    same_as_dom<revring::GetCallResponse>(
        R"({"data":{"id":"0b7c1f8e-5a2d-4c3b-9e6f-1a2b3c4d5e6f","variables":null,"transcript":null,"metrics":{}}})");
    same_as_dom<revring::GetCallResponse>(
        R"({"data":{"id":"0b7c1f8e-5a2d-4c3b-9e6f-1a2b3c4d5e6f","transcript":[{},{"a":{"b":[1,{"c":null}]}}]}})");
}

TEST_CASE("direct: escaped names and long escaped strings (which the parser gives in parts)") {
    std::string long_text;
    for (int i = 0; i < 3000; ++i) long_text += "ab\\n\\u00e9\\\"";
    const auto r = same_as_dom<revring::GetCallResponse>(
        in_data(replaced(replaced(record, "\"summary\": \"ok\"", "\"summ\\u0061ry\": \"" + long_text + "\""),
                         "\"metrics\": {", "\"metrics\": {\"k\\u0065y " + long_text + "\": \"" + long_text + "\",")));
    REQUIRE(r.data.summary.has_value());
    CHECK(r.data.summary->size() == 3000 * 6); // a b \n é(2 bytes) "
    CHECK(r.data.metrics->object().size() == 3);
}

TEST_CASE("direct: gives up on what does not fit, and from_json still answers as before") {
    const std::string doc = in_data(record);
    gives_up<revring::GetCallResponse>(replaced(doc, "\"id\": \"0b7c", "\"idx\": \"0b7c"));     // required missing
    gives_up<revring::GetCallResponse>(replaced(doc, "\"durationSeconds\": 42", "\"durationSeconds\": \"42\""));
    gives_up<revring::GetCallResponse>(replaced(doc, "\"durationSeconds\": 42", "\"durationSeconds\": 4.5"));
    gives_up<revring::GetCallResponse>(replaced(doc, "\"createdAt\": \"2023", "\"createdAt\": \"1023x"));
    gives_up<revring::GetCallResponse>(replaced(doc, "\"variables\": {", "\"variables\": [{"));
    gives_up<revring::GetCallResponse>(replaced(doc, "\"transcript\": [", "\"transcript\": {\"a\":["));
    gives_up<revring::GetCallResponse>(replaced(doc, "\"summary\": \"ok\"", "\"summary\": {}"));
    gives_up<revring::GetCallResponse>(R"({"data":null})");
    gives_up<revring::GetCallResponse>(R"([])");
    gives_up<revring::GetCallResponse>(doc + " x");             // trailing data
    gives_up<revring::GetCallResponse>(doc.substr(0, 200));     // truncated
    gives_up<revring::GetCallResponse>(std::string(100, '[')); // too deep
    gives_up<revring::GetCallResponse>("");
    // A member given twice: the DOM decoder decides which one counts.
    gives_up<revring::GetCallResponse>(replaced(doc, "\"summary\": \"ok\"", "\"summary\": \"a\", \"summary\": \"b\""));
}

/// Whether a decoded object was kept as text (parsed on first read) rather
/// than built in the decoder's arena.
bool kept_as_text(const revring::json_object& o) {
    return revring::detail::json_object_access::ops(o) == &revring::detail::raw_json_object_ops_for<boost::json::object>;
}

TEST_CASE("direct: decoded free-form objects keep their text, which they keep alive, until changed") {
    revring::json_object kept;
    revring::json_object copied;
    std::optional<boost::json::object> plain; // a Boost.JSON copy shares the memory resource of what it copies
    {
        auto r = revring::from_json<revring::GetCallResponse>(in_data(record));
        REQUIRE(r.has_value());
        const revring::json_object& metrics = *r->data.metrics;
        CHECK(kept_as_text(metrics));
        CHECK(kept_as_text((*r->data.transcript)[1]));
        CHECK(&metrics.object() == &metrics.object()); // parsed once
        kept = std::move(*r->data.variables);
        copied = metrics; // a copy is an object in the default resource
        CHECK(copied == metrics);
        plain.emplace(metrics.object());
    } // the record, and every other object of the document, are gone
    CHECK(plain->at("turns").as_array().at(1).as_int64() == 2); // its memory lives as long as `plain`
    CHECK(std::as_const(kept).object().at("name").as_string() == "Jo"); // its text lives as long as `kept`
    const revring::json_object before = kept;
    boost::json::object& changing = kept.object(); // the first non-const access makes it a plain object
    CHECK_FALSE(changing.storage().is_shared());
    CHECK(kept == before);
    changing["name"] = "Al";
    CHECK(kept.object().at("name").as_string() == "Al");
    CHECK(before.object().at("name").as_string() == "Jo");
    CHECK(copied.object().at("turns").as_array().size() == 2);
    CHECK(revring::to_json(before) == revring::to_json(before.object()));
}

TEST_CASE("direct: where the text of an object is not known, it is built in the shared arena") {
    // A name with an escape reaches the handler unescaped, not where it is in
    // the input: the objects after it are built (in the arena) instead.
    const std::string text = replaced(in_data(record), "\"metrics\"", "\"metr\\u0069cs\"");
    const auto r = same_as_dom<revring::GetCallResponse>(text);
    const revring::json_object& metrics = *r.data.metrics;
    CHECK_FALSE(kept_as_text(metrics));
    CHECK(metrics.object().at("latencyMs").as_int64() == 12);
    revring::json_object kept = metrics; // a copy leaves the arena
    CHECK_FALSE(std::as_const(kept).object().storage().is_shared());
    CHECK(kept_as_text(*r.data.variables)); // before the escaped name: kept as text
}

TEST_CASE("direct: objects kept as text begin and end where the parser says") {
    const auto with = [](std::string_view transcript, std::string_view variables) {
        std::string rec = replaced(record, R"([{"role": "agent", "content": "Hi \"there\"\n\\"}, {"role": "user", "content": "hello"}])",
                                   transcript);
        rec = replaced(rec, R"({"name": "Jo", "n": 1, "big": 18446744073709551615, "neg": -5,
                "x": [1.5, -0.0, 1e+300, true, false, null, {"k": "v", "deeper": [[], {}]}]})",
                       variables);
        return same_as_dom<revring::GetCallResponse>(in_data(rec));
    };
    // (Read through const references: a non-const object() makes a plain object.)
    // Empty objects, whitespace of every kind, brackets and quotes in strings.
    const auto r1 = with("[{},\n\t{ \"a\" : \"}]{[\\\"\" } ,\r\n {}, {\"b\":{\"c\":[{}]}}]", "{ }");
    const auto& t1 = *r1.data.transcript;
    REQUIRE(t1.size() == 4);
    CHECK(t1[0].empty());
    CHECK(t1[1].object().at("a").as_string() == "}]{[\""); // (the JSON text: "}]{[\"")
    CHECK(t1[2].empty());
    CHECK(t1[3].object().at("b").at("c").as_array().size() == 1);
    for (const auto& o : t1) CHECK(kept_as_text(o));
    CHECK(r1.data.variables->empty());
    CHECK(kept_as_text(*r1.data.variables));
    // A string ending in an escaped backslash, then a quote that ends it.
    const auto r2 = with(R"([{"a":"x\\"},{"b":"\\\\"}])", R"({"k":{"}":"{"}})");
    const auto& t2 = *r2.data.transcript;
    CHECK(t2[0].object().at("a").as_string() == "x\\");
    CHECK(t2[1].object().at("b").as_string() == "\\\\");
    CHECK(r2.data.variables->object().at("k").at("}").as_string() == "{");
    for (const auto& o : t2) CHECK(kept_as_text(o));
    CHECK(kept_as_text(*r2.data.variables));
    // An empty transcript, then objects of other members.
    const auto r3 = with("[]", R"({"a":[{"b":1}]})");
    CHECK(r3.data.transcript->empty());
    CHECK(kept_as_text(*r3.data.variables));
    CHECK(kept_as_text(*r3.data.metrics));
}

TEST_CASE("direct: free-form numbers Boost.JSON reads as NaN or infinity") {
    // Boost.JSON 1.81 reads 0e400 as NaN and 1e400 as infinity; both decoders
    // read them alike (the same parser), so the records are the same JSON.
    const std::string text =
        R"({"data":{"id":"0b7c1f8e-5a2d-4c3b-9e6f-1a2b3c4d5e6f","variables":{"z":-0e4000,"i":1e400,"n":1}}})";
    revring::GetCallResponse direct = revring::decode_access::make<revring::GetCallResponse>();
    REQUIRE(revring::detail::decode_direct(text, direct));
    const auto dom = revring::detail::from_json_dom<revring::GetCallResponse>(text);
    REQUIRE(dom.has_value());
    CHECK(revring::to_json(direct) == revring::to_json(*dom));
    const auto& vars = std::as_const(*direct.data.variables).object();
    CHECK(vars.at("z").is_double());
    CHECK(vars.at("i").as_double() == std::numeric_limits<double>::infinity());
    CHECK(vars.at("n").as_int64() == 1);
}

TEST_CASE("direct: where its reader gives up on the text, basic_parser reads it with the same handler") {
    // Nesting at the depth limit (REVRING_JSON_MAX_DEPTH, which Boost.JSON
    // accepts) in an unknown member: fast_json_reader leaves it to basic_parser.
    const std::size_t inner = REVRING_JSON_MAX_DEPTH - 2; // ({"data": {...}} is two)
    const std::string deep = std::string(inner, '[') + std::string(inner, ']');
    const std::string text = R"({"data":{"id":"0b7c1f8e-5a2d-4c3b-9e6f-1a2b3c4d5e6f","unknown":)" + deep +
                             R"(,"variables":{"a":[1,{"b":2}]},"status":"COMPLETED"}})";
    const auto r = same_as_dom<revring::GetCallResponse>(text);
    CHECK(kept_as_text(*r.data.variables));
    CHECK(std::as_const(*r.data.variables).object().at("a").as_array().size() == 2);
    // One level deeper is refused, by both.
    const std::string deeper = std::string(inner + 1, '[') + std::string(inner + 1, ']');
    gives_up<revring::GetCallResponse>(replaced(text, deep, deeper));
}

TEST_CASE("direct: a number in an object kept as text is read as in the whole document") {
    // Boost.JSON 1.81 reads -922337203685.775808 1 ULP apart depending on how
    // many bytes follow it in its buffer; a free-form object's text is parsed
    // on its own, later, so the bytes after it must not change its numbers.
    std::string text = R"({"data":{"variables":{"x":-922337203685.775808},"id":"0b7c1f8e-5a2d-4c3b-9e6f-1a2b3c4d5e6f"}})";
    const auto r = same_as_dom<revring::GetCallResponse>(text);
    const auto dom = boost::json::parse(text);
    CHECK(std::as_const(*r.data.variables).object().at("x") == dom.at("data").at("variables").at("x"));
}
