// revring-cpp: json_writer, compact JSON text appended to a std::string.
//
//   std::string out;
//   revring::json_writer w(out);
//   w.begin_object();
//   w.key("toNumber");  revring::write_value(w, req.to_number);
//   revring::write_member(w, "callerIdName", req.caller_id_name); // left out when empty
//   w.end_object();
//
// Generated code names members with a `json_key` instead, the name's JSON
// text escaped when the code was generated: `w.key(json_key(",\"toNumber\":"))`
// appends it in one go (see json_key).
//
// The writer keeps no stack: the caller is trusted to nest begin_/end_ and
// key/value calls correctly (generated code does). It allocates nothing but
// the growth of the output string; `reserve` avoids even that.
//
// Strings are escaped as JSON requires ('"', '\\' and U+0000..U+001F;
// \b \f \n \r \t in short form, the rest as \u00XX); other bytes, including
// UTF-8 sequences, are copied as they are. Text that is not well-formed
// UTF-8 cannot be sent as a JSON string: each ill-formed sequence is
// written as U+FFFD and the writer records `json_write_issue::invalid_utf8`.
// A NaN or infinity cannot be written as a JSON number: it is written as
// null and the writer records `json_write_issue::non_finite_number`.
// `revring::try_to_json` (below) turns a recorded issue into an
// errc::invalid_input error, so nothing broken is ever sent.
#ifndef REVRING_JSON_WRITER_HPP
#define REVRING_JSON_WRITER_HPP

#include <revring/constrained.hpp>
#include <revring/date_time.hpp>
#include <revring/error.hpp>
#include <revring/open_enum.hpp>
#include <revring/optional.hpp>
#include <revring/required.hpp>
#include <revring/utf8.hpp>
#include <revring/uuid.hpp>

#include <boost/json/fwd.hpp>

#include <bit>
#include <charconv>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <vector>

namespace revring {

/// Something the writer could not represent faithfully.
enum class json_write_issue : unsigned char {
    none,
    invalid_utf8,      ///< a string was not well-formed UTF-8 (written with U+FFFD)
    non_finite_number, ///< a NaN or infinity (written as null)
};

constexpr std::string_view to_string(json_write_issue i) noexcept {
    switch (i) {
    case json_write_issue::none: return "none";
    case json_write_issue::invalid_utf8: return "string is not valid UTF-8";
    case json_write_issue::non_finite_number: return "number is NaN or infinite";
    }
    return "unknown issue";
}

class json_writer;

namespace detail {

/// std::isfinite without <cmath> (which alone is a tenth of this header's
/// compile time): the exponent bits of an IEEE 754 double are all ones only
/// for infinities and NaNs.
static_assert(std::numeric_limits<double>::is_iec559, "json_writer assumes IEEE 754 doubles");
constexpr bool is_finite(double d) noexcept {
    return (std::bit_cast<std::uint64_t>(d) & 0x7FF0000000000000ULL) != 0x7FF0000000000000ULL;
}

/// boost::json::value, object or array (only declared here).
template <class J>
concept boost_json_tree = std::same_as<J, boost::json::value> || std::same_as<J, boost::json::object> ||
                          std::same_as<J, boost::json::array>;

/// Bytes a JSON string takes as they are without a closer look: printable
/// ASCII other than '"' and '\\'.
struct json_plain_table {
    bool plain[256];
    constexpr json_plain_table() : plain() {
        for (int c = 0; c < 256; ++c) plain[c] = c >= 0x20 && c != '"' && c != '\\' && c < 0x80;
    }
};
inline constexpr json_plain_table json_plain_bytes{};

/// Called only where a json_key is not of the required form: not a constant
/// expression, so the json_key constructor then fails to compile.
inline void json_key_is_not_comma_quoted_name_colon() noexcept {}

/// Whether `t` is `,"name":` with `"name"` a JSON string (escapes included)
/// whose text is well-formed UTF-8.
constexpr bool json_key_well_formed(std::string_view t) noexcept {
    const std::size_t n = t.size();
    if (n < 4 || t[0] != ',' || t[1] != '"' || t[n - 2] != '"' || t[n - 1] != ':') return false;
    const std::size_t end = n - 2; // the closing quote
    std::size_t i = 2;
    while (i < end) {
        const auto c = static_cast<unsigned char>(t[i]);
        if (c == '"' || c < 0x20) return false;
        if (c >= 0x80) {
            const utf8::sequence q = utf8::decode(t.substr(0, end), i);
            if (!q.valid) return false;
            i += q.length;
            continue;
        }
        if (c != '\\') {
            ++i;
            continue;
        }
        if (i + 1 >= end) return false;
        const char e = t[i + 1];
        if (e == 'u') {
            if (i + 6 > end) return false;
            for (std::size_t k = i + 2; k < i + 6; ++k) {
                const char h = t[k];
                if (!((h >= '0' && h <= '9') || (h >= 'a' && h <= 'f') || (h >= 'A' && h <= 'F'))) return false;
            }
            i += 6;
        } else if (e == '"' || e == '\\' || e == '/' || e == 'b' || e == 'f' || e == 'n' || e == 'r' || e == 't') {
            i += 2;
        } else {
            return false;
        }
    }
    return true;
}

/// Writes a Boost.JSON tree through a json_writer (json_writer::raw). Every
/// use of the Boost.JSON types depends on `J`, so they need to be complete
/// only where raw() is called.
template <class J> struct json_tree_writer;

} // namespace detail

/// An object member's name as JSON text made before the program runs: a
/// ',', the name as a JSON string (quoted and escaped), then ':', as in
/// `json_key(",\"agentId\":")`. json_writer::key(json_key) appends it in one
/// go, the ',' only where a separator is needed. The constructor runs at
/// compile time and refuses (does not compile) text of any other form;
/// generated code escapes its member names when it is generated.
class json_key {
public:
    consteval explicit json_key(std::string_view comma_quoted_name_colon) : text_(comma_quoted_name_colon) {
        if (!detail::json_key_well_formed(text_)) detail::json_key_is_not_comma_quoted_name_colon();
    }

