// revring-cpp benchmark kit: the call record as a straightforward Boost.JSON
// DOM client reads it (boost::json::parse, then a hand-written value_to
// conversion: strings for the documented members, boost::json::object for the
// free-form ones), and the digest walk over it (bench.hpp).
#ifndef REVRING_BENCH_BOOST_DOM_RECORD_HPP
#define REVRING_BENCH_BOOST_DOM_RECORD_HPP

#include "bench.hpp"
#include "digest_boost.hpp"

#include <boost/json/value_to.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace dom_peer {

namespace json = boost::json;

struct call_record {
    std::string id;
    std::optional<std::string> organization_id, direction, status, from_number, to_number, initiated_at, created_at,
        updated_at, agent_id, sip_trunk_id, agent_caller_id_name, agent_name;
    std::optional<json::object> variables;
    std::optional<std::string> recording_url, hangup_cause, error_message;
    std::optional<std::vector<json::object>> transcript;
    std::optional<std::string> summary;
    std::optional<json::object> metrics;
    std::optional<std::string> started_at, ended_at;
    std::optional<std::int64_t> duration_seconds;
    std::optional<std::string> post_call_webhook_status, pre_call_webhook_status;
};

template <class T> void get_opt(const json::object& o, std::string_view key, std::optional<T>& out) {
    const json::value* v = o.if_contains(key);
    if (!v || v->is_null())
        out.reset();
    else
        out = json::value_to<T>(*v);
}

inline call_record tag_invoke(json::value_to_tag<call_record>, const json::value& jv) {
    const json::object& o = jv.as_object();
    call_record r;
    r.id = json::value_to<std::string>(o.at("id"));
    get_opt(o, "organizationId", r.organization_id);
    get_opt(o, "direction", r.direction);
    get_opt(o, "status", r.status);
    get_opt(o, "fromNumber", r.from_number);
    get_opt(o, "toNumber", r.to_number);
    get_opt(o, "initiatedAt", r.initiated_at);
    get_opt(o, "createdAt", r.created_at);
    get_opt(o, "updatedAt", r.updated_at);
    get_opt(o, "agentId", r.agent_id);
    get_opt(o, "sipTrunkId", r.sip_trunk_id);
    get_opt(o, "agentCallerIdName", r.agent_caller_id_name);
    get_opt(o, "agentName", r.agent_name);
    get_opt(o, "variables", r.variables);
    get_opt(o, "recordingUrl", r.recording_url);
    get_opt(o, "hangupCause", r.hangup_cause);
    get_opt(o, "errorMessage", r.error_message);
    get_opt(o, "transcript", r.transcript);
    get_opt(o, "summary", r.summary);
    get_opt(o, "metrics", r.metrics);
    get_opt(o, "startedAt", r.started_at);
    get_opt(o, "endedAt", r.ended_at);
    get_opt(o, "durationSeconds", r.duration_seconds);
    get_opt(o, "postCallWebhookStatus", r.post_call_webhook_status);
    get_opt(o, "preCallWebhookStatus", r.pre_call_webhook_status);
    return r;
}

inline void feed(bench::digest& d, const std::optional<std::string>& s) {
    if (s)
        d.string(*s);
    else
        d.null();
}
inline void feed(bench::digest& d, const std::optional<json::object>& o) {
    if (o)
        bench::feed(d, *o);
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
        for (const auto& e : *r.transcript) bench::feed(d, e);
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

} // namespace dom_peer

#endif
