// revring-cpp: revring::base_url, the parsed base URL of the API.
//
//   auto u = revring::base_url::parse("https://api.revring.ai/v1");
//
// Accepted: `https://host[:port][/path]`, and `http://` only when the host
// is a loopback address (127.0.0.0/8, ::1 or `localhost`), for local test
// servers. No user info, query or fragment. A trailing slash is dropped.
#ifndef REVRING_TRANSPORT_BASE_URL_HPP
#define REVRING_TRANSPORT_BASE_URL_HPP

#include <revring/error.hpp>

#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>

namespace revring {

class base_url {
public:
    /// Parses `text`; errors are errc::invalid_input naming the rule broken.
    static result<base_url> parse(std::string_view text);

    /// True for https.
    bool tls() const noexcept { return tls_; }
    /// Host as written, lower case; IPv6 without brackets ("::1").
    const std::string& host() const noexcept { return host_; }
    std::uint16_t port() const noexcept { return port_; }
    /// Path prefix without trailing slash ("/v1", or "" for the root).
    const std::string& path() const noexcept { return path_; }
    /// True when the host is an IPv4 or IPv6 literal (no DNS, no SNI).
    bool host_is_ip() const noexcept { return ip_literal_; }
    /// True when the host is a loopback address or `localhost`.
    bool loopback() const noexcept { return loopback_; }
    /// The `Host` header value: host, bracketed if IPv6, with the port
    /// unless it is the scheme's default.
    std::string host_header() const;
    /// The normalised URL.
    std::string str() const { return (tls_ ? "https://" : "http://") + host_header() + path_; }

    friend bool operator==(const base_url&, const base_url&) = default;

private:
    base_url() = default;

