// revring mock: the HTTP-level behaviour of the API, independent of sockets.
//
// The server hands every complete request to mock_api::handle and writes back
// what it returns; tests can drive it without a network.
#ifndef REVRING_MOCK_API_HPP
#define REVRING_MOCK_API_HPP

#include "call_store.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace revring::mock::detail {

struct api_request {
    std::string_view method;                 ///< "GET", "POST", ...
    std::string_view target;                 ///< origin-form, e.g. "/v1/calls/ID?x=y"
    std::optional<std::string_view> api_key; ///< the x-api-key header, if present
    std::optional<std::string_view> content_type;
    std::string_view body;
};

struct api_response {
    unsigned status = 200;
    std::string body;  ///< JSON
    std::string allow; ///< the Allow header for 405, else empty
};

struct api_settings {
    std::string api_key;
    std::string base_path; ///< "/v1" or ""
    std::chrono::milliseconds step{1000};
    std::size_t max_concurrent = 10;
};

class mock_api {
public:
    explicit mock_api(api_settings s);

    /// Handles one request at time `now`.
    api_response handle(const api_request& req, time_point now);

private:
    api_response send_call(const api_request& req, time_point now);
    api_response get_call(std::string_view id, time_point now);
    api_response batch_get_calls(const api_request& req, time_point now);
    api_response cancel_call(std::string_view id, time_point now);

    api_settings settings_;
    call_store store_;
};

/// A JSON error body: {"statusCode":S,"error":"<reason>","message":M[,"pointer":P]}.
api_response error_response(unsigned status, std::string_view message, std::string_view pointer = {});

} // namespace revring::mock::detail

#endif
