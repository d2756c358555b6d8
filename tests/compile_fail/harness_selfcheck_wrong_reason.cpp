// expect: literal_violates_pattern
// Harness self-check: the EXPECT_FAIL branch fails, but because of a typo,
// not because of the literal. The harness must report "failed for the wrong
// reason" (this case is registered with --expect-verdict wrong-reason).
#include "request.hpp"

int main() {
#ifdef EXPECT_FAIL
    cf::E164Number n = "+14155550123";
    retrun n.size(); // deliberate typo
#else
    cf::E164Number n = "+14155550123";
    return static_cast<int>(n.size()) - 12;
#endif
}
