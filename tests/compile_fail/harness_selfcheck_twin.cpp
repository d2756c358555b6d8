// expect: literal_violates_pattern
// Harness self-check: the passing twin itself does not compile. The harness
// must report it (registered with --expect-verdict twin-does-not-compile).
#include "request.hpp"

int main() {
    cf::E164Number n = "not a number";
    return static_cast<int>(n.size());
}