    /// The whole text, `,"name":`.
    constexpr std::string_view text() const noexcept { return text_; }

private:
    std::string_view text_;
};

/// Appends compact JSON text to a string it does not own.
class json_writer {
public:
    /// Appends to `out` (whose current content is kept).
    explicit json_writer(std::string& out) noexcept : out_(&out) {}

    json_writer(const json_writer&) = delete;
    json_writer& operator=(const json_writer&) = delete;

    /// Reserves room for `n` more bytes.
    void reserve(std::size_t n) { out_->reserve(out_->size() + n); }

    void begin_object() { open('{'); }
    void end_object() { close('}'); }
    void begin_array() { open('['); }
    void end_array() { close(']'); }

    /// An object member's name, followed by ':'. The next call writes its value.
    void key(std::string_view name) {
        separate();
        key_begin_ = out_->size();
        write_string(name, true);
        key_end_ = out_->size() - 1; // just after the closing quote
        need_comma_ = false;
    }
    /// The same for a name escaped beforehand (see json_key): one append of
    /// `,"name":`, or of `"name":` for an object's first member.
    void key(json_key k) {
        const std::string_view t = k.text();
        const std::size_t skip = need_comma_ ? 0 : 1;
        out_->append(t.data() + skip, t.size() - skip);
        key_end_ = out_->size() - 1;           // just after the closing quote
        key_begin_ = key_end_ - (t.size() - 2); // the opening quote
        need_comma_ = false;
    }

    /// A JSON string (escaped; see the file comment for ill-formed UTF-8).
    void value(std::string_view s) {
        separate();
        write_string(s);
        need_comma_ = true;
    }
    /// A JSON string whose text needs no escaping and is ASCII (a uuid, a
    /// date-time): written without looking at it.
    void plain_value(std::string_view s) {
        separate();
        write_plain(s);
        need_comma_ = true;
    }
    /// A JSON string of exactly `n` bytes that need no escaping and are
    /// ASCII, written by `fill(char* first)` straight into the output (a
    /// uuid's text form): no copy of text just made, whose wide reloads
    /// would wait for the small stores that made it.
    template <class Fill> void plain_value_in_place(std::size_t n, Fill&& fill) {
        separate();
        std::string& out = *out_;
        const std::size_t at = out.size();
        out.append(n + 2, '"');
        fill(out.data() + at + 1);
        need_comma_ = true;
    }
    /// A JSON string (so a literal does not become `bool`). Precondition:
    /// `s` points to a NUL-terminated string.
    void value(const char* s) { value(std::string_view(s)); }
    void value(bool b) { append_scalar(b ? std::string_view("true") : std::string_view("false")); }
    void value(std::nullptr_t) { null(); }
    /// Any integer type except bool.
    template <std::integral I>
        requires(!std::same_as<I, bool>)
    void value(I v) {
        char buf[24];
        const auto r = std::to_chars(buf, buf + sizeof buf, v);
        append_scalar(std::string_view(buf, static_cast<std::size_t>(r.ptr - buf)));
    }
    /// The shortest text that reads back as the same double; NaN and
    /// infinities are written as null and recorded.
    template <std::floating_point F> void value(F v) {
        const double d = static_cast<double>(v);
        if (!detail::is_finite(d)) {
            record(json_write_issue::non_finite_number);
            null();
            return;
        }
        char buf[32];
        const auto r = std::to_chars(buf, buf + sizeof buf, d);
        append_scalar(std::string_view(buf, static_cast<std::size_t>(r.ptr - buf)));
    }
    void null() { append_scalar("null"); }

