// revring-cpp: reading values out of Boost.JSON, and the decoding entry points.
//
//   auto r = revring::from_json<revring::GetCallResponse>(body);
//   if (!r) std::cerr << r.error().message;   // "at /data/durationSeconds: expected integer, got string"
//
// (Writing, `to_json` and `try_to_json`, is in revring/json/writer.hpp, which
// does not need Boost.JSON's value types.)
//
// Every decoder has the signature
//
//   bool decode(const boost::json::value& jv, T& out, revring::decode_context& ctx);
//
// It returns true on success; on failure it records the error in `ctx` (the
// first one wins) and returns false, and `out` may hold a partial value.
// The overloads here cover the library's types; the generator adds one per
// struct. Because every call passes a `decode_context`, argument-dependent
// lookup finds all of them wherever the call is written.
//
// Generated struct decoders are written with `expect_object` and
// `decode_member`:
//
//   inline bool decode(const boost::json::value& jv, CallRecord& out, revring::decode_context& ctx) {
//       const boost::json::object* obj = revring::expect_object(jv, ctx);
//       return obj && revring::decode_member(*obj, "id", out.id, ctx)
//                  && revring::decode_member(*obj, "durationSeconds", out.duration_seconds, ctx);
//   }
//
// Unknown members are ignored (a server may add fields). A member of type
// `revring::optional<T>` may be absent or null (`decode_required_member`:
// present, but possibly null); any other member must be present.
#ifndef REVRING_JSON_DECODE_HPP
#define REVRING_JSON_DECODE_HPP

#include <revring/config.hpp>
#include <revring/constrained.hpp>
#include <revring/date_time.hpp>
#include <revring/detail/decode_access.hpp>
#include <revring/error.hpp>
#include <revring/json/variables.hpp>
#include <revring/json/writer.hpp>
#include <revring/json_object.hpp>
#include <revring/open_enum.hpp>
#include <revring/optional.hpp>
#include <revring/required.hpp>
#include <revring/uuid.hpp>

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/parse_options.hpp>
#include <boost/json/parser.hpp>
#include <boost/json/value.hpp>

#include <charconv>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace revring {

/// The JSON type of `jv` as messages name it: "null", "boolean", "integer",
/// "number", "string", "array" or "object".
inline std::string_view json_type_name(const boost::json::value& jv) noexcept {
    switch (jv.kind()) {
    case boost::json::kind::null: return "null";
    case boost::json::kind::bool_: return "boolean";
    case boost::json::kind::int64:
    case boost::json::kind::uint64: return "integer";
    case boost::json::kind::double_: return "number";
    case boost::json::kind::string: return "string";
    case boost::json::kind::array: return "array";
    case boost::json::kind::object: return "object";
    }
    return "value";
}

/// State of one decode: the JSON pointer (RFC 6901) of the value being
/// decoded, and the first error.
///
/// The pointer grows and shrinks as decoders descend (`enter`), so it costs
/// one append per member and nothing else until an error is recorded.
class decode_context {
public:
    decode_context() = default;

    /// The JSON pointer of the value being decoded; "" is the whole document.
    std::string_view pointer() const noexcept { return pointer_; }

    /// Restores the pointer when it goes out of scope.
    class [[nodiscard]] scope {
    public:
        scope(const scope&) = delete;
        scope& operator=(const scope&) = delete;
        ~scope() { ctx_.pointer_.resize(mark_); }

    private:
        friend class decode_context;
        scope(decode_context& ctx, std::size_t mark) noexcept : ctx_(ctx), mark_(mark) {}
        decode_context& ctx_;
        std::size_t mark_;
    };

    /// Descends into member `key` (escaped: "~" as "~0", "/" as "~1").
    scope enter(std::string_view key) {
        const std::size_t mark = pointer_.size();
        pointer_.push_back('/');
        if (key.find_first_of("~/") == std::string_view::npos) {
            pointer_.append(key); // the usual case: nothing to escape
        } else {
            for (char c : key) {
                if (c == '~')
                    pointer_.append("~0");
                else if (c == '/')
                    pointer_.append("~1");
                else
                    pointer_.push_back(c);
            }
        }
        return scope(*this, mark);
    }

