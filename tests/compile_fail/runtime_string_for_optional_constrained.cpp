// expect: could not convert|no viable conversion|no match for .*operator=|no viable overloaded '='
// revring::optional<CallerIdName> does not take a run-time std::string either.
#include "request.hpp"

#include <string>

int main(int argc, char**) {
    const std::string name = argc > 5 ? "Acme" : "Beta";
    cf::SendCallRequest r{
        .agent_id = "3c90c3cc-0d44-4b50-8888-8dd25736052a",
        .to_number = "+14155550123",
        .from_number = "+14155550100",
    };
#ifdef EXPECT_FAIL
    r.caller_id_name = name;
#else
    r.caller_id_name = cf::CallerIdName::parse(name).value();
#endif
    return r.caller_id_name.has_value() ? 0 : 1;
}
