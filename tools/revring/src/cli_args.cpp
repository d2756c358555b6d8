// revring command line: argument splitting and help texts.
#include "cli.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <span>

namespace revring::cli {
namespace {

struct option_spec {
    std::string_view name;
    bool takes_value;
    bool repeatable;
};

struct command_spec {
    std::vector<std::string_view> path;
    std::span<const option_spec> options;
    std::size_t min_positionals;
    std::size_t max_positionals;
    bool is_client; ///< takes the global client options
};

constexpr option_spec send_options[] = {
    {"--agent-id", true, false}, {"--to", true, false},          {"--from", true, false},
    {"--var", true, true},       {"--caller-id-name", true, false}, {"--skip-queue", false, false},
    {"--dry-run", false, false},
};
constexpr option_spec no_options[] = {{"", false, false}};
constexpr option_spec batch_get_options[] = {{"--minimal", false, false}};
constexpr option_spec mock_options[] = {
    {"--listen", true, false},    {"--http", false, false},        {"--api-key", true, false},
    {"--step-ms", true, false},   {"--max-concurrent", true, false}, {"--ca-out", true, false},
    {"--base-path", true, false}, {"--quiet", false, false},
};

const std::vector<command_spec>& commands() {
    static const std::vector<command_spec> table = {
        {{"calls", "send"}, send_options, 0, 0, true},
        {{"calls", "get"}, std::span(no_options, 0), 1, 1, true},
        {{"calls", "batch-get"}, batch_get_options, 1, std::size_t(-1), true},
        {{"calls", "cancel"}, std::span(no_options, 0), 1, 1, true},
        {{"mock"}, mock_options, 0, 0, false},
    };
    return table;
}

// Children of a command group ({} or {"calls"}); empty for a leaf.
std::vector<std::string_view> children(const std::vector<std::string>& path) {
    std::vector<std::string_view> out;
    for (const auto& c : commands()) {
        if (c.path.size() <= path.size()) continue;
        if (!std::equal(path.begin(), path.end(), c.path.begin())) continue;
        const auto name = c.path[path.size()];
        if (std::find(out.begin(), out.end(), name) == out.end()) out.push_back(name);
    }
    return out;
}

const command_spec* find_command(const std::vector<std::string>& path) {
    for (const auto& c : commands())
        if (c.path.size() == path.size() && std::equal(path.begin(), path.end(), c.path.begin())) return &c;
    return nullptr;
}

std::string join(const std::vector<std::string>& path) {
    std::string s = "revring";
    for (const auto& p : path) s.append(" ").append(p);
    return s;
}

bool is_global(std::string_view name) {
    return name == "--base-url" || name == "--ca-file" || name == "--timeout" || name == "--output";
}

std::chrono::milliseconds parse_timeout(const std::string& text, const std::vector<std::string>& path) {
    double seconds = 0;
    const auto* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, seconds, std::chars_format::fixed);
    if (ec != std::errc() || ptr != end || !std::isfinite(seconds) || seconds <= 0 || seconds > 86400)
        throw usage_error("--timeout: expected a number of seconds greater than 0 and at most 86400, got '" + text +
                              "'",
                          path);
    return std::chrono::milliseconds(std::max<long long>(1, std::llround(seconds * 1000)));
}

void set_global(global_options& g, std::string_view name, const std::string& value,
                const std::vector<std::string>& path) {
    if (name == "--base-url") {
        g.base_url = value;
    } else if (name == "--ca-file") {
        g.ca_file = value;
    } else if (name == "--timeout") {
        g.timeout = parse_timeout(value, path);
    } else if (name == "--output") {
        if (value == "json")
            g.output = output_format::json;
        else if (value == "text")
            g.output = output_format::text;
        else
            throw usage_error("--output: expected json or text, got '" + value + "'", path);
    }
}

} // namespace

std::vector<std::string> command_line::all(std::string_view name) const {
    std::vector<std::string> out;
    for (const auto& [n, v] : options)
        if (n == name) out.push_back(v);
    return out;
}

std::optional<std::string> command_line::get(std::string_view name) const {
    for (const auto& [n, v] : options)
        if (n == name) return v;
    return std::nullopt;
}

bool command_line::has(std::string_view name) const { return get(name).has_value(); }

std::string command_line::command_name() const { return join(command); }

