// The request types the compile-fail cases build, as namespace `cf`.
//
// With the generator present (meson defines REVRING_COMPILE_FAIL_USE_GENERATED)
// these are the generated revring::SendCallRequest and friends. Without it,
// stand-ins of the same shape built on the test-local rules of tests/unit,
// so the support library's diagnostics are tested either way.
#ifndef REVRING_TESTS_COMPILE_FAIL_REQUEST_HPP
#define REVRING_TESTS_COMPILE_FAIL_REQUEST_HPP

#if defined(REVRING_COMPILE_FAIL_USE_GENERATED)

#include <revring/gen/types.hpp>

namespace cf {
using revring::BatchGetCallsRequest;
using revring::CallerIdName;
using revring::E164Number;
using revring::SendCallRequest;
} // namespace cf

#else

#include "../unit/test_rules.hpp"

#include <revring/optional.hpp>
#include <revring/required.hpp>
#include <revring/uuid.hpp>

#include <boost/json/object.hpp>

#include <vector>

namespace cf {

using test_rules::CallerIdName;
using test_rules::E164Number;

struct SendCallRequest {
    revring::uuid agent_id;
    E164Number to_number;
    E164Number from_number;
    revring::optional<boost::json::object> variables;
    revring::optional<CallerIdName> caller_id_name;
    revring::optional<bool> skip_queue;
};

struct BatchGetCallsRequest {
    revring::required<std::vector<revring::uuid>> ids;
    revring::optional<bool> minimal;
};

} // namespace cf

#endif

#endif
