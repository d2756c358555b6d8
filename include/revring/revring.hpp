// revring-cpp: the one header to include.
//
//   #include <revring/revring.hpp>
//
// gives the generated types of the RevRing calls API (revring/gen/), their
// JSON conversions, the constrained string types, revring::client and
// revring::blocking_client. (A program that only makes blocking calls compiles
// faster with <revring/blocking_client.hpp> alone and
// REVRING_SEPARATE_COMPILATION.)
#ifndef REVRING_REVRING_HPP
#define REVRING_REVRING_HPP

#include <revring/config.hpp>
#include <revring/error.hpp>
#include <revring/gen/types.hpp>
#include <revring/gen/json.hpp>
#include <revring/gen/operations.hpp>
#include <revring/blocking_client.hpp>
#include <revring/client.hpp>

#endif
