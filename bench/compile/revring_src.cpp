// Compile time: the one translation unit of a REVRING_SEPARATE_COMPILATION
// program that holds the Beast/OpenSSL transport (compiled once per program).
#include <revring/src.hpp>
