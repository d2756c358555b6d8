// revring-cpp: the one header to include.
//
//   #include <revring/revring.hpp>
//
// gives the generated types of the RevRing calls API (revring/gen/), their
// JSON conversions, the constrained string types, revring::client and
// revring::blocking_client.
//
// Under REVRING_SEPARATE_COMPILATION the conversions it gives are those on
// text, `to_json`, `validate` and `from_json` of the generated types, and
// `from_json` is compiled once, in <revring/src.hpp> (revring/json/from_json.hpp):
// that leaves Boost.JSON's value and parser out of the translation unit. The
// conversions from a `boost::json::value`, and `from_json` of other types,
// need <revring/gen/json.hpp> as well. (A program that only makes blocking
// calls compiles faster still with <revring/blocking_client.hpp> alone.)
#ifndef REVRING_REVRING_HPP
#define REVRING_REVRING_HPP

#include <revring/config.hpp>
#include <revring/error.hpp>
#include <revring/gen/types.hpp>
#ifdef REVRING_SEPARATE_COMPILATION
#include <revring/gen/encode.hpp>
#include <revring/json/from_json.hpp>
#else
#include <revring/gen/json.hpp>
#endif
#include <revring/gen/operations.hpp>
#include <revring/blocking_client.hpp>
#include <revring/client.hpp>

#endif
