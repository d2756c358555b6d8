// expect: literal_violates_pattern
// expect: E164Number_rule
// A destination number with a leading zero after '+' breaks ^\+[1-9]\d{1,14}$.
#include "request.hpp"

int main() {
    const cf::SendCallRequest r{
        .agent_id = "3c90c3cc-0d44-4b50-8888-8dd25736052a",
#ifdef EXPECT_FAIL
        .to_number = "+04155550123",
#else
        .to_number = "+14155550123",
#endif
        .from_number = "+14155550100",
    };
    return r.to_number.empty() ? 1 : 0;
}
