// revring-cpp: decoding straight from the parser's events into the structs.
//
// Part of revring/json/decode.hpp (include that). `from_json<T>` and the
// client first run `detail::decode_direct`: a handler with the callbacks of
// boost::json::basic_parser that fills a T as the parser reports what it
// reads, with no DOM in between. The parser is fast_json_reader
// (json/detail/reader.hpp), or basic_parser where that gives up on the text.
// Strings, numbers and booleans go straight into their members (through the
// same `decode_text`/`decode` overloads the DOM decoder uses);
// a free-form object (revring::json_object) keeps its JSON text, a slice of
// one copy of the document in a shared arena, and is parsed on first read;
// other free-form values (boost::json::value, ...), and objects whose place
// in the text the handler cannot tell (see `cursor_`), are built with a
// boost::json::value_stack in that arena, once.
//
// It does not report errors. If anything at all is wrong -- invalid JSON, a
// value that does not fit its member, a required member missing, a member
// name given twice -- it gives up, and the caller runs the DOM decoder, whose
// error names the JSON pointer and the rule. So the two paths fail alike by
// construction; that they succeed alike, with equal values, is checked by the
// decode fuzz target and tests/unit/test_json_direct.cpp.
//
// Generated structs take part through two functions found by
// argument-dependent lookup (see the generator's json.hpp.j2):
//
//   std::span<const revring::json_member> json_members(const CallRecord*);
//   template <class V> bool visit_json_member(CallRecord& out, std::size_t i, V&& v);
//
// `visit_json_member` calls `v(member)` for the i-th member of the table.
#ifndef REVRING_JSON_DETAIL_DIRECT_HPP
#define REVRING_JSON_DETAIL_DIRECT_HPP

#ifndef REVRING_JSON_DECODE_HPP
#error "include <revring/json/decode.hpp> instead"
#endif

#include <revring/json/detail/reader.hpp>
#include <revring/json/variables.hpp> // detail::is_std_vector
#include <revring/optional.hpp>
#include <revring/required.hpp>

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/monotonic_resource.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/parser.hpp>
#include <boost/json/value_stack.hpp>

#include <algorithm>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <mutex>
#include <new>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace revring {

/// A member of a generated struct, for the direct decoder.
struct json_member {
    /// Its JSON name.
    std::string_view name;
    /// Whether a document without it is refused (required members, and
    /// required members that may be null).
    bool must_be_present;

    constexpr json_member(std::string_view json_name, bool must) noexcept : name(json_name), must_be_present(must) {}
};

namespace detail {

/// A member of type M must be present unless it is a revring::optional
/// (the generator says so itself for required members that may be null).
template <class M> inline constexpr bool json_member_required = !is_revring_optional<M>::value;

template <class T>
concept has_json_members = requires(const T* p) {
    { json_members(p) } -> std::convertible_to<std::span<const json_member>>;
};

template <class T>
concept text_decodable = requires(std::string_view s, T& out, decode_context& ctx) {
    { decode_text(s, out, ctx) } -> std::same_as<bool>;
};

/// A string, number, boolean or null as the parser reported it.
struct json_scalar {
    enum class kind : unsigned char { string, int64, uint64, double_, bool_, null };
    kind k;
    std::string_view s{};
    std::int64_t i = 0;
    std::uint64_t u = 0;
    double d = 0;
    bool b = false;