    /// Descends into array element `index`.
    scope enter(std::size_t index) {
        const std::size_t mark = pointer_.size();
        char buf[24];
        buf[0] = '/';
        const auto r = std::to_chars(buf + 1, buf + sizeof buf, index);
        pointer_.append(buf, static_cast<std::size_t>(r.ptr - buf));
        return scope(*this, mark);
    }

    /// Records "at <pointer>: <what>" unless an error is already recorded;
    /// returns false, so a decoder can `return ctx.fail(...)`.
    bool fail(std::string_view what) {
        if (error_) return false;
        revring::error e(errc::decode_failed, {});
        e.pointer = pointer_;
        e.message.reserve(pointer_.size() + what.size() + 16);
        e.message.append("at ").append(pointer_.empty() ? std::string_view("(root)") : std::string_view(pointer_));
        e.message.append(": ").append(what);
        error_ = std::move(e);
        return false;
    }

    /// "expected <expected>, got <JSON type of jv>".
    bool fail_expected(std::string_view expected, const boost::json::value& jv) {
        std::string what;
        what.append("expected ").append(expected).append(", got ").append(json_type_name(jv));
        return fail(what);
    }

    /// The value broke a rule: "<Type>: value breaks <rule>".
    bool fail_rule(const validation_error& v) { return fail(v.message()); }

    /// Member `key` of the current object is missing.
    bool fail_missing(std::string_view key) {
        const auto member = enter(key);
        return fail("required member is missing");
    }

    bool failed() const noexcept { return error_.has_value(); }
    /// The first error, if any.
    const std::optional<revring::error>& failure() const noexcept { return error_; }
    /// Moves the first error out. Precondition: `failed()`.
    revring::error take_failure() noexcept { return std::move(*error_); }

private:
    std::string pointer_;
    std::optional<revring::error> error_;
};

// ---------------------------------------------------------------------------
// Decoders for the library's types.

// Types read from a JSON string also have `decode_text(text, out, ctx)`,
// which takes the string's characters: `decode` checks that the value is a
// string, then calls it, and the direct decoder (json/detail/direct.hpp)
// calls it with the parser's characters.

inline bool decode_text(std::string_view text, std::string& out, decode_context&) {
    out.assign(text.data(), text.size());
    return true;
}

inline bool decode(const boost::json::value& jv, std::string& out, decode_context& ctx) {
    if (!jv.is_string()) return ctx.fail_expected("string", jv);
    const boost::json::string& s = jv.get_string();
    return decode_text(std::string_view(s.data(), s.size()), out, ctx);
}

inline bool decode(const boost::json::value& jv, bool& out, decode_context& ctx) {
    if (!jv.is_bool()) return ctx.fail_expected("boolean", jv);
    out = jv.get_bool();
    return true;
}

/// Integers: a JSON integer in range, or a number with no fraction
/// (`3.0`, `1e3`) in range.
template <std::integral I>
    requires(!std::same_as<I, bool>)
bool decode(const boost::json::value& jv, I& out, decode_context& ctx) {
    switch (jv.kind()) {
    case boost::json::kind::int64: {
        const std::int64_t v = jv.get_int64();
        if (!std::in_range<I>(v)) return ctx.fail("integer out of range");
        out = static_cast<I>(v);
        return true;
    }
    case boost::json::kind::uint64: {
        const std::uint64_t v = jv.get_uint64();
        if (!std::in_range<I>(v)) return ctx.fail("integer out of range");
        out = static_cast<I>(v);
        return true;
    }
    case boost::json::kind::double_: {
        // Boost.JSON reads a number with a fraction or an exponent, and an
        // integer beyond 64 bits, as a double, rounded: "-9223372036854775809"
        // reads as -2^63, which is in range, and Boost.JSON 1.81 misreads
        // some 16-digit ones ("8639269905017687.0" as ...686). From 10^15 on
        // such a double no longer tells which integer the text held, so it is
        // refused rather than decoded to a value the server did not send.
        const double d = jv.get_double();
        if (!std::isfinite(d) || d < -9223372036854775808.0 || d >= 9223372036854775808.0)
            return ctx.fail("integer out of range");
        if (d <= -1e15 || d >= 1e15)
            return ctx.fail("integer cannot be read exactly: 10^15 or more and written with a fraction, an "
                            "exponent or more than 64 bits");
        if (std::trunc(d) != d) return ctx.fail("expected integer, got number with a fraction");
        const auto v = static_cast<std::int64_t>(d);
        if (!std::in_range<I>(v)) return ctx.fail("integer out of range");
        out = static_cast<I>(v);
        return true;
    }
    default: return ctx.fail_expected("integer", jv);
    }
}

