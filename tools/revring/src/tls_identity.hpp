// revring mock: a throw-away TLS identity made at start-up.
//
// A fresh certificate authority (its own P-256 key, valid for a day) and a
// server certificate it signs for the loopback names: DNS:localhost,
// IP:127.0.0.1 and IP:::1. Nothing is read from or written to disk here;
// the caller decides where the CA certificate goes (clients need it as a
// trust anchor) and keeps the server key in memory only.
#ifndef REVRING_MOCK_TLS_IDENTITY_HPP
#define REVRING_MOCK_TLS_IDENTITY_HPP

#include <string>

namespace revring::mock::detail {

struct tls_identity {
    std::string ca_cert_pem;     ///< the trust anchor clients need
    std::string server_cert_pem; ///< leaf certificate, signed by the CA
    std::string server_key_pem;  ///< leaf private key (PKCS#8), never written to disk
};

/// Makes a new CA and server certificate. Throws std::runtime_error naming
/// the failed OpenSSL step.
tls_identity make_tls_identity();

} // namespace revring::mock::detail

#endif
