// expect: json_key_is_not_comma_quoted_name_colon
// A json_key is checked when it is made (at compile time): a quote inside
// the name must be escaped.
#include <revring/json/writer.hpp>

#include <string>

int main() {
    std::string out;
    revring::json_writer w(out);
    w.begin_object();
#ifdef EXPECT_FAIL
    w.key(revring::json_key(",\"say \"hi\"\":"));
#else
    w.key(revring::json_key(",\"say \\\"hi\\\"\":"));
#endif
    w.value(1);
    w.end_object();
    return out.empty() ? 1 : 0;
}
