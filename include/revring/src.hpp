// revring-cpp: compile the transport once.
//
// By default revring-cpp is header-only. A program that wants the Beast and
// OpenSSL code compiled in one translation unit only (faster builds) defines
// REVRING_SEPARATE_COMPILATION for every translation unit and includes this
// header in exactly one of them:
//
//   // revring.cpp
//   #include <revring/src.hpp>
#ifndef REVRING_SRC_HPP
#define REVRING_SRC_HPP

#ifndef REVRING_SEPARATE_COMPILATION
#error "<revring/src.hpp> is for REVRING_SEPARATE_COMPILATION builds: define it for every translation unit"
#endif

#include <revring/transport/impl/core.ipp>

#endif
