// revring-cpp: the one way to make a value that has not been checked yet.
#ifndef REVRING_DETAIL_DECODE_ACCESS_HPP
#define REVRING_DETAIL_DECODE_ACCESS_HPP

namespace revring {

/// Makes a placeholder to decode into.
///
/// Types whose values must pass a check (`basic_constrained_string`, `uuid`)
/// and `required<T>` have no public default constructor, so a user cannot
/// forget a member or hold an unchecked value. A decoder, however, needs an
/// object before it can fill it in (`bool decode(jv, T& out, ctx)`). Those
/// types befriend `decode_access`, whose `make<T>()` value-initialises `T`:
/// an empty constrained string, the nil uuid, a value-initialised
/// `required<T>` -- and, because access is checked where the aggregate
/// initialisation happens, any aggregate made of them (a generated struct).
///
/// For the library and generated decoders only: a placeholder may break its
/// type's rules until the decoder overwrites it with a checked value, and a
/// failed decode never hands it out (`from_json` returns the error instead).
struct decode_access {
    template <class T> static constexpr T make() { return T{}; }
};

} // namespace revring

#endif
