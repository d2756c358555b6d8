// Request types shaped like the generated ones (SendCallRequest,
// BatchGetCallsRequest), built on the test-local rules of tests/unit, so the
// compile-fail cases do not depend on the generator. The same cases against
// the generated <revring/gen/types.hpp> are the lead's to add.
#ifndef REVRING_TESTS_COMPILE_FAIL_REQUEST_HPP
#define REVRING_TESTS_COMPILE_FAIL_REQUEST_HPP

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
