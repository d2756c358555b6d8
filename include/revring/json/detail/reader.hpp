// revring-cpp: a strict JSON reader for whole documents, the fast path of the
// decoder without a DOM (json/detail/direct.hpp).
//
// `fast_json_reader<Handler>` reads a complete document held in memory and
// reports it to a handler with the callbacks of boost::json::basic_parser
// (on_object_begin, on_key, on_string, on_int64, ...), so the same handler
// works with either. It reads only what it is sure of, and gives up on the
// rest (the caller then runs boost::json::basic_parser, which decides):
//
// - it never accepts a text that Boost.JSON (with the same depth limit, no
//   comments, no trailing commas, UTF-8 validated) refuses;
// - the events it reports for a text it accepts are the ones basic_parser
//   reports, each string and key whole (never in parts), with the same
//   values: numbers other than plain integers of up to 18 digits are handed
//   to Boost.JSON's own parser, at their place in the input, so a double is
//   the double Boost.JSON reads there;
// - it gives up, instead of deciding, on: a surrogate escape that is not a
//   well-formed pair, nesting as deep as the limit, an exponent of more than
//   9 digits, a text of 2 GiB, and anything invalid.
//
// What makes it faster than basic_parser for a decoder: strings are scanned
// 16 bytes at a time (SSE2) for the bytes that end a plain run (quote,
// backslash, control characters, bytes >= 0x80); a string without escapes is
// reported as a view into the input (so the handler can tell where the
// reader is); and a container the handler skips (`bool skipping() const`, if
// the handler has it, true just after on_object_begin/on_array_begin) is
// validated without reporting anything inside it, then closed with one
// on_object_end/on_array_end(0) (after `skipped_to(end)`, if the handler has
// it: where the container ends in the input).
//
// Checked against basic_parser, event for event, by tests/unit/test_json_reader.cpp
// and the decode fuzz target.
#ifndef REVRING_JSON_DETAIL_READER_HPP
#define REVRING_JSON_DETAIL_READER_HPP

#include <revring/utf8.hpp>

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/parse_options.hpp>
#include <boost/json/string_view.hpp>
#include <boost/system/error_code.hpp>

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace revring::detail {

// A "plain" byte is one a JSON string holds as it is and that is ASCII: not
// '"', not '\\', not a control character (< 0x20), not a byte >= 0x80 (which
// begins a UTF-8 sequence the reader checks).

/// Bit 7 of each byte of the result is set where the byte of `x` is not
/// plain, and for the lowest such byte that bit is exact (a borrow may also
/// mark bytes above it, which the callers never look at).
inline std::uint64_t json_not_plain_bytes(std::uint64_t x) noexcept {
    constexpr std::uint64_t ones = 0x0101010101010101u;
    constexpr std::uint64_t high = 0x8080808080808080u;
    const std::uint64_t q = x ^ (ones * '"');
    const std::uint64_t b = x ^ (ones * '\\');
    return (x | ((q - ones) & ~q) | ((b - ones) & ~b) | ((x - ones * 0x20) & ~x)) & high;
}

/// The first byte from `p` that is not plain, or `e`, 8 bytes at a time.
inline const char* json_plain_run_end_words(const char* p, const char* e) noexcept {
    if constexpr (std::endian::native == std::endian::little) {
        const char* const start = p;
        std::uint64_t w;
        for (; e - p >= 8; p += 8) {
            std::memcpy(&w, p, 8);
            if (const std::uint64_t m = json_not_plain_bytes(w)) return p + std::countr_zero(m) / 8;
        }
        if (p != e && e - start >= 8) { // the last 8 bytes, overlapping what is checked already
            std::memcpy(&w, e - 8, 8);
            const std::uint64_t m = json_not_plain_bytes(w);
            return m ? e - 8 + std::countr_zero(m) / 8 : e;
        }
    }
    for (; p < e; ++p) {
        const auto c = static_cast<unsigned char>(*p);
        if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80) return p;
    }
    return e;
}