    /// A Boost.JSON value, object or array, written by the rules above:
    /// strings and keys are checked for UTF-8, and a NaN or infinity is
    /// written as null and recorded. (Boost.JSON reads an out-of-range number
    /// such as 1e400 as an infinity, and its serializer would write it as
    /// `Infinity`, which is not JSON.) Iterative: deep nesting costs heap,
    /// not stack. A template, so that this header needs only
    /// <boost/json/fwd.hpp>: the caller has the complete type.
    template <class J>
        requires detail::boost_json_tree<J>
    void raw(const J& v) {
        detail::json_tree_writer<J>::write(*this, v);
    }

    /// The first issue met so far (`none` if everything was written faithfully).
    json_write_issue issue() const noexcept { return issue_; }
    /// The (escaped) name of the last member key written before the issue,
    /// empty if none.
    std::string_view issue_key() const noexcept { return issue_key_; }

    /// The output string.
    const std::string& text() const noexcept { return *out_; }

private:
    void separate() {
        if (need_comma_) out_->push_back(',');
    }
    void open(char c) {
        separate();
        out_->push_back(c);
        need_comma_ = false;
    }
    void close(char c) {
        out_->push_back(c);
        need_comma_ = true;
    }
    void append_scalar(std::string_view text) {
        separate();
        out_->append(text);
        need_comma_ = true;
    }

    void record(json_write_issue i) {
        if (issue_ != json_write_issue::none) return;
        issue_ = i;
        if (key_end_ > key_begin_ + 1) issue_key_.assign(*out_, key_begin_ + 1, key_end_ - key_begin_ - 2);
    }

    /// `s`, which needs no escaping and is ASCII, as a JSON string, then ':'
    /// if `colon`. (Not one growth of the output for all the pieces: filling
    /// it first, as std::string::append(n, c) does, costs a memset whose
    /// size-dependent branches the processor mispredicts.)
    void write_plain(std::string_view s, bool colon = false) {
        std::string& out = *out_;
        out.push_back('"');
        out.append(s.data(), s.size());
        if (colon)
            out.append("\":", 2);
        else
            out.push_back('"');
    }

    /// `s` as a JSON string, then ':' if `colon` (a member name).
    void write_string(std::string_view s, bool colon = false) {
        static constexpr char hex[] = "0123456789abcdef";
        std::string& out = *out_;
        const char* const data = s.data();
        const std::size_t n = s.size();
        std::size_t i = 0;
        while (i < n && detail::json_plain_bytes.plain[static_cast<unsigned char>(data[i])]) ++i;
        if (i == n) return write_plain(s, colon); // the usual case: nothing to escape or check
        out.push_back('"');
        std::size_t run = 0; // start of the pending run of bytes copied as they are
        while (i < n) {
            while (i < n && detail::json_plain_bytes.plain[static_cast<unsigned char>(data[i])]) ++i; // a run of plain bytes
            if (i == n) break;
            const auto c = static_cast<unsigned char>(data[i]);
            if (c >= 0x80) {
                const utf8::sequence q = utf8::decode(s, i);
                if (q.valid) {
                    i += q.length;
                    continue;
                }
                out.append(data + run, i - run);
                out.append("\xEF\xBF\xBD"); // U+FFFD
                record(json_write_issue::invalid_utf8);
                i += q.length;
                run = i;
                continue;
            }
            out.append(data + run, i - run);
            switch (c) {
            case '"': out.append("\\\""); break;
            case '\\': out.append("\\\\"); break;
            case '\b': out.append("\\b"); break;
            case '\f': out.append("\\f"); break;
            case '\n': out.append("\\n"); break;
            case '\r': out.append("\\r"); break;
            case '\t': out.append("\\t"); break;
            default: {
                const char esc[] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xF]};
                out.append(esc, sizeof esc);
            }
            }
            ++i;
            run = i;
        }
        out.append(data + run, n - run);
        out.push_back('"');
        if (colon) out.push_back(':');
    }

    /// A double of a Boost.JSON value, written so that it reads back as a
    /// double: "1.0" and "-0.0", not "1" and "-0" (which read as integers).
    void raw_double(double d) {
        if (!detail::is_finite(d)) return value(d); // null, recorded
        char buf[40];
        const auto r = std::to_chars(buf, buf + sizeof buf - 2, d);
        char* end = r.ptr;
        if (std::string_view(buf, static_cast<std::size_t>(end - buf)).find_first_of(".e") == std::string_view::npos) {
            *end++ = '.';
            *end++ = '0';
        }
        append_scalar(std::string_view(buf, static_cast<std::size_t>(end - buf)));
    }

    template <class> friend struct detail::json_tree_writer;

    std::string* out_;
    bool need_comma_ = false;
    json_write_issue issue_ = json_write_issue::none;
    std::size_t key_begin_ = 0, key_end_ = 0;
    std::string issue_key_;
};

