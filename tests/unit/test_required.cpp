#include <revring/required.hpp>

#include <revring/uuid.hpp>

#include <boost/json/object.hpp>
#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <type_traits>
#include <vector>

using revring::required;
using revring::uuid;

namespace {
struct BatchGetCallsRequest {
    required<std::vector<uuid>> ids;
    required<bool> minimal;
};
struct Note {
    required<std::string> text;
    required<std::int64_t> count;
};

std::size_t count_of(const std::vector<uuid>& v) { return v.size(); }
} // namespace

// Leaving a required member out does not compile (the compile-fail tests show
// the diagnostic); here: no default construction anywhere.
static_assert(!std::is_default_constructible_v<required<std::vector<uuid>>>);
static_assert(!std::is_default_constructible_v<BatchGetCallsRequest>);
static_assert(!std::is_default_constructible_v<Note>);
// Implicit from what T is made from, but never narrowing.
static_assert(std::is_convertible_v<bool, required<bool>>);
static_assert(!std::is_constructible_v<required<bool>, int>);
static_assert(!std::is_constructible_v<required<std::int64_t>, double>);
static_assert(std::is_convertible_v<const char*, required<std::string>>);
static_assert(std::is_same_v<required<bool>::value_type, bool>);
// Explicit constructors of T stay explicit: `.ids = 3` is not three elements.
static_assert(!std::is_convertible_v<int, required<std::vector<uuid>>>);
static_assert(std::is_convertible_v<double, required<double>>);
static_assert(std::is_convertible_v<int, required<double>>);

TEST_CASE("designated initialisers: braced list and plain values") {
    const uuid a = "3c90c3cc-0d44-4b50-8888-8dd25736052a";
    const uuid b = "00000000-0000-0000-0000-000000000001";
    const BatchGetCallsRequest r{.ids = {a, b}, .minimal = true};
    CHECK(r.ids->size() == 2u);
    CHECK(r.ids.get()[1] == b);
    CHECK(*r.minimal);
    CHECK(r.minimal == true);

    // Literals in the braced list are checked at compile time too.
    const BatchGetCallsRequest s{.ids = {"3c90c3cc-0d44-4b50-8888-8dd25736052a"}, .minimal = false};
    CHECK((*s.ids)[0] == a);

    const BatchGetCallsRequest empty{.ids = std::vector<uuid>{}, .minimal = false};
    CHECK(empty.ids->empty());
}

TEST_CASE("reads like a T") {
    const Note n{.text = "hello", .count = 3};
    CHECK(n.text.get() == "hello");
    CHECK(n.text->size() == 5u);
    CHECK(*n.count == 3);
    const std::string& s = n.text; // implicit operator const T&
    CHECK(s == "hello");
    const BatchGetCallsRequest r{.ids = {uuid::nil()}, .minimal = false};
    CHECK(count_of(r.ids) == 1u);
}

TEST_CASE("equality with required and with T") {
    const Note a{.text = "x", .count = 1};
    const Note b{.text = std::string("x"), .count = 1};
    CHECK(a.text == b.text);
    CHECK(a.text == "x");
    CHECK(a.text == std::string("x"));
    CHECK(a.count == 1);
    CHECK(a.count != 2);
}

TEST_CASE("mutable access for building up a value") {
    Note n{.text = "a", .count = 0};
    n.text->append("b");
    *n.count += 2;
    n.text = std::string("replaced");
    CHECK(n.text == "replaced");
    CHECK(n.count == 2);
}

TEST_CASE("required of a literal-checked type keeps the compile-time check") {
    constexpr required<uuid> id = "3c90c3cc-0d44-4b50-8888-8dd25736052a";
    CHECK(id->to_string() == "3c90c3cc-0d44-4b50-8888-8dd25736052a");
}

TEST_CASE("required of a free-form object") {
    boost::json::object o;
    o["k"] = "v";
    const required<boost::json::object> r = o;
    CHECK(r->at("k").as_string() == "v");
}
