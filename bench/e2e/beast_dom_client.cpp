// End to end, peer: a straightforward Boost.Beast + Boost.JSON client, the
// way the Beast and JSON examples write one.
//
//   beast-dom-client --port P --ca CA [--requests N] [--warmup W]
//
// Blocking ssl::stream<tcp::socket>, one kept-alive TLS 1.3 connection.
// Per request: a boost::json::object body serialized with
// boost::json::serialize, http::write, http::read into a string body,
// boost::json::parse (the DOM), then a hand-written conversion into a struct
// (std::string members, boost::json::object for the free-form ones).
#include "../common/bench.hpp"
#include "../common/boost_dom_record.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>

#include <iostream>
#include <optional>
#include <string>
#include <vector>

namespace net = boost::asio;
namespace ssl = boost::asio::ssl;
namespace http = boost::beast::http;
namespace json = boost::json;

namespace {

using dom_peer::call_record;
using dom_peer::digest_of;

class client {
public:
    explicit client(const bench::options& o)
        : ctx_(ssl::context::tls_client), stream_(io_, ctx_), host_(o.host + ":" + std::to_string(o.port)) {
        SSL_CTX_set_min_proto_version(ctx_.native_handle(), TLS1_3_VERSION);
        ctx_.load_verify_file(o.ca_file);
        ctx_.set_verify_mode(ssl::verify_peer);
        stream_.set_verify_callback(ssl::host_name_verification(o.host));
        net::ip::tcp::resolver resolver(io_);
        net::connect(stream_.next_layer(), resolver.resolve(o.host, std::to_string(o.port)));
        stream_.next_layer().set_option(net::ip::tcp::no_delay(true));
        stream_.handshake(ssl::stream_base::client);
    }

    call_record send_call() {
        json::object body{{"agentId", bench::agent_id},
                          {"toNumber", bench::to_number},
                          {"fromNumber", bench::from_number},
                          {"variables", json::object{{"customerName", bench::var_customer},
                                                     {"appointmentTime", bench::var_appointment}}},
                          {"callerIdName", bench::caller_id_name},
                          {"skipQueue", false}};
        http::request<http::string_body> req{http::verb::post, "/v1/calls", 11};
        req.set(http::field::host, host_);
        req.set(http::field::user_agent, "bench-beast-dom");
        req.set(http::field::content_type, "application/json");
        req.set(http::field::accept, "application/json");
        req.set("x-api-key", bench::api_key);
        req.body() = json::serialize(body);
        req.prepare_payload();
        http::write(stream_, req);

        http::response<http::string_body> res;
        http::read(stream_, buffer_, res);
        if (res.result_int() < 200 || res.result_int() > 299)
            throw std::runtime_error("HTTP " + std::to_string(res.result_int()));
        const json::value jv = json::parse(res.body());
        return json::value_to<call_record>(jv.as_object().at("data"));
    }

private:
    net::io_context io_;
    ssl::context ctx_;
    ssl::stream<net::ip::tcp::socket> stream_;
    boost::beast::flat_buffer buffer_;
    std::string host_;
};

} // namespace

int main(int argc, char** argv) try {
    auto o = bench::options::parse(argc, argv);
    client c(o);
    for (long i = 0; i < o.warmup; ++i) (void)c.send_call();
    long errors = 0;
    std::string first_error;
    std::optional<call_record> last;
    bench::alloc_halves a{};
    if (o.count_allocs) bench::count_allocations(true);
    a.start = bench::allocations();
    bench::meter m;
    m.start();
    for (long i = 0; i < o.requests; ++i) {
        if (i == o.requests / 2) {
            a.middle = bench::allocations();
            bench::mark_middle();
        }
        try {
            auto r = c.send_call();
            if (i == o.requests - 1) last = std::move(r);
        } catch (const std::exception& e) {
            if (errors++ == 0) first_error = e.what();
        }
    }
    const auto u = m.stop();
    a.end = bench::allocations();
    bench::count_allocations(false);
    if (errors) std::cerr << errors << " errors, first: " << first_error << "\n";
    bench::emit("beast-dom", o, u, errors, last ? digest_of(*last) : "none", o.count_allocs ? &a : nullptr);
    return errors ? 1 : 0;
} catch (const std::exception& e) {
    std::cerr << "beast-dom-client: " << e.what() << "\n";
    return 2;
}
