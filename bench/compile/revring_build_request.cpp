// Compile time: build a Send Call request, including only what that needs
// (<revring/gen/types.hpp>: the generated types, their constrained strings
// and compile-time literal checks). The request would be handed to code that
// sends it (a client in another translation unit).
#include <revring/gen/types.hpp>

int main() {
    const revring::SendCallRequest req{.agent_id = "7d1f4b2a-5e6c-4a8b-9f0e-1a2b3c4d5e6f",
                                       .to_number = "+15551234567",
                                       .from_number = "+15557654321",
                                       .caller_id_name = "Acme Dental"};
    return req.to_number.size() == 12 ? 0 : 1;
}
