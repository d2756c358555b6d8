// Compile time, baseline: a program that prints a string (<string>, <iostream>).
#include <iostream>
#include <string>

int main() {
    const std::string s = "{\"agentId\":\"7d1f4b2a-5e6c-4a8b-9f0e-1a2b3c4d5e6f\"}";
    std::cout << s << "\n";
}
