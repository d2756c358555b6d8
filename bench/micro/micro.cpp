// Micro benchmarks (Google Benchmark): building and serializing the Send Call
// request, and parsing the ~3.2 KB call record (bench/data/call_record.json)
// into a struct, for this project and its peers.
//
//   micro [--benchmark_* flags]
//
// Serialize (each iteration builds the request from the same constants and
// produces the JSON text in a fresh std::string):
//   revring        SendCallRequest (consteval-checked literals) + revring::to_json
//   revring_try    the same with revring::try_to_json (what the client calls)
//   revring_reserved  to_json's writer with the output reserved first (what
//                  a one-line reserve in to_json would give)
//   handwritten    std::string appends with a minimal JSON string escaper
//   boost_dom      boost::json::object + boost::json::serialize
//   nlohmann       nlohmann::json + dump()
//   `/plain`: agentId, toNumber, fromNumber, callerIdName, skipQueue;
//   `/vars`: the same plus two template variables (the end-to-end request).
// Parse (each iteration turns the body text into a record):
//   revring             revring::from_json<SendCallResponse> (typed: uuid,
//                       date-times, enums checked and converted), straight
//                       from the parser's events
//   revring_dom         revring::detail::from_json_dom: a DOM in an arena,
//                       then converted (the previous path; now for errors)
//   revring_decode_only that path's conversion from an already parsed DOM
//   boost_dom_convert   boost::json::parse + hand-written value_to conversion
//   boost_dom_only      boost::json::parse alone
//   boost_basic_parser_null  boost::json::basic_parser, a handler that keeps
//                       nothing (the floor of any Boost.JSON-based parser)
//   nlohmann            nlohmann::json::parse + hand-written conversion
//   simdjson_ondemand   simdjson on-demand, every value visited; documented
//                       members kept as string_views, free-form members as a
//                       flat token list (the parse floor: no owning copies)
//   memcpy              copying the body (the physical floor)
// Before the benchmarks run, each parser's record is digested (bench.hpp):
// the digests must agree, or the program fails.
#include "../common/bench.hpp"
#include "../common/boost_dom_record.hpp"
#include "../common/nlohmann_record.hpp"
#include "../common/revring_fixture.hpp"
#include "../common/simdjson_record.hpp"

#include <revring/gen/json.hpp>
#include <revring/json/decode.hpp>

#include <benchmark/benchmark.h>
#include <boost/json.hpp>
#include <boost/json/basic_parser_impl.hpp>
#include <nlohmann/json.hpp>

#include <cstring>
#include <iostream>
#include <map>
#include <stdexcept>
#include <string_view>
#include <utility>

#ifndef BENCH_DATA_DIR
#error "BENCH_DATA_DIR must name bench/data"
#endif

