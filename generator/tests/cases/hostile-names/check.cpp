// Compiled with the expected headers of this case (g++ and clang++): the
// hostile names are usable and the spec texts arrived byte for byte.
#include <string_view>
#include <type_traits>

namespace hostile_check {
using namespace revring;
using namespace std::string_view_literals;

static_assert(enum_to_string(Default::say_hi) == "say \"hi\""sv);
static_assert(enum_to_string(Default::back_slash) == "back\\slash"sv);
static_assert(enum_to_string(Default::unknown_) == "unknown"sv);
static_assert(enum_to_string(Default::value_3) == "?" "?="sv);
static_assert(enum_to_string(Default::value_4).empty() && enum_from_string<Default>("") == Default::value_4);
static_assert(enum_to_string(Default::caf_u00e9) == "caf\xC3\xA9"sv);
static_assert(enum_to_string(Default::nul_byte) == "nul\0byte"sv);
static_assert(enum_to_string(Default::n1st) == "1st"sv && enum_to_string(Default::delete_) == "delete"sv);

static_assert(ClassValue_rule::pattern == "^[\"\\\\/]*\\?\\?/$"sv);
static_assert(ClassValue_rule::match("\"\\/?" "?/"));
static_assert(!ClassValue_rule::match("x?" "?/"));
static_assert(ClassValue_rule::capacity == 32);

static_assert(std::is_same_v<decltype(Class::class_), required<std::string>>);
static_assert(std::is_same_v<decltype(Class::default_), required<std::int64_t>>);
static_assert(std::is_same_v<decltype(Class::errno_), required<bool>>);
static_assert(std::is_same_v<decltype(Class::major_), optional<std::string>>);
static_assert(std::is_same_v<decltype(Class::minor_), optional<std::string>>);
static_assert(std::is_same_v<decltype(Class::null), optional<std::string>>);
static_assert(std::is_same_v<decltype(Class::a_b), optional<std::string>>);
static_assert(std::is_same_v<decltype(Class::n1st), optional<std::string>>);
static_assert(std::is_same_v<decltype(Class::na_u00ef_ve), optional<std::string>>);
static_assert(std::is_same_v<decltype(Class::u65e5_u672c), optional<std::string>>);
static_assert(std::is_same_v<decltype(Class::nul_name), optional<std::string>>);
static_assert(std::is_same_v<decltype(Class::std_), optional<std::string>>);
static_assert(std::is_same_v<decltype(ClassNestedObject::signed_), optional<std::int64_t>>);
static_assert(std::is_same_v<decltype(ClassNestedObject::dash), optional<std::string>>);
static_assert(std::is_same_v<N1st, std::vector<Class>>);

static_assert(delete_op::operation_id == "delete"sv && delete_op::name == "delete_"sv);
static_assert(std::is_same_v<decltype(delete_op::params::body_), std::int64_t>);
static_assert(std::is_same_v<decltype(delete_op::params::n1st), open_enum<Default>>);
static_assert(new_thing_op::operation_id == "new-thing"sv);
} // namespace hostile_check
