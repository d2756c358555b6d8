// revring-cpp: revring::json_object, a free-form JSON object member.
//
// Generated structs hold free-form objects (`additionalProperties`, such as
// `variables` of Send Call) as `revring::json_object`: a boost::json::object
// kept behind a pointer, so that naming the struct does not need
// <boost/json/object.hpp> (it needs only <boost/json/fwd.hpp>). A translation
// unit that builds a request without variables never parses Boost.JSON's
// value machinery; one that fills `variables` includes it anyway to make the
// object.
//
//   #include <boost/json/object.hpp>
//   req.variables = boost::json::object{{"customer_name", "Ada"}};
//   const boost::json::object& o = rec.variables->object();  // read
//   rec.variables->object()["note"] = "VIP";                 // modify
//
// Empty by default, without allocating. The object lives in the default
// memory resource, so a json_object outlives the parser or resource its
// source came from. The exception is a decoded object: it keeps its JSON
// text, in a reference-counted arena shared with the other free-form
// objects of its document (kept alive as long as any of them is), and is
// parsed on first read (once, thread-safely); or, when the decoder could
// not tell where its text is, it is built in that arena. The first change
// through object() moves it to the default resource. Copies are deep (into
// the default resource), moves steal, `==` compares the objects (an empty
// json_object equals an empty boost::json::object). Everything that needs
// the complete boost::json::object type is a template, instantiated only
// where the caller uses it.
#ifndef REVRING_JSON_OBJECT_HPP
#define REVRING_JSON_OBJECT_HPP

#include <revring/json/writer.hpp>

#include <boost/json/fwd.hpp>

#include <concepts>
#include <type_traits>
#include <utility>

namespace revring {

namespace detail {

/// What a json_object does with the object it points to, without naming its
/// type (filled in where the type is complete).
struct json_object_ops {
    void (*destroy)(void*) noexcept;
    void* (*clone)(const void*);
    bool (*equal)(const void*, const void*);
    bool (*empty)(const void*) noexcept;
    void (*write)(const void*, json_writer&);
    /// The table of a copy (which always lives in the default resource).
    const json_object_ops* copy_ops;
    /// The object lives in a decoder's shared arena, or is its text there
    /// (see object()).
    bool in_shared_arena;
    /// The object to read (made on first call for an object kept as text).
    const void* (*view)(const void*);
};

/// A new O made from `o`, in the default memory resource: never the
/// resource `o` lives in (a parser's monotonic resource dies with the parse).
template <class O, class From> O* new_json_object(From&& o) {
    using storage = std::remove_cvref_t<decltype(o.storage())>;
    return new O(std::forward<From>(o), storage());
}

template <class O> struct json_object_ops_of {
    static void destroy(void* p) noexcept { delete static_cast<O*>(p); }
    static void* clone(const void* p) { return new_json_object<O>(*static_cast<const O*>(p)); }
    static bool equal(const void* a, const void* b) { return *static_cast<const O*>(a) == *static_cast<const O*>(b); }
    static bool empty(const void* p) noexcept { return static_cast<const O*>(p)->empty(); }
    static void write(const void* p, json_writer& w) { w.raw(*static_cast<const O*>(p)); }
    static const void* view(const void* p) noexcept { return p; }
};

/// An O in the default memory resource.
template <class O>
inline constexpr json_object_ops json_object_ops_for{
    &json_object_ops_of<O>::destroy, &json_object_ops_of<O>::clone, &json_object_ops_of<O>::equal,
    &json_object_ops_of<O>::empty,   &json_object_ops_of<O>::write, &json_object_ops_for<O>,
    false,                           &json_object_ops_of<O>::view,
};

/// An O in a shared (reference-counted) memory resource that it keeps
/// alive: a decoder's arena. The same functions, and the flag set (a flag
/// rather than the table's address: linkers may fold identical constants).
template <class O>
inline constexpr json_object_ops json_object_ops_shared_for{
    &json_object_ops_of<O>::destroy, &json_object_ops_of<O>::clone, &json_object_ops_of<O>::equal,
    &json_object_ops_of<O>::empty,   &json_object_ops_of<O>::write, &json_object_ops_for<O>,
    true,                            &json_object_ops_of<O>::view,
};

/// Tags of json_object's constructors for decoders.
struct adopt_shared_t {
    explicit adopt_shared_t() = default;
};
struct adopt_t {
    explicit adopt_t() = default;
};

template <class O>
concept boost_json_object = std::same_as<std::remove_cvref_t<O>, boost::json::object>;

/// For tests: which function table a json_object uses.
struct json_object_access;

} // namespace detail

/// A free-form JSON object (a boost::json::object held by pointer).
class json_object {
public:
    /// Empty (allocates nothing).
    constexpr json_object() noexcept = default;

