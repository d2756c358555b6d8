// revring mock: the command that runs revring::mock::server until a signal.
#include "cli.hpp"

#include <revring/mock/server.hpp>

#include <charconv>
#include <cstdlib>
#include <iostream>
#include <memory>

namespace revring::cli {
namespace {

template <class Int>
Int parse_number(const std::string& text, std::string_view option, Int min, Int max,
                 const std::vector<std::string>& cmd) {
    Int v{};
    const auto* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, v);
    if (text.empty() || ec != std::errc() || ptr != end || v < min || v > max)
        throw usage_error(std::string(option) + ": expected an integer from " + std::to_string(min) + " to " +
                              std::to_string(max) + ", got '" + text + "'",
                          cmd);
    return v;
}

// "127.0.0.1:8080", "[::1]:0", "localhost:4010"
void parse_listen(const std::string& text, mock::options& o, const std::vector<std::string>& cmd) {
    const auto colon = text.rfind(':');
    if (colon == std::string::npos || colon == 0)
        throw usage_error("--listen: expected HOST:PORT (IPv6 as [::1]:PORT), got '" + text + "'", cmd);
    std::string host = text.substr(0, colon);
    if (host.front() == '[') {
        if (host.back() != ']' || host.size() < 3)
            throw usage_error("--listen: expected [IPV6]:PORT, got '" + text + "'", cmd);
        host = host.substr(1, host.size() - 2);
    } else if (host.find(':') != std::string::npos) {
        throw usage_error("--listen: write IPv6 addresses in brackets, e.g. [::1]:0", cmd);
    }
    o.host = host;
    o.port = parse_number<std::uint16_t>(text.substr(colon + 1), "--listen port", 0, 65535, cmd);
}

} // namespace

int run_mock(const command_line& cl) {
    const auto& cmd = cl.command;
    mock::options o;
    if (const auto listen = cl.get("--listen")) parse_listen(*listen, o, cmd);
    o.tls = !cl.has("--http");
    if (const auto key = cl.get("--api-key")) {
        o.api_key = *key;
    } else if (const char* k = std::getenv("REVRING_MOCK_API_KEY"); k && *k) {
        o.api_key = k;
    } else if (const char* k2 = std::getenv("REVRING_API_KEY"); k2 && *k2) {
        o.api_key = k2;
    } else {
        throw usage_error("the mock needs an API key: set REVRING_MOCK_API_KEY (or REVRING_API_KEY) or pass --api-key",
                          cmd);
    }
    if (const auto step = cl.get("--step-ms"))
        o.step = std::chrono::milliseconds(parse_number<long>(*step, "--step-ms", 1, 3'600'000, cmd));
    if (const auto n = cl.get("--max-concurrent"))
        o.max_concurrent = parse_number<std::size_t>(*n, "--max-concurrent", 1, 100'000, cmd);
    if (const auto ca = cl.get("--ca-out")) {
        if (ca->empty()) throw usage_error("--ca-out: expected a file name", cmd);
        o.ca_file = *ca;
    }
    if (const auto bp = cl.get("--base-path")) o.base_path = *bp;
    if (!cl.has("--quiet")) o.log = [](const std::string& line) { std::cerr << "revring mock: " << line << '\n'; };
    o.stop_on_signals = true;

    std::unique_ptr<mock::server> server;
    try {
        server = std::make_unique<mock::server>(std::move(o));
    } catch (const std::invalid_argument& e) {
        throw usage_error(e.what(), cmd);
    } catch (const std::exception& e) {
        std::cerr << "revring mock: cannot start: " << e.what() << '\n';
        return exit_internal;
    }

    // The ready line: scripts wait for it and read the URL and CA path.
    std::cout << "listening on " << server->base_url();
    if (!server->ca_file().empty()) std::cout << " ca=" << server->ca_file().string();
    std::cout << std::endl;

    server->run();
    std::cerr << "revring mock: stopped\n";
    return exit_ok;
}

} // namespace revring::cli