    bool tls_ = true;
    bool ip_literal_ = false;
    bool loopback_ = false;
    std::uint16_t port_ = 443;
    std::string host_;
    std::string path_;
};

namespace detail {

constexpr bool is_alpha(char c) noexcept { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
constexpr bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
constexpr bool is_hex(char c) noexcept {
    return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
constexpr char to_lower(char c) noexcept { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

inline bool iequals(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (to_lower(a[i]) != to_lower(b[i])) return false;
    return true;
}

/// Dotted-quad IPv4 with four decimal octets 0-255; writes the first octet.
inline bool parse_ipv4(std::string_view s, unsigned& first_octet) noexcept {
    unsigned parts = 0;
    while (true) {
        std::size_t n = 0;
        unsigned v = 0;
        while (n < s.size() && is_digit(s[n]) && n < 4) v = v * 10 + static_cast<unsigned>(s[n++] - '0');
        if (n == 0 || n > 3 || v > 255 || (n > 1 && s[0] == '0')) return false;
        if (parts == 0) first_octet = v;
        ++parts;
        s.remove_prefix(n);
        if (s.empty()) return parts == 4;
        if (s[0] != '.' || parts == 4) return false;
        s.remove_prefix(1);
    }
}

/// Loose IPv6 literal check (hex digits, colons, an optional dotted tail);
/// the address itself is validated again when connecting.
inline bool looks_like_ipv6(std::string_view s) noexcept {
    if (s.size() < 2) return false;
    int colons = 0;
    for (char c : s) {
        if (c == ':') ++colons;
        else if (!is_hex(c) && c != '.') return false;
    }
    return colons >= 2;
}

inline bool is_ipv6_loopback(std::string_view s) noexcept {
    // ::1 and its spelled-out forms (0:0:0:0:0:0:0:1, with leading zeros).
    if (s == "::1") return true;
    unsigned groups = 0;
    bool last_is_one = false;
    std::size_t i = 0;
    while (i <= s.size()) {
        std::size_t j = s.find(':', i);
        if (j == std::string_view::npos) j = s.size();
        std::string_view g = s.substr(i, j - i);
        if (g.empty() || g.size() > 4) return false;
        unsigned v = 0;
        for (char c : g) {
            if (!is_hex(c)) return false;
            v = v * 16 + static_cast<unsigned>(is_digit(c) ? c - '0' : to_lower(c) - 'a' + 10);
        }
        ++groups;
        last_is_one = (v == 1);
        if (j == s.size()) break;
        if (!last_is_one && v != 0) return false;
        i = j + 1;
    }
    return groups == 8 && last_is_one;
}

constexpr bool is_unreserved_or_sub_delim(char c) noexcept {
    return is_alpha(c) || is_digit(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '!' ||
           c == '$' || c == '&' || c == '\'' || c == '(' || c == ')' || c == '*' || c == '+' || c == ',' ||
           c == ';' || c == '=' || c == ':' || c == '@';
}

inline error url_error(std::string_view what) {
    std::string m = "base URL: ";
    m.append(what);
    return error(errc::invalid_input, std::move(m));
}

} // namespace detail

inline result<base_url> base_url::parse(std::string_view text) {
    base_url u;
    std::string_view rest;
    if (text.size() >= 8 && detail::iequals(text.substr(0, 8), "https://")) {
        u.tls_ = true;
        u.port_ = 443;
        rest = text.substr(8);
    } else if (text.size() >= 7 && detail::iequals(text.substr(0, 7), "http://")) {
        u.tls_ = false;
        u.port_ = 80;
        rest = text.substr(7);
    } else {
        return detail::url_error("must start with https:// (or http:// for a loopback host)");
    }
    if (rest.find_first_of("?#") != std::string_view::npos)
        return detail::url_error("must not have a query or fragment");

    const std::size_t slash = rest.find('/');
    std::string_view authority = rest.substr(0, slash);
    std::string_view path = slash == std::string_view::npos ? std::string_view() : rest.substr(slash);
    if (authority.find('@') != std::string_view::npos)
        return detail::url_error("must not have user info (put the API key in client_options::api_key)");

    std::string_view host;
    std::string_view port;
    if (!authority.empty() && authority.front() == '[') {
        const std::size_t close = authority.find(']');
        if (close == std::string_view::npos) return detail::url_error("unterminated [IPv6] host");
        host = authority.substr(1, close - 1);
        std::string_view after = authority.substr(close + 1);
        if (!after.empty()) {
            if (after.front() != ':') return detail::url_error("unexpected text after [IPv6] host");
            port = after.substr(1);
            if (port.empty()) return detail::url_error("empty port");
        }
        if (!detail::looks_like_ipv6(host)) return detail::url_error("bad IPv6 address in brackets");
        u.ip_literal_ = true;
    } else {
        const std::size_t colon = authority.find(':');
        host = authority.substr(0, colon);
        if (colon != std::string_view::npos) {
            port = authority.substr(colon + 1);
            if (port.empty()) return detail::url_error("empty port");
        }
        if (host.empty()) return detail::url_error("missing host");
        for (char c : host)
            if (!(detail::is_alpha(c) || detail::is_digit(c) || c == '-' || c == '.'))
                return detail::url_error("host may hold only letters, digits, '-' and '.'");
    }
    if (host.empty()) return detail::url_error("missing host");
    u.host_.reserve(host.size());
    for (char c : host) u.host_.push_back(detail::to_lower(c));

    if (!port.empty()) {
        unsigned v = 0;
        auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), v);
        if (ec != std::errc() || end != port.data() + port.size() || v == 0 || v > 65535)
            return detail::url_error("port must be a number from 1 to 65535");
        u.port_ = static_cast<std::uint16_t>(v);
    }

    unsigned first_octet = 0;
    if (u.ip_literal_) {
        u.loopback_ = detail::is_ipv6_loopback(u.host_);
    } else if (detail::parse_ipv4(u.host_, first_octet)) {
        u.ip_literal_ = true;
        u.loopback_ = first_octet == 127;
    } else {
        const bool all_digits_and_dots = u.host_.find_first_not_of("0123456789.") == std::string::npos;
        if (all_digits_and_dots) return detail::url_error("bad IPv4 address");
        u.loopback_ = u.host_ == "localhost" || u.host_ == "localhost.";
    }
    if (!u.tls_ && !u.loopback_)
        return detail::url_error(
            "http:// is allowed only for loopback hosts (127.0.0.0/8, ::1, localhost); use https://");

    for (std::size_t i = 0; i < path.size(); ++i) {
        const char c = path[i];
        if (c == '/' || detail::is_unreserved_or_sub_delim(c)) continue;
        if (c == '%' && i + 2 < path.size() && detail::is_hex(path[i + 1]) && detail::is_hex(path[i + 2])) {
            i += 2;
            continue;
        }
        return detail::url_error("path holds a character that must be percent-encoded");
    }
    while (!path.empty() && path.back() == '/') path.remove_suffix(1);
    u.path_ = std::string(path);
    return u;
}

inline std::string base_url::host_header() const {
    std::string h;
    const bool v6 = host_.find(':') != std::string::npos;
    if (v6) h.push_back('[');
    h.append(host_);
    if (v6) h.push_back(']');
    if (port_ != (tls_ ? 443 : 80)) h.append(":").append(std::to_string(port_));
    return h;
}

} // namespace revring

#endif
