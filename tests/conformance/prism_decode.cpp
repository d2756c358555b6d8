// Conformance against Stoplight Prism: every operation through revring::client.
//
//   prism_decode BASE_URL COUNT
//
// Against `prism mock -d` (dynamic examples generated from the description),
// sends COUNT requests per operation exactly as the typed client builds them
// and decodes every answer with the library's generated decoders. Prism
// answers 422 to a request that breaks the description, so a request the
// client gets wrong shows up as a failure here too. Prints one line per
// operation ("sendCall: 200 decoded, 0 failed") and the first failures with
// their bodies; exits 1 if anything failed.
#include <revring/client.hpp>

#include <array>
#include <cstdlib>
#include <iostream>
#include <map>
#include <random>
#include <string>

namespace {

std::mt19937_64 rng(20260101);

revring::uuid random_uuid() {
    std::array<std::uint8_t, 16> b{};
    for (auto& x : b) x = static_cast<std::uint8_t>(rng());
    b[6] = static_cast<std::uint8_t>((b[6] & 0x0F) | 0x40);
    b[8] = static_cast<std::uint8_t>((b[8] & 0x3F) | 0x80);
    return revring::uuid::from_bytes(b);
}

struct tally {
    int decoded = 0;
    int failed = 0;
};

} // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::cerr << "usage: prism_decode BASE_URL COUNT\n";
        return 2;
    }
    const int count = std::atoi(argv[2]);

    revring::client_options o;
    o.base_url = argv[1];
    o.api_key = revring::api_key("prism-conformance-key");
    o.retry = revring::retry_policy::none();
    o.request_timeout = std::chrono::seconds(20);
    auto client = revring::client::create(std::move(o));
    if (!client) {
        std::cerr << "client: " << client.error().what() << '\n';
        return 2;
    }

    std::map<std::string, tally> tallies;
    int shown = 0;
    const auto check = [&](const std::string& op, const auto& r) {
        auto& t = tallies[op];
        if (r) {
            ++t.decoded;
            return;
        }
        ++t.failed;
        if (shown++ < 10) {
            const revring::error& e = r.error();
            std::cerr << op << ": " << e.what() << " (HTTP " << e.http_status << ")\n  body: " << e.body << '\n';
        }
    };

    for (int i = 0; i < count; ++i) {
        // Send Call: every optional member present in some requests, absent in others.
        revring::SendCallRequest send{
            .agent_id = random_uuid(),
            .to_number = "+15551234567",
            .from_number = "+442071838750",
        };
        if (i % 2 == 0) send.variables = boost::json::object{{"customer_name", "Zoë Ünïcødé 👋"}, {"order", "A=1&b"}};
        if (i % 3 == 0) send.caller_id_name = revring::CallerIdName("Acme Support");
        if (i % 5 != 4) send.skip_queue = (i % 5 == 0);
        check("sendCall", client->try_send_call(send));

        check("getCall", client->try_get_call(random_uuid()));

        std::vector<revring::uuid> ids;
        for (int k = 0; k <= i % 4; ++k) ids.push_back(random_uuid());
        revring::BatchGetCallsRequest batch{.ids = std::move(ids)};
        if (i % 3 != 2) batch.minimal = (i % 3 == 0);
        check("batchGetCalls", client->try_batch_get_calls(batch));

        check("cancelCall", client->try_cancel_call(random_uuid()));
    }

    int failed = 0;
    for (const auto& [op, t] : tallies) {
        std::cout << op << ": " << t.decoded << " decoded, " << t.failed << " failed\n";
        failed += t.failed;
    }
    return failed == 0 ? 0 : 1;
}
