// expect: literal_violates_pattern
// Sixteen digits: one more than E.164 allows.
#include "request.hpp"

#ifdef EXPECT_FAIL
constexpr cf::E164Number n = "+1234567890123456";
#else
constexpr cf::E164Number n = "+123456789012345";
#endif

int main() { return n.size() == 16 ? 0 : 1; }
