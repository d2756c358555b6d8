// expect: could not convert|no viable conversion|cannot convert|narrowing
// revring::optional<bool> and revring::required<T> refuse narrowing
// conversions, as braces would: an int is not a bool.
#include "request.hpp"

int main() {
    const cf::BatchGetCallsRequest r{
        .ids = {"3c90c3cc-0d44-4b50-8888-8dd25736052a"},
#ifdef EXPECT_FAIL
        .minimal = 1,
#else
        .minimal = true,
#endif
    };
    return r.minimal.has_value() ? 0 : 1;
}
