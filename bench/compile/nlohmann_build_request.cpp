// Compile time, peer: the same request built and serialized with nlohmann::json.
#include <nlohmann/json.hpp>

#include <iostream>

int main() {
    const nlohmann::json req = {{"agentId", "7d1f4b2a-5e6c-4a8b-9f0e-1a2b3c4d5e6f"},
                                {"toNumber", "+15551234567"},
                                {"fromNumber", "+15557654321"},
                                {"callerIdName", "Acme Dental"}};
    std::cout << req.dump() << "\n";
}
