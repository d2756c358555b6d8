// revring calls: the four operations of the calls API through revring::client.
//
// Every value goes through the library's own types (uuid::parse,
// E164Number::parse, CallerIdName::parse, the generated validate) before
// anything is sent, and the body printed by --dry-run is the one the client
// serializes (revring::try_to_json). The client is built with retries off:
// the command never sends anything twice on its own.
#include "cli.hpp"

#include <revring/client.hpp>
#include <revring/utf8.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <iostream>

namespace revring::cli {
namespace {

/// Invalid input found by the command itself: exit status 2.
struct invalid_input {
    std::string message;
};

/// `text` quoted for a message: control characters escaped, and not shown
/// at all when it is not UTF-8 (it would garble the terminal).
std::string quoted(std::string_view text) {
    if (!revring::utf8::is_valid(text)) return "(not shown: not valid UTF-8)";
    return boost::json::serialize(boost::json::string(text));
}

/// "--to (toNumber): E164Number: value breaks pattern ...; got \"555\""
template <class T>
T parse_field(const std::optional<std::string>& value, std::string_view option, std::string_view json_name) {
    std::string field = std::string(option) + " (" + std::string(json_name) + ")";
    if (!value) throw invalid_input{field + ": required option is missing"};
    auto parsed = T::parse(*value);
    if (!parsed) throw invalid_input{field + ": " + parsed.error().message() + "; got " + quoted(*value)};
    return *parsed;
}

revring::uuid parse_call_id(const std::string& text, std::string_view what) {
    auto parsed = revring::uuid::parse(text);
    if (!parsed) throw invalid_input{std::string(what) + ": " + parsed.error().message() + "; got " + quoted(text)};
    return *parsed;
}

/// --var NAME=VALUE...: split at the first '='; values are JSON strings, byte
/// for byte; empty when no --var was given.
revring::optional<revring::json_object> parse_variables(const command_line& cl) {
    const auto vars = cl.all("--var");
    if (vars.empty()) return {};
    boost::json::object variables;
    for (const auto& v : vars) {
        const auto eq = v.find('=');
        if (eq == std::string::npos) throw invalid_input{"--var (variables): expected NAME=VALUE; got " + quoted(v)};
        const std::string name = v.substr(0, eq);
        const std::string value = v.substr(eq + 1);
        if (name.empty()) throw invalid_input{"--var (variables): NAME before '=' is empty; got " + quoted(v)};
        if (!revring::utf8::is_valid(name) || !revring::utf8::is_valid(value))
            throw invalid_input{"--var (variables): NAME=VALUE is not valid UTF-8, as JSON strings must be"};
        if (variables.contains(name))
            throw invalid_input{"--var (variables): variable '" + name + "' given more than once"};
        variables[name] = value;
    }
    return variables;
}

revring::SendCallRequest build_send_request(const command_line& cl) {
    auto agent_id = parse_field<revring::uuid>(cl.get("--agent-id"), "--agent-id", "agentId");
    auto to = parse_field<revring::E164Number>(cl.get("--to"), "--to", "toNumber");
    auto from = parse_field<revring::E164Number>(cl.get("--from"), "--from", "fromNumber");
    auto variables = parse_variables(cl);
    revring::optional<revring::CallerIdName> caller_id_name;
    if (const auto name = cl.get("--caller-id-name"))
        caller_id_name = parse_field<revring::CallerIdName>(name, "--caller-id-name", "callerIdName");
    revring::optional<bool> skip_queue;
    if (cl.has("--skip-queue")) skip_queue = true;

    revring::SendCallRequest req{
        .agent_id = agent_id,
        .to_number = to,
        .from_number = from,
        .variables = std::move(variables),
        .caller_id_name = caller_id_name,
        .skip_queue = skip_queue,
    };
    if (auto broken = validate(req)) throw invalid_input{broken->message};
    return req;
}

revring::BatchGetCallsRequest build_batch_get_request(const command_line& cl) {
    std::vector<revring::uuid> ids;
    for (std::size_t i = 0; i < cl.positionals.size(); ++i)
        ids.push_back(parse_call_id(cl.positionals[i], "CALL_ID #" + std::to_string(i + 1) + " (ids)"));
    revring::optional<bool> minimal;
    if (cl.has("--minimal")) minimal = true;
    revring::BatchGetCallsRequest req{.ids = std::move(ids), .minimal = minimal};
    if (auto broken = validate(req)) throw invalid_input{"CALL_ID... (ids): " + broken->message};
    return req;
}

// ---------------------------------------------------------------------------
// Output.

void print_json(const std::string& json) {
    std::fwrite(json.data(), 1, json.size(), stdout);
    std::fputc('\n', stdout);
}

/// A value for the text view: strings as they are (control characters
/// escaped, so a server cannot drive the terminal), the rest as JSON.
std::string text_value(const boost::json::value& v) {
    if (v.is_string()) {
        const auto& s = v.get_string();
        const bool plain = std::none_of(s.begin(), s.end(), [](char c) {
            const auto u = static_cast<unsigned char>(c);
            return u < 0x20 || u == 0x7f;
        });
        return plain ? std::string(s.data(), s.size()) : boost::json::serialize(v);
    }
    if (v.is_array() && !v.get_array().empty() && v.get_array().front().is_object())
        return std::to_string(v.get_array().size()) + " entries";
    return boost::json::serialize(v);
}

/// One call record as "name  value" lines, in the description's order.
void print_record_text(const boost::json::object& record) {
    std::size_t width = 0;
    for (const auto& kv : record) width = std::max(width, kv.key().size());
    for (const auto& kv : record) {
        std::string line(kv.key());
        line.resize(width + 2, ' ');
        line += text_value(kv.value());
        std::puts(line.c_str());
    }
}

/// Prints a response body ({"data": record} or {"data": [record...]}).
template <class Response> void print_response(const Response& r, output_format format) {
    const std::string json = revring::to_json(r);
    if (format == output_format::json) return print_json(json);
    const boost::json::value doc = boost::json::parse(json);
    const boost::json::value& data = doc.as_object().at("data");
    if (data.is_object()) return print_record_text(data.get_object());
    const auto& records = data.get_array();
    if (records.empty()) std::puts("(no calls found)");
    for (std::size_t i = 0; i < records.size(); ++i) {
        if (i) std::puts("");
        print_record_text(records[i].as_object());
    }
}

// ---------------------------------------------------------------------------
// Errors.

/// The server's own words from an error body: its "message" (or "error")
/// string when it is a JSON object, else the body itself, shortened.
std::string server_message(const std::string& body) {
    if (body.empty()) return "(empty body)";
    boost::system::error_code ec;
    const auto doc = boost::json::parse(body, ec);
    if (!ec && doc.is_object()) {
        for (const char* key : {"message", "error", "detail", "title"}) {
            const auto* v = doc.get_object().if_contains(key);
            if (v && v->is_string() && !v->get_string().empty()) return text_value(*v);
            if (v && v->is_object())
                if (const auto* m = v->get_object().if_contains("message"); m && m->is_string())
                    return text_value(*m);
        }
    }
    std::string excerpt = body.substr(0, 300);
    if (!revring::utf8::is_valid(excerpt)) return "(body is not UTF-8 text)";
    excerpt = text_value(boost::json::value(excerpt));
    return body.size() > 300 ? excerpt + "..." : excerpt;
}

int report(const revring::error& e, bool is_send) {
    using revring::errc;
    switch (e.kind()) {
    case errc::invalid_input:
        std::cerr << "revring: " << e.message << "\nNothing was sent.\n";
        return exit_usage;
    case errc::connection_failed:
    case errc::tls_failed:
    case errc::timeout:
        // what() leads with the category ("connection failed: nothing was sent").
        std::cerr << "revring: " << e.what()
                  << "\nNothing was sent. Check --base-url, the network, and --ca-file for a private CA.\n";
        return exit_unreachable;
    case errc::outcome_unknown:
    case errc::decode_failed:
        std::cerr << "revring: " << e.what() << '\n';
        if (is_send)
            std::cerr << "The call may have been placed: check with 'revring calls get' or the dashboard before"
                         " sending it again (revring never retries a send).\n";
        else
            std::cerr << "The request was sent but no complete, valid response arrived.\n";
        return exit_outcome_unknown;
    default: {
        std::cerr << "revring: the API answered HTTP " << e.http_status;
        if (e.http_status == 0) std::cerr << " (no status)";
        std::cerr << ": " << server_message(e.body);
        if (!e.request_id.empty()) std::cerr << " (request id " << e.request_id << ")";
        std::cerr << '\n';
        return exit_api_error;
    }
    }
}

output_format pick_format(const global_options& g) {
    if (g.output) return *g.output;
    return ::isatty(STDOUT_FILENO) ? output_format::text : output_format::json;
}

revring::client make_client(const global_options& g) {
    revring::client_options o;
    o.api_key = revring::api_key::from_env("REVRING_API_KEY");
    if (o.api_key.empty())
        throw invalid_input{"REVRING_API_KEY is not set: the API key comes from this environment variable only"};
    if (g.base_url) o.base_url = *g.base_url;
    if (g.ca_file) o.ca_file = *g.ca_file;
    if (g.timeout) {
        o.request_timeout = *g.timeout;
        o.connect_timeout = std::min(o.connect_timeout, *g.timeout);
    }
    o.retry = revring::retry_policy::none();
    auto c = revring::client::create(std::move(o));
    if (!c) throw revring::exception(c.error());
    return std::move(*c);
}

template <class Response> int finish(const revring::result<Response>& r, const global_options& g, bool is_send) {
    if (!r) return report(r.error(), is_send);
    print_response(*r, pick_format(g));
    return std::fflush(stdout) == 0 && !std::ferror(stdout) ? exit_ok : exit_internal;
}

} // namespace

int run_calls(const command_line& cl) {
    const std::string& verb = cl.command.at(1);
    try {
        if (verb == "send") {
            const auto req = build_send_request(cl);
            if (cl.has("--dry-run")) {
                auto body = revring::try_to_json(req);
                if (!body) return report(body.error(), true);
                print_json(*body);
                return std::fflush(stdout) == 0 ? exit_ok : exit_internal;
            }
            auto client = make_client(cl.globals);
            return finish(client.try_send_call(req), cl.globals, true);
        }
        if (verb == "get") {
            const auto id = parse_call_id(cl.positionals.at(0), "CALL_ID");
            return finish(make_client(cl.globals).try_get_call(id), cl.globals, false);
        }
        if (verb == "batch-get") {
            const auto req = build_batch_get_request(cl);
            return finish(make_client(cl.globals).try_batch_get_calls(req), cl.globals, false);
        }
        if (verb == "cancel") {
            const auto id = parse_call_id(cl.positionals.at(0), "CALL_ID");
            return finish(make_client(cl.globals).try_cancel_call(id), cl.globals, false);
        }
    } catch (const invalid_input& e) {
        std::cerr << "revring: " << e.message << "\nNothing was sent.\n";
        return exit_usage;
    } catch (const revring::exception& e) {
        return report(e.get(), verb == "send");
    }
    throw usage_error("unknown command '" + verb + "'", {"calls"});
}

} // namespace revring::cli
