// expect: literal_violates_format_uuid
// A uuid literal without hyphens is not the 8-4-4-4-12 form.
#include "request.hpp"

int main() {
    const cf::SendCallRequest r{
#ifdef EXPECT_FAIL
        .agent_id = "3c90c3cc0d444b5088888dd25736052a",
#else
        .agent_id = "3C90C3CC-0D44-4B50-8888-8DD25736052A",
#endif
        .to_number = "+14155550123",
        .from_number = "+14155550100",
    };
    return r.agent_id.is_nil() ? 1 : 0;
}