/// The first byte from `p` that is not plain, or `e`: 16 bytes at a time
/// where there is SSE2 (the reader scans each string with the rest of the
/// document behind it), then 8. (The writer keeps its byte loop: with this
/// scan it measured slower on the short strings of a request, bench/analysis.md.)
inline const char* json_plain_run_end(const char* p, const char* e) noexcept {
#if defined(__SSE2__)
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i backslash = _mm_set1_epi8('\\');
    const __m128i space = _mm_set1_epi8(0x20);
    while (e - p >= 16) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
        // Signed: bytes >= 0x80 are negative, so "less than 0x20" takes them too.
        const __m128i stop = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)),
                                          _mm_cmplt_epi8(v, space));
        if (const auto mask = static_cast<unsigned>(_mm_movemask_epi8(stop))) return p + std::countr_zero(mask);
        p += 16;
    }
#endif
    return json_plain_run_end_words(p, e);
}

/// A number's value, as Boost.JSON's parser reads its text.
struct json_number_value {
    enum class kind : unsigned char { none, int64, uint64, double_ } k = kind::none;
    std::int64_t i = 0;
    std::uint64_t u = 0;
    double d = 0;
};

/// A basic_parser handler that takes one number and refuses anything else.
struct json_number_handler {
    static constexpr std::size_t max_object_size = 0;
    static constexpr std::size_t max_array_size = 0;
    static constexpr std::size_t max_key_size = 0;
    static constexpr std::size_t max_string_size = 0;
    json_number_value v;

    bool on_document_begin(boost::system::error_code&) { return true; }
    bool on_document_end(boost::system::error_code&) { return true; }
    bool on_object_begin(boost::system::error_code&) { return false; }
    bool on_object_end(std::size_t, boost::system::error_code&) { return false; }
    bool on_array_begin(boost::system::error_code&) { return false; }
    bool on_array_end(std::size_t, boost::system::error_code&) { return false; }
    bool on_key_part(boost::json::string_view, std::size_t, boost::system::error_code&) { return false; }
    bool on_key(boost::json::string_view, std::size_t, boost::system::error_code&) { return false; }
    bool on_string_part(boost::json::string_view, std::size_t, boost::system::error_code&) { return false; }
    bool on_string(boost::json::string_view, std::size_t, boost::system::error_code&) { return false; }
    bool on_number_part(boost::json::string_view, boost::system::error_code&) { return true; }
    bool on_int64(std::int64_t i, boost::json::string_view, boost::system::error_code&) {
        v.k = json_number_value::kind::int64;
        v.i = i;
        return true;
    }
    bool on_uint64(std::uint64_t u, boost::json::string_view, boost::system::error_code&) {
        v.k = json_number_value::kind::uint64;
        v.u = u;
        return true;
    }
    bool on_double(double d, boost::json::string_view, boost::system::error_code&) {
        v.k = json_number_value::kind::double_;
        v.d = d;
        return true;
    }
    bool on_bool(bool, boost::system::error_code&) { return false; }
    bool on_null(boost::system::error_code&) { return false; }
    bool on_comment_part(boost::json::string_view, boost::system::error_code&) { return false; }
    bool on_comment(boost::json::string_view, boost::system::error_code&) { return false; }
};

/// The value of the number that begins at `p` and is `size` bytes long
/// (already checked against JSON's number grammar), as Boost.JSON reads it
/// where it is: given the input up to `e`, since Boost.JSON 1.81 reads some
/// numbers 1 ULP apart depending on how many bytes follow them in its buffer.
inline json_number_value boost_json_number(const char* p, std::size_t size, const char* e) {
    boost::json::basic_parser<json_number_handler> parser{boost::json::parse_options{}};
    boost::system::error_code ec;
    const std::size_t n = parser.write_some(false, p, static_cast<std::size_t>(e - p), ec);
    if (ec || n != size || !parser.done()) return {};
    return parser.handler().v;
}

