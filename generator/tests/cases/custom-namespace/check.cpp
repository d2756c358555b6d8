// Compiled with the expected headers of this case.
#include <type_traits>

static_assert(acme::calls::Ticket_rule::match("T-0042"));
static_assert(!acme::calls::Ticket_rule::match("T-42"));
static_assert(revring::open_enumeration<acme::calls::JobState>);
static_assert(revring::enum_to_string(acme::calls::JobState::done) == "done");
static_assert(std::is_same_v<decltype(acme::calls::Job::state), revring::open_enum<acme::calls::JobState>>);
static_assert(std::is_same_v<acme::calls::list_jobs_op::response_type, acme::calls::ListJobsResponse>);
