// revring-cpp: what revring/transport/options.hpp declares and defines out of
// line: random_idempotency_key (needs <random>).
//
// Included by options.hpp (header-only use), or compiled once through
// <revring/src.hpp> under REVRING_SEPARATE_COMPILATION.
#ifndef REVRING_TRANSPORT_IMPL_OPTIONS_IPP
#define REVRING_TRANSPORT_IMPL_OPTIONS_IPP

#include <revring/transport/options.hpp>

#include <cstddef>
#include <random>
#include <string>

namespace revring {

REVRING_DECL std::string random_idempotency_key() {
    std::random_device rd;
    unsigned char b[16];
    for (std::size_t i = 0; i < 16; i += 4) {
        const unsigned v = rd();
        b[i] = static_cast<unsigned char>(v);
        b[i + 1] = static_cast<unsigned char>(v >> 8);
        b[i + 2] = static_cast<unsigned char>(v >> 16);
        b[i + 3] = static_cast<unsigned char>(v >> 24);
    }
    b[6] = static_cast<unsigned char>((b[6] & 0x0f) | 0x40);
    b[8] = static_cast<unsigned char>((b[8] & 0x3f) | 0x80);
    static constexpr char hex[] = "0123456789abcdef";
    std::string s;
    s.reserve(36);
    for (std::size_t i = 0; i < 16; ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) s.push_back('-');
        s.push_back(hex[b[i] >> 4]);
        s.push_back(hex[b[i] & 0x0f]);
    }
    return s;
}

} // namespace revring

#endif
