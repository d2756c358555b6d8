// revring-cpp quick start: place one outbound call.
//
//   export REVRING_API_KEY=...        # from the RevRing dashboard
//   ./quickstart AGENT_ID TO_NUMBER FROM_NUMBER
//   ./quickstart 3c90c3cc-0d44-4b50-8888-8dd25736052a +15551234567 +15557654321
//
// REVRING_BASE_URL overrides https://api.revring.ai/v1 (http:// is accepted
// for loopback hosts only, e.g. a local mock). Careful: against the real API
// this places a real, billed phone call.
#include <revring/revring.hpp>

#include <iostream>

int main(int argc, char** argv) {
    if (argc != 4) {
        std::cerr << "usage: quickstart AGENT_ID TO_NUMBER FROM_NUMBER   (numbers in E.164: +15551234567)\n";
        return 2;
    }
    // Run-time text is checked here; literals would be checked at compile time:
    //   {.agent_id = "3c90c3cc-0d44-4b50-8888-8dd25736052a", .to_number = "+15551234567", ...}
    auto agent = revring::uuid::parse(argv[1]);
    auto to = revring::E164Number::parse(argv[2]);
    auto from = revring::E164Number::parse(argv[3]);
    if (!agent || !to || !from) {
        const auto& e = !agent ? agent.error() : !to ? to.error() : from.error();
        std::cerr << "bad argument: " << e.message() << '\n';
        return 2;
    }

    auto client = revring::client::create(); // REVRING_API_KEY, REVRING_BASE_URL
    if (!client) {
        std::cerr << client.error().what() << '\n';
        return 1;
    }

    auto call = client->try_send_call({.agent_id = *agent, .to_number = *to, .from_number = *from});
    if (!call) {
        // outcome_unknown: the call may have been placed; look it up before trying again.
        std::cerr << call.error().what() << '\n';
        return call.error().is(revring::errc::outcome_unknown) ? 3 : 1;
    }
    std::cout << "call " << call->data.id.to_string() << " "
              << (call->data.status ? call->data.status->to_string() : "(no status)") << '\n';
    return 0;
}
