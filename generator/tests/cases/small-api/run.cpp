// Run against the expected headers of this case: encode, decode, validate
// and request targets behave as the description says.
#include <revring/gen/json.hpp>
#include <revring/gen/operations.hpp>
#include <revring/json/decode.hpp>

#include <cstdio>
#include <string>
#include <vector>

namespace revring {
struct call_options {
    int marker = 0;
};
} // namespace revring

static int failures = 0;

#define CHECK(cond)                                                                  \
    do {                                                                             \
        if (!(cond)) {                                                               \
            std::printf("%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond);     \
            ++failures;                                                              \
        }                                                                            \
    } while (0)

#define CHECK_EQ(a, b)                                                                               \
    do {                                                                                             \
        const std::string a_ = (a), b_ = (b);                                                        \
        if (a_ != b_) {                                                                              \
            std::printf("%s:%d: %s\n  got:      %s\n  expected: %s\n", __FILE__, __LINE__, #a,        \
                        a_.c_str(), b_.c_str());                                                     \
            ++failures;                                                                              \
        }                                                                                            \
    } while (0)

using namespace revring;

// A client stand-in: records what the generated methods forward.
struct recorder : basic_operations<recorder> {
    std::string target, op;
    int marker = -1;
    template <class Op>
    result<typename Op::response_type> invoke(const typename Op::params& p, const typename Op::body_type& body,
                                              const call_options& opts) {
        target.clear();
        Op::append_target(target, p);
        op = std::string(Op::name);
        marker = opts.marker;
        if constexpr (!std::is_same_v<typename Op::body_type, no_body>) {
            if (auto e = validate(body)) return *e;
        }
        return error(errc::not_found, "recorded");
    }
    template <class Op, class Token>
    auto async_invoke(const typename Op::params& p, const typename Op::body_type& b, const call_options& o,
                      Token&& token) {
        return token(invoke<Op>(p, b, o));
    }
};

static WidgetDraft draft() {
    return WidgetDraft{
        .name = "Sprocket",
        .colour = Colour::dark_blue,
        .tags = {"a", "b"},
        .dimensions = {.width = 2.5, .height = 3},
        .shelf = "AB-123",
        .fragile = false,
        .labels = std::vector<optional<std::string>>{std::string("x"), std::nullopt},
    };
}

int main() {
    // encode: spec order, absent optionals left out, nullable array items as null
    CHECK_EQ(to_json(draft()),
             R"({"name":"Sprocket","colour":"dark-blue","tags":["a","b"],"dimensions":{"width":2.5,"height":3},)"
             R"("shelf":"AB-123","fragile":false,"labels":["x",null]})");

    // validate: the first broken rule, with its JSON pointer
    CHECK(!validate(draft()));
    {
        auto d = draft();
        d.tags = std::vector<WidgetDraftTagsItem>{"1", "2", "3", "4", "5", "6"};
        auto e = validate(d);
        CHECK(e && e->pointer == "/tags");
        CHECK(e && e->message == "/tags: array: value breaks maxItems 5");
        CHECK(e && e->is(errc::invalid_input));
    }
    {
        auto d = draft();
        d.dimensions.width = 1000.0;
        auto e = validate(d, "/body");
        CHECK(e && e->pointer == "/body/dimensions/width");
        CHECK_EQ(e ? e->message : "", "/body/dimensions/width: number: value breaks exclusiveMaximum 1000");
        d.dimensions.width = 999.5;
        d.dimensions.height = 0;
        e = validate(d);
        CHECK_EQ(e ? e->message : "", "/dimensions/height: integer: value breaks minimum 1");
    }
    {
        auto d = draft();
        d.weight_grams = -1;
        auto e = validate(d);
        CHECK_EQ(e ? e->pointer : "", "/weightGrams");
        d.weight_grams = 0;
        CHECK(!validate(d));
        d.colour = open_enum<Colour>();  // no value at all
        e = validate(d);
        CHECK_EQ(e ? e->message : "", "/colour: Colour: value breaks enum (no value set)");
        d.colour = open_enum<Colour>::from_string("ultraviolet");  // a value newer than the description
        CHECK(!validate(d));
    }

    // decode: tolerant of unknown members and values; strict about required ones
    const char* widget_json = R"({"id":"3c90c3cc-0d44-4b50-8888-8dd25736052a","name":"W","colour":"purple",)"
                              R"("createdAt":"2023-11-07T05:31:56Z","revision":null,"parts":[{"sku":"abc12"}],)"
                              R"("displayName":"Shown","surprise":{"new":true}})";
    auto w = from_json<Widget>(widget_json);
    CHECK(w.has_value());
    if (w) {
        CHECK(w->colour.is_unknown() && w->colour.to_string() == "purple");
        CHECK(!w->revision.has_value());
        CHECK(!w->updated_at.has_value());
        CHECK(w->label && *w->label == "Shown");
        CHECK(w->parts.size() == 1 && w->parts[0].sku == WidgetPartsItemSku("abc12"));
        // required-but-nullable is written as null; absent optionals are left out
        CHECK_EQ(to_json(*w), R"({"id":"3c90c3cc-0d44-4b50-8888-8dd25736052a","name":"W","colour":"purple",)"
                              R"("createdAt":"2023-11-07T05:31:56Z","revision":null,"parts":[{"sku":"abc12"}],)"
                              R"("displayName":"Shown"})");
        auto again = from_json<Widget>(to_json(*w));
        CHECK(again && *again == *w);
    }
    {
        auto bad = from_json<Widget>(R"({"id":"3c90c3cc-0d44-4b50-8888-8dd25736052a","name":"W","colour":"red",)"
                                     R"("createdAt":"2023-11-07T05:31:56Z","parts":[]})");
        CHECK_EQ(bad ? "" : bad.error().message, "at /revision: required member is missing");
        bad = from_json<Widget>(R"({"id":"3c90c3cc-0d44-4b50-8888-8dd25736052a","name":"W","colour":"red",)"
                                R"("createdAt":"2023-11-07T05:31:56Z","revision":1,"parts":[{"sku":"ab12"}]})");
        CHECK_EQ(bad ? "" : bad.error().pointer, "/parts/0/sku");
        bad = from_json<Widget>(R"({"id":"3c90c3cc-0d44-4b50-8888-8dd25736052a","name":"W","colour":"red",)"
                                R"("createdAt":"2023-11-07T05:31:56Z","revision":"1","parts":[]})");
        CHECK_EQ(bad ? "" : bad.error().message, "at /revision: expected integer, got string");
    }
    {
        auto d = from_json<WidgetDraft>(to_json(draft()));
        CHECK(d && *d == draft());
    }

    // request targets: path parameters percent-encoded
    {
        std::string t;
        put_on_shelf_op::append_target(t, {"AB-123", 7});
        CHECK_EQ(t, "/shelves/AB-123/slots/7");
        t.clear();
        archive_label_op::append_target(t, {"a b/\xC3\xBC~"});
        CHECK_EQ(t, "/labels/a%20b%2F%C3%BC~");
        t.clear();
        get_widget_op::append_target(t, {"3C90C3CC-0D44-4B50-8888-8DD25736052A"});
        CHECK_EQ(t, "/widgets/3c90c3cc-0d44-4b50-8888-8dd25736052a");
    }

    // the CRTP base forwards to Derived::invoke / async_invoke
    recorder r;
    auto got = r.try_put_on_shelf("XY-999", -2, PlaceWidgetRequest{.widget_id = "3c90c3cc-0d44-4b50-8888-8dd25736052a"},
                                  call_options{7});
    CHECK(!got && got.error().message == "recorded");
    CHECK_EQ(r.target, "/shelves/XY-999/slots/-2");
    CHECK_EQ(r.op, "put_on_shelf");
    CHECK(r.marker == 7);
    auto invalid = r.try_create_widget([] {
        auto d = draft();
        d.tags = std::vector<WidgetDraftTagsItem>{"1", "2", "3", "4", "5", "6"};
        return d;
    }());
    CHECK(!invalid && invalid.error().is(errc::invalid_input));
    bool threw = false;
    try {
        (void)r.delete_widget("3c90c3cc-0d44-4b50-8888-8dd25736052a");
    } catch (const revring::exception& e) {
        threw = e.get().is(errc::not_found);
    }
    CHECK(threw);
    CHECK_EQ(r.target, "/widgets/3c90c3cc-0d44-4b50-8888-8dd25736052a");
    const bool async_ok = r.async_search_widgets(SearchWidgetsRequest{.query = "q"},
                                                 [](result<SearchWidgetsResponse> res) { return !res; });
    CHECK(async_ok);
    CHECK_EQ(r.target, "/search");
    CHECK(r.marker == 0);

    if (failures) std::printf("%d failure(s)\n", failures);
    return failures == 0 ? 0 : 1;
}
