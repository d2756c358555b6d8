// expect: literal_too_long
// expect: CallerIdName_rule
// Sixteen code points ("é" is two bytes each) exceed maxLength 15, and the
// check survives revring::optional's literal constructor.
#include "request.hpp"

int main() {
    const cf::SendCallRequest r{
        .agent_id = "3c90c3cc-0d44-4b50-8888-8dd25736052a",
        .to_number = "+14155550123",
        .from_number = "+14155550100",
#ifdef EXPECT_FAIL
        .caller_id_name = "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"
                          "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9",
#else
        .caller_id_name = "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"
                          "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9",
#endif
    };
    return r.caller_id_name.has_value() ? 0 : 1;
}
