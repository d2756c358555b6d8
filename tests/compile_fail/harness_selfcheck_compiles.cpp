// expect: literal_violates_pattern
// Harness self-check: the EXPECT_FAIL branch is valid code. The harness must
// report "compiled" (this case is registered with --expect-verdict compiled).
#include "request.hpp"

int main() {
#ifdef EXPECT_FAIL
    cf::E164Number n = "+442071234567";
#else
    cf::E164Number n = "+14155550123";
#endif
    return static_cast<int>(n.size()) - 12;
}
