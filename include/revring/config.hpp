// revring-cpp: compile-time configuration and version.
//
// Every tunable is an `#ifndef NAME / #define NAME default` block so a user can
// override it on the command line (-DREVRING_DEFAULT_BASE_URL=...) or before
// the first include.
#ifndef REVRING_CONFIG_HPP
#define REVRING_CONFIG_HPP

#define REVRING_VERSION_MAJOR 0
#define REVRING_VERSION_MINOR 1
#define REVRING_VERSION_PATCH 0
#define REVRING_VERSION_STRING "0.1.0"

// Base URL used when neither code nor REVRING_BASE_URL says otherwise.
#ifndef REVRING_DEFAULT_BASE_URL
#define REVRING_DEFAULT_BASE_URL "https://api.revring.ai/v1"
#endif

// Connect timeout (DNS + TCP + TLS handshake), in milliseconds.
#ifndef REVRING_DEFAULT_CONNECT_TIMEOUT_MS
#define REVRING_DEFAULT_CONNECT_TIMEOUT_MS 10000
#endif

// Whole-request deadline (connect, write, read), in milliseconds.
#ifndef REVRING_DEFAULT_REQUEST_TIMEOUT_MS
#define REVRING_DEFAULT_REQUEST_TIMEOUT_MS 30000
#endif

// Largest response body accepted, in bytes.
#ifndef REVRING_DEFAULT_BODY_LIMIT
#define REVRING_DEFAULT_BODY_LIMIT (8u * 1024u * 1024u)
#endif

// Deepest JSON nesting accepted in a response.
#ifndef REVRING_JSON_MAX_DEPTH
#define REVRING_JSON_MAX_DEPTH 64
#endif

// How much of an error response body is kept in revring::error.
#ifndef REVRING_ERROR_BODY_EXCERPT
#define REVRING_ERROR_BODY_EXCERPT 4096
#endif

// How the implementation's functions are declared: `inline` in the default
// header-only use; plain under REVRING_SEPARATE_COMPILATION, where
// <revring/src.hpp> compiles them in one translation unit.
#ifdef REVRING_SEPARATE_COMPILATION
#define REVRING_DECL
#else
#define REVRING_DECL inline
#endif

namespace revring {
inline constexpr int version_major = REVRING_VERSION_MAJOR;
inline constexpr int version_minor = REVRING_VERSION_MINOR;
inline constexpr int version_patch = REVRING_VERSION_PATCH;
inline constexpr char version_string[] = REVRING_VERSION_STRING;
inline constexpr char user_agent[] = "revring-cpp/" REVRING_VERSION_STRING;
} // namespace revring

#endif