    boost::json::value to_value() const {
        switch (k) {
        case kind::string: return boost::json::value(boost::json::string_view(s.data(), s.size()));
        case kind::int64: return boost::json::value(i);
        case kind::uint64: return boost::json::value(u);
        case kind::double_: return boost::json::value(d);
        case kind::bool_: return boost::json::value(b);
        case kind::null: break;
        }
        return boost::json::value(nullptr);
    }
};

/// A decoded free-form object kept as its JSON text (which the parser has
/// validated), parsed on first read into an arena of its own (no allocation
/// per node). `keep` holds the memory of `text`, a slice of a copy of the
/// whole document that goes on to `document_end`: the text is parsed where it
/// is, followed by the rest of the document, because Boost.JSON 1.81 reads
/// some numbers 1 ULP apart depending on how many bytes follow them in its
/// buffer (so they read as the DOM decoder reads them). The arena is
/// reference counted, not owned here: a boost::json::object copied from the
/// parsed one shares its memory resource (Boost.JSON's copies do), and keeps
/// it alive. The holder itself lives in the arena `keep` holds (keep_text),
/// so a record's holders cost no allocation each; destroying one lets go of
/// the arena only after the holder is gone (raw_json_object_ops::destroy).
template <class O> struct raw_json_object {
    boost::json::storage_ptr keep;
    std::string_view text;
    const char* document_end;
    mutable std::once_flag once{};
    mutable std::optional<O> parsed{};

    const O& get() const {
        std::call_once(once, [this] {
            boost::json::parse_options po;
            po.max_depth = REVRING_JSON_MAX_DEPTH;
            boost::json::parser parser(boost::json::storage_ptr(), po);
            // The values take about twice their text (a node is 16 bytes).
            parser.reset(boost::json::make_shared_resource<boost::json::monotonic_resource>(
                std::clamp<std::size_t>(text.size() * 2, 256, 16384)));
            boost::system::error_code ec;
            // (write_some stops at the end of the object, and leaves what follows.)
            const std::size_t n =
                parser.write_some(text.data(), static_cast<std::size_t>(document_end - text.data()), ec);
            // (It reads on over whitespace after the object. The text was
            // validated, so an error cannot happen.)
            if (!ec && n < text.size()) ec = boost::json::error::incomplete;
            if (ec) boost::throw_exception(boost::system::system_error(ec));
            parsed.emplace(std::move(parser.release().as_object()));
        });
        return *parsed;
    }
};

template <class O> struct raw_json_object_ops {
    using holder = raw_json_object<O>;
    static const void* view(const void* p) { return &static_cast<const holder*>(p)->get(); }
    static void destroy(void* p) noexcept {
        auto* h = static_cast<holder*>(p);
        const boost::json::storage_ptr arena = std::move(h->keep); // h's memory is in it
        h->~holder();
    } // (the arena is released here, when h was the last of its holders)
    static void* clone(const void* p) { return new_json_object<O>(*static_cast<const O*>(view(p))); }
    static bool empty(const void* p) noexcept { // "{", whitespace, "}"
        const std::string_view t = static_cast<const holder*>(p)->text;
        return t.find_first_not_of(" \t\r\n", 1) == t.size() - 1;
    }
    static void write(const void* p, json_writer& w) { w.raw(*static_cast<const O*>(view(p))); }
};

template <class O>
inline constexpr json_object_ops raw_json_object_ops_for{
    &raw_json_object_ops<O>::destroy, &raw_json_object_ops<O>::clone, &json_object_ops_of<O>::equal,
    &raw_json_object_ops<O>::empty,   &raw_json_object_ops<O>::write, &json_object_ops_for<O>,
    true,                             &raw_json_object_ops<O>::view,
};

/// The end of the object or array that begins at `p` (one past its closing
/// bracket), or nullptr if `e` comes first. For text the parser validates.
inline const char* json_container_end(const char* p, const char* e) noexcept {
    std::size_t depth = 0;
    for (; p < e; ++p) {
        switch (*p) {
        case '"':
            for (;;) { // to the closing quote: the next one not escaped
                const void* q = std::memchr(p + 1, '"', static_cast<std::size_t>(e - p - 1));
                if (!q) return nullptr;
                p = static_cast<const char*>(q);
                std::size_t backslashes = 0;
                while (p[-1 - static_cast<std::ptrdiff_t>(backslashes)] == '\\') ++backslashes;
                if (backslashes % 2 == 0) break;
            }
            break;
        case '{':
        case '[': ++depth; break;
        case '}':
        case ']':
            if (--depth == 0) return p + 1;
            break;
        default: break;
        }
    }
    return nullptr;
}

class direct_handler;

/// What is being filled: the document's root, a struct or a std::vector.
struct direct_frame;
struct direct_frame_ops {
    bool (*key)(direct_frame&, std::string_view);
    bool (*scalar)(direct_frame&, direct_handler&, const json_scalar&);
    bool (*begin)(direct_frame&, direct_handler&, bool object);
    bool (*end)(const direct_frame&);
};
struct direct_frame { // no initialisers: the handler's array of them is filled only as deep as it goes
    void* target;
    const direct_frame_ops* ops;
    std::uint64_t seen;     // struct: bit i = member i was given
    std::ptrdiff_t member;  // struct: the member whose value comes next; -1 = unknown (skipped)
    std::size_t hint;       // struct: where to look for the next name (members usually come in order)
};

template <class M> bool assign_scalar(M& m, const json_scalar& v, direct_handler& h);
template <class M> bool begin_into(M& m, bool object, direct_handler& h);

/// The basic_parser handler. Every callback returns false (and sets `ec`)
/// to give up; basic_parser then stops.
class direct_handler {
public:
    static constexpr std::size_t max_object_size = boost::json::object::max_size();
    static constexpr std::size_t max_array_size = boost::json::array::max_size();
    static constexpr std::size_t max_key_size = boost::json::string::max_size();
    static constexpr std::size_t max_string_size = boost::json::string::max_size();

