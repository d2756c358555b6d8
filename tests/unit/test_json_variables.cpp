#include <revring/json/variables.hpp>

#include "test_rules.hpp"

#include <boost/describe/class.hpp>
#include <boost/describe/enum.hpp>
#include <boost/json/parse.hpp>
#include <doctest/doctest.h>

#include <chrono>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace user {
enum class Tier { gold, silver };
BOOST_DESCRIBE_ENUM(Tier, gold, silver)

struct Address {
    std::string city;
    std::optional<std::string> zip;
};
BOOST_DESCRIBE_STRUCT(Address, (), (city, zip))

struct CallVariables {
    std::string customer_name;
    std::int64_t order_count = 0;
    double balance = 0;
    bool vip = false;
    std::optional<std::string> note;
    revring::optional<std::int64_t> ticket;
    std::vector<Address> addresses;
    std::map<std::string, int> scores;
    Tier tier = Tier::gold;
    test_rules::E164Number callback = "+12";
    revring::uuid account = revring::uuid::nil();
    revring::date_time since{};
    boost::json::value extra;
};
BOOST_DESCRIBE_STRUCT(CallVariables, (),
                      (customer_name, order_count, balance, vip, note, ticket, addresses, scores, tier, callback,
                       account, since, extra))

struct Base {
    std::string source;
};
BOOST_DESCRIBE_STRUCT(Base, (), (source))
struct Derived : Base {
    int level = 0;
};
BOOST_DESCRIBE_STRUCT(Derived, (Base), (level))

struct NotDescribed {
    int x;
};
} // namespace user

// Shaped like the generated request: variables is an optional free-form object.
struct SendCallRequest {
    test_rules::E164Number to_number;
    revring::optional<boost::json::object> variables;
    revring::required<boost::json::object> context;
};

static_assert(revring::described_struct<user::CallVariables>);
static_assert(!revring::described_struct<user::NotDescribed>);
static_assert(std::is_convertible_v<user::CallVariables, revring::optional<boost::json::object>>);
static_assert(!std::is_convertible_v<user::NotDescribed, revring::optional<boost::json::object>>);
// Only boost::json::object accepts described structs.
static_assert(!std::is_constructible_v<revring::optional<std::string>, user::Address>);

TEST_CASE("described members map to JSON by name; empty optionals are left out") {
    user::CallVariables v;
    v.customer_name = "Ada";
    v.order_count = 3;
    v.balance = 12.5;
    v.vip = true;
    v.ticket = 7;
    v.addresses = {{"Paris", "75001"}, {"Lyon", std::nullopt}};
    v.scores = {{"a", 1}, {"b", 2}};
    v.tier = user::Tier::silver;
    v.callback = "+14155550123";
    v.account = "3c90c3cc-0d44-4b50-8888-8dd25736052a";
    v.since = revring::date_time(std::chrono::seconds(86400));
    v.extra = boost::json::parse(R"({"free":[1,null]})");

    const boost::json::object o = revring::to_variables(v);
    CHECK(boost::json::value(o) == boost::json::parse(R"({
        "customer_name":"Ada","order_count":3,"balance":12.5,"vip":true,"ticket":7,
        "addresses":[{"city":"Paris","zip":"75001"},{"city":"Lyon"}],
        "scores":{"a":1,"b":2},"tier":"silver","callback":"+14155550123",
        "account":"3c90c3cc-0d44-4b50-8888-8dd25736052a","since":"1970-01-02T00:00:00Z",
        "extra":{"free":[1,null]}})"));
    CHECK_FALSE(o.contains("note"));
}

TEST_CASE("inherited described members are included") {
    user::Derived d;
    d.source = "crm";
    d.level = 2;
    CHECK(boost::json::value(revring::to_variables(d)) == boost::json::parse(R"({"source":"crm","level":2})"));
}

TEST_CASE("a described struct can be given where optional<boost::json::object> is expected") {
    user::Address a{"Berlin", std::nullopt};
    SendCallRequest r{.to_number = "+12", .variables = a, .context = user::Derived{}};
    REQUIRE(r.variables.has_value());
    CHECK(r.variables->at("city").as_string() == "Berlin");
    CHECK(r.context->at("level").as_int64() == 0);

    r.variables = user::Address{"Rome", "00100"};
    CHECK(r.variables->at("zip").as_string() == "00100");

    r.variables = std::nullopt;
    CHECK_FALSE(r.variables.has_value());

    boost::json::object plain;
    plain["k"] = 1;
    r.variables = plain; // a plain object still works
    CHECK(r.variables->at("k").as_int64() == 1);
}

TEST_CASE("non-finite doubles become null") {
    user::CallVariables v;
    v.balance = std::numeric_limits<double>::quiet_NaN();
    CHECK(revring::to_variables(v).at("balance").is_null());
}
