// revring-cpp: revring::api_key, the secret that never prints.
//
// The key is held in a type with no stream insertion, no formatter and no
// conversion to a string. The one way to read it, `expose_secret()`, is
// named so it stands out in review; the transport calls it exactly once per
// request, to write the `x-api-key` header. The bytes are wiped when the
// object dies.
#ifndef REVRING_TRANSPORT_API_KEY_HPP
#define REVRING_TRANSPORT_API_KEY_HPP

#include <cstdlib>
#include <iosfwd>
#include <string>
#include <string_view>
#include <utility>

namespace revring {

/// A RevRing API key. Printing it does not compile; debug output uses
/// `redacted()`.
class api_key {
public:
    /// No key.
    api_key() = default;

    /// Holds `key`. Nothing is checked here: the client checks the key as a
    /// header value (no CR, LF or other control characters) before anything
    /// is sent.
    explicit api_key(std::string_view key) : key_(key) {}

    api_key(const api_key& other) : key_(other.key_) {}
    // Moves copy and wipe: a moved-from short string would keep its bytes.
    api_key(api_key&& other) : key_(other.key_) { other.wipe(); }
    api_key& operator=(const api_key& other) {
        if (this != &other) {
            wipe();
            key_ = other.key_;
        }
        return *this;
    }
    api_key& operator=(api_key&& other) {
        if (this != &other) {
            wipe();
            key_ = other.key_;
            other.wipe();
        }
        return *this;
    }
    ~api_key() { wipe(); }

    /// The key in the environment variable `name` (default `REVRING_API_KEY`),
    /// or no key when it is unset.
    static api_key from_env(const char* name = "REVRING_API_KEY") {
        const char* v = std::getenv(name);
        return v ? api_key(v) : api_key();
    }

    bool empty() const noexcept { return key_.empty(); }

    /// The key itself. Only the transport should call this.
    std::string_view expose_secret() const noexcept { return key_; }

    /// What debug output shows instead of the key.
    std::string_view redacted() const noexcept { return key_.empty() ? "(no key)" : "[redacted]"; }

    /// Printing a key is a compile error.
    friend std::ostream& operator<<(std::ostream&, const api_key&) = delete;

private:
    void wipe() noexcept {
        // volatile: the stores must not be optimised away as dead.
        volatile char* p = key_.data();
        for (std::size_t i = 0; i < key_.size(); ++i) p[i] = 0;
        key_.clear();
    }

    std::string key_;
};

} // namespace revring

#endif
