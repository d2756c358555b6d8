// expect: private within this context|private default constructor|is a private member|calling a private constructor
// A constrained string has no (public) default constructor: no value
// without a check.
#include "request.hpp"

int main() {
#ifdef EXPECT_FAIL
    cf::E164Number n;
#else
    cf::E164Number n = "+12";
#endif
    return n.empty() ? 1 : 0;
}