template <class Handler> class fast_json_reader {
public:
    /// Containers may nest fewer than `max_depth` deep (deeper: it gives up).
    fast_json_reader(Handler& h, std::size_t max_depth) noexcept : h_(h), max_depth_(max_depth) {}

    /// True when `text` is one JSON document that this reader reads, and
    /// every callback returned true.
    bool read(std::string_view text) {
        handler_refused_ = false;
        // (So no string, key, array or object comes near a size Boost.JSON refuses.)
        if (text.size() > 0x7FFF'FFF0) return false;
        p_ = text.data();
        e_ = text.data() + text.size();
        if (!call(h_.on_document_begin(ec_))) return false;
        skip_whitespace();
        if (!value()) return false;
        skip_whitespace();
        if (p_ != e_) return false;
        return call(h_.on_document_end(ec_));
    }

    /// Whether the last read stopped because a callback returned false (the
    /// document does not fit what the handler fills), not because of the text.
    bool handler_refused() const noexcept { return handler_refused_; }

private:
    bool call(bool ok) noexcept {
        if (!ok) handler_refused_ = true;
        return ok;
    }

    bool handler_skips() const noexcept {
        if constexpr (requires(const Handler& h) {
                          { h.skipping() } -> std::convertible_to<bool>;
                      })
            return h_.skipping();
        else
            return false;
    }

    void skip_whitespace() noexcept {
        while (p_ != e_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')) ++p_;
    }

    bool literal(std::string_view word) noexcept {
        if (static_cast<std::size_t>(e_ - p_) < word.size() || std::string_view(p_, word.size()) != word) return false;
        p_ += word.size();
        return true;
    }

    /// A value, reported to the handler.
    bool value() {
        if (p_ == e_) return false;
        switch (*p_) {
        case '{': return container<true>();
        case '[': return container<false>();
        case '"': ++p_; return string<false>();
        case 't': return literal("true") && call(h_.on_bool(true, ec_));
        case 'f': return literal("false") && call(h_.on_bool(false, ec_));
        case 'n': return literal("null") && call(h_.on_null(ec_));
        default: return number();
        }
    }

    /// An object (`Object`) or an array, whose first byte is at p_.
    template <bool Object> bool container() {
        ++p_;
        if (++depth_ >= max_depth_) return false;
        if (!call(Object ? h_.on_object_begin(ec_) : h_.on_array_begin(ec_))) return false;
        std::size_t n = 0;
        if (handler_skips()) {
            p_ = skip_rest<Object>(p_, e_, max_depth_ - depth_);
            if (!p_) return false;
            if constexpr (requires { h_.skipped_to(p_); }) h_.skipped_to(p_);
        } else {
            constexpr char close = Object ? '}' : ']';
            skip_whitespace();
            if (p_ != e_ && *p_ == close) {
                ++p_;
            } else {
                for (;;) {
                    if constexpr (Object) {
                        if (p_ == e_ || *p_ != '"') return false;
                        ++p_;
                        if (!string<true>()) return false;
                        skip_whitespace();
                        if (p_ == e_ || *p_ != ':') return false;
                        ++p_;
                        skip_whitespace();
                    }
                    if (!value()) return false;
                    ++n;
                    skip_whitespace();
                    if (p_ == e_) return false;
                    if (*p_ == close) {
                        ++p_;
                        break;
                    }
                    if (*p_ != ',') return false;
                    ++p_;
                    skip_whitespace();
                }
            }
        }
        --depth_;
        return call(Object ? h_.on_object_end(n, ec_) : h_.on_array_end(n, ec_));
    }

    /// One well-formed UTF-8 sequence at p_ (a lead byte >= 0x80): its length, or 0.
    std::size_t utf8_sequence() const noexcept {
        const utf8::sequence q = utf8::decode(std::string_view(p_, static_cast<std::size_t>(e_ - p_)), 0);
        return q.valid ? q.length : 0;
    }

    static int hex_digit(char c) noexcept {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }

    /// The four hex digits at `p` (consumed), or -1.
    static long hex4(const char*& p, const char* e) noexcept {
        if (e - p < 4) return -1;
        long v = 0;
        for (int i = 0; i < 4; ++i) {
            const int d = hex_digit(p[i]);
            if (d < 0) return -1;
            v = v * 16 + d;
        }
        p += 4;
        return v;
    }

    /// The code point of a u-escape (backslash, 'u', four hex digits) whose
    /// backslash and 'u' are read: its digits consumed, and for a high
    /// surrogate the escape of the low one; or -1 for digits that are not
    /// hex, or a surrogate not in a well-formed pair (Boost.JSON decides those).
    static long unicode_escape(const char*& p, const char* e) noexcept {
        const long cp = hex4(p, e);
        if (cp < 0 || (cp >= 0xDC00 && cp <= 0xDFFF)) return -1;
        if (cp < 0xD800 || cp > 0xDBFF) return cp;
        if (e - p < 2 || p[0] != '\\' || p[1] != 'u') return -1;
        p += 2;
        const long low = hex4(p, e);
        if (low < 0xDC00 || low > 0xDFFF) return -1;
        return 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
    }

    /// One escape sequence; p_ is just past its backslash. Appends what it
    /// stands for to `out`. False when it is not one this
    /// reader takes (a surrogate not in a well-formed pair: Boost.JSON decides).
    bool escape(std::string& out) {
        if (p_ == e_) return false;
        char c = *p_++;
        switch (c) {
        case '"':
        case '\\':
        case '/': break;
        case 'b': c = '\b'; break;
        case 'f': c = '\f'; break;
        case 'n': c = '\n'; break;
        case 'r': c = '\r'; break;
        case 't': c = '\t'; break;
        case 'u': {
            const long cp = unicode_escape(p_, e_);
            if (cp < 0) return false;
            append_utf8(out, static_cast<unsigned long>(cp));
            return true;
        }
        default: return false;
        }
        out.push_back(c);
        return true;
    }

    static void append_utf8(std::string& out, unsigned long cp) {
        if (cp < 0x80) {
            out.push_back(static_cast<char>(cp));
        } else if (cp < 0x800) {
            out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
            out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        } else if (cp < 0x10000) {
            out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
            out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        } else {
            out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
            out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        }
    }

    /// A string or key whose opening quote is read, reported whole: as a
    /// view into the input when it has no escapes, else unescaped in buf_.
    template <bool Key> bool string() {
        const char* const start = p_;
        bool escaped = false;
        for (;;) {
            p_ = json_plain_run_end(p_, e_);
            if (p_ == e_) return false;
            const auto c = static_cast<unsigned char>(*p_);
            if (c == '"') break;
            if (c == '\\') {
                buf_.assign(start, p_);
                ++p_;
                escaped = true;
                if (!escape(buf_) || !escaped_rest()) return false;
                break;
            }
            if (c < 0x80) return false; // a control character
            const std::size_t n = utf8_sequence();
            if (n == 0) return false;
            p_ += n;
        }
        // p_ is at the closing quote.
        const char* const stop = p_++;
        const auto length = static_cast<std::size_t>(stop - start);
        const boost::json::string_view s =
            escaped ? boost::json::string_view(buf_.data(), buf_.size()) : boost::json::string_view(start, length);
        if constexpr (Key)
            return call(h_.on_key(s, s.size(), ec_));
        else
            return call(h_.on_string(s, s.size(), ec_));
    }

    /// The rest of a string after its first escape, into buf_; stops at the
    /// closing quote (not consumed).
    bool escaped_rest() {
        for (;;) {
            const char* const run = p_;
            p_ = json_plain_run_end(p_, e_);
            buf_.append(run, p_);
            if (p_ == e_) return false;
            const auto c = static_cast<unsigned char>(*p_);
            if (c == '"') return true;
            if (c == '\\') {
                ++p_;
                if (!escape(buf_)) return false;
                continue;
            }
            if (c < 0x80) return false;
            const std::size_t n = utf8_sequence();
            if (n == 0) return false;
            buf_.append(p_, n);
            p_ += n;
        }
    }

    static bool digit(char c) noexcept { return c >= '0' && c <= '9'; }

    /// A number: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
    bool number() {
        const char* const start = p_;
        p_ = skip_number(p_, e_);
        if (!p_) return false;
        const boost::json::string_view text(start, static_cast<std::size_t>(p_ - start));
        // A plain integer of up to 18 digits is an int64 (not "-0": Boost.JSON decides).
        const bool negative = *start == '-';
        const std::size_t digits = text.size() - (negative ? 1 : 0);
        if (digits <= 18 && !(negative && digits == 1 && start[1] == '0')) {
            std::uint64_t mantissa = 0;
            const char* d = start + (negative ? 1 : 0);
            for (; d != p_ && digit(*d); ++d) mantissa = mantissa * 10 + static_cast<std::uint64_t>(*d - '0');
            if (d == p_) { // only digits
                const auto i = static_cast<std::int64_t>(mantissa);
                return call(h_.on_int64(negative ? -i : i, text, ec_));
            }
        }
        const json_number_value v = boost_json_number(start, text.size(), e_);
        switch (v.k) {
        case json_number_value::kind::int64: return call(h_.on_int64(v.i, text, ec_));
        case json_number_value::kind::uint64: return call(h_.on_uint64(v.u, text, ec_));
        case json_number_value::kind::double_: return call(h_.on_double(v.d, text, ec_));
        case json_number_value::kind::none: return false;
        }
        return false;
    }

    // Checking a skipped container: the same grammar, nothing reported, on a
    // local cursor. Each returns one past what it checked, or nullptr.
    // `depth` is how many more containers may begin inside.

    static const char* skip_ws(const char* p, const char* e) noexcept {
        while (p != e && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')) ++p;
        return p;
    }

    /// A string whose opening quote is read.
    static const char* skip_string(const char* p, const char* e) noexcept {
        for (;;) {
            p = json_plain_run_end(p, e);
            if (p == e) return nullptr;
            const auto c = static_cast<unsigned char>(*p);
            if (c == '"') return p + 1;
            if (c == '\\') {
                ++p;
                if (p == e) return nullptr;
                switch (*p++) {
                case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't': break;
                case 'u':
                    if (unicode_escape(p, e) < 0) return nullptr;
                    break;
                default: return nullptr;
                }
                continue;
            }
            if (c < 0x80) return nullptr; // a control character
            const utf8::sequence q = utf8::decode(std::string_view(p, static_cast<std::size_t>(e - p)), 0);
            if (!q.valid) return nullptr;
            p += q.length;
        }
    }

    static const char* skip_digits(const char* p, const char* e) noexcept {
        while (p != e && digit(*p)) ++p;
        return p;
    }

    /// A number, checked as Boost.JSON checks it: the grammar, and an exponent
    /// that Boost.JSON can hold (it refuses one past INT_MAX, with the
    /// mantissa's digits counted in): this reader gives up on an exponent of
    /// more than 9 digits or a mantissa of more than 10^9.
    static const char* skip_number(const char* p, const char* e) noexcept {
        const char* const start = p;
        if (*p == '-') ++p;
        if (p == e || !digit(*p)) return nullptr;
        p = *p == '0' ? p + 1 : skip_digits(p, e);
        if (p != e && *p == '.') {
            ++p;
            if (p == e || !digit(*p)) return nullptr;
            p = skip_digits(p, e);
        }
        if (p - start > 1'000'000'000) return nullptr;
        if (p != e && (*p == 'e' || *p == 'E')) {
            ++p;
            if (p != e && (*p == '+' || *p == '-')) ++p;
            if (p == e || !digit(*p)) return nullptr;
            const char* const exponent = p;
            p = skip_digits(p, e);
            if (p - exponent > 9) return nullptr;
        }
        return p;
    }

    static const char* skip_literal(const char* p, const char* e, std::string_view word) noexcept {
        if (static_cast<std::size_t>(e - p) < word.size() || std::string_view(p, word.size()) != word) return nullptr;
        return p + word.size();
    }

    static const char* skip_value(const char* p, const char* e, std::size_t depth) noexcept {
        if (p == e) return nullptr;
        switch (*p) {
        case '"': return skip_string(p + 1, e);
        case '{': return depth > 1 ? skip_rest<true>(p + 1, e, depth - 1) : nullptr;
        case '[': return depth > 1 ? skip_rest<false>(p + 1, e, depth - 1) : nullptr;
        case 't': return skip_literal(p, e, "true");
        case 'f': return skip_literal(p, e, "false");
        case 'n': return skip_literal(p, e, "null");
        default: return skip_number(p, e);
        }
    }

    /// The members and closing brace of an object (`Object`), or the
    /// elements and closing bracket of an array, whose first byte is read.
    template <bool Object> static const char* skip_rest(const char* p, const char* e, std::size_t depth) noexcept {
        constexpr char close = Object ? '}' : ']';
        p = skip_ws(p, e);
        if (p != e && *p == close) return p + 1;
        for (;;) {
            if constexpr (Object) {
                if (p == e || *p != '"') return nullptr;
                p = skip_string(p + 1, e);
                if (!p) return nullptr;
                p = skip_ws(p, e);
                if (p == e || *p != ':') return nullptr;
                p = skip_ws(p + 1, e);
            }
            p = skip_value(p, e, depth);
            if (!p) return nullptr;
            p = skip_ws(p, e);
            if (p == e) return nullptr;
            if (*p == close) return p + 1;
            if (*p != ',') return nullptr;
            p = skip_ws(p + 1, e);
        }
    }

    Handler& h_;
    std::size_t max_depth_;
    const char* p_ = nullptr;
    const char* e_ = nullptr;
    std::size_t depth_ = 0;
    bool handler_refused_ = false;
    boost::system::error_code ec_;
    std::string buf_; // a string with escapes, unescaped
};

} // namespace revring::detail

#endif
