// Fuzz target: bytes -> every generated type through revring::from_json<T>,
// as they are and inside a {"data": ...} envelope.
//
// Invariants (each break is a finding):
// - from_json never crashes, leaks or reads out of bounds (ASan/UBSan);
// - it fails exactly when Boost.JSON (same depth limit) refuses the text,
//   with errc::decode_failed and "invalid JSON at byte N: ...";
// - any other failure is errc::decode_failed with "at <pointer>: <what>",
//   where the pointer is a well-formed JSON pointer that names a value of the
//   document (or, for "required member is missing", a missing member of an
//   object that exists);
// - a decoded value can be validated and re-encoded, and the encoding is
//   valid JSON;
// - whatever the decoder without a DOM (detail::decode_direct, which
//   from_json tries first) accepts, the DOM decoder accepts too, with an
//   equal value;
// - whatever its reader (detail::fast_json_reader) accepts, skipping
//   containers or not, Boost.JSON accepts.
#include "fuzz_check.hpp"
#include "fuzz_types.hpp"

#include <revring/gen/json.hpp>
#include <revring/gen/types.hpp>
#include <revring/json/decode.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace {

namespace gen = REVRING_FUZZ_NAMESPACE;

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

/// RFC 6901: "" or ("/" token)*, where "~" is only followed by "0" or "1".
bool well_formed_pointer(std::string_view p) {
    if (p.empty()) return true;
    if (p.front() != '/') return false;
    for (std::size_t i = 0; i < p.size(); ++i)
        if (p[i] == '~' && (i + 1 >= p.size() || (p[i + 1] != '0' && p[i + 1] != '1'))) return false;
    return true;
}

std::string unescape_token(std::string_view t) {
    std::string out;
    for (std::size_t i = 0; i < t.size(); ++i) {
        if (t[i] == '~' && i + 1 < t.size()) {
            out.push_back(t[i + 1] == '0' ? '~' : '/');
            ++i;
        } else {
            out.push_back(t[i]);
        }
    }
    return out;
}

std::optional<boost::json::value> reference_parse(std::string_view text) {
    boost::json::parse_options po;
    po.max_depth = REVRING_JSON_MAX_DEPTH;
    boost::system::error_code ec;
    auto jv = boost::json::parse(text, ec, {}, po);
    if (ec) return std::nullopt;
    return jv;
}

template <class T> void check_direct_matches_dom(std::string_view text) {
    T direct = revring::decode_access::make<T>();
    if (!revring::detail::decode_direct(text, direct)) return; // from_json then reports the DOM decoder's result
    const auto dom = revring::detail::from_json_dom<T>(text);
    REVRING_FUZZ_CHECK(dom.has_value(), "the direct decoder accepted what the DOM decoder refuses", text);
    // Equal, or equal as JSON text: Boost.JSON 1.81 reads `0e400` as NaN, and
    // NaN != NaN (to_json writes both NaNs as null; every other double is
    // written as the shortest text that reads back as it, so equal text is
    // equal values).
    REVRING_FUZZ_CHECK(direct == *dom || revring::to_json(direct) == revring::to_json(*dom),
                       "the direct and DOM decoders decoded different values", text);
}