command_line parse_command_line(int argc, const char* const* argv) {
    command_line cl;
    const command_spec* leaf = nullptr;
    bool options_ended = false;
    // Globals seen before the command is known are checked against it at the end.
    std::vector<std::string> globals_seen;

    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        const bool is_option = !options_ended && arg.size() > 1 && arg[0] == '-';
        if (!options_ended && arg == "--") {
            options_ended = true;
            continue;
        }
        if (is_option) {
            std::string name = arg;
            std::optional<std::string> inline_value;
            if (const auto eq = arg.find('='); arg.starts_with("--") && eq != std::string::npos) {
                name = arg.substr(0, eq);
                inline_value = arg.substr(eq + 1);
            }
            if (name == "-h" || name == "--help") {
                cl.help = true;
                continue;
            }
            if (name == "--version" && cl.command.empty()) {
                cl.version = true;
                continue;
            }
            const option_spec* spec = nullptr;
            option_spec global_spec{};
            if (is_global(name)) {
                global_spec = {name, true, false};
                spec = &global_spec;
            } else if (leaf) {
                for (const auto& o : leaf->options)
                    if (o.name == name) spec = &o;
            }
            if (!spec) {
                if (cl.help) continue;
                if (!leaf)
                    throw usage_error("unknown option " + name +
                                          " (options of a command come after the command, e.g. 'revring calls send " +
                                          name + " ...')",
                                      cl.command);
                throw usage_error("unknown option " + name, cl.command);
            }
            std::string value;
            if (spec->takes_value) {
                if (inline_value) {
                    value = *inline_value;
                } else if (i + 1 < argc) {
                    value = argv[++i];
                } else {
                    if (cl.help) continue;
                    throw usage_error(name + " needs a value", cl.command);
                }
            } else if (inline_value) {
                throw usage_error(name + " takes no value", cl.command);
            }
            if (is_global(name)) {
                if (leaf && !leaf->is_client)
                    throw usage_error(name + " applies to 'revring calls', not to '" + join(cl.command) + "'",
                                      cl.command);
                globals_seen.push_back(name);
                set_global(cl.globals, name, value, cl.command);
                continue;
            }
            if (!spec->repeatable && cl.has(name)) throw usage_error(name + " given more than once", cl.command);
            cl.options.emplace_back(name, std::move(value));
            continue;
        }

        // A word: the next part of the command path, or a positional argument.
        if (!leaf) {
            const auto names = children(cl.command);
            if (std::find(names.begin(), names.end(), arg) == names.end()) {
                if (cl.help) break;
                std::string known;
                for (const auto n : names) known.append(known.empty() ? "" : ", ").append(n);
                throw usage_error("unknown command '" + arg + "'" + (known.empty() ? "" : " (expected: " + known + ")"),
                                  cl.command);
            }
            cl.command.push_back(arg);
            leaf = find_command(cl.command);
            if (leaf && !leaf->is_client && !globals_seen.empty())
                throw usage_error(globals_seen.front() + " applies to 'revring calls', not to '" + join(cl.command) +
                                      "'",
                                  cl.command);
            continue;
        }
        cl.positionals.push_back(arg);
    }

    if (cl.help || cl.version) return cl;
    if (!leaf) {
        const auto names = children(cl.command);
        std::string known;
        for (const auto n : names) known.append(known.empty() ? "" : ", ").append(n);
        throw usage_error("missing command (expected: " + known + ")", cl.command);
    }
    if (cl.positionals.size() < leaf->min_positionals)
        throw usage_error(leaf->path.back() == std::string_view("batch-get") ? "expected at least one CALL_ID"
                                                                            : "expected a CALL_ID",
                          cl.command);
    if (cl.positionals.size() > leaf->max_positionals)
        throw usage_error("unexpected argument '" + cl.positionals[leaf->max_positionals] + "'", cl.command);
    return cl;
}

// ---------------------------------------------------------------------------
// Help texts.

namespace {

constexpr std::string_view exit_status_text = R"(Exit status:
  0  success
  2  bad usage or invalid input: the message names the field and the rule;
     nothing was sent
  3  the API answered with an error status: stderr shows the status and the
     server's message
  4  the API could not be reached (DNS, connect, TLS verification, connect
     timeout); nothing was sent
  5  outcome unknown: the request was sent but no complete, valid response
     arrived (timeout, dropped connection, truncated, malformed or oversize
     body). For 'calls send' the call may have been placed: check with
     'revring calls get' before sending again. revring never retries.
)";

constexpr std::string_view global_text = R"(Global options (before or after the command):
  --base-url URL      API base URL (default: $REVRING_BASE_URL, else
                      https://api.revring.ai/v1); http:// only for loopback
  --ca-file PEM       trust this CA certificate (PEM) besides the system's
  --timeout SECONDS   deadline for the whole request (default 30)
  --output json|text  output format (default: text when stdout is a
                      terminal, json otherwise)
  -h, --help          show help for the command

Environment:
  REVRING_API_KEY     the API key (required to talk to the API). There is no
                      flag for it: command lines are visible to other users.
  REVRING_BASE_URL    default for --base-url
)";

const std::string top_help = std::string(R"(revring - place and inspect RevRing calls, or run a local mock of the API

Usage:
  revring calls send --agent-id UUID --to E164 --from E164 [--var NAME=VALUE]...
                     [--caller-id-name NAME] [--skip-queue] [--dry-run]
  revring calls get CALL_ID
  revring calls batch-get CALL_ID... [--minimal]
  revring calls cancel CALL_ID
  revring mock [--listen HOST:PORT] [--http] [--step-ms N] [--max-concurrent N] ...
  revring --version

'revring calls send' places a real, billed phone call unless --base-url points
at a mock. Run 'revring COMMAND --help' for the options of each command.

)") + std::string(global_text) + "\n" + std::string(exit_status_text);

