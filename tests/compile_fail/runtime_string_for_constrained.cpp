// expect: could not convert|no viable conversion|conversion from .*std::.*string
// A run-time std::string never converts to a constrained type: it has to go
// through E164Number::parse, which reports a broken rule as a value.
#include "request.hpp"

#include <string>

int main(int argc, char**) {
    const std::string number = argc > 5 ? "+14155550123" : "+14155550100";
    const cf::SendCallRequest r{
        .agent_id = "3c90c3cc-0d44-4b50-8888-8dd25736052a",
#ifdef EXPECT_FAIL
        .to_number = number,
#else
        .to_number = cf::E164Number::parse(number).value(),
#endif
        .from_number = "+14155550100",
    };
    return r.to_number.empty() ? 1 : 0;
}