namespace {

const std::string& body() {
    static const std::string b = bench::read_file(BENCH_DATA_DIR "/call_record.json");
    return b;
}

// ---------------------------------------------------------------------------
// Serialize

void escape_into(std::string& out, std::string_view s) {
    out.push_back('"');
    std::size_t run = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        out.append(s.data() + run, i - run);
        run = i + 1;
        switch (c) {
        case '"': out.append("\\\""); break;
        case '\\': out.append("\\\\"); break;
        case '\n': out.append("\\n"); break;
        case '\r': out.append("\\r"); break;
        case '\t': out.append("\\t"); break;
        default: {
            static constexpr char hex[] = "0123456789abcdef";
            const char u[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            out.append(u, 6);
        }
        }
    }
    out.append(s.data() + run, s.size() - run);
    out.push_back('"');
}

/// What a careful engineer writes by hand for this one request.
struct hand_request {
    std::string_view agent_id, to_number, from_number, caller_id_name;
    bool skip_queue = false;
    std::pair<std::string_view, std::string_view> vars[2];
    std::size_t nvars = 0;
};

std::string hand_serialize(const hand_request& r) {
    std::string out;
    out.reserve(256);
    out.append("{\"agentId\":");
    escape_into(out, r.agent_id);
    out.append(",\"toNumber\":");
    escape_into(out, r.to_number);
    out.append(",\"fromNumber\":");
    escape_into(out, r.from_number);
    if (r.nvars) {
        out.append(",\"variables\":{");
        for (std::size_t i = 0; i < r.nvars; ++i) {
            if (i) out.push_back(',');
            escape_into(out, r.vars[i].first);
            out.push_back(':');
            escape_into(out, r.vars[i].second);
        }
        out.push_back('}');
    }
    out.append(",\"callerIdName\":");
    escape_into(out, r.caller_id_name);
    out.append(r.skip_queue ? ",\"skipQueue\":true}" : ",\"skipQueue\":false}");
    return out;
}

hand_request make_hand(bool vars) {
    hand_request r{bench::agent_id, bench::to_number, bench::from_number, bench::caller_id_name, false, {}, 0};
    if (vars) {
        r.vars[0] = {"customerName", bench::var_customer};
        r.vars[1] = {"appointmentTime", bench::var_appointment};
        r.nvars = 2;
    }
    return r;
}

boost::json::object make_dom(bool vars) {
    boost::json::object o;
    o.reserve(6);
    o.emplace("agentId", bench::agent_id);
    o.emplace("toNumber", bench::to_number);
    o.emplace("fromNumber", bench::from_number);
    if (vars)
        o.emplace("variables", boost::json::object{{"customerName", bench::var_customer},
                                                   {"appointmentTime", bench::var_appointment}});
    o.emplace("callerIdName", bench::caller_id_name);
    o.emplace("skipQueue", false);
    return o;
}

nlohmann::json make_nl(bool vars) {
    nlohmann::json j = {{"agentId", bench::agent_id},
                        {"toNumber", bench::to_number},
                        {"fromNumber", bench::from_number},
                        {"callerIdName", bench::caller_id_name},
                        {"skipQueue", false}};
    if (vars)
        j["variables"] = {{"customerName", bench::var_customer}, {"appointmentTime", bench::var_appointment}};
    return j;
}

revring::SendCallRequest make_revring(bool vars) { return vars ? bench::make_request() : bench::make_plain_request(); }

// One operation each: the benchmarks loop over these, and `micro --op NAME N`
// runs one N times (for callgrind's instruction counts).

void op_build_request_revring(bool vars) {
    auto r = make_revring(vars);
    benchmark::DoNotOptimize(r);
}

void op_serialize_revring(bool vars) {
    std::string s = revring::to_json(make_revring(vars));
    benchmark::DoNotOptimize(s);
}

void op_serialize_revring_try(bool vars) {
    auto s = revring::try_to_json(make_revring(vars));
    benchmark::DoNotOptimize(s);
}

/// What to_json would cost if it reserved its output (a candidate optimisation).
void op_serialize_revring_reserved(bool vars) {
    std::string s;
    s.reserve(256);
    revring::json_writer w(s);
    write_value(w, make_revring(vars));
    benchmark::DoNotOptimize(s);
}

void op_serialize_handwritten(bool vars) {
    std::string s = hand_serialize(make_hand(vars));
    benchmark::DoNotOptimize(s);
}

void op_serialize_boost_dom(bool vars) {
    std::string s = boost::json::serialize(make_dom(vars));
    benchmark::DoNotOptimize(s);
}

void op_serialize_nlohmann(bool vars) {
    std::string s = make_nl(vars).dump();
    benchmark::DoNotOptimize(s);
}

template <void (*F)(bool)> void BM_vars(benchmark::State& st) {
    const bool vars = st.range(0) != 0;
    for (auto _ : st) F(vars);
}

// ---------------------------------------------------------------------------
// Parse

void op_parse_revring() {
    auto r = revring::from_json<revring::SendCallResponse>(body());
    if (!r) throw std::runtime_error("decode failed");
    benchmark::DoNotOptimize(r);
}

/// from_json, then every free-form object read once: the objects kept as text
/// are parsed on first read (what a consumer of the whole transcript pays).
void op_parse_revring_read_free_form() {
    auto r = revring::from_json<revring::SendCallResponse>(body());
    if (!r) throw std::runtime_error("decode failed");
    const auto& d = std::as_const(r->data);
    std::size_t n = d.variables ? d.variables->object().size() : 0;
    if (d.transcript)
        for (const auto& e : *d.transcript) n += e.object().size();
    if (d.metrics) n += d.metrics->object().size();
    benchmark::DoNotOptimize(n);
    benchmark::DoNotOptimize(r);
}

void op_parse_revring_dom() {
    auto r = revring::detail::from_json_dom<revring::SendCallResponse>(body());
    if (!r) throw std::runtime_error("decode failed");
    benchmark::DoNotOptimize(r);
}

void op_parse_revring_decode_only() {
    static const boost::json::value jv = boost::json::parse(body());
    auto r = revring::from_json_value<revring::SendCallResponse>(jv);
    if (!r) throw std::runtime_error("decode failed");
    benchmark::DoNotOptimize(r);
}

void op_parse_boost_dom_convert() {
    const boost::json::value jv = boost::json::parse(body());
    auto r = boost::json::value_to<dom_peer::call_record>(jv.as_object().at("data"));
    benchmark::DoNotOptimize(r);
}

void op_parse_boost_dom_only() {
    boost::json::value jv = boost::json::parse(body());
    benchmark::DoNotOptimize(jv);
}

/// boost::json::basic_parser with a handler that keeps nothing: what any
/// Boost.JSON-based parser pays before it builds anything.
struct null_handler {
    constexpr static std::size_t max_object_size = std::size_t(-1);
    constexpr static std::size_t max_array_size = std::size_t(-1);
    constexpr static std::size_t max_key_size = std::size_t(-1);
    constexpr static std::size_t max_string_size = std::size_t(-1);
    std::size_t n = 0;
    bool on_document_begin(boost::system::error_code&) { return true; }
    bool on_document_end(boost::system::error_code&) { return true; }
    bool on_object_begin(boost::system::error_code&) { return true; }
    bool on_object_end(std::size_t, boost::system::error_code&) { return true; }
    bool on_array_begin(boost::system::error_code&) { return true; }
    bool on_array_end(std::size_t, boost::system::error_code&) { return true; }
    bool on_key_part(boost::json::string_view, std::size_t, boost::system::error_code&) { return true; }
    bool on_key(boost::json::string_view s, std::size_t, boost::system::error_code&) { n += s.size(); return true; }
    bool on_string_part(boost::json::string_view, std::size_t, boost::system::error_code&) { return true; }
    bool on_string(boost::json::string_view s, std::size_t, boost::system::error_code&) { n += s.size(); return true; }
    bool on_number_part(boost::json::string_view, boost::system::error_code&) { return true; }
    bool on_int64(std::int64_t v, boost::json::string_view, boost::system::error_code&) { n += static_cast<std::size_t>(v); return true; }
    bool on_uint64(std::uint64_t v, boost::json::string_view, boost::system::error_code&) { n += v; return true; }
    bool on_double(double v, boost::json::string_view, boost::system::error_code&) { n += v > 0; return true; }
    bool on_bool(bool v, boost::system::error_code&) { n += v; return true; }
    bool on_null(boost::system::error_code&) { return true; }
    bool on_comment_part(boost::json::string_view, boost::system::error_code&) { return true; }
    bool on_comment(boost::json::string_view, boost::system::error_code&) { return true; }
};

void op_parse_boost_basic_parser_null() {
    static boost::json::basic_parser<null_handler> p(boost::json::parse_options{});
    boost::system::error_code ec;
    p.reset();
    p.write_some(false, body().data(), body().size(), ec);
    if (ec) throw std::runtime_error("parse failed");
    benchmark::DoNotOptimize(p.handler().n);
}

void op_parse_nlohmann() {
    auto r = nlohmann::json::parse(body()).at("data").get<nl_peer::call_record>();
    benchmark::DoNotOptimize(r);
}

// --- simdjson on-demand ----------------------------------------------------

using sj_peer::sj_parse;
using sj_peer::sj_record;
using sj_peer::token;

/// Rebuilds a Boost.JSON value from tokens (for the digest check only).
boost::json::value rebuild(const std::vector<token>& t, std::size_t& i) {
    const token& x = t[i++];
    switch (x.kind) {
    case token::begin_object: {
        boost::json::object o;
        while (t[i].kind != token::end_object) {
            const std::string_view k = t[i++].text;
            o[k] = rebuild(t, i);
        }
        ++i;
        return o;
    }
    case token::begin_array: {
        boost::json::array a;
        while (t[i].kind != token::end_array) a.push_back(rebuild(t, i));
        ++i;
        return a;
    }
    case token::string: return boost::json::string(x.text);
    case token::integer: return x.i;
    case token::number: return x.d;
    case token::boolean: return x.i != 0;
    default: return nullptr;
    }
}

std::string sj_digest(const sj_record& r) {
    bench::digest d;
    auto s = [&](std::string_view name, std::string_view v) {
        d.member(name);
        if (v.data() == nullptr)
            d.null();
        else
            d.string(v);
    };
    auto ff = [&](std::string_view name, std::pair<std::size_t, std::size_t> range) {
        d.member(name);
        if (range.first == range.second) return d.null();
        std::size_t i = range.first;
        bench::feed(d, rebuild(r.tokens, i));
    };
    s("id", r.id), s("organizationId", r.organization_id), s("direction", r.direction), s("status", r.status);
    s("fromNumber", r.from_number), s("toNumber", r.to_number), s("initiatedAt", r.initiated_at);
    s("createdAt", r.created_at), s("updatedAt", r.updated_at), s("agentId", r.agent_id);
    s("sipTrunkId", r.sip_trunk_id), s("agentCallerIdName", r.agent_caller_id_name), s("agentName", r.agent_name);
    ff("variables", r.variables);
    s("recordingUrl", r.recording_url), s("hangupCause", r.hangup_cause), s("errorMessage", r.error_message);
    ff("transcript", r.transcript);
    s("summary", r.summary);
    ff("metrics", r.metrics);
    s("startedAt", r.started_at), s("endedAt", r.ended_at);
    d.member("durationSeconds");
    if (r.has_duration)
        d.integer(r.duration_seconds);
    else
        d.null();
    s("postCallWebhookStatus", r.post_call_webhook_status), s("preCallWebhookStatus", r.pre_call_webhook_status);
    return d.hex();
}

void op_parse_simdjson_ondemand() {
    static const simdjson::padded_string text(body());
    static simdjson::ondemand::parser p;
    static sj_record r = [] {
        sj_record x;
        x.tokens.reserve(256);
        return x;
    }();
    sj_parse(p, text, r);
    benchmark::DoNotOptimize(r);
    benchmark::ClobberMemory();
}

void op_memcpy() {
    static std::vector<char> dst(body().size());
    std::memcpy(dst.data(), body().data(), body().size());
    benchmark::DoNotOptimize(dst.data());
    benchmark::ClobberMemory();
}

template <void (*F)()> void BM_body(benchmark::State& st) {
    for (auto _ : st) F();
    st.SetBytesProcessed(static_cast<std::int64_t>(st.iterations()) * static_cast<std::int64_t>(body().size()));
}

/// The digests of every parser, and the serializers' outputs, must agree.
bool check() {
    std::map<std::string, std::string> digests;
    {
        auto r = revring::from_json<revring::SendCallResponse>(body());
        if (!r) {
            std::cerr << "revring: " << r.error().message << "\n";
            return false;
        }
        digests["revring"] = bench::digest_of(r->data);
    }
    {
        const boost::json::value jv = boost::json::parse(body());
        digests["boost_dom_convert"] =
            dom_peer::digest_of(boost::json::value_to<dom_peer::call_record>(jv.as_object().at("data")));
    }
    digests["nlohmann"] = nl_peer::digest_of(nlohmann::json::parse(body()).at("data").get<nl_peer::call_record>());
    {
        const simdjson::padded_string text(body());
        simdjson::ondemand::parser p;
        sj_record r;
        sj_parse(p, text, r);
        digests["simdjson_ondemand"] = sj_digest(r);
    }
    bool ok = true;
    std::cout << "{\"check\":\"parse_digests\"";
    for (const auto& [k, v] : digests) {
        std::cout << ",\"" << k << "\":\"" << v << "\"";
        ok = ok && v == digests.begin()->second;
    }
    std::cout << ",\"agree\":" << (ok ? "true" : "false") << "}\n";

    // Serializers: the same JSON value (member order aside).
    for (bool vars : {false, true}) {
        const auto ref = boost::json::parse(hand_serialize(make_hand(vars)));
        const bool same = boost::json::parse(revring::to_json(make_revring(vars))) == ref &&
                          boost::json::parse(boost::json::serialize(make_dom(vars))) == ref &&
                          boost::json::parse(make_nl(vars).dump()) == ref;
        std::cout << "{\"check\":\"serialize_" << (vars ? "vars" : "plain") << "\",\"agree\":"
                  << (same ? "true" : "false") << ",\"bytes\":" << revring::to_json(make_revring(vars)).size()
                  << "}\n";
        ok = ok && same;
    }
    return ok;
}

struct named_op {
    const char* name;
    void (*vars_op)(bool);
    void (*body_op)();
    bool vars;
};

// clang-format off
const named_op ops[] = {
    {"BM_build_request_revring/vars:0", op_build_request_revring, nullptr, false},
    {"BM_build_request_revring/vars:1", op_build_request_revring, nullptr, true},
    {"BM_serialize_revring/vars:0", op_serialize_revring, nullptr, false},
    {"BM_serialize_revring/vars:1", op_serialize_revring, nullptr, true},
    {"BM_serialize_revring_try/vars:0", op_serialize_revring_try, nullptr, false},
    {"BM_serialize_revring_try/vars:1", op_serialize_revring_try, nullptr, true},
    {"BM_serialize_revring_reserved/vars:0", op_serialize_revring_reserved, nullptr, false},
    {"BM_serialize_revring_reserved/vars:1", op_serialize_revring_reserved, nullptr, true},
    {"BM_serialize_handwritten/vars:0", op_serialize_handwritten, nullptr, false},
    {"BM_serialize_handwritten/vars:1", op_serialize_handwritten, nullptr, true},
    {"BM_serialize_boost_dom/vars:0", op_serialize_boost_dom, nullptr, false},
    {"BM_serialize_boost_dom/vars:1", op_serialize_boost_dom, nullptr, true},
    {"BM_serialize_nlohmann/vars:0", op_serialize_nlohmann, nullptr, false},
    {"BM_serialize_nlohmann/vars:1", op_serialize_nlohmann, nullptr, true},
    {"BM_parse_revring", nullptr, op_parse_revring, false},
    {"BM_parse_revring_read_free_form", nullptr, op_parse_revring_read_free_form, false},
    {"BM_parse_revring_dom", nullptr, op_parse_revring_dom, false},
    {"BM_parse_revring_decode_only", nullptr, op_parse_revring_decode_only, false},
    {"BM_parse_boost_dom_convert", nullptr, op_parse_boost_dom_convert, false},
    {"BM_parse_boost_dom_only", nullptr, op_parse_boost_dom_only, false},
    {"BM_parse_boost_basic_parser_null", nullptr, op_parse_boost_basic_parser_null, false},
    {"BM_parse_nlohmann", nullptr, op_parse_nlohmann, false},
    {"BM_parse_simdjson_ondemand", nullptr, op_parse_simdjson_ondemand, false},
    {"BM_memcpy", nullptr, op_memcpy, false},
};
// clang-format on

} // namespace