template <class T> void check_type(std::string_view text, const std::optional<boost::json::value>& doc) {
    check_direct_matches_dom<T>(text);
    auto r = revring::from_json<T>(text);
    if (!r) {
        const revring::error e = r.error();
        REVRING_FUZZ_CHECK(e.is(revring::errc::decode_failed), "decode error is not decode_failed", e.message);
        if (!doc) {
            REVRING_FUZZ_CHECK(starts_with(e.message, "invalid JSON at byte "),
                               "invalid JSON reported without its byte offset", e.message);
            REVRING_FUZZ_CHECK(e.cause.failed(), "invalid JSON without the Boost.JSON cause", e.message);
            return;
        }
        REVRING_FUZZ_CHECK(well_formed_pointer(e.pointer), "malformed JSON pointer in a decode error", e.pointer);
        const std::string head = "at " + (e.pointer.empty() ? std::string("(root)") : e.pointer) + ": ";
        REVRING_FUZZ_CHECK(starts_with(e.message, head), "decode error message does not start with its pointer",
                           e.message);
        boost::system::error_code ec;
        const bool missing = e.message.size() >= 26 &&
                             e.message.compare(e.message.size() - 26, 26, "required member is missing") == 0;
        if (missing) {
            const std::size_t slash = e.pointer.rfind('/');
            REVRING_FUZZ_CHECK(slash != std::string::npos, "missing member without a member name", e.message);
            const auto* parent = doc->find_pointer(std::string_view(e.pointer).substr(0, slash), ec);
            REVRING_FUZZ_CHECK(parent && parent->is_object(), "missing member's parent is not an object", e.message);
            REVRING_FUZZ_CHECK(!parent->get_object().contains(unescape_token(e.pointer.substr(slash + 1))),
                               "member reported missing is present", e.message);
        } else {
            REVRING_FUZZ_CHECK(doc->find_pointer(e.pointer, ec) != nullptr,
                               "decode error pointer names no value of the document", e.message);
        }
        return;
    }
    REVRING_FUZZ_CHECK(doc.has_value(), "from_json accepted text Boost.JSON refuses", text);
    (void)validate(*r);
    const std::string encoded = revring::to_json(*r);
    REVRING_FUZZ_CHECK(reference_parse(encoded).has_value(), "to_json of a decoded value is not valid JSON",
                       encoded);
}

/// Takes every event; skips (see fast_json_reader) every container that
/// begins `skip_at` deep (0: none).
struct accept_all {
    std::size_t skip_at = 0;
    std::size_t depth = 0;
    bool skipping() const noexcept { return skip_at != 0 && depth == skip_at; }
    bool on_document_begin(boost::system::error_code&) { return true; }
    bool on_document_end(boost::system::error_code&) { return true; }
    bool on_object_begin(boost::system::error_code&) { return ++depth, true; }
    bool on_object_end(std::size_t, boost::system::error_code&) { return --depth, true; }
    bool on_array_begin(boost::system::error_code&) { return ++depth, true; }
    bool on_array_end(std::size_t, boost::system::error_code&) { return --depth, true; }
    bool on_key_part(boost::json::string_view, std::size_t, boost::system::error_code&) { return true; }
    bool on_key(boost::json::string_view, std::size_t, boost::system::error_code&) { return true; }
    bool on_string_part(boost::json::string_view, std::size_t, boost::system::error_code&) { return true; }
    bool on_string(boost::json::string_view, std::size_t, boost::system::error_code&) { return true; }
    bool on_number_part(boost::json::string_view, boost::system::error_code&) { return true; }
    bool on_int64(std::int64_t, boost::json::string_view, boost::system::error_code&) { return true; }
    bool on_uint64(std::uint64_t, boost::json::string_view, boost::system::error_code&) { return true; }
    bool on_double(double, boost::json::string_view, boost::system::error_code&) { return true; }
    bool on_bool(bool, boost::system::error_code&) { return true; }
    bool on_null(boost::system::error_code&) { return true; }
    bool on_comment_part(boost::json::string_view, boost::system::error_code&) { return true; }
    bool on_comment(boost::json::string_view, boost::system::error_code&) { return true; }
};

void check_reader(std::string_view text, const std::optional<boost::json::value>& doc) {
    for (const std::size_t skip_at : {0, 1, 2}) {
        accept_all h;
        h.skip_at = skip_at;
        revring::detail::fast_json_reader<accept_all> reader(h, REVRING_JSON_MAX_DEPTH);
        if (reader.read(text))
            REVRING_FUZZ_CHECK(doc.has_value(), "the fast JSON reader accepted text Boost.JSON refuses", text);
    }
}

void check_all(std::string_view text) {
    const auto doc = reference_parse(text);
    check_reader(text, doc);
#define REVRING_FUZZ_X(T) check_type<gen::T>(text, doc);
    REVRING_FUZZ_STRUCTS(REVRING_FUZZ_X)
#undef REVRING_FUZZ_X
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    check_all(text);
    // The envelope the API wraps every response in.
    std::string wrapped;
    wrapped.reserve(size + 10);
    wrapped.append("{\"data\":").append(text).append("}");
    check_all(wrapped);
    return 0;
}
