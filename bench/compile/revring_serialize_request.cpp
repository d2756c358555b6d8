// Compile time: build a Send Call request and serialize it, including only
// what that needs (<revring/gen/encode.hpp>: the generated types and their
// writers, no Boost.JSON value types). The same program as the nlohmann peer.
#include <revring/gen/encode.hpp>

#include <iostream>

int main() {
    const revring::SendCallRequest req{.agent_id = "7d1f4b2a-5e6c-4a8b-9f0e-1a2b3c4d5e6f",
                                       .to_number = "+15551234567",
                                       .from_number = "+15557654321",
                                       .caller_id_name = "Acme Dental"};
    std::cout << revring::to_json(req) << "\n";
}
