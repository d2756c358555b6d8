// revring-cpp: what generated operation descriptors and the client share.
//
// The generator emits one descriptor struct per operation (see
// docs/DESIGN.md, "Operations") plus `revring::basic_operations<Derived>`,
// a CRTP base that gives the client its typed methods. The transport
// (revring/client.hpp) provides `Derived::invoke` and `Derived::async_invoke`.
#ifndef REVRING_OPERATION_HPP
#define REVRING_OPERATION_HPP

#include <string_view>

namespace revring {

enum class http_method { get, post, put, patch, del, head };

constexpr std::string_view to_string(http_method m) noexcept {
    switch (m) {
    case http_method::get: return "GET";
    case http_method::post: return "POST";
    case http_method::put: return "PUT";
    case http_method::patch: return "PATCH";
    case http_method::del: return "DELETE";
    case http_method::head: return "HEAD";
    }
    return "GET";
}

/// Tag for operations without a request body.
struct no_body {
    friend constexpr bool operator==(no_body, no_body) noexcept { return true; }
};

struct call_options; // per-call options, defined by the client (revring/client.hpp)

} // namespace revring

#endif
