// expect: private within this context|has private default constructor
// expect: required<
// A required member whose type has a default constructor (std::vector) is
// wrapped in revring::required, so leaving it out does not compile either.
#include "request.hpp"

int main() {
#ifdef EXPECT_FAIL
    const cf::BatchGetCallsRequest r{.minimal = true};
#else
    const cf::BatchGetCallsRequest r{.ids = {"3c90c3cc-0d44-4b50-8888-8dd25736052a"}, .minimal = true};
#endif
    return r.minimal.has_value() ? 0 : 1;
}
