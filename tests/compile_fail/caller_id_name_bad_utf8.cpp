// expect: literal_is_not_valid_utf8
// An overlong encoding is not UTF-8.
#include "request.hpp"

#ifdef EXPECT_FAIL
constexpr cf::CallerIdName name = "Acme \xC0\xAF";
#else
constexpr cf::CallerIdName name = "Acme \xC3\xA9";
#endif

int main() { return name.empty() ? 1 : 0; }