    /// Takes `o` (copied, or moved when it uses the default memory resource:
    /// the json_object always owns its memory, whatever resource `o` used).
    /// Implicit, so a boost::json::object can be given wherever a
    /// json_object is expected.
    template <class O = boost::json::object>
        requires detail::boost_json_object<O>
    json_object(O&& o) // NOLINT(google-explicit-constructor)
        : p_(detail::new_json_object<std::remove_cvref_t<O>>(std::forward<O>(o))),
          ops_(&detail::json_object_ops_for<std::remove_cvref_t<O>>) {}

    /// For decoders: takes `o` as it is, in the shared (reference-counted)
    /// memory resource it was built in, which it keeps alive; the objects
    /// decoded from one document share one arena. Reading it is free; the
    /// first call of the non-const object() moves it to the default resource
    /// (a copy), so changes never grow the arena. Precondition:
    /// `o.storage().is_shared()`.
    template <class O>
        requires detail::boost_json_object<O>
    json_object(detail::adopt_shared_t, O&& o)
        : p_(new std::remove_cvref_t<O>(std::move(o))),
          ops_(&detail::json_object_ops_shared_for<std::remove_cvref_t<O>>) {}

    /// For decoders: takes `p`, which `ops` knows how to read, copy and destroy.
    json_object(detail::adopt_t, void* p, const detail::json_object_ops* ops) noexcept : p_(p), ops_(ops) {}

    json_object(const json_object& other)
        : p_(other.p_ ? other.ops_->clone(other.p_) : nullptr), ops_(other.p_ ? other.ops_->copy_ops : nullptr) {}
    json_object(json_object&& other) noexcept : p_(std::exchange(other.p_, nullptr)), ops_(other.ops_) {}
    json_object& operator=(const json_object& other) {
        if (this != &other) json_object(other).swap(*this);
        return *this;
    }
    json_object& operator=(json_object&& other) noexcept {
        json_object(std::move(other)).swap(*this);
        return *this;
    }
    ~json_object() {
        if (p_) ops_->destroy(p_);
    }

    void swap(json_object& other) noexcept {
        std::swap(p_, other.p_);
        std::swap(ops_, other.ops_);
    }
    friend void swap(json_object& a, json_object& b) noexcept { a.swap(b); }

    /// True when the object has no members.
    bool empty() const noexcept { return !p_ || ops_->empty(p_); }

    /// The object (a shared empty object when nothing was stored). A decoded
    /// object kept as text is parsed by the first call (so this may throw
    /// std::bad_alloc); concurrent calls are safe.
    template <class O = boost::json::object>
        requires detail::boost_json_object<O>
    const O& object() const {
        if (!p_) return empty_object<O>();
        return *static_cast<const O*>(ops_->view(p_));
    }
    /// The object, for changing it (allocated on first use).
    template <class O = boost::json::object>
        requires detail::boost_json_object<O>
    O& object() {
        if (!p_) {
            p_ = new O();
            ops_ = &detail::json_object_ops_for<O>;
        } else if (ops_->in_shared_arena) {
            json_object(*this).swap(*this); // out of the decoder's arena, into the default resource
        }
        return *static_cast<O*>(p_);
    }

    friend bool operator==(const json_object& a, const json_object& b) {
        if (!a.p_ || !b.p_) return a.empty() && b.empty();
        return a.ops_->equal(a.ops_->view(a.p_), b.ops_->view(b.p_));
    }
    template <class O>
        requires detail::boost_json_object<O>
    friend bool operator==(const json_object& a, const O& b) {
        return a.object<O>() == b;
    }

    /// Writes the object (see json_writer::raw).
    friend void write_value(json_writer& w, const json_object& v) {
        if (v.p_)
            v.ops_->write(v.p_, w);
        else {
            w.begin_object();
            w.end_object();
        }
    }

private:
    friend struct detail::json_object_access;

    template <class O> static const O& empty_object() noexcept {
        static const O empty;
        return empty;
    }

    void* p_ = nullptr;
    const detail::json_object_ops* ops_ = nullptr;
};

namespace detail {
struct json_object_access {
    static const json_object_ops* ops(const json_object& o) noexcept { return o.ops_; }
};
} // namespace detail

} // namespace revring

#endif
