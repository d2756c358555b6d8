// The hostile JSON names are written and read back exactly.
#include <revring/gen/json.hpp>
#include <revring/gen/operations.hpp>
#include <revring/json/decode.hpp>

#include <cstdio>
#include <limits>
#include <string>

int main() {
    using namespace revring;
    int failures = 0;
    auto expect = [&](bool ok, const char* what) {
        if (!ok) {
            std::printf("failed: %s\n", what);
            ++failures;
        }
    };
    Class c{.class_ = std::string("c"), .default_ = std::int64_t{1}, .errno_ = true};
    c.nul_name = "n";
    c.quote_d = "q";
    c.slash_tilde = "s";
    c.back_slash_tab = "b";
    c.u65e5_u672c = "j";
    c.nested_object = ClassNestedObject{.signed_ = -9223372036854775807LL, .dash = "d"};
    const std::string text = to_json(c);
    const std::string expected = R"({"class":"c","default":1,"errno":true,")"
                                 "\xE6\x97\xA5\xE6\x9C\xAC"  // the property named in Japanese
                                 R"(":"j","nul\u0000name":"n","quote\"d":"q","slash/tilde~":"s",)"
                                 R"("back\\slash\ttab\u001f":"b",)"
                                 R"("nested-object":{"signed":-9223372036854775807,"-":"d"}})";
    expect(text == expected, "encoded text");
    if (text != expected) std::printf("  got      %s\n  expected %s\n", text.c_str(), expected.c_str());
    auto back = from_json<Class>(text);
    expect(back.has_value(), "decodes");
    expect(back && *back == c, "round trip");
    expect(!validate(c), "valid");
    c.nested_object->signed_ = std::numeric_limits<std::int64_t>::min();
    auto e = validate(c);
    expect(e && e->pointer == "/nested-object/signed", "minimum checked with the pointer");
    auto missing = from_json<Class>(R"({"class":"c","default":1})");
    expect(!missing && missing.error().message == "at /errno: required member is missing", "missing member");
    std::string target;
    delete_op::append_target(target, {"a/b", 5, Default::say_hi});
    expect(target == "/things/a%2Fb/5/say%20%22hi%22", "target");
    if (target != "/things/a%2Fb/5/say%20%22hi%22") std::printf("  got %s\n", target.c_str());
    return failures == 0 ? 0 : 1;
}
