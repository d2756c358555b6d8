// Test-local rule structs mirroring the description's E164Number and
// CallerIdName, written by hand (the generated ones are tested again against
// the generator's output). The matcher implements ^\+[1-9]\d{1,14}$ with
// ECMA-262 semantics without the u flag: \d is ASCII 0-9 only, and $ does
// not match before a trailing newline.
#ifndef REVRING_TESTS_UNIT_TEST_RULES_HPP
#define REVRING_TESTS_UNIT_TEST_RULES_HPP

#include <revring/constrained.hpp>

#include <cstddef>
#include <string_view>

namespace test_rules {

struct E164Number_rule {
    static constexpr std::string_view name = "E164Number";
    static constexpr std::size_t capacity = 16;
    static constexpr std::size_t min_length = 0;
    static constexpr std::size_t max_length = revring::no_limit;
    static constexpr std::string_view pattern = "^\\+[1-9]\\d{1,14}$";
    static constexpr bool match(std::string_view s) noexcept {
        if (s.size() < 3 || s.size() > 16) return false;
        if (s[0] != '+' || s[1] < '1' || s[1] > '9') return false;
        for (std::size_t i = 2; i < s.size(); ++i)
            if (s[i] < '0' || s[i] > '9') return false;
        return true;
    }
};
using E164Number = revring::basic_constrained_string<E164Number_rule>;

struct CallerIdName_rule {
    static constexpr std::string_view name = "CallerIdName";
    static constexpr std::size_t capacity = 60; // maxLength * 4
    static constexpr std::size_t min_length = 1;
    static constexpr std::size_t max_length = 15;
    static constexpr std::string_view pattern = "";
};
using CallerIdName = revring::basic_constrained_string<CallerIdName_rule>;

} // namespace test_rules

#endif
