#include <revring/optional.hpp>

#include "test_rules.hpp"

#include <revring/uuid.hpp>

#include <boost/json/object.hpp>
#include <doctest/doctest.h>

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

using revring::optional;
using test_rules::CallerIdName;
using test_rules::E164Number;

// Literal-checked T keeps its compile-time check through optional<T>.
constexpr optional<E164Number> compile_time = "+14155550123";
static_assert(compile_time.has_value());
static_assert(compile_time->view() == "+14155550123");
static_assert(std::is_trivially_copyable_v<optional<E164Number>>);
static_assert(std::is_trivially_copyable_v<optional<revring::uuid>>);
static_assert(std::is_same_v<optional<E164Number>::value_type, E164Number>);

// ...and a run-time string still does not convert.
static_assert(!std::is_constructible_v<optional<E164Number>, std::string>);
static_assert(!std::is_constructible_v<optional<E164Number>, const char*>);
static_assert(!std::is_assignable_v<optional<E164Number>&, std::string>);
// No narrowing conversions.
static_assert(!std::is_constructible_v<optional<bool>, int>);
static_assert(!std::is_constructible_v<optional<std::int64_t>, double>);
static_assert(std::is_constructible_v<optional<std::int64_t>, int>);
static_assert(std::is_constructible_v<optional<double>, double>);
static_assert(std::is_constructible_v<optional<double>, int>); // integer to floating point is allowed
static_assert(std::is_constructible_v<optional<double>, std::int64_t>);
static_assert(!std::is_constructible_v<optional<double>, bool>);
static_assert(!std::is_constructible_v<optional<std::int32_t>, std::int64_t>);
static_assert(!std::is_constructible_v<optional<float>, double>);

namespace {
struct Request {
    E164Number to_number;
    optional<CallerIdName> caller_id_name;
    optional<bool> skip_queue;
    optional<boost::json::object> variables;
};
} // namespace

TEST_CASE("default is empty; nullopt resets") {
    optional<std::string> o;
    CHECK_FALSE(o.has_value());
    CHECK_FALSE(o);
    CHECK(o == std::nullopt);
    o = "text";
    CHECK(o.has_value());
    CHECK(*o == "text");
    o = std::nullopt;
    CHECK_FALSE(o);
}

TEST_CASE("designated initialisers with literals, values and omissions") {
    const Request a{.to_number = "+14155550123", .caller_id_name = "Acme Support", .skip_queue = true, .variables = {}};
    CHECK(a.caller_id_name->view() == "Acme Support");
    CHECK(a.skip_queue == true);
    CHECK_FALSE(a.variables);

    const Request b{.to_number = "+12", .caller_id_name = std::nullopt, .skip_queue = {}, .variables = {}};
    CHECK_FALSE(b.caller_id_name);
    CHECK_FALSE(b.skip_queue);
}

TEST_CASE("value() throws bad_optional_access when empty") {
    optional<int> o;
    CHECK_THROWS_AS((void)o.value(), std::bad_optional_access);
    o = 3;
    CHECK(o.value() == 3);
}

TEST_CASE("value_or, reset, emplace, swap") {
    optional<std::string> o;
    CHECK(o.value_or("fallback") == "fallback");
    o.emplace(3, 'x');
    CHECK(*o == "xxx");
    CHECK(o.value_or("fallback") == "xxx");
    CHECK(o->size() == 3u);
    optional<std::string> p = std::string("p");
    swap(o, p);
    CHECK(*o == "p");
    CHECK(*p == "xxx");
    o.reset();
    CHECK_FALSE(o);
    CHECK(std::move(p).value_or("") == "xxx");
}

TEST_CASE("equality with optionals, values and nullopt") {
    const optional<E164Number> a = "+12";
    const optional<E164Number> b = "+12";
    const optional<E164Number> c = "+13";
    const optional<E164Number> none;
    CHECK(a == b);
    CHECK(a != c);
    CHECK(a != none);
    CHECK(none == std::nullopt);
    CHECK(std::nullopt == none);
    const E164Number twelve = "+12";
    CHECK(a == twelve);
    CHECK(twelve == a);
    CHECK(none != twelve);
    const bool equal_to_literal = a == "+12"; // the literal becomes an optional<E164Number> at compile time
    CHECK(equal_to_literal);

    const optional<std::string> s = "x";
    CHECK(s == std::string("x"));
    CHECK(s == "x");
    CHECK(s != "y");
}

TEST_CASE("works for non-literal and move-only T") {
    optional<std::vector<int>> v = std::vector<int>{1, 2, 3};
    CHECK(v->size() == 3u);
    v->push_back(4);
    CHECK((*v)[3] == 4);

    optional<boost::json::object> obj;
    obj.emplace();
    (*obj)["k"] = 1;
    CHECK(obj->at("k").as_int64() == 1);

    optional<std::unique_ptr<int>> up = std::make_unique<int>(5);
    optional<std::unique_ptr<int>> moved = std::move(up);
    CHECK(**moved == 5);
}

TEST_CASE("as_std exposes the same state") {
    const optional<int> o = 4;
    const std::optional<int>& s = o.as_std();
    CHECK(s == 4);
}

TEST_CASE("assignment from T and from a literal keeps the check at compile time") {
    optional<E164Number> o;
    o = "+12";
    CHECK(o->view() == "+12");
    o = E164Number::parse("+13").value();
    CHECK(o->view() == "+13");
    optional<revring::uuid> u;
    u = "3c90c3cc-0d44-4b50-8888-8dd25736052a";
    CHECK(u->to_string() == "3c90c3cc-0d44-4b50-8888-8dd25736052a");
}
