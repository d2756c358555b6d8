// Shared by the fuzz targets: a check that stops the run with a message.
//
// A broken invariant is a finding: it prints what broke (and the input's
// size) to stderr and traps, which libFuzzer reports as a crash and saves
// the input; the corpus replay driver (replay_main.cpp) dies the same way.
#ifndef REVRING_FUZZ_CHECK_HPP
#define REVRING_FUZZ_CHECK_HPP

#include <cstdio>
#include <string_view>

namespace revring_fuzz {

[[noreturn]] inline void finding(const char* file, int line, const char* what, std::string_view detail) {
    std::fprintf(stderr, "\nFUZZ FINDING at %s:%d: %s\n", file, line, what);
    if (!detail.empty())
        std::fprintf(stderr, "  detail: %.*s\n", static_cast<int>(detail.size() > 2000 ? 2000 : detail.size()),
                     detail.data());
    std::fflush(stderr);
    __builtin_trap();
}

} // namespace revring_fuzz

/// Traps with `what` (and `detail`, a string_view) when `cond` is false.
#define REVRING_FUZZ_CHECK(cond, what, detail)                                                       \
    do {                                                                                             \
        if (!(cond)) ::revring_fuzz::finding(__FILE__, __LINE__, what " [" #cond "]", (detail));     \
    } while (0)

#endif
