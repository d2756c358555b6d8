// revring mock: CA + server certificate generation with the OpenSSL 3 C API.
#include "tls_identity.hpp"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>
#include <stdexcept>
#include <string>

namespace revring::mock::detail {
namespace {

struct openssl_free {
    void operator()(EVP_PKEY* p) const noexcept { EVP_PKEY_free(p); }
    void operator()(X509* p) const noexcept { X509_free(p); }
    void operator()(X509_EXTENSION* p) const noexcept { X509_EXTENSION_free(p); }
    void operator()(BIO* p) const noexcept { BIO_free(p); }
    void operator()(BIGNUM* p) const noexcept { BN_free(p); }
};
template <class T> using owned = std::unique_ptr<T, openssl_free>;

[[noreturn]] void fail(const char* step) {
    std::string msg = "TLS certificate generation failed at ";
    msg += step;
    if (const unsigned long e = ERR_get_error(); e != 0) {
        char buf[256];
        ERR_error_string_n(e, buf, sizeof buf);
        msg += ": ";
        msg += buf;
    }
    ERR_clear_error();
    throw std::runtime_error(msg);
}

void check(int ok, const char* step) {
    if (ok != 1) fail(step);
}

owned<EVP_PKEY> make_key() {
    owned<EVP_PKEY> key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
    if (!key) fail("EVP_PKEY_Q_keygen");
    return key;
}

// Adds an extension given in OpenSSL's config syntax ("critical,CA:TRUE").
void add_extension(X509* cert, X509* issuer, int nid, const char* value) {
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
    owned<X509_EXTENSION> ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value));
    if (!ext) fail(OBJ_nid2sn(nid));
    check(X509_add_ext(cert, ext.get(), -1), "X509_add_ext");
}

void set_name(X509_NAME* name, const char* common_name) {
    check(X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC,
                                     reinterpret_cast<const unsigned char*>("revring-cpp mock"), -1, -1, 0),
          "X509_NAME_add_entry_by_txt(O)");
    check(X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(common_name),
                                     -1, -1, 0),
          "X509_NAME_add_entry_by_txt(CN)");
}

// A certificate with a random 127-bit serial, valid from an hour ago (clock
// skew) for one day.
owned<X509> new_certificate(EVP_PKEY* subject_key, const char* common_name) {
    owned<X509> cert(X509_new());
    if (!cert) fail("X509_new");
    check(X509_set_version(cert.get(), X509_VERSION_3), "X509_set_version");

    unsigned char serial_bytes[16];
    check(RAND_bytes(serial_bytes, sizeof serial_bytes), "RAND_bytes");
    serial_bytes[0] &= 0x7F; // positive
    owned<BIGNUM> serial(BN_bin2bn(serial_bytes, sizeof serial_bytes, nullptr));
    if (!serial || !BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(cert.get())))
        fail("BN_to_ASN1_INTEGER");

    if (!X509_gmtime_adj(X509_getm_notBefore(cert.get()), -60L * 60L) ||
        !X509_gmtime_adj(X509_getm_notAfter(cert.get()), 24L * 60L * 60L))
        fail("X509_gmtime_adj");

    set_name(X509_get_subject_name(cert.get()), common_name);
    check(X509_set_pubkey(cert.get(), subject_key), "X509_set_pubkey");
    return cert;
}

std::string to_pem(X509* cert) {
    owned<BIO> bio(BIO_new(BIO_s_mem()));
    if (!bio) fail("BIO_new");
    check(PEM_write_bio_X509(bio.get(), cert), "PEM_write_bio_X509");
    char* data = nullptr;
    const long n = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<std::size_t>(n));
}

std::string to_pem(EVP_PKEY* key) {
    owned<BIO> bio(BIO_new(BIO_s_mem()));
    if (!bio) fail("BIO_new");
    check(PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr),
          "PEM_write_bio_PrivateKey");
    char* data = nullptr;
    const long n = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<std::size_t>(n));
}

} // namespace

tls_identity make_tls_identity() {
    ERR_clear_error();

    // The certificate authority: self-signed, may sign only leaf certificates.
    const auto ca_key = make_key();
    const auto ca = new_certificate(ca_key.get(), "revring-cpp mock CA");
    check(X509_set_issuer_name(ca.get(), X509_get_subject_name(ca.get())), "X509_set_issuer_name");
    add_extension(ca.get(), ca.get(), NID_basic_constraints, "critical,CA:TRUE,pathlen:0");
    add_extension(ca.get(), ca.get(), NID_key_usage, "critical,keyCertSign,cRLSign");
    add_extension(ca.get(), ca.get(), NID_subject_key_identifier, "hash");
    if (X509_sign(ca.get(), ca_key.get(), EVP_sha256()) <= 0) fail("X509_sign(CA)");

    // The server certificate for the loopback names.
    const auto server_key = make_key();
    const auto server = new_certificate(server_key.get(), "localhost");
    check(X509_set_issuer_name(server.get(), X509_get_subject_name(ca.get())), "X509_set_issuer_name");
    add_extension(server.get(), ca.get(), NID_basic_constraints, "critical,CA:FALSE");
    add_extension(server.get(), ca.get(), NID_key_usage, "critical,digitalSignature");
    add_extension(server.get(), ca.get(), NID_ext_key_usage, "serverAuth");
    add_extension(server.get(), ca.get(), NID_subject_alt_name, "DNS:localhost,IP:127.0.0.1,IP:::1");
    add_extension(server.get(), ca.get(), NID_subject_key_identifier, "hash");
    add_extension(server.get(), ca.get(), NID_authority_key_identifier, "keyid:always");
    if (X509_sign(server.get(), ca_key.get(), EVP_sha256()) <= 0) fail("X509_sign(server)");

    return {to_pem(ca.get()), to_pem(server.get()), to_pem(server_key.get())};
}

} // namespace revring::mock::detail
