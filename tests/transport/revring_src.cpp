// The transport, compiled once for the test executable
// (REVRING_SEPARATE_COMPILATION, see <revring/src.hpp>).
#include <revring/src.hpp>
