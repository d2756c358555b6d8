// expect: blocking_client has no asynchronous operations; use revring::client
// A revring::blocking_client has the generated async_X methods only to say,
// when one is used, that they need revring::client. (Checked with
// REVRING_SEPARATE_COMPILATION: the light header, no Asio in the program.)
#define REVRING_SEPARATE_COMPILATION
#include <revring/blocking_client.hpp>

int main() {
    revring::blocking_client c;
    constexpr revring::uuid id = "3c90c3cc-0d44-4b50-8888-8dd25736052a";
#ifdef EXPECT_FAIL
    c.async_get_call(id, [](revring::result<revring::GetCallResponse>) {});
#else
    auto r = c.try_get_call(id);
    return r ? 0 : 1;
#endif
}
