// revring mock: routes, authentication, validation and call records.
//
// Requests are read with the library's generated decoders and `validate`,
// responses written with its encoders, so the mock accepts exactly what the
// typed client may send and answers what it can decode.
#include "mock_api.hpp"

#include <revring/gen/json.hpp>
#include <revring/gen/types.hpp>
#include <revring/json/decode.hpp>

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <stdexcept>
#include <variant>

namespace revring::mock::detail {
namespace {

std::string_view reason(unsigned status) noexcept {
    switch (status) {
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 409: return "Conflict";
    case 413: return "Payload Too Large";
    case 415: return "Unsupported Media Type";
    case 422: return "Unprocessable Entity";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    default: return "Error";
    }
}

api_response ok(std::string body) { return {200, std::move(body), {}}; }

api_response method_not_allowed(std::string_view allow) {
    auto r = error_response(405, "method not allowed; use " + std::string(allow));
    r.allow = std::string(allow);
    return r;
}

// The description gives Get Call and Cancel Call no request body, so a body
// (of any media type) is refused, as Prism refuses it.
api_response no_body_expected() { return error_response(415, "this operation takes no request body"); }

// Constant-time comparison, so the key cannot be guessed byte by byte from
// response times.
bool key_matches(std::string_view given, std::string_view expected) noexcept {
    return given.size() == expected.size() && CRYPTO_memcmp(given.data(), expected.data(), given.size()) == 0;
}

bool is_json_media_type(std::optional<std::string_view> content_type) {
    if (!content_type) return false;
    std::string_view t = *content_type;
    t = t.substr(0, t.find(';'));
    while (!t.empty() && (t.back() == ' ' || t.back() == '\t')) t.remove_suffix(1);
    constexpr std::string_view json = "application/json";
    return t.size() == json.size() &&
           std::equal(t.begin(), t.end(), json.begin(), [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == b; });
}

// A random (version 4) uuid for a new call.
revring::uuid new_call_id() {
    std::array<std::uint8_t, 16> b{};
    if (RAND_bytes(b.data(), static_cast<int>(b.size())) != 1) throw std::runtime_error("RAND_bytes failed");
    b[6] = static_cast<std::uint8_t>((b[6] & 0x0F) | 0x40);
    b[8] = static_cast<std::uint8_t>((b[8] & 0x3F) | 0x80);
    return revring::uuid::from_bytes(b);
}

revring::date_time to_date_time(time_point t) { return std::chrono::floor<std::chrono::microseconds>(t); }

revring::CallStatus to_call_status(call_state s) noexcept {
    switch (s) {
    case call_state::queued: return revring::CallStatus::queued;
    case call_state::initiated: return revring::CallStatus::initiated;
    case call_state::ongoing: return revring::CallStatus::ongoing;
    case call_state::completed: return revring::CallStatus::completed;
    case call_state::canceled: return revring::CallStatus::canceled;
    }
    return revring::CallStatus::queued;
}

// The variables a call runs with: the system variables, overridden by the
// ones Send Call gave (the API's documented merge order).
boost::json::object merged_variables(const call_request& req) {
    boost::json::object v;
    v["direction"] = "outbound";
    v["user_number"] = req.to_number;
    v["agent_number"] = req.from_number;
    v["timezone"] = "UTC";
    v["language"] = "en";
    if (req.variables)
        for (const auto& kv : *req.variables) v[kv.key()] = kv.value();
    return v;
}

template <class T> revring::optional<T> maybe(bool present, T value) {
    return present ? revring::optional<T>(std::move(value)) : revring::optional<T>();
}

template <class T> revring::optional<revring::date_time> maybe_time(const std::optional<T>& t) {
    return t ? revring::optional<revring::date_time>(to_date_time(*t)) : revring::optional<revring::date_time>();
}

std::vector<revring::json_object> transcript_of(const call_request& req) {
    std::string greeting = "Hello, this is a test call from the revring mock.";
    if (req.variables)
        if (const auto* name = req.variables->if_contains("customer_name"); name && name->is_string())
            greeting = "Hello " + std::string(name->get_string()) + ", this is a test call from the revring mock.";
    return {
        revring::json_object(boost::json::object{{"role", "agent"}, {"content", greeting}}),
        revring::json_object(boost::json::object{{"role", "user"}, {"content", "Thanks, goodbye."}}),
    };
}

// The record as the API shows it at the snapshot's instant. Members the mock
// has no value for are left out (absent and null mean the same to clients).
revring::CallRecord to_record(const call_snapshot& s, bool minimal) {
    const call_entry& e = *s.entry;
    const bool completed = s.state == call_state::completed;
    const bool full = !minimal;
    revring::optional<std::int64_t> duration;
    if (s.answered_at && s.ended_at)
        duration = std::chrono::duration_cast<std::chrono::seconds>(*s.ended_at - *s.answered_at).count();
    revring::optional<std::string> caller_id_name;
    if (e.request.caller_id_name) caller_id_name = *e.request.caller_id_name;

    return revring::CallRecord{
        .id = e.id,
        .organization_id = std::string("org_revring_mock"),
        .direction = revring::open_enum<revring::CallDirection>(revring::CallDirection::outbound),
        .status = revring::open_enum<revring::CallStatus>(to_call_status(s.state)),
        .from_number = e.request.from_number,
        .to_number = e.request.to_number,
        .initiated_at = maybe_time(s.initiated_at),
        .created_at = to_date_time(e.created_at),
        .updated_at = to_date_time(s.updated_at),
        .agent_id = e.request.agent_id,
        .sip_trunk_id = {},
        .agent_caller_id_name = std::move(caller_id_name),
        .agent_name = {},
        .variables = maybe(full, revring::json_object(merged_variables(e.request))),
        .recording_url = {},
        .hangup_cause = maybe(completed, std::string("USER_ENDED")),
        .error_message = {},
        .transcript = maybe(full && completed, transcript_of(e.request)),
        .summary = maybe(full && completed,
                         std::string("The mock agent greeted the callee, who thanked it and ended the call.")),
        .metrics = maybe(full, revring::json_object()),
        .started_at = maybe_time(s.answered_at),
        .ended_at = maybe_time(s.ended_at),
        .duration_seconds = duration,
        .post_call_webhook_status = {},
        .pre_call_webhook_status = {},
    };
}

// Decodes and validates a request body with the library's generated code:
// 400 for a body that is not JSON, 422 for one that breaks the description.
template <class T> std::variant<T, api_response> read_body(const api_request& req) {
    if (!is_json_media_type(req.content_type)) return error_response(415, "Content-Type must be application/json");
    auto decoded = revring::from_json<T>(req.body);
    if (!decoded) {
        const revring::error& e = decoded.error();
        return error_response(e.cause ? 400 : 422, e.message, e.pointer);
    }
    if (auto invalid = validate(*decoded)) return error_response(422, invalid->message, invalid->pointer);
    return std::move(*decoded);
}

std::optional<revring::uuid> parse_path_id(std::string_view id) {
    auto parsed = revring::uuid::parse(id);
    if (!parsed) return std::nullopt;
    return *parsed;
}

api_response bad_path_id() {
    return error_response(422, "path parameter id: uuid: value breaks format uuid");
}

} // namespace

api_response error_response(unsigned status, std::string_view message, std::string_view pointer) {
    boost::json::object o;
    o["statusCode"] = status;
    o["error"] = reason(status);
    o["message"] = message;
    if (!pointer.empty()) o["pointer"] = pointer;
    return {status, boost::json::serialize(o), {}};
}

mock_api::mock_api(api_settings s) : settings_(std::move(s)), store_(settings_.step, settings_.max_concurrent) {
    if (settings_.api_key.empty()) throw std::invalid_argument("the mock needs an API key");
}

api_response mock_api::handle(const api_request& req, time_point now) {
    // Authentication first, so unauthenticated clients learn nothing about routes.
    if (!req.api_key) return error_response(401, "missing x-api-key header");
    if (!key_matches(*req.api_key, settings_.api_key)) return error_response(401, "invalid API key");

    std::string_view path = req.target.substr(0, req.target.find('?'));
    if (!settings_.base_path.empty()) {
        if (!path.starts_with(settings_.base_path)) return error_response(404, "no such route");
        path.remove_prefix(settings_.base_path.size());
    }
    constexpr std::string_view calls = "/calls";
    if (!path.starts_with(calls)) return error_response(404, "no such route");
    path.remove_prefix(calls.size());

    if (path.empty()) {
        if (req.method != "POST") return method_not_allowed("POST");
        return send_call(req, now);
    }
    if (path == "/batch-get") {
        if (req.method != "POST") return method_not_allowed("POST");
        return batch_get_calls(req, now);
    }
    if (path.front() != '/') return error_response(404, "no such route");
    path.remove_prefix(1);
    const auto slash = path.find('/');
    const std::string_view id = path.substr(0, slash);
    if (id.empty()) return error_response(404, "no such route");
    if (slash == std::string_view::npos) {
        if (req.method != "GET") return method_not_allowed("GET");
        if (!req.body.empty()) return no_body_expected();
        return get_call(id, now);
    }
    if (path.substr(slash) == "/cancel") {
        if (req.method != "POST") return method_not_allowed("POST");
        if (!req.body.empty()) return no_body_expected();
        return cancel_call(id, now);
    }
    return error_response(404, "no such route");
}

api_response mock_api::send_call(const api_request& req, time_point now) {
    auto body = read_body<revring::SendCallRequest>(req);
    if (auto* err = std::get_if<api_response>(&body)) return std::move(*err);
    const auto& in = std::get<revring::SendCallRequest>(body);

    call_request call;
    call.agent_id = in.agent_id;
    call.to_number = std::string(in.to_number.view());
    call.from_number = std::string(in.from_number.view());
    if (in.variables) call.variables = in.variables->object();
    if (in.caller_id_name) call.caller_id_name = std::string(in.caller_id_name->view());
    const bool skip_queue = in.skip_queue && *in.skip_queue;

    const auto created = store_.create(new_call_id(), std::move(call), skip_queue, now);
    switch (created.status) {
    case call_store::create_status::no_free_slot:
        return error_response(429, "concurrency limit reached (" + std::to_string(settings_.max_concurrent) +
                                       " calls in progress) and skipQueue is true");
    case call_store::create_status::store_full:
        return error_response(503, "the mock holds too many calls; restart it");
    case call_store::create_status::created: break;
    }
    return ok(revring::to_json(revring::SendCallResponse{.data = to_record(*created.call, false)}));
}

api_response mock_api::get_call(std::string_view id_text, time_point now) {
    const auto id = parse_path_id(id_text);
    if (!id) return bad_path_id();
    const auto call = store_.find(*id, now);
    if (!call) return error_response(404, "call " + id->to_string() + " not found");
    return ok(revring::to_json(revring::GetCallResponse{.data = to_record(*call, false)}));
}

api_response mock_api::batch_get_calls(const api_request& req, time_point now) {
    auto body = read_body<revring::BatchGetCallsRequest>(req);
    if (auto* err = std::get_if<api_response>(&body)) return std::move(*err);
    const auto& in = std::get<revring::BatchGetCallsRequest>(body);
    const bool minimal = in.minimal && *in.minimal;

    // Known calls in the order asked for; unknown ids are left out.
    std::vector<revring::CallRecord> found;
    for (const auto& id : *in.ids)
        if (const auto call = store_.find(id, now)) found.push_back(to_record(*call, minimal));
    return ok(revring::to_json(revring::BatchGetCallsResponse{.data = std::move(found)}));
}

api_response mock_api::cancel_call(std::string_view id_text, time_point now) {
    const auto id = parse_path_id(id_text);
    if (!id) return bad_path_id();
    const auto r = store_.cancel(*id, now);
    switch (r.status) {
    case call_store::cancel_status::not_found: return error_response(404, "call " + id->to_string() + " not found");
    case call_store::cancel_status::already_ended:
        return error_response(409, "call " + id->to_string() + " has already ended (" +
                                       std::string(to_string(r.call->state)) + ")");
    case call_store::cancel_status::canceled: break;
    }
    return ok(revring::to_json(revring::CancelCallResponse{.data = to_record(*r.call, false)}));
}

} // namespace revring::mock::detail
