// revring-cpp: from_json, declared without its definition.
//
//   auto r = revring::from_json<revring::PostCallWebhookPayload>(body);
//
// The umbrella header <revring/revring.hpp> includes this instead of the
// definitions (revring/json/decode.hpp, revring/gen/json.hpp) under
// REVRING_SEPARATE_COMPILATION: `from_json` of every generated struct is then
// declared `extern template` here and compiled once, in <revring/src.hpp>, so
// a translation unit needs neither Boost.JSON's value nor its parser to
// decode one. To decode any other type, or to decode from a
// `boost::json::value` (`from_json_value`, the generated `decode`
// overloads), include <revring/gen/json.hpp> as well; without it, such a
// `from_json<T>` is an undefined reference at link time.
#ifndef REVRING_JSON_FROM_JSON_HPP
#define REVRING_JSON_FROM_JSON_HPP

#include <revring/error.hpp>

#include <string_view>

namespace revring {

/// Parses `text` and decodes it into a `T` (defined in revring/json/decode.hpp,
/// which documents it).
template <class T> result<T> from_json(std::string_view text);

} // namespace revring

#ifdef REVRING_SEPARATE_COMPILATION
#include <revring/gen/types.hpp>

namespace revring {
#define REVRING_JSON_FROM_JSON_EXTERN(T) extern template result<T> from_json<T>(std::string_view);
REVRING_GEN_FOR_EACH_STRUCT(REVRING_JSON_FROM_JSON_EXTERN)
#undef REVRING_JSON_FROM_JSON_EXTERN
} // namespace revring
#endif

#endif
