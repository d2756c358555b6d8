// revring-cpp: parsing a response body into a Boost.JSON value.
//
//   auto jv = revring::transport::parse_json_body(response, "get_call");
//
// For code that reads a `transport::response` (from `client::send_raw`) as a
// DOM. The operations' own responses are decoded without one
// (revring/detail/invoke.hpp); this is their fallback, for the error. It is
// apart from revring/transport/core.hpp so that the client's header needs
// neither Boost.JSON's value nor its parser. Header-only (the default) its
// definition comes with the transport's (revring/transport/impl/core.ipp,
// which transport/blocking.hpp includes then).
#ifndef REVRING_TRANSPORT_JSON_BODY_HPP
#define REVRING_TRANSPORT_JSON_BODY_HPP

#include <revring/config.hpp>
#include <revring/error.hpp>
#include <revring/transport/blocking.hpp>

#include <boost/json/storage_ptr.hpp>
#include <boost/json/value.hpp>

#include <string_view>

namespace revring::transport {

/// Parses a 2xx body as JSON (depth limit REVRING_JSON_MAX_DEPTH). A body
/// that is not JSON means the response is not the one the operation
/// describes, so the error is errc::outcome_unknown: the request did reach
/// the server and may have taken effect. The values come from `storage`
/// (default: the heap); the caller keeps that memory alive while it uses them.
REVRING_DECL result<boost::json::value> parse_json_body(const response& r, std::string_view operation,
                                                        boost::json::storage_ptr storage = {});

} // namespace revring::transport

#endif
