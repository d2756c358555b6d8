// Translation unit A of the link test (has main).
#include "shared.hpp"

#include <iostream>

std::string hygiene::exercise_a() { return exercise(); }

int main() {
    const std::string a = hygiene::exercise_a();
    const std::string b = hygiene::exercise_b();
    if (a != b || a.find("decode failed") != std::string::npos || a.find("unexpected") != std::string::npos) {
        std::cerr << "translation units disagree or failed:\n" << a << "\n" << b << "\n";
        return 1;
    }
    std::cout << a << "\n";
    return 0;
}
