// Translation unit B of the link test.
#include "shared.hpp"

std::string hygiene::exercise_b() { return exercise(); }