    /// Fills `root` from `input` (the whole document, given to the parser in
    /// one piece); free-form values go to an arena whose first block has
    /// `arena_size` bytes (made when the first one begins).
    template <class T>
    direct_handler(T& root, std::string_view input, std::size_t arena_size) noexcept
        : input_(input), arena_size_(arena_size), stack_(boost::json::storage_ptr(), temp_, sizeof temp_) {
        static constexpr direct_frame_ops ops{
            [](direct_frame&, std::string_view) { return false; },
            [](direct_frame& f, direct_handler& h, const json_scalar& v) {
                return assign_scalar(*static_cast<T*>(f.target), v, h);
            },
            [](direct_frame& f, direct_handler& h, bool object) {
                return begin_into(*static_cast<T*>(f.target), object, h);
            },
            [](const direct_frame&) { return false; },
        };
        frames_[0] = direct_frame{&root, &ops, 0, -1, 0};
    }

    bool on_document_begin(boost::system::error_code&) { return true; }
    bool on_document_end(boost::system::error_code&) { return true; }

    bool on_object_begin(boost::system::error_code& ec) { return begin(true, ec); }
    bool on_object_end(std::size_t n, boost::system::error_code& ec) { return end(true, n, ec); }
    bool on_array_begin(boost::system::error_code& ec) { return begin(false, ec); }
    bool on_array_end(std::size_t n, boost::system::error_code& ec) { return end(false, n, ec); }

    bool on_key_part(boost::json::string_view s, std::size_t, boost::system::error_code&) {
        part(s);
        return true;
    }
    bool on_key(boost::json::string_view s, std::size_t, boost::system::error_code& ec) {
        if (skip_) return true;
        if (capture_) {
            stack_.push_key(s);
            return true;
        }
        // Where the text goes on: just past the name's closing quote, if the
        // parser gave the name as it is in the input (no escapes).
        const char* after = s.data() + s.size();
        const std::less<const char*> before;
        cursor_ = text_.empty() && !before(s.data(), input_.data()) && before(after, input_.data() + input_.size()) &&
                          *after == '"'
                      ? after + 1
                      : nullptr;
        direct_frame& f = frames_[depth_ - 1];
        const bool ok = f.ops->key(f, whole(s));
        text_.clear();
        return check(ok, ec);
    }
    bool on_string_part(boost::json::string_view s, std::size_t, boost::system::error_code&) {
        part(s);
        return true;
    }
    bool on_string(boost::json::string_view s, std::size_t, boost::system::error_code& ec) {
        if (skip_) return true;
        if (capture_) {
            stack_.push_string(s);
            return true;
        }
        json_scalar v{json_scalar::kind::string};
        v.s = whole(s);
        return scalar(v, ec);
    }
    bool on_number_part(boost::json::string_view, boost::system::error_code&) { return true; }
    bool on_int64(std::int64_t i, boost::json::string_view, boost::system::error_code& ec) {
        json_scalar v{json_scalar::kind::int64};
        v.i = i;
        return leaf(v, ec);
    }
    bool on_uint64(std::uint64_t u, boost::json::string_view, boost::system::error_code& ec) {
        json_scalar v{json_scalar::kind::uint64};
        v.u = u;
        return leaf(v, ec);
    }
    bool on_double(double d, boost::json::string_view, boost::system::error_code& ec) {
        json_scalar v{json_scalar::kind::double_};
        v.d = d;
        return leaf(v, ec);
    }
    bool on_bool(bool b, boost::system::error_code& ec) {
        json_scalar v{json_scalar::kind::bool_};
        v.b = b;
        return leaf(v, ec);
    }
    bool on_null(boost::system::error_code& ec) { return leaf(json_scalar{json_scalar::kind::null}, ec); }
    bool on_comment_part(boost::json::string_view, boost::system::error_code&) { return true; }
    bool on_comment(boost::json::string_view, boost::system::error_code&) { return true; }

