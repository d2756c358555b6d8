#include <revring/open_enum.hpp>

#include <doctest/doctest.h>

#include <array>
#include <sstream>
#include <string_view>
#include <utility>

namespace test_enums {
enum class CallStatus { unknown, queued, ringing, completed };
} // namespace test_enums

template <> struct revring::enum_traits<test_enums::CallStatus> {
    static constexpr std::string_view name = "CallStatus";
    static constexpr std::array<std::pair<test_enums::CallStatus, std::string_view>, 3> values{{
        {test_enums::CallStatus::queued, "QUEUED"},
        {test_enums::CallStatus::ringing, "RINGING"},
        {test_enums::CallStatus::completed, "COMPLETED"},
    }};
};

using test_enums::CallStatus;
using Status = revring::open_enum<CallStatus>;

static_assert(revring::open_enumeration<CallStatus>);
static_assert(revring::enum_to_string(CallStatus::ringing) == "RINGING");
static_assert(revring::enum_to_string(CallStatus::unknown).empty());
static_assert(revring::enum_from_string<CallStatus>("COMPLETED") == CallStatus::completed);
static_assert(!revring::enum_from_string<CallStatus>("completed").has_value());

TEST_CASE("known values") {
    const Status s = Status::from_string("QUEUED");
    CHECK(s.value() == CallStatus::queued);
    CHECK_FALSE(s.is_unknown());
    CHECK(s.to_string() == "QUEUED");
    CHECK(s == CallStatus::queued);
    CHECK(CallStatus::queued == s);
    CHECK(s != CallStatus::ringing);
}

TEST_CASE("unknown values keep their text") {
    const Status s = Status::from_string("ON_HOLD");
    CHECK(s.is_unknown());
    CHECK(s.value() == CallStatus::unknown);
    CHECK(s == CallStatus::unknown);
    CHECK(s.to_string() == "ON_HOLD");
    CHECK(s == Status::from_string("ON_HOLD"));
    CHECK(s != Status::from_string("PAUSED"));
}

TEST_CASE("matching is exact: case and whitespace matter") {
    CHECK(Status::from_string("queued").is_unknown());
    CHECK(Status::from_string(" QUEUED").is_unknown());
    CHECK(Status::from_string("").is_unknown());
    CHECK(Status::from_string("unknown").to_string() == "unknown");
}

TEST_CASE("construction from the enumerator, and the default") {
    const Status s = CallStatus::completed;
    CHECK(s.to_string() == "COMPLETED");
    const Status d;
    CHECK(d.is_unknown());
    CHECK(d.to_string().empty());
    CHECK(Status(CallStatus::ringing) == Status::from_string("RINGING"));
}

TEST_CASE("streams the JSON text") {
    std::ostringstream os;
    os << Status(CallStatus::ringing) << ' ' << Status::from_string("NEW_STATE");
    CHECK(os.str() == "RINGING NEW_STATE");
}

TEST_CASE("copies keep the raw text") {
    Status a = Status::from_string("X");
    const Status b = a;
    a = CallStatus::queued;
    CHECK(b.to_string() == "X");
    CHECK(a.to_string() == "QUEUED");
}
