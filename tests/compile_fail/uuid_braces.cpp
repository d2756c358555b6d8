// expect: literal_violates_format_uuid
// Braces around a uuid are not accepted.
#include "request.hpp"

#ifdef EXPECT_FAIL
constexpr revring::uuid id = "{3c90c3cc-0d44-4b50-8888-8dd25736052a}";
#else
constexpr revring::uuid id = "3c90c3cc-0d44-4b50-8888-8dd25736052a";
#endif

int main() { return id.is_nil() ? 1 : 0; }