    // For the frames and the functions that fill members.

    /// Fills `target` (a struct or a vector) until its container ends.
    bool push(void* target, const direct_frame_ops* ops) noexcept {
        if (depth_ == max_frames) return false;
        frames_[depth_++] = direct_frame{target, ops, 0, -1, 0};
        return true;
    }

    /// Skips the container that has just begun (the value of an unknown member).
    void skip() noexcept { skip_ = 1; }

    /// Whether the container that has just begun is skipped (for
    /// fast_json_reader, which then checks it without reporting its contents).
    bool skipping() const noexcept { return skip_ != 0; }

    /// Keeps the object that has just begun as its text (see
    /// raw_json_object) in `out`, and skips it: false, with nothing done,
    /// when where it begins is not known.
    template <class O> bool keep_text(json_object& out) {
        // From the cursor, only what may come between a name (or a value)
        // and the next value: whitespace, ':', ',' and '[' (arrays begun).
        // Anything else means the cursor is behind a value the parser read.
        if (!cursor_) return false;
        const char* const end = input_.data() + input_.size();
        const char* p = cursor_;
        for (; p < end && *p != '{'; ++p)
            if (*p != ' ' && *p != '\n' && *p != '\r' && *p != '\t' && *p != ':' && *p != ',' && *p != '[')
                return false;
        if (p == end) return false;
        // Where it ends: from fast_json_reader once it has checked it
        // (skipped_to), else found here.
        const char* const close = reader_ends_ ? p : json_container_end(p, end);
        if (!close) return false;
        if (!copy_) { // one copy of the document, in the arena, for every object of it
            make_arena();
            copy_ = static_cast<char*>(arena_->allocate(input_.size(), 1));
            std::memcpy(copy_, input_.data(), input_.size());
        }
        void* place = arena_->allocate(sizeof(raw_json_object<O>), alignof(raw_json_object<O>));
        auto* kept = ::new (place) raw_json_object<O>{
            arena_, std::string_view(copy_ + (p - input_.data()), static_cast<std::size_t>(close - p)),
            copy_ + input_.size()};
        out = json_object(adopt_t{}, kept, &raw_json_object_ops_for<O>);
        if (reader_ends_) pending_text_ = &kept->text;
        cursor_ = close;
        kept_text_ = true;
        skip_ = 1;
        return true;
    }

    /// For fast_json_reader: it tells where each skipped container ends.
    void reader_gives_ends() noexcept { reader_ends_ = true; }

    /// The container skipped last ends just before `end` (fast_json_reader
    /// has checked it): the text of an object kept as text ends there.
    void skipped_to(const char* end) noexcept {
        if (!pending_text_) return;
        const auto rest = static_cast<std::size_t>(end - cursor_); // (cursor_: where the object begins)
        *pending_text_ = std::string_view(pending_text_->data(), pending_text_->size() + rest);
        cursor_ = end;
        pending_text_ = nullptr;
    }

