// expect: private within this context|has private default constructor
// expect: E164Number_rule
// Leaving out a required member (here toNumber) does not compile.
#include "request.hpp"

int main() {
    const cf::SendCallRequest r{
        .agent_id = "3c90c3cc-0d44-4b50-8888-8dd25736052a",
#ifndef EXPECT_FAIL
        .to_number = "+14155550123",
#endif
        .from_number = "+14155550100",
    };
    return r.from_number.empty() ? 1 : 0;
}
