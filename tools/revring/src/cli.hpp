// revring command line: parsed arguments, exit statuses, help texts.
#ifndef REVRING_CLI_HPP
#define REVRING_CLI_HPP

#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace revring::cli {

/// The documented exit statuses (see `revring --help`).
enum exit_status : int {
    exit_ok = 0,
    exit_internal = 1,        ///< a bug: should not happen
    exit_usage = 2,           ///< bad usage or invalid input; nothing was sent
    exit_api_error = 3,       ///< the API answered with an error status
    exit_unreachable = 4,     ///< DNS, connect, TLS or connect timeout; nothing was sent
    exit_outcome_unknown = 5, ///< sent, but no complete valid response
};

enum class output_format { json, text };

/// Options accepted before or after any `calls` subcommand.
struct global_options {
    std::optional<std::string> base_url;
    std::optional<std::string> ca_file;
    std::optional<std::chrono::milliseconds> timeout;
    std::optional<output_format> output;
};

/// The command line, split up but not yet interpreted by the command.
struct command_line {
    std::vector<std::string> command; ///< {"calls", "send"}, {"mock"}, or empty
    global_options globals;
    /// Command options in the order given: {"--to", "+1555..."}; flags have "".
    std::vector<std::pair<std::string, std::string>> options;
    std::vector<std::string> positionals;
    bool help = false;
    bool version = false;

    /// Values of a repeatable option, in order.
    std::vector<std::string> all(std::string_view name) const;
    /// The value of an option given at most once (checked by the parser).
    std::optional<std::string> get(std::string_view name) const;
    bool has(std::string_view name) const;
    /// "revring calls send"
    std::string command_name() const;
};

/// Bad usage: the message is printed after "revring: ", then a hint to
/// the command's --help. Exit status 2.
class usage_error : public std::runtime_error {
public:
    usage_error(std::string message, std::vector<std::string> command)
        : std::runtime_error(std::move(message)), command_(std::move(command)) {}
    const std::vector<std::string>& command() const noexcept { return command_; }

private:
    std::vector<std::string> command_;
};

/// Splits argv. Throws usage_error; with --help anywhere it returns as soon
/// as the command path is known, without checking the rest.
command_line parse_command_line(int argc, const char* const* argv);

/// The help text of a command path ({} is the top level); empty if unknown.
std::string_view help_text(const std::vector<std::string>& command);

/// Runs `revring calls ...`; returns the exit status.
int run_calls(const command_line& cl);
/// Runs `revring mock ...`; returns the exit status.
int run_mock(const command_line& cl);

} // namespace revring::cli

#endif