    /// Builds the container that has just begun as a boost::json::value,
    /// then hands it to `finish(target, value, handler)`.
    void capture(void* target, bool (*finish)(void*, boost::json::value&, direct_handler&)) {
        make_arena();
        stack_.reset(arena_);
        capture_ = 1;
        capture_target_ = target;
        capture_finish_ = finish;
    }

    /// For the `decode` overloads a member is filled with (errors are not
    /// reported from here, see the file comment).
    decode_context& context() noexcept { return ctx_; }

private:
    static constexpr std::size_t max_frames = REVRING_JSON_MAX_DEPTH + 1;

    void make_arena() {
        if (!arena_.is_shared()) arena_ = boost::json::make_shared_resource<boost::json::monotonic_resource>(arena_size_);
    }

    static bool check(bool ok, boost::system::error_code& ec) {
        if (!ok) ec = boost::json::error::syntax; // any error: the caller only sees "gave up"
        return ok;
    }

    void part(boost::json::string_view s) {
        if (skip_) return;
        if (capture_)
            stack_.push_chars(s);
        else
            text_.append(s.data(), s.size());
    }

    /// The whole key or string: `s` alone, or the parts before it and `s`.
    std::string_view whole(boost::json::string_view s) {
        if (text_.empty()) return std::string_view(s.data(), s.size());
        text_.append(s.data(), s.size());
        return text_;
    }

    /// A number, boolean or null: into the value being captured, or a member.
    bool leaf(const json_scalar& v, boost::system::error_code& ec) {
        if (!capture_) return scalar(v, ec);
        switch (v.k) {
        case json_scalar::kind::int64: stack_.push_int64(v.i); break;
        case json_scalar::kind::uint64: stack_.push_uint64(v.u); break;
        case json_scalar::kind::double_: stack_.push_double(v.d); break;
        case json_scalar::kind::bool_: stack_.push_bool(v.b); break;
        case json_scalar::kind::null: stack_.push_null(); break;
        case json_scalar::kind::string: stack_.push_string(v.s); break; // (on_string pushes its own)
        }
        return true;
    }

    bool scalar(const json_scalar& v, boost::system::error_code& ec) {
        if (skip_) return true;
        cursor_ = nullptr;
        direct_frame& f = frames_[depth_ - 1];
        const bool ok = f.ops->scalar(f, *this, v);
        text_.clear();
        return check(ok, ec);
    }

    bool begin(bool object, boost::system::error_code& ec) {
        if (skip_) {
            ++skip_;
            return true;
        }
        if (capture_) {
            ++capture_;
            return true;
        }
        direct_frame& f = frames_[depth_ - 1];
        const bool ok = f.ops->begin(f, *this, object);
        if (object && !kept_text_) cursor_ = nullptr; // (an array's '[' may come between the cursor and a value)
        return check(ok, ec);
    }

    bool end(bool object, std::size_t n, boost::system::error_code& ec) {
        if (skip_) {
            if (--skip_ == 0) {
                if (!kept_text_) cursor_ = nullptr; // (kept text: it is just past the object)
                kept_text_ = false;
            }
            return true;
        }
        if (capture_) {
            if (object)
                stack_.push_object(n);
            else
                stack_.push_array(n);
            if (--capture_ != 0) return true;
            cursor_ = nullptr;
            boost::json::value jv = stack_.release();
            return check(capture_finish_(capture_target_, jv, *this), ec);
        }
        cursor_ = nullptr;
        const direct_frame& f = frames_[--depth_];
        return check(f.ops->end(f), ec);
    }

