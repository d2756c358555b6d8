// Compile time, peer: the same program (send a call, print its status) with
// libcurl and nlohmann::json, a hand-written struct for the record.
#include <curl/curl.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

struct call_record {
    std::string id;
    std::optional<std::string> organization_id, direction, status, from_number, to_number, initiated_at, created_at,
        updated_at, agent_id, sip_trunk_id, agent_caller_id_name, agent_name;
    std::optional<nlohmann::json> variables;
    std::optional<std::string> recording_url, hangup_cause, error_message;
    std::optional<std::vector<nlohmann::json>> transcript;
    std::optional<std::string> summary;
    std::optional<nlohmann::json> metrics;
    std::optional<std::string> started_at, ended_at;
    std::optional<std::int64_t> duration_seconds;
    std::optional<std::string> post_call_webhook_status, pre_call_webhook_status;
};

template <class T> void get_opt(const nlohmann::json& j, const char* key, std::optional<T>& out) {
    auto it = j.find(key);
    if (it == j.end() || it->is_null())
        out.reset();
    else
        out = it->get<T>();
}

void from_json(const nlohmann::json& j, call_record& r) {
    j.at("id").get_to(r.id);
    get_opt(j, "organizationId", r.organization_id);
    get_opt(j, "direction", r.direction);
    get_opt(j, "status", r.status);
    get_opt(j, "fromNumber", r.from_number);
    get_opt(j, "toNumber", r.to_number);
    get_opt(j, "initiatedAt", r.initiated_at);
    get_opt(j, "createdAt", r.created_at);
    get_opt(j, "updatedAt", r.updated_at);
    get_opt(j, "agentId", r.agent_id);
    get_opt(j, "sipTrunkId", r.sip_trunk_id);
    get_opt(j, "agentCallerIdName", r.agent_caller_id_name);
    get_opt(j, "agentName", r.agent_name);
    get_opt(j, "variables", r.variables);
    get_opt(j, "recordingUrl", r.recording_url);
    get_opt(j, "hangupCause", r.hangup_cause);
    get_opt(j, "errorMessage", r.error_message);
    get_opt(j, "transcript", r.transcript);
    get_opt(j, "summary", r.summary);
    get_opt(j, "metrics", r.metrics);
    get_opt(j, "startedAt", r.started_at);
    get_opt(j, "endedAt", r.ended_at);
    get_opt(j, "durationSeconds", r.duration_seconds);
    get_opt(j, "postCallWebhookStatus", r.post_call_webhook_status);
    get_opt(j, "preCallWebhookStatus", r.pre_call_webhook_status);
}

static std::size_t on_data(char* p, std::size_t size, std::size_t n, void* user) {
    static_cast<std::string*>(user)->append(p, size * n);
    return size * n;
}

int main() {
    const char* key = std::getenv("REVRING_API_KEY");
    const char* base = std::getenv("REVRING_BASE_URL");
    if (!key) return 2;
    const std::string url = std::string(base ? base : "https://api.revring.ai/v1") + "/calls";
    const std::string text = nlohmann::json{{"agentId", "7d1f4b2a-5e6c-4a8b-9f0e-1a2b3c4d5e6f"},
                                            {"toNumber", "+15551234567"},
                                            {"fromNumber", "+15557654321"},
                                            {"callerIdName", "Acme Dental"}}
                                 .dump();
    CURL* h = curl_easy_init();
    curl_slist* headers = curl_slist_append(nullptr, "Content-Type: application/json");
    headers = curl_slist_append(headers, ("x-api-key: " + std::string(key)).c_str());
    std::string body;
    curl_easy_setopt(h, CURLOPT_URL, url.c_str());
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, text.c_str());
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &body);
    const CURLcode rc = curl_easy_perform(h);
    long status = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(headers);
    curl_easy_cleanup(h);
    if (rc != CURLE_OK || status < 200 || status > 299) {
        std::cerr << "failed: " << curl_easy_strerror(rc) << " HTTP " << status << "\n";
        return 1;
    }
    try {
        const auto rec = nlohmann::json::parse(body).at("data").get<call_record>();
        std::cout << rec.id << " " << rec.status.value_or("?") << "\n";
    } catch (const std::exception& e) {
        std::cerr << e.what() << "\n";
        return 1;
    }
}
