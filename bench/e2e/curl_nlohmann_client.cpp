// End to end, peer: what a C++ team writes by hand with libcurl (easy
// interface, one handle kept alive) and nlohmann::json.
//
//   curl-nlohmann-client --port P --ca CA [--requests N] [--warmup W]
//
// Per request: the body is built as a nlohmann::json and dumped, POSTed over
// the kept-alive TLS 1.3 connection, the response is parsed with
// nlohmann::json::parse and converted into a hand-written struct (strings for
// the documented members, nlohmann::json for the free-form ones).
#include "../common/bench.hpp"
#include "../common/nlohmann_record.hpp"

#include <curl/curl.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

namespace {

using json = nlohmann::json;
using nl_peer::call_record;
using nl_peer::digest_of;

// --- the client ------------------------------------------------------------

std::size_t on_data(char* p, std::size_t size, std::size_t n, void* user) {
    static_cast<std::string*>(user)->append(p, size * n);
    return size * n;
}

class client {
public:
    client(const bench::options& o) : url_("https://" + o.host + ":" + std::to_string(o.port) + "/v1/calls") {
        h_ = curl_easy_init();
        if (!h_) throw std::runtime_error("curl_easy_init failed");
        headers_ = curl_slist_append(headers_, "Content-Type: application/json");
        headers_ = curl_slist_append(headers_, "Accept: application/json");
        headers_ = curl_slist_append(headers_, ("x-api-key: " + std::string(bench::api_key)).c_str());
        curl_easy_setopt(h_, CURLOPT_URL, url_.c_str());
        curl_easy_setopt(h_, CURLOPT_HTTPHEADER, headers_);
        curl_easy_setopt(h_, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_1_1);
        curl_easy_setopt(h_, CURLOPT_SSLVERSION, CURL_SSLVERSION_TLSv1_3);
        curl_easy_setopt(h_, CURLOPT_CAINFO, o.ca_file.c_str());
        curl_easy_setopt(h_, CURLOPT_USERAGENT, "bench-curl-nlohmann");
        curl_easy_setopt(h_, CURLOPT_WRITEFUNCTION, on_data);
        curl_easy_setopt(h_, CURLOPT_WRITEDATA, &body_);
        curl_easy_setopt(h_, CURLOPT_TIMEOUT_MS, 10000L);
        curl_easy_setopt(h_, CURLOPT_NOSIGNAL, 1L);
    }
    ~client() {
        curl_easy_cleanup(h_);
        curl_slist_free_all(headers_);
    }

    /// POST /calls; the parsed record, or an exception.
    call_record send_call() {
        json req = {{"agentId", bench::agent_id},
                    {"toNumber", bench::to_number},
                    {"fromNumber", bench::from_number},
                    {"variables", {{"customerName", bench::var_customer}, {"appointmentTime", bench::var_appointment}}},
                    {"callerIdName", bench::caller_id_name},
                    {"skipQueue", false}};
        const std::string text = req.dump();
        curl_easy_setopt(h_, CURLOPT_POSTFIELDS, text.c_str());
        curl_easy_setopt(h_, CURLOPT_POSTFIELDSIZE, static_cast<long>(text.size()));
        body_.clear();
        const CURLcode rc = curl_easy_perform(h_);
        if (rc != CURLE_OK) throw std::runtime_error(curl_easy_strerror(rc));
        long status = 0;
        curl_easy_getinfo(h_, CURLINFO_RESPONSE_CODE, &status);
        if (status < 200 || status > 299) throw std::runtime_error("HTTP " + std::to_string(status));
        return json::parse(body_).at("data").get<call_record>();
    }

    long connections() const {
        long n = 0;
        curl_easy_getinfo(h_, CURLINFO_NUM_CONNECTS, &n);
        return n;
    }

private:
    std::string url_;
    CURL* h_ = nullptr;
    curl_slist* headers_ = nullptr;
    std::string body_;
};

} // namespace

int main(int argc, char** argv) try {
    auto o = bench::options::parse(argc, argv);
    curl_global_init(CURL_GLOBAL_DEFAULT);
    long errors = 0;
    std::string first_error;
    std::optional<call_record> last;
    {
        client c(o);
        for (long i = 0; i < o.warmup; ++i) (void)c.send_call();
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
        bench::emit("curl-nlohmann", o, u, errors, last ? digest_of(*last) : "none", o.count_allocs ? &a : nullptr);
    }
    curl_global_cleanup();
    return errors ? 1 : 0;
} catch (const std::exception& e) {
    std::cerr << "curl-nlohmann-client: " << e.what() << "\n";
    return 2;
}