namespace detail {

/// The boost::json::value type, named through `J`.
template <class J> auto json_tree_value_of() {
    if constexpr (std::same_as<J, boost::json::value>)
        return std::type_identity<J>{};
    else if constexpr (std::same_as<J, boost::json::object>)
        return std::type_identity<std::remove_cvref_t<decltype(std::declval<const J&>().begin()->value())>>{};
    else
        return std::type_identity<std::remove_cvref_t<decltype(*std::declval<const J&>().begin())>>{};
}

template <class J> struct json_tree_writer {
    // The value, object and array types, all named through J.
    using tree_value = typename decltype(json_tree_value_of<J>())::type;
    using object_type = std::remove_cvref_t<decltype(std::declval<const tree_value&>().get_object())>;
    using array_type = std::remove_cvref_t<decltype(std::declval<const tree_value&>().get_array())>;

    /// An object or array being written, and its next member.
    struct frame {
        const object_type* obj;
        const array_type* arr;
        std::size_t next;
    };

    /// The open objects and arrays: the first 8 levels inline (no
    /// allocation for the shallow objects requests carry), deeper ones in a
    /// vector. `back()` is not stable across `push` past the inline levels.
    /// (Not boost::container::small_vector, which the transport uses: its
    /// header adds about 0.4 s to every translation unit that includes this
    /// one, which otherwise needs only <boost/json/fwd.hpp> of Boost.)
    class frame_stack {
    public:
        void push(const frame& f) {
            if (n_ < inline_levels)
                small_[n_] = f;
            else
                big_.push_back(f);
            ++n_;
        }
        frame& back() noexcept { return n_ <= inline_levels ? small_[n_ - 1] : big_.back(); }
        void pop() noexcept {
            if (n_ > inline_levels) big_.pop_back();
            --n_;
        }
        bool empty() const noexcept { return n_ == 0; }

    private:
        static constexpr std::size_t inline_levels = 8;
        frame small_[inline_levels];
        std::vector<frame> big_;
        std::size_t n_ = 0;
    };

    static void write(json_writer& w, const J& v) {
        frame_stack stack;
        if constexpr (std::same_as<J, object_type>) {
            w.begin_object();
            stack.push({&v, nullptr, 0});
        } else if constexpr (std::same_as<J, array_type>) {
            w.begin_array();
            stack.push({nullptr, &v, 0});
        } else {
            open(w, v, stack);
        }
        while (!stack.empty()) {
            frame& f = stack.back();
            if (f.obj) {
                if (f.next == f.obj->size()) {
                    w.end_object();
                    stack.pop();
                    continue;
                }
                const auto& member = f.obj->begin()[f.next++];
                w.key(std::string_view(member.key().data(), member.key().size()));
                open(w, member.value(), stack); // may reallocate: f is not used after this
            } else {
                if (f.next == f.arr->size()) {
                    w.end_array();
                    stack.pop();
                    continue;
                }
                open(w, (*f.arr)[f.next++], stack);
            }
        }
    }

    /// Writes a scalar, or opens an object/array and pushes its frame.
    static void open(json_writer& w, const tree_value& v, frame_stack& stack) {
        if (v.is_null()) {
            w.null();
        } else if (const bool* b = v.if_bool()) {
            w.value(*b);
        } else if (const std::int64_t* i = v.if_int64()) {
            w.value(*i);
        } else if (const std::uint64_t* u = v.if_uint64()) {
            w.value(*u);
        } else if (const double* d = v.if_double()) {
            w.raw_double(*d);
        } else if (const auto* s = v.if_string()) {
            w.value(std::string_view(s->data(), s->size()));
        } else if (const object_type* o = v.if_object()) {
            w.begin_object();
            stack.push({o, nullptr, 0});
        } else {
            w.begin_array();
            stack.push({nullptr, v.if_array(), 0});
        }
    }
};

} // namespace detail

