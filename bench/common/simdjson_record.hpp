// simdjson on-demand, the parse floor: the call record's members read into
// views of the document (free-form objects as tokens). Used by the micro
// benchmark "parse_simdjson_ondemand" and by openssl-floor --mode
// parse-simdjson. Throws simdjson::simdjson_error on any error.
#pragma once

#include <simdjson.h>

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

namespace sj_peer {

/// A scalar or structure mark of a free-form value, in document order.
struct token {
    enum kind_t : unsigned char { begin_object, end_object, begin_array, end_array, key, string, integer, number, boolean, null } kind;
    std::string_view text{};
    std::int64_t i = 0;
    double d = 0;
};

struct sj_record {
    std::string_view id, organization_id, direction, status, from_number, to_number, initiated_at, created_at,
        updated_at, agent_id, sip_trunk_id, agent_caller_id_name, agent_name, recording_url, hangup_cause,
        error_message, summary, started_at, ended_at, post_call_webhook_status, pre_call_webhook_status;
    std::int64_t duration_seconds = 0;
    bool has_duration = false;
    // [begin, end) ranges into `tokens` (empty when absent or null)
    std::pair<std::size_t, std::size_t> variables{}, transcript{}, metrics{};
    std::vector<token> tokens; // reserved once, reused
};

inline void walk(simdjson::ondemand::value v, std::vector<token>& out) {
    using simdjson::ondemand::json_type;
    switch (v.type()) {
    case json_type::object:
        out.push_back({token::begin_object});
        for (auto f : v.get_object()) {
            out.push_back({token::key, f.unescaped_key()});
            walk(f.value(), out);
        }
        out.push_back({token::end_object});
        break;
    case json_type::array:
        out.push_back({token::begin_array});
        for (auto e : v.get_array()) walk(e.value(), out);
        out.push_back({token::end_array});
        break;
    case json_type::string: out.push_back({token::string, v.get_string()}); break;
    case json_type::number:
        if (v.get_number_type() == simdjson::ondemand::number_type::floating_point_number)
            out.push_back({token::number, {}, 0, v.get_double()});
        else
            out.push_back({token::integer, {}, v.get_int64()});
        break;
    case json_type::boolean: out.push_back({token::boolean, {}, v.get_bool() ? 1 : 0}); break;
    case json_type::null:
        (void)v.is_null();
        out.push_back({token::null});
        break;
    }
}

inline std::string_view opt_string(simdjson::ondemand::value v) {
    if (v.is_null()) return {};
    return v.get_string();
}

inline std::pair<std::size_t, std::size_t> opt_walk(simdjson::ondemand::value v, std::vector<token>& out) {
    if (v.is_null()) return {};
    const std::size_t b = out.size();
    walk(v, out);
    return {b, out.size()};
}

inline void sj_parse(simdjson::ondemand::parser& p, simdjson::padded_string_view text, sj_record& r) {
    r.tokens.clear();
    auto doc = p.iterate(text);
    simdjson::ondemand::object data = doc.get_object()["data"].get_object();
    for (auto f : data) {
        const std::string_view k = f.unescaped_key();
        simdjson::ondemand::value v = f.value();
        if (k == "id") r.id = v.get_string();
        else if (k == "organizationId") r.organization_id = opt_string(v);
        else if (k == "direction") r.direction = opt_string(v);
        else if (k == "status") r.status = opt_string(v);
        else if (k == "fromNumber") r.from_number = opt_string(v);
        else if (k == "toNumber") r.to_number = opt_string(v);
        else if (k == "initiatedAt") r.initiated_at = opt_string(v);
        else if (k == "createdAt") r.created_at = opt_string(v);
        else if (k == "updatedAt") r.updated_at = opt_string(v);
        else if (k == "agentId") r.agent_id = opt_string(v);
        else if (k == "sipTrunkId") r.sip_trunk_id = opt_string(v);
        else if (k == "agentCallerIdName") r.agent_caller_id_name = opt_string(v);
        else if (k == "agentName") r.agent_name = opt_string(v);
        else if (k == "variables") r.variables = opt_walk(v, r.tokens);
        else if (k == "recordingUrl") r.recording_url = opt_string(v);
        else if (k == "hangupCause") r.hangup_cause = opt_string(v);
        else if (k == "errorMessage") r.error_message = opt_string(v);
        else if (k == "transcript") r.transcript = opt_walk(v, r.tokens);
        else if (k == "summary") r.summary = opt_string(v);
        else if (k == "metrics") r.metrics = opt_walk(v, r.tokens);
        else if (k == "startedAt") r.started_at = opt_string(v);
        else if (k == "endedAt") r.ended_at = opt_string(v);
        else if (k == "durationSeconds") {
            r.has_duration = !v.is_null();
            if (r.has_duration) r.duration_seconds = v.get_int64();
        } else if (k == "postCallWebhookStatus") r.post_call_webhook_status = opt_string(v);
        else if (k == "preCallWebhookStatus") r.pre_call_webhook_status = opt_string(v);
    }
}

} // namespace sj_peer
