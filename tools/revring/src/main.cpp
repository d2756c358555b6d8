// revring: the command-line client of the RevRing calls API and its local mock.
#include "cli.hpp"

#include <revring/config.hpp>

#include <cstdio>
#include <exception>
#include <iostream>

int main(int argc, char** argv) {
    using namespace revring::cli;
    try {
        const command_line cl = parse_command_line(argc, argv);
        if (cl.version) {
            std::cout << "revring " << revring::version_string << '\n';
            return exit_ok;
        }
        if (cl.help) {
            std::cout << help_text(cl.command);
            return std::cout.flush() ? exit_ok : exit_internal;
        }
        if (cl.command.front() == "calls") return run_calls(cl);
        return run_mock(cl);
    } catch (const usage_error& e) {
        std::string cmd = "revring";
        for (const auto& c : e.command()) cmd.append(" ").append(c);
        std::cerr << "revring: " << e.what() << "\nTry '" << cmd << " --help'.\n";
        return exit_usage;
    } catch (const std::exception& e) {
        std::cerr << "revring: internal error: " << e.what() << '\n';
        return exit_internal;
    }
}
