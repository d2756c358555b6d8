// revring-cpp benchmark kit: the Send Call request as this project builds it,
// and the digest walk over the typed revring::CallRecord.
#ifndef REVRING_BENCH_REVRING_FIXTURE_HPP
#define REVRING_BENCH_REVRING_FIXTURE_HPP

#include "bench.hpp"
#include "digest_boost.hpp"

#include <revring/date_time.hpp>
#include <revring/gen/json.hpp>
#include <revring/gen/types.hpp>

#include <string>

namespace bench {

/// The request without `variables`: nothing but inline storage.
inline revring::SendCallRequest make_plain_request() {
    return {.agent_id = "7d1f4b2a-5e6c-4a8b-9f0e-1a2b3c4d5e6f",
            .to_number = "+15551234567",
            .from_number = "+15557654321",
            .caller_id_name = "Acme Dental",
            .skip_queue = false};
}

/// The request every end-to-end peer sends: the above plus two template
/// variables (a boost::json::object, which allocates).
inline revring::SendCallRequest make_request() {
    auto r = make_plain_request();
    r.variables = boost::json::object{{"customerName", var_customer}, {"appointmentTime", var_appointment}};
    return r;
}

template <class T> void feed_opt_string(digest& d, const revring::optional<T>& v) {
    if (!v) return d.null();
    d.string(std::string_view(*v));
}

inline void feed_opt_date(digest& d, const revring::optional<revring::date_time>& v) {
    if (!v) return d.null();
    char buf[revring::date_time_max_size];
    d.string(std::string_view(buf, revring::format_date_time(*v, buf)));
}

template <class E> void feed_opt_enum(digest& d, const revring::optional<revring::open_enum<E>>& v) {
    if (!v) return d.null();
    d.string(v->to_string());
}

inline void feed_uuid(digest& d, const revring::uuid& u) {
    const auto a = u.to_chars();
    d.string(std::string_view(a.data(), a.size()));
}

inline void feed_opt_object(digest& d, const revring::optional<revring::json_object>& v) {
    if (!v) return d.null();
    feed(d, v->object());
}

/// Digest of a typed call record (see bench.hpp for the walk).
inline std::string digest_of(const revring::CallRecord& r) {
    digest d;
    d.member("id"), feed_uuid(d, r.id);
    d.member("organizationId"), feed_opt_string(d, r.organization_id);
    d.member("direction"), feed_opt_enum(d, r.direction);
    d.member("status"), feed_opt_enum(d, r.status);
    d.member("fromNumber"), feed_opt_string(d, r.from_number);
    d.member("toNumber"), feed_opt_string(d, r.to_number);
    d.member("initiatedAt"), feed_opt_date(d, r.initiated_at);
    d.member("createdAt"), feed_opt_date(d, r.created_at);
    d.member("updatedAt"), feed_opt_date(d, r.updated_at);
    d.member("agentId");
    if (r.agent_id)
        feed_uuid(d, *r.agent_id);
    else
        d.null();
    d.member("sipTrunkId"), feed_opt_string(d, r.sip_trunk_id);
    d.member("agentCallerIdName"), feed_opt_string(d, r.agent_caller_id_name);
    d.member("agentName"), feed_opt_string(d, r.agent_name);
    d.member("variables"), feed_opt_object(d, r.variables);
    d.member("recordingUrl"), feed_opt_string(d, r.recording_url);
    d.member("hangupCause"), feed_opt_string(d, r.hangup_cause);
    d.member("errorMessage"), feed_opt_string(d, r.error_message);
    d.member("transcript");
    if (!r.transcript) {
        d.null();
    } else {
        d.begin_array(r.transcript->size());
        for (const auto& e : *r.transcript) feed(d, e.object());
    }
    d.member("summary"), feed_opt_string(d, r.summary);
    d.member("metrics"), feed_opt_object(d, r.metrics);
    d.member("startedAt"), feed_opt_date(d, r.started_at);
    d.member("endedAt"), feed_opt_date(d, r.ended_at);
    d.member("durationSeconds");
    if (r.duration_seconds)
        d.integer(*r.duration_seconds);
    else
        d.null();
    d.member("postCallWebhookStatus"), feed_opt_string(d, r.post_call_webhook_status);
    d.member("preCallWebhookStatus"), feed_opt_string(d, r.pre_call_webhook_status);
    return d.hex();
}

} // namespace bench

#endif