BENCHMARK(BM_vars<op_build_request_revring>)->Name("BM_build_request_revring")->ArgName("vars")->Arg(0)->Arg(1);
BENCHMARK(BM_vars<op_serialize_revring>)->Name("BM_serialize_revring")->ArgName("vars")->Arg(0)->Arg(1);
BENCHMARK(BM_vars<op_serialize_revring_try>)->Name("BM_serialize_revring_try")->ArgName("vars")->Arg(0)->Arg(1);
BENCHMARK(BM_vars<op_serialize_revring_reserved>)->Name("BM_serialize_revring_reserved")->ArgName("vars")->Arg(0)->Arg(1);
BENCHMARK(BM_vars<op_serialize_handwritten>)->Name("BM_serialize_handwritten")->ArgName("vars")->Arg(0)->Arg(1);
BENCHMARK(BM_vars<op_serialize_boost_dom>)->Name("BM_serialize_boost_dom")->ArgName("vars")->Arg(0)->Arg(1);
BENCHMARK(BM_vars<op_serialize_nlohmann>)->Name("BM_serialize_nlohmann")->ArgName("vars")->Arg(0)->Arg(1);
BENCHMARK(BM_body<op_parse_revring>)->Name("BM_parse_revring");
BENCHMARK(BM_body<op_parse_revring_read_free_form>)->Name("BM_parse_revring_read_free_form");
BENCHMARK(BM_body<op_parse_revring_dom>)->Name("BM_parse_revring_dom");
BENCHMARK(BM_body<op_parse_revring_decode_only>)->Name("BM_parse_revring_decode_only");
BENCHMARK(BM_body<op_parse_boost_dom_convert>)->Name("BM_parse_boost_dom_convert");
BENCHMARK(BM_body<op_parse_boost_dom_only>)->Name("BM_parse_boost_dom_only");
BENCHMARK(BM_body<op_parse_boost_basic_parser_null>)->Name("BM_parse_boost_basic_parser_null");
BENCHMARK(BM_body<op_parse_nlohmann>)->Name("BM_parse_nlohmann");
BENCHMARK(BM_body<op_parse_simdjson_ondemand>)->Name("BM_parse_simdjson_ondemand");
BENCHMARK(BM_body<op_memcpy>)->Name("BM_memcpy");

int main(int argc, char** argv) {
    if (argc == 4 && std::string_view(argv[1]) == "--op") {
        // micro --op NAME N: NAME run N times, nothing else (for callgrind).
        const long n = std::atol(argv[3]);
        for (const auto& o : ops) {
            if (std::string_view(o.name) != argv[2]) continue;
            for (long i = 0; i < n; ++i) {
                if (o.vars_op)
                    o.vars_op(o.vars);
                else
                    o.body_op();
            }
            return 0;
        }
        std::cerr << "micro: no operation " << argv[2] << "\n";
        return 2;
    }
    if (argc == 2 && std::string_view(argv[1]) == "--list-ops") {
        for (const auto& o : ops) std::cout << o.name << "\n";
        return 0;
    }
    if (!check()) {
        std::cerr << "micro: the parsers or serializers disagree; not benchmarking\n";
        return 1;
    }
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 2;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