// ---------------------------------------------------------------------------
// write_value: one overload per value type. Generated `encode` functions call
// `write_value(w, member)` (found by argument-dependent lookup through
// json_writer) and `write_member(w, json_key(",\"jsonName\":"), member)`. A type with an
// `encode(json_writer&, const T&)` found by ADL (every generated struct) is
// written by it.

inline void write_value(json_writer& w, std::string_view s) { w.value(s); }
inline void write_value(json_writer& w, const std::string& s) { w.value(std::string_view(s)); }
inline void write_value(json_writer& w, const char* s) { w.value(std::string_view(s)); }
inline void write_value(json_writer& w, bool b) { w.value(b); }
inline void write_value(json_writer& w, std::nullptr_t) { w.null(); }
template <class N>
    requires(std::integral<N> || std::floating_point<N>) && (!std::same_as<N, bool>)
void write_value(json_writer& w, N n) {
    w.value(n);
}

inline void write_value(json_writer& w, const uuid& u) {
    w.plain_value_in_place(uuid::text_size, [&u](char* first) { u.to_chars(first); }); // hex digits and '-'
}

inline void write_value(json_writer& w, date_time t) {
    char buf[date_time_max_size];
    w.plain_value(std::string_view(buf, format_date_time(t, buf))); // digits, '-', ':', '.', 'T', 'Z', '+'
}

template <class Rule> void write_value(json_writer& w, const basic_constrained_string<Rule>& s) {
    w.value(s.view());
}

template <class E> void write_value(json_writer& w, const open_enum<E>& e) { w.value(e.to_string()); }

/// A Boost.JSON value, object or array.
template <class J>
    requires detail::boost_json_tree<J>
void write_value(json_writer& w, const J& v) {
    w.raw(v);
}

/// Writes null when empty (a nullable member); see `write_member` for
/// leaving an absent member out.
template <class T> void write_value(json_writer& w, const optional<T>& v) {
    if (v)
        write_value(w, *v);
    else
        w.null();
}

template <class T> void write_value(json_writer& w, const required<T>& v) { write_value(w, v.get()); }

template <class T, class A> void write_value(json_writer& w, const std::vector<T, A>& v) {
    w.begin_array();
    for (const auto& e : v) write_value(w, e);
    w.end_array();
}

/// A generated struct (or any type with `encode(json_writer&, const T&)`
/// found by argument-dependent lookup).
template <class T>
    requires requires(json_writer& w, const T& v) { encode(w, v); }
void write_value(json_writer& w, const T& v) {
    encode(w, v);
}

/// `"name":value`.
template <class T> void write_member(json_writer& w, std::string_view name, const T& v) {
    w.key(name);
    write_value(w, v);
}

/// `"name":value`, or nothing when `v` is empty (an absent optional member).
template <class T> void write_member(json_writer& w, std::string_view name, const optional<T>& v) {
    if (!v) return;
    w.key(name);
    write_value(w, *v);
}

/// `"name":value` with a name escaped beforehand (generated code).
template <class T> void write_member(json_writer& w, json_key name, const T& v) {
    w.key(name);
    write_value(w, v);
}

/// `"name":value` with a name escaped beforehand, or nothing when `v` is empty.
template <class T> void write_member(json_writer& w, json_key name, const optional<T>& v) {
    if (!v) return;
    w.key(name);
    write_value(w, *v);
}

/// What to_json and try_to_json reserve up front, so that a Send Call body
/// (about 150 to 250 bytes) costs one allocation instead of three or four.
inline constexpr std::size_t json_initial_capacity = 256;

/// The JSON text of `v`, via `write_value` (a generated type's `encode`).
/// Strings that are not valid UTF-8 are written with U+FFFD and NaN or
/// infinity as null; use `try_to_json` to refuse those instead.
template <class T> std::string to_json(const T& v) {
    std::string out;
    out.reserve(json_initial_capacity);
    json_writer w(out);
    write_value(w, v);
    return out;
}

/// Like `to_json`, but a value JSON cannot carry faithfully (a string that
/// is not valid UTF-8, a NaN or infinity) is an `errc::invalid_input` error
/// naming the member: "callerIdName: string is not valid UTF-8".
template <class T> result<std::string> try_to_json(const T& v) {
    std::string out;
    out.reserve(json_initial_capacity);
    json_writer w(out);
    write_value(w, v);
    if (w.issue() != json_write_issue::none) {
        std::string msg;
        if (!w.issue_key().empty()) msg.append(w.issue_key()).append(": ");
        msg.append(to_string(w.issue()));
        return error(errc::invalid_input, std::move(msg));
    }
    return out;
}

} // namespace revring

#endif