/// Numbers: any JSON number (integers are converted).
template <std::floating_point F> bool decode(const boost::json::value& jv, F& out, decode_context& ctx) {
    switch (jv.kind()) {
    case boost::json::kind::int64: out = static_cast<F>(jv.get_int64()); return true;
    case boost::json::kind::uint64: out = static_cast<F>(jv.get_uint64()); return true;
    case boost::json::kind::double_: out = static_cast<F>(jv.get_double()); return true;
    default: return ctx.fail_expected("number", jv);
    }
}

namespace detail {
inline std::string_view string_view_of(const boost::json::value& jv) noexcept {
    const boost::json::string& s = jv.get_string();
    return std::string_view(s.data(), s.size());
}
} // namespace detail

inline bool decode_text(std::string_view text, uuid& out, decode_context& ctx) {
    const auto r = uuid::parse(text);
    if (!r) return ctx.fail_rule(r.error());
    out = *r;
    return true;
}

inline bool decode(const boost::json::value& jv, uuid& out, decode_context& ctx) {
    if (!jv.is_string()) return ctx.fail_expected("string (uuid)", jv);
    return decode_text(detail::string_view_of(jv), out, ctx);
}

inline bool decode_text(std::string_view text, date_time& out, decode_context& ctx) {
    const auto r = parse_date_time(text);
    if (!r) return ctx.fail_rule(r.error());
    out = *r;
    return true;
}

inline bool decode(const boost::json::value& jv, date_time& out, decode_context& ctx) {
    if (!jv.is_string()) return ctx.fail_expected("string (date-time)", jv);
    return decode_text(detail::string_view_of(jv), out, ctx);
}

template <class Rule>
bool decode_text(std::string_view text, basic_constrained_string<Rule>& out, decode_context& ctx) {
    const auto r = basic_constrained_string<Rule>::parse(text);
    if (!r) return ctx.fail_rule(r.error());
    out = *r;
    return true;
}

template <class Rule>
bool decode(const boost::json::value& jv, basic_constrained_string<Rule>& out, decode_context& ctx) {
    if (!jv.is_string()) return ctx.fail_expected("string", jv);
    return decode_text(detail::string_view_of(jv), out, ctx);
}

/// Any string: a known enumerator, or `E::unknown` keeping the text.
template <class E> bool decode_text(std::string_view text, open_enum<E>& out, decode_context&) {
    out = open_enum<E>::from_string(text);
    return true;
}

template <class E> bool decode(const boost::json::value& jv, open_enum<E>& out, decode_context& ctx) {
    if (!jv.is_string()) return ctx.fail_expected("string", jv);
    return decode_text(detail::string_view_of(jv), out, ctx);
}

inline bool decode(const boost::json::value& jv, boost::json::value& out, decode_context&) {
    out = jv;
    return true;
}

inline bool decode(const boost::json::value& jv, boost::json::object& out, decode_context& ctx) {
    if (!jv.is_object()) return ctx.fail_expected("object", jv);
    out = jv.get_object();
    return true;
}

inline bool decode(const boost::json::value& jv, json_object& out, decode_context& ctx) {
    if (!jv.is_object()) return ctx.fail_expected("object", jv);
    out = jv.get_object();
    return true;
}

inline bool decode(const boost::json::value& jv, boost::json::array& out, decode_context& ctx) {
    if (!jv.is_array()) return ctx.fail_expected("array", jv);
    out = jv.get_array();
    return true;
}

/// An array; each element is decoded with its index in the pointer.
template <class T, class A> bool decode(const boost::json::value& jv, std::vector<T, A>& out, decode_context& ctx) {
    if (!jv.is_array()) return ctx.fail_expected("array", jv);
    const boost::json::array& arr = jv.get_array();
    out.clear();
    out.reserve(arr.size());
    for (std::size_t i = 0; i < arr.size(); ++i) {
        const auto element = ctx.enter(i);
        // Into a local first: std::vector<bool>::back() is a proxy, not a bool&.
        T value = decode_access::make<T>();
        if (!decode(arr[i], value, ctx)) return false;
        out.push_back(std::move(value));
    }
    return true;
}