const std::string calls_help = std::string(R"(revring calls - Send Call, Get Call, Batch Get Calls, Cancel Call

Usage:
  revring calls send --agent-id UUID --to E164 --from E164 [--var NAME=VALUE]...
                     [--caller-id-name NAME] [--skip-queue] [--dry-run]
  revring calls get CALL_ID
  revring calls batch-get CALL_ID... [--minimal]
  revring calls cancel CALL_ID

)") + std::string(global_text) + "\n" + std::string(exit_status_text);

const std::string send_help = std::string(R"(revring calls send - place an outbound call with an agent (POST /calls)

Usage:
  revring calls send --agent-id UUID --to E164 --from E164 [--var NAME=VALUE]...
                     [--caller-id-name NAME] [--skip-queue] [--dry-run]

Options:
  --agent-id UUID        agent that places the call (agentId)
  --to E164              number to call, e.g. +15551234567 (toNumber)
  --from E164            caller ID number (fromNumber)
  --var NAME=VALUE       template variable, repeatable; split at the first '=',
                         VALUE is sent as a JSON string exactly as given
  --caller-id-name NAME  caller ID name shown to the callee, 1-15 characters
                         (callerIdName)
  --skip-queue           fail with 429 (exit 3) instead of queueing when the
                         concurrency limit is reached (skipQueue)
  --dry-run              print the exact JSON body that would be sent, followed
                         by a newline, and exit 0 without touching the network
                         (no API key needed)

Every value is checked with the library's types before anything is sent.
The command is never retried: on exit status 5 the call may have been placed.

Output: the call record returned ({"data": {...}}).

)") + std::string(global_text) + "\n" + std::string(exit_status_text);

const std::string get_help = std::string(R"(revring calls get - fetch a call record (GET /calls/{id})

Usage:
  revring calls get CALL_ID

Output: the call record ({"data": {...}}).

)") + std::string(global_text) + "\n" + std::string(exit_status_text);

const std::string batch_get_help = std::string(R"(revring calls batch-get - fetch several call records (POST /calls/batch-get)

Usage:
  revring calls batch-get CALL_ID... [--minimal]

Options:
  --minimal   compact records, without transcript, summary, metrics and
              variables

At most 100 CALL_IDs. Output: the matching records ({"data": [...]}).

)") + std::string(global_text) + "\n" + std::string(exit_status_text);

const std::string cancel_help = std::string(R"(revring calls cancel - cancel a call (POST /calls/{id}/cancel)

Usage:
  revring calls cancel CALL_ID

Output: the cancelled call record ({"data": {...}}).

)") + std::string(global_text) + "\n" + std::string(exit_status_text);

const std::string mock_help = R"(revring mock - a local RevRing-compatible API server, for tests and demos

Usage:
  revring mock [--listen HOST:PORT] [--http] [--api-key KEY] [--step-ms N]
               [--max-concurrent N] [--ca-out FILE] [--base-path PATH] [--quiet]

Serves Send Call, Get Call, Batch Get Calls and Cancel Call under
BASE_URL = SCHEME://HOST:PORT/v1, validating every request with the library's
types. A call moves QUEUED -> INITIATED -> ONGOING -> COMPLETED, one step each.

Options:
  --listen HOST:PORT  address to listen on (default 127.0.0.1:0; port 0 picks
                      a free port); IPv6 as [::1]:PORT
  --http              plain HTTP instead of HTTPS
  --api-key KEY       the key clients must send as x-api-key. Default:
                      $REVRING_MOCK_API_KEY, else $REVRING_API_KEY
  --step-ms N         milliseconds per state (default 1000)
  --max-concurrent N  calls in progress at once (default 10); later calls stay
                      QUEUED, or get 429 when they set skipQueue
  --ca-out FILE       write the CA certificate here (default: a new private
                      temporary directory, removed on exit)
  --base-path PATH    path prefix of the routes (default /v1; '' for none)
  --quiet             do not log requests on stderr

HTTPS uses a certificate authority made at start; clients verify the server
with it (revring --ca-file FILE). When ready, the mock prints one line on
stdout:
  listening on https://127.0.0.1:PORT/v1 ca=/tmp/revring-mock-XXXXXX/ca.pem
(without " ca=..." for --http). SIGINT or SIGTERM stops it (exit 0).

Exit status: 0 after a clean stop, 2 for bad usage, 1 if it cannot start.
)";

} // namespace

std::string_view help_text(const std::vector<std::string>& command) {
    const auto is = [&](std::initializer_list<std::string_view> p) {
        return command.size() == p.size() && std::equal(command.begin(), command.end(), p.begin());
    };
    if (is({})) return top_help;
    if (is({"calls"})) return calls_help;
    if (is({"calls", "send"})) return send_help;
    if (is({"calls", "get"})) return get_help;
    if (is({"calls", "batch-get"})) return batch_get_help;
    if (is({"calls", "cancel"})) return cancel_help;
    if (is({"mock"})) return mock_help;
    return {};
}

} // namespace revring::cli
