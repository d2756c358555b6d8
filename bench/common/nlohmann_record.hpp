// revring-cpp benchmark kit: the call record as a hand-written nlohmann::json
// client reads it (strings for the documented members, nlohmann::json for the
// free-form ones), and the digest walk over it (bench.hpp).
#ifndef REVRING_BENCH_NLOHMANN_RECORD_HPP
#define REVRING_BENCH_NLOHMANN_RECORD_HPP

#include "bench.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace nl_peer {

using json = nlohmann::json;

struct call_record {
    std::string id;
    std::optional<std::string> organization_id, direction, status, from_number, to_number, initiated_at, created_at,
        updated_at, agent_id, sip_trunk_id, agent_caller_id_name, agent_name;
    std::optional<json> variables;
    std::optional<std::string> recording_url, hangup_cause, error_message;
    std::optional<std::vector<json>> transcript;
    std::optional<std::string> summary;
    std::optional<json> metrics;
    std::optional<std::string> started_at, ended_at;
    std::optional<std::int64_t> duration_seconds;
    std::optional<std::string> post_call_webhook_status, pre_call_webhook_status;
};

template <class T> void get_opt(const json& j, const char* key, std::optional<T>& out) {
    auto it = j.find(key);
    if (it == j.end() || it->is_null())
        out.reset();
    else
        out = it->get<T>();
}

inline void from_json(const json& j, call_record& r) {
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

// --- digest (bench.hpp) ----------------------------------------------------

inline void feed(bench::digest& d, const json& j) {
    switch (j.type()) {
    case json::value_t::null: d.null(); break;
    case json::value_t::boolean: d.boolean(j.get<bool>()); break;
    case json::value_t::number_integer: d.integer(j.get<std::int64_t>()); break;
    case json::value_t::number_unsigned: d.uinteger(j.get<std::uint64_t>()); break;
    case json::value_t::number_float: d.number(j.get<double>()); break;
    case json::value_t::string: d.string(j.get_ref<const std::string&>()); break;
    case json::value_t::array:
        d.begin_array(j.size());
        for (const auto& e : j) feed(d, e);
        break;
    case json::value_t::object: // std::map: keys already in byte order
        d.begin_object(j.size());
        for (auto it = j.begin(); it != j.end(); ++it) {
            d.string(it.key());
            feed(d, it.value());
        }
        break;
    default: d.null(); break;
    }
}

inline void feed(bench::digest& d, const std::optional<std::string>& s) {
    if (s)
        d.string(*s);
    else
        d.null();
}

inline void feed(bench::digest& d, const std::optional<json>& j) {
    if (j)
        feed(d, *j);
    else
        d.null();
}

inline std::string digest_of(const call_record& r) {
    bench::digest d;
    d.member("id"), d.string(r.id);
    d.member("organizationId"), feed(d, r.organization_id);
    d.member("direction"), feed(d, r.direction);
    d.member("status"), feed(d, r.status);
    d.member("fromNumber"), feed(d, r.from_number);
    d.member("toNumber"), feed(d, r.to_number);
    d.member("initiatedAt"), feed(d, r.initiated_at);
    d.member("createdAt"), feed(d, r.created_at);
    d.member("updatedAt"), feed(d, r.updated_at);
    d.member("agentId"), feed(d, r.agent_id);
    d.member("sipTrunkId"), feed(d, r.sip_trunk_id);
    d.member("agentCallerIdName"), feed(d, r.agent_caller_id_name);
    d.member("agentName"), feed(d, r.agent_name);
    d.member("variables"), feed(d, r.variables);
    d.member("recordingUrl"), feed(d, r.recording_url);
    d.member("hangupCause"), feed(d, r.hangup_cause);
    d.member("errorMessage"), feed(d, r.error_message);
    d.member("transcript");
    if (r.transcript) {
        d.begin_array(r.transcript->size());
        for (const auto& e : *r.transcript) feed(d, e);
    } else {
        d.null();
    }
    d.member("summary"), feed(d, r.summary);
    d.member("metrics"), feed(d, r.metrics);
    d.member("startedAt"), feed(d, r.started_at);
    d.member("endedAt"), feed(d, r.ended_at);
    d.member("durationSeconds");
    if (r.duration_seconds)
        d.integer(*r.duration_seconds);
    else
        d.null();
    d.member("postCallWebhookStatus"), feed(d, r.post_call_webhook_status);
    d.member("preCallWebhookStatus"), feed(d, r.pre_call_webhook_status);
    return d.hex();
}

} // namespace nl_peer

#endif
