// expect: literal_violates_pattern
// An embedded NUL stays part of the literal's value, and \d does not match it.
#include "request.hpp"

#ifdef EXPECT_FAIL
constexpr cf::E164Number n = "+1415\0555";
#else
constexpr cf::E164Number n = "+14155555";
#endif

int main() { return n.size() == 9 ? 0 : 1; }
