#include <revring/json_object.hpp>

#include <revring/json/decode.hpp>
#include <revring/json/variables.hpp>

#include <boost/describe/class.hpp>
#include <boost/json/monotonic_resource.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <doctest/doctest.h>

#include <limits>
#include <string>
#include <type_traits>
#include <utility>

using revring::json_object;

namespace {
boost::json::object parse_object(std::string_view text) { return boost::json::parse(text).as_object(); }

struct Vars {
    std::string customer_name;
    int visits;
};
BOOST_DESCRIBE_STRUCT(Vars, (), (customer_name, visits))

// Shaped like a generated struct with a free-form member.
struct Holder {
    revring::optional<json_object> variables{};
    friend bool operator==(const Holder&, const Holder&) = default;
};
} // namespace

static_assert(std::is_nothrow_default_constructible_v<json_object>);
static_assert(std::is_nothrow_move_constructible_v<json_object>);
static_assert(std::is_nothrow_move_assignable_v<json_object>);
static_assert(std::is_convertible_v<boost::json::object, json_object>);
static_assert(!std::is_convertible_v<boost::json::value, json_object>, "only objects, not any JSON value");
static_assert(!std::is_constructible_v<json_object, std::string>);

TEST_CASE("json_object: empty by default, and reads as an empty object") {
    const json_object o;
    CHECK(o.empty());
    CHECK(o.object().empty());
    CHECK(o == json_object());
    CHECK(o == boost::json::object());
    CHECK(revring::to_json(o) == "{}");
}

TEST_CASE("json_object: holds a copy or the moved object") {
    boost::json::object src = parse_object(R"({"name":"Ada","n":[1,2]})");
    const json_object copied(src);
    CHECK_FALSE(copied.empty());
    CHECK(copied.object().at("name").as_string() == "Ada");
    src["name"] = "changed"; // the json_object has its own copy
    CHECK(copied.object().at("name").as_string() == "Ada");

    json_object moved(std::move(src));
    CHECK(moved.object().at("name").as_string() == "changed");
}

TEST_CASE("json_object: owns its memory, whatever resource the source used") {
    json_object kept;
    {
        boost::json::monotonic_resource arena;
        boost::json::value v = boost::json::parse(R"({"name":"a string long enough to leave SSO","n":[1,2,3]})", &arena);
        kept = v.as_object();                                  // copied
        json_object moved(std::move(v.as_object()));           // "moved", but from another resource
        CHECK(moved.object().storage().get() != &arena);
        CHECK(kept.object().storage().get() != &arena);
        CHECK(json_object(moved).object().storage().get() != &arena); // and so do copies of it
    } // the arena is gone
    CHECK(kept.object().at("name").as_string() == "a string long enough to leave SSO");
    CHECK(revring::to_json(kept) == R"({"name":"a string long enough to leave SSO","n":[1,2,3]})");
}

TEST_CASE("json_object: copies are deep, moves leave the source empty") {
    json_object a(parse_object(R"({"k":1})"));
    json_object b = a;
    b.object()["k"] = 2;
    CHECK(a.object().at("k").as_int64() == 1);
    CHECK(b.object().at("k").as_int64() == 2);
    CHECK(a != b);

    json_object c = std::move(b);
    CHECK(c.object().at("k").as_int64() == 2);
    CHECK(b.empty()); // NOLINT(bugprone-use-after-move): documented state

    a = c;
    CHECK(a == c);
    a = json_object();
    CHECK(a.empty());
    c = std::move(c); // self-move keeps the value
    CHECK(c.object().at("k").as_int64() == 2);
    swap(a, c);
    CHECK(c.empty());
    CHECK(a.object().at("k").as_int64() == 2);
}

TEST_CASE("json_object: == compares members, not their order; empty equals empty however made") {
    CHECK(json_object(parse_object(R"({"a":1,"b":"x"})")) == json_object(parse_object(R"({"b":"x","a":1})")));
    CHECK(json_object(parse_object(R"({"a":1})")) != json_object(parse_object(R"({"a":2})")));
    CHECK(json_object(boost::json::object()) == json_object());
    CHECK(json_object() == json_object(boost::json::object()));
    CHECK(json_object() != json_object(parse_object(R"({"a":1})")));
    CHECK(json_object(parse_object(R"({"a":1})")) == parse_object(R"({"a":1})"));
}

TEST_CASE("json_object: object() for writing allocates on first use") {
    json_object o;
    o.object()["greeting"] = "hi";
    CHECK_FALSE(o.empty());
    CHECK(revring::to_json(o) == R"({"greeting":"hi"})");
}

TEST_CASE("json_object: written by the writer's rules (bad UTF-8 and infinities are recorded)") {
    CHECK(revring::to_json(json_object(parse_object(R"({"a":[1,2.5,null,true,{"b":"\u00e9"}]})"))) ==
          "{\"a\":[1,2.5,null,true,{\"b\":\"\xC3\xA9\"}]}");

    boost::json::object bad;
    bad["score"] = std::numeric_limits<double>::infinity();
    const auto r = revring::try_to_json(json_object(bad));
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().message == "score: number is NaN or infinite");
}

TEST_CASE("json_object: as an optional member, from an object, a described struct, or left out") {
    Holder h{.variables = boost::json::object{{"k", 1}}};
    REQUIRE(h.variables.has_value());
    CHECK(h.variables->object().at("k").as_int64() == 1);

    h.variables = Vars{"Ada", 3};
    CHECK(*h.variables == parse_object(R"({"customer_name":"Ada","visits":3})"));

    Holder copy = h;
    CHECK(copy == h);
    copy.variables->object()["visits"] = 4;
    CHECK_FALSE(copy == h);

    std::string out;
    revring::json_writer w(out);
    revring::write_member(w, "variables", Holder{}.variables);
    CHECK(out.empty()); // absent: left out, never null
}

TEST_CASE("json_object: decoding takes any object and names what else it got") {
    revring::decode_context ctx;
    json_object out;
    REQUIRE(revring::decode(boost::json::parse(R"({"x":{"y":[1]}})"), out, ctx));
    CHECK(out.object().at("x").at("y").at(0).as_int64() == 1);

    revring::decode_context bad;
    CHECK_FALSE(revring::decode(boost::json::parse("[1]"), out, bad));
    REQUIRE(bad.failed());
    CHECK(bad.failure()->message == "at (root): expected object, got array");
}