    direct_frame frames_[max_frames];
    std::size_t depth_ = 1; // frames_[0] is the root
    std::size_t skip_ = 0;    // > 0: inside a skipped container, this many deep
    std::size_t capture_ = 0; // > 0: inside a captured container, this many deep
    void* capture_target_ = nullptr;
    bool (*capture_finish_)(void*, boost::json::value&, direct_handler&) = nullptr;
    std::string text_; // a key or string the parser gave in parts
    std::string_view input_;
    // Where the parser is in `input_`, when known: just past the last name it
    // gave as it is in the input, or past an object kept as text (and only
    // '[' begun since); else nullptr. A free-form object begins at the first
    // '{' from there (keep_text).
    const char* cursor_ = nullptr;
    bool kept_text_ = false; // the container skipped is an object kept as text
    bool reader_ends_ = false; // fast_json_reader: skipped_to says where a kept object ends
    std::string_view* pending_text_ = nullptr; // the text of the object being kept, until skipped_to
    char* copy_ = nullptr;   // the copy of input_ in the arena, once needed
    std::size_t arena_size_;
    // Free-form values are built here: a monotonic arena shared by all of
    // them (and kept alive by them), so building costs no allocation per
    // node, and freeing one walks it without calling free.
    boost::json::storage_ptr arena_; // the default resource until the first free-form value
    decode_context ctx_;
    unsigned char temp_[512];
    boost::json::value_stack stack_;
};

template <class S> struct struct_frame {
    static std::span<const json_member> members() noexcept { return json_members(static_cast<const S*>(nullptr)); }

    static bool key(direct_frame& f, std::string_view name) {
        const auto m = members();
        const std::size_t n = m.size();
        std::size_t i = f.hint;
        for (std::size_t tried = 0; tried < n; ++tried, ++i) {
            if (i >= n) i = 0;
            if (m[i].name != name) continue;
            const std::uint64_t bit = std::uint64_t(1) << i;
            if (f.seen & bit) return false; // given twice: the DOM decoder decides
            f.seen |= bit;
            f.member = static_cast<std::ptrdiff_t>(i);
            f.hint = i + 1;
            return true;
        }
        f.member = -1;
        return true;
    }

    static bool scalar(direct_frame& f, direct_handler& h, const json_scalar& v) {
        if (f.member < 0) return true;
        return visit_json_member(*static_cast<S*>(f.target), static_cast<std::size_t>(f.member),
                                 [&](auto& m) { return assign_scalar(m, v, h); });
    }

    static bool begin(direct_frame& f, direct_handler& h, bool object) {
        if (f.member < 0) {
            h.skip();
            return true;
        }
        return visit_json_member(*static_cast<S*>(f.target), static_cast<std::size_t>(f.member),
                                 [&](auto& m) { return begin_into(m, object, h); });
    }

    static bool end(const direct_frame& f) {
        const auto m = members();
        for (std::size_t i = 0; i < m.size(); ++i)
            if (m[i].must_be_present && !(f.seen & (std::uint64_t(1) << i))) return false;
        return true;
    }

    static constexpr direct_frame_ops ops{&key, &scalar, &begin, &end};
};

template <class V> struct vector_frame {
    using element = typename V::value_type;

    /// Before the first element: room for as many as fit in 256 bytes (at
    /// least one), so a short array (a transcript's dozen entries) costs one
    /// allocation, not one per doubling (1, 2, 4, 8, 16: five).
    static void reserve_first(V& vec) {
        if (vec.capacity() == 0) vec.reserve(std::max<std::size_t>(1, 256 / sizeof(element)));
    }

    static bool key(direct_frame&, std::string_view) { return false; }

    static bool scalar(direct_frame& f, direct_handler& h, const json_scalar& v) {
        // Into a local first: std::vector<bool>::back() is a proxy, not a bool&.
        element e = decode_access::make<element>();
        if (!assign_scalar(e, v, h)) return false;
        V& vec = *static_cast<V*>(f.target);
        reserve_first(vec);
        vec.push_back(std::move(e));
        return true;
    }

    static bool begin(direct_frame& f, direct_handler& h, bool object) {
        if constexpr (std::is_same_v<element, bool>) {
            return false;
        } else {
            V& vec = *static_cast<V*>(f.target);
            reserve_first(vec);
            vec.push_back(decode_access::make<element>());
            return begin_into(vec.back(), object, h);
        }
    }

    static bool end(const direct_frame&) { return true; }

    static constexpr direct_frame_ops ops{&key, &scalar, &begin, &end};
};

/// Fills `m` from a string, number, boolean or null.
template <class M> bool assign_scalar(M& m, const json_scalar& v, direct_handler& h) {
    if constexpr (is_revring_optional<M>::value) {
        if (v.k == json_scalar::kind::null) {
            m.reset();
            return true;
        }
        return assign_scalar(m.emplace(decode_access::make<typename M::value_type>()), v, h);
    } else if constexpr (is_revring_required<M>::value) {
        return assign_scalar(m.get(), v, h);
    } else if constexpr (has_json_members<M> || is_std_vector<M>::value) {
        return false;
    } else if constexpr (text_decodable<M>) {
        if (v.k != json_scalar::kind::string) return false;
        return decode_text(v.s, m, h.context());
    } else {
        const boost::json::value jv = v.to_value();
        return decode(jv, m, h.context());
    }
}

/// Fills `m` from the object (or array) that has just begun.
template <class M> bool begin_into(M& m, bool object, direct_handler& h) {
    if constexpr (is_revring_optional<M>::value) {
        return begin_into(m.emplace(decode_access::make<typename M::value_type>()), object, h);
    } else if constexpr (is_revring_required<M>::value) {
        return begin_into(m.get(), object, h);
    } else if constexpr (has_json_members<M>) {
        if (!object || struct_frame<M>::members().size() > 64) return false;
        return h.push(&m, &struct_frame<M>::ops);
    } else if constexpr (is_std_vector<M>::value) {
        if (object) return false;
        m.clear();
        return h.push(&m, &vector_frame<M>::ops);
    } else {
        if constexpr (std::is_same_v<M, json_object>)
            if (object && h.template keep_text<boost::json::object>(m)) return true;
        h.capture(&m, [](void* target, boost::json::value& jv, direct_handler& hh) {
            M& out = *static_cast<M*>(target);
            if constexpr (std::is_same_v<M, json_object>) {
                if (!jv.is_object()) return false; // (an object whose text was not found: built in the arena)
                out = json_object(adopt_shared_t{}, std::move(jv.get_object())); // stays in the arena
                return true;
            } else if constexpr (std::is_same_v<M, boost::json::value>) {
                out = std::move(jv);
                return true;
            } else {
                return decode(jv, out, hh.context());
            }
        });
        return true;
    }
}

/// Decodes `text` into `out` without a DOM. True on success; false if the
/// text is not valid JSON or does not fit `T` in any way (then `out` holds
/// a partial value, and the caller runs the DOM decoder for the error).
///
/// fast_json_reader reads the text first; where it gives up on the text
/// itself (not on what the handler fills), basic_parser reads it again.
template <class T> bool decode_direct(std::string_view text, T& out) {
    // The arena holds a copy of the text when an object is kept as text,
    // and the holders of the kept objects (64 bytes each; a call record's
    // 15 take about a third of its size), or the free-form values built
    // while decoding, which take about as many bytes as their text. It grows
    // geometrically past its first block, which is therefore capped.
    const std::size_t arena_size = std::clamp<std::size_t>(text.size() * 3 / 2, 1024, 16384);
    try {
        {
            direct_handler handler(out, text, arena_size);
            handler.reader_gives_ends();
            fast_json_reader<direct_handler> reader(handler, REVRING_JSON_MAX_DEPTH);
            if (reader.read(text)) return true;
            if (reader.handler_refused()) return false;
        }
        out = decode_access::make<T>();
        boost::json::parse_options options;
        options.max_depth = REVRING_JSON_MAX_DEPTH;
        boost::json::basic_parser<direct_handler> parser(options, out, text, arena_size);
        boost::system::error_code ec;
        const std::size_t consumed = parser.write_some(false, text.data(), text.size(), ec);
        return !ec && parser.done() && consumed == text.size();
    } catch (...) { // out of memory, or a size Boost.JSON refuses: the DOM decoder reports it
        return false;
    }
}

} // namespace detail
} // namespace revring

#endif
