// Compile time: send a call and print its status, with the client for
// blocking calls only (revring_send_call.cpp uses the umbrella header and
// revring::client). Measured with REVRING_SEPARATE_COMPILATION, where
// revring_src.cpp is compiled once; then this header needs no Asio, Beast,
// OpenSSL or Boost.JSON value.
#include <revring/blocking_client.hpp>

#include <iostream>

int main() {
    revring::blocking_client client; // REVRING_API_KEY, REVRING_BASE_URL
    auto r = client.try_send_call({.agent_id = "7d1f4b2a-5e6c-4a8b-9f0e-1a2b3c4d5e6f",
                                   .to_number = "+15551234567",
                                   .from_number = "+15557654321",
                                   .caller_id_name = "Acme Dental"});
    if (!r) {
        std::cerr << r.error().what() << "\n";
        return 1;
    }
    std::cout << r->data.id << " " << (r->data.status ? r->data.status->to_string() : "?") << "\n";
}
