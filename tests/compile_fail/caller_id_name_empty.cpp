// expect: literal_too_short
// expect: CallerIdName_rule
// An empty caller-id name breaks minLength 1.
#include "request.hpp"

int main() {
    const cf::SendCallRequest r{
        .agent_id = "3c90c3cc-0d44-4b50-8888-8dd25736052a",
        .to_number = "+14155550123",
        .from_number = "+14155550100",
#ifdef EXPECT_FAIL
        .caller_id_name = "",
#else
        .caller_id_name = "A",
#endif
    };
    return r.caller_id_name.has_value() ? 0 : 1;
}