/// null, or a value of `T`.
template <class T> bool decode(const boost::json::value& jv, optional<T>& out, decode_context& ctx) {
    if (jv.is_null()) {
        out.reset();
        return true;
    }
    out.emplace(decode_access::make<T>());
    return decode(jv, *out, ctx);
}

template <class T> bool decode(const boost::json::value& jv, required<T>& out, decode_context& ctx) {
    return decode(jv, out.get(), ctx);
}

/// `jv` as an object, or null after recording "expected object, got ...".
inline const boost::json::object* expect_object(const boost::json::value& jv, decode_context& ctx) {
    if (const boost::json::object* obj = jv.if_object()) return obj;
    ctx.fail_expected("object", jv);
    return nullptr;
}

/// Decodes the member `name` of `obj` into `out`; a missing member is an
/// error ("at /data/id: required member is missing").
template <class T>
bool decode_member(const boost::json::object& obj, std::string_view name, T& out, decode_context& ctx) {
    const boost::json::value* v = obj.if_contains(name);
    if (!v) return ctx.fail_missing(name);
    const auto member = ctx.enter(name);
    return decode(*v, out, ctx);
}

/// Decodes the member `name` of `obj` into `out`; a missing member or
/// null leaves `out` empty.
template <class T>
bool decode_member(const boost::json::object& obj, std::string_view name, optional<T>& out, decode_context& ctx) {
    const boost::json::value* v = obj.if_contains(name);
    if (!v) {
        out.reset();
        return true;
    }
    const auto member = ctx.enter(name);
    return decode(*v, out, ctx);
}

/// Decodes the member `name` of `obj` into `out`, which must be present
/// even though it may be null (a required, nullable member): a missing
/// member is an error, null leaves `out` empty.
template <class T>
bool decode_required_member(const boost::json::object& obj, std::string_view name, optional<T>& out,
                            decode_context& ctx) {
    const boost::json::value* v = obj.if_contains(name);
    if (!v) return ctx.fail_missing(name);
    const auto member = ctx.enter(name);
    return decode(*v, out, ctx);
}

} // namespace revring

// The decoder that needs no DOM (from_json tries it first).
#include <revring/json/detail/direct.hpp>

namespace revring {

// ---------------------------------------------------------------------------
// Entry points.

/// Decodes a parsed document into a `T`.
template <class T> result<T> from_json_value(const boost::json::value& jv) {
    T out = decode_access::make<T>();
    decode_context ctx;
    if (!decode(jv, out, ctx)) return ctx.take_failure();
    return out;
}

namespace detail {
/// from_json through a DOM: parses `text` into a Boost.JSON value, then
/// decodes that (this is what reports from_json's errors).
template <class T> result<T> from_json_dom(std::string_view text) {
    // Values live only until decoded into T (which copies what it keeps),
    // so they come from a monotonic arena instead of the heap.
    unsigned char arena[4096];
    boost::json::monotonic_resource resource(arena, sizeof arena);
    boost::json::parse_options options;
    options.max_depth = REVRING_JSON_MAX_DEPTH;
    boost::json::parser parser(boost::json::storage_ptr(), options);
    parser.reset(&resource);
    boost::system::error_code ec;
    const std::size_t consumed = parser.write(text.data(), text.size(), ec);
    if (ec) {
        error e(errc::decode_failed, {});
        e.cause = ec;
        char offset[24];
        const auto r = std::to_chars(offset, offset + sizeof offset, consumed);
        e.message.append("invalid JSON at byte ")
            .append(offset, static_cast<std::size_t>(r.ptr - offset))
            .append(": ")
            .append(ec.message());
        return e;
    }
    const boost::json::value jv = parser.release();
    return from_json_value<T>(jv);
}
} // namespace detail

/// Parses `text` (nesting at most REVRING_JSON_MAX_DEPTH deep) and decodes
/// it into a `T`. Invalid JSON and a document that does not match `T` are
/// both `errc::decode_failed`; for invalid JSON, `cause` is Boost.JSON's
/// error code and the message gives the byte offset.
///
/// Decodes straight from the parser's events (json/detail/direct.hpp); only
/// when that gives up does it build a DOM and decode it, for the error.
template <class T> result<T> from_json(std::string_view text) {
    T out = decode_access::make<T>();
    if (detail::decode_direct(text, out)) return out;
    return detail::from_json_dom<T>(text);
}
} // namespace revring

#endif
