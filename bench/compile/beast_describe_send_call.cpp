// Compile time, peer: the same program with Boost.Beast (header-only),
// Boost.JSON and Boost.Describe conversions (value_from / value_to of
// described structs), written straightforwardly.
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/describe.hpp>
#include <boost/json.hpp>

#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

namespace net = boost::asio;
namespace ssl = boost::asio::ssl;
namespace http = boost::beast::http;

struct SendCallRequest {
    std::string agentId, toNumber, fromNumber, callerIdName;
};
BOOST_DESCRIBE_STRUCT(SendCallRequest, (), (agentId, toNumber, fromNumber, callerIdName))

struct CallRecord {
    std::string id;
    std::optional<std::string> organizationId, direction, status, fromNumber, toNumber, initiatedAt, createdAt,
        updatedAt, agentId, sipTrunkId, agentCallerIdName, agentName;
    std::optional<boost::json::object> variables;
    std::optional<std::string> recordingUrl, hangupCause, errorMessage;
    std::optional<std::vector<boost::json::object>> transcript;
    std::optional<std::string> summary;
    std::optional<boost::json::object> metrics;
    std::optional<std::string> startedAt, endedAt;
    std::optional<std::int64_t> durationSeconds;
    std::optional<std::string> postCallWebhookStatus, preCallWebhookStatus;
};
BOOST_DESCRIBE_STRUCT(CallRecord, (),
                      (id, organizationId, direction, status, fromNumber, toNumber, initiatedAt, createdAt, updatedAt,
                       agentId, sipTrunkId, agentCallerIdName, agentName, variables, recordingUrl, hangupCause,
                       errorMessage, transcript, summary, metrics, startedAt, endedAt, durationSeconds,
                       postCallWebhookStatus, preCallWebhookStatus))

struct SendCallResponse {
    CallRecord data;
};
BOOST_DESCRIBE_STRUCT(SendCallResponse, (), (data))

int main() {
    const char* key = std::getenv("REVRING_API_KEY");
    if (!key) return 2;
    try {
        net::io_context io;
        ssl::context ctx(ssl::context::tls_client);
        ctx.set_default_verify_paths();
        ctx.set_verify_mode(ssl::verify_peer);
        ssl::stream<net::ip::tcp::socket> stream(io, ctx);
        stream.set_verify_callback(ssl::host_name_verification("api.revring.ai"));
        SSL_set_tlsext_host_name(stream.native_handle(), "api.revring.ai");
        net::ip::tcp::resolver resolver(io);
        net::connect(stream.next_layer(), resolver.resolve("api.revring.ai", "443"));
        stream.handshake(ssl::stream_base::client);

        http::request<http::string_body> req{http::verb::post, "/v1/calls", 11};
        req.set(http::field::host, "api.revring.ai");
        req.set(http::field::content_type, "application/json");
        req.set("x-api-key", key);
        req.body() = boost::json::serialize(boost::json::value_from(
            SendCallRequest{"7d1f4b2a-5e6c-4a8b-9f0e-1a2b3c4d5e6f", "+15551234567", "+15557654321", "Acme Dental"}));
        req.prepare_payload();
        http::write(stream, req);
        boost::beast::flat_buffer buffer;
        http::response<http::string_body> res;
        http::read(stream, buffer, res);
        const auto rec = boost::json::value_to<SendCallResponse>(boost::json::parse(res.body()));
        std::cout << rec.data.id << " " << rec.data.status.value_or("?") << "\n";
    } catch (const std::exception& e) {
        std::cerr << e.what() << "\n";
        return 1;
    }
}
