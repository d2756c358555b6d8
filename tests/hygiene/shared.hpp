// Included by both translation units of the link test: every support header
// (and, when it exists, the umbrella), plus types and functions defined in a
// header, as user code would. A non-inline definition anywhere in them makes
// the link fail with a duplicate symbol.
#ifndef REVRING_TESTS_HYGIENE_SHARED_HPP
#define REVRING_TESTS_HYGIENE_SHARED_HPP

#include <revring/config.hpp>
#include <revring/constrained.hpp>
#include <revring/date_time.hpp>
#include <revring/error.hpp>
#include <revring/json/decode.hpp>
#include <revring/json/variables.hpp>
#include <revring/json/writer.hpp>
#include <revring/json_object.hpp>
#include <revring/open_enum.hpp>
#include <revring/operation.hpp>
#include <revring/optional.hpp>
#include <revring/required.hpp>
#include <revring/utf8.hpp>
#include <revring/uuid.hpp>
#if defined(REVRING_HYGIENE_WITH_UMBRELLA)
#include <revring/revring.hpp>
#endif

#include <boost/describe/class.hpp>

#include <array>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hygiene {

struct Phone_rule {
    static constexpr std::string_view name = "Phone";
    static constexpr std::size_t capacity = 8;
    static constexpr std::size_t min_length = 1;
    static constexpr std::size_t max_length = 8;
    static constexpr std::string_view pattern = "";
};
using Phone = revring::basic_constrained_string<Phone_rule>;

enum class Kind { unknown, a, b };

struct Vars {
    std::string who;
    int n;
};
BOOST_DESCRIBE_STRUCT(Vars, (), (who, n))

/// What each translation unit computes; main() checks both agree.
std::string exercise_a();
std::string exercise_b();

} // namespace hygiene

template <> struct revring::enum_traits<hygiene::Kind> {
    static constexpr std::string_view name = "Kind";
    static constexpr std::array<std::pair<hygiene::Kind, std::string_view>, 2> values{{
        {hygiene::Kind::a, "A"},
        {hygiene::Kind::b, "B"},
    }};
};

namespace hygiene {

/// The same work in both translation units, so both instantiate the same
/// templates and inline functions.
inline std::string exercise() {
    std::string out;
    const Phone p = "12345";
    out += revring::to_json(std::vector<revring::optional<Phone>>{p, {}});
    out += revring::to_json(revring::uuid("3c90c3cc-0d44-4b50-8888-8dd25736052a"));
    out += revring::format_date_time(revring::parse_date_time("2023-11-07T05:31:56.5+01:00").value());
    out += revring::open_enum<Kind>::from_string("B").to_string();
    out += std::to_string(*revring::utf8::count_code_points("h\xC3\xA9"));
    const auto decoded = revring::from_json<std::vector<revring::uuid>>(R"(["3c90c3cc-0d44-4b50-8888-8dd25736052a"])");
    out += decoded ? decoded->front().to_string() : "decode failed";
    const auto failed = revring::from_json<std::vector<std::int64_t>>("[1,\"x\"]");
    out += failed ? "unexpected success" : failed.error().message;
    const revring::optional<boost::json::object> vars = Vars{"x", 1};
    out += std::to_string(vars->size());
    out += revring::to_string(revring::errc_from_status(429) == revring::errc::rate_limited ? revring::rule_kind::pattern
                                                                                           : revring::rule_kind::format);
    return out;
}

} // namespace hygiene

#endif
