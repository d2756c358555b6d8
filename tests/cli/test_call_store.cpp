// The mock's call state machine, on a clock the test controls.
#include "call_store.hpp"

#include <doctest/doctest.h>

#include <array>

using namespace revring::mock::detail;
using std::chrono::milliseconds;

namespace {

const time_point t0 = time_point{} + std::chrono::hours(24 * 365 * 50);

revring::uuid id(std::uint8_t n) {
    std::array<std::uint8_t, 16> b{};
    b[15] = n;
    return revring::uuid::from_bytes(b);
}

call_request request() {
    call_request r;
    r.to_number = "+15551234567";
    r.from_number = "+15557654321";
    return r;
}

call_state state_at(call_store& s, std::uint8_t n, milliseconds at) {
    const auto snap = s.find(id(n), t0 + at);
    REQUIRE(snap.has_value());
    return snap->state;
}

} // namespace

TEST_CASE("a call moves QUEUED -> INITIATED -> ONGOING -> COMPLETED, one step each") {
    call_store s(milliseconds(100), 10);
    const auto created = s.create(id(1), request(), false, t0);
    REQUIRE(created.status == call_store::create_status::created);
    CHECK(created.call->state == call_state::queued);
    CHECK(state_at(s, 1, milliseconds(99)) == call_state::queued);
    CHECK(state_at(s, 1, milliseconds(100)) == call_state::initiated);
    CHECK(state_at(s, 1, milliseconds(199)) == call_state::initiated);
    CHECK(state_at(s, 1, milliseconds(200)) == call_state::ongoing);
    CHECK(state_at(s, 1, milliseconds(300)) == call_state::completed);

    const auto done = s.find(id(1), t0 + milliseconds(5000));
    CHECK(done->state == call_state::completed);
    CHECK(*done->initiated_at == t0 + milliseconds(100));
    CHECK(*done->answered_at == t0 + milliseconds(200));
    CHECK(*done->ended_at == t0 + milliseconds(300));
    CHECK(done->updated_at == t0 + milliseconds(300));
    CHECK(s.active(t0 + milliseconds(5000)) == 0);
}

TEST_CASE("the concurrency limit queues calls in order") {
    call_store s(milliseconds(100), 1);
    s.create(id(1), request(), false, t0);
    s.create(id(2), request(), false, t0 + milliseconds(10));
    s.create(id(3), request(), false, t0 + milliseconds(20));
    // 1 holds the only slot from 100 to 300; 2 takes it at 300, 3 at 500.
    CHECK(state_at(s, 2, milliseconds(299)) == call_state::queued);
    CHECK(state_at(s, 1, milliseconds(300)) == call_state::completed);
    CHECK(state_at(s, 2, milliseconds(300)) == call_state::initiated);
    CHECK(state_at(s, 3, milliseconds(499)) == call_state::queued);
    CHECK(state_at(s, 3, milliseconds(500)) == call_state::initiated);
    CHECK(state_at(s, 3, milliseconds(700)) == call_state::completed);
    // Replaying a long gap at once gives the same history.
    call_store late(milliseconds(100), 1);
    late.create(id(1), request(), false, t0);
    late.create(id(2), request(), false, t0 + milliseconds(10));
    late.create(id(3), request(), false, t0 + milliseconds(20));
    const auto three = late.find(id(3), t0 + milliseconds(10000));
    CHECK(*three->initiated_at == t0 + milliseconds(500));
    CHECK(*three->ended_at == t0 + milliseconds(700));
}

TEST_CASE("skipQueue takes a free slot at once or is refused") {
    call_store s(milliseconds(100), 2);
    auto a = s.create(id(1), request(), true, t0);
    REQUIRE(a.status == call_store::create_status::created);
    CHECK(a.call->state == call_state::initiated);
    CHECK(s.create(id(2), request(), true, t0).status == call_store::create_status::created);
    CHECK(s.create(id(3), request(), true, t0 + milliseconds(50)).status == call_store::create_status::no_free_slot);
    CHECK_FALSE(s.find(id(3), t0 + milliseconds(50)).has_value());
    // Queued calls do not hold slots: a queued call does not block skipQueue.
    call_store q(milliseconds(100), 1);
    q.create(id(1), request(), false, t0);
    CHECK(q.create(id(2), request(), true, t0 + milliseconds(10)).status == call_store::create_status::created);
    // ... but then the queued call waits for the slot.
    CHECK(state_at(q, 1, milliseconds(150)) == call_state::queued);
    CHECK(state_at(q, 1, milliseconds(210)) == call_state::initiated);
    // Slots free when calls end.
    CHECK(s.create(id(4), request(), true, t0 + milliseconds(200)).status == call_store::create_status::created);
}

TEST_CASE("cancel ends a call that has not ended and frees its slot") {
    call_store s(milliseconds(100), 1);
    s.create(id(1), request(), false, t0);
    s.create(id(2), request(), false, t0);
    auto c = s.cancel(id(1), t0 + milliseconds(150)); // INITIATED
    REQUIRE(c.status == call_store::cancel_status::canceled);
    CHECK(c.call->state == call_state::canceled);
    CHECK(*c.call->ended_at == t0 + milliseconds(150));
    CHECK_FALSE(c.call->answered_at.has_value());
    // The slot went to call 2 at the moment of the cancel.
    CHECK(state_at(s, 2, milliseconds(150)) == call_state::initiated);
    CHECK(state_at(s, 1, milliseconds(10000)) == call_state::canceled);

    auto queued = s.create(id(3), request(), false, t0 + milliseconds(160));
    CHECK(s.cancel(id(3), t0 + milliseconds(170)).call->state == call_state::canceled);
    CHECK(s.queued(t0 + milliseconds(170)) == 0);

    auto again = s.cancel(id(1), t0 + milliseconds(200));
    CHECK(again.status == call_store::cancel_status::already_ended);
    CHECK(s.cancel(id(9), t0).status == call_store::cancel_status::not_found);
    auto done = s.cancel(id(2), t0 + milliseconds(10000));
    CHECK(done.status == call_store::cancel_status::already_ended);
    CHECK(done.call->state == call_state::completed);
    (void)queued;
}

TEST_CASE("a cancel while ONGOING keeps when it was answered") {
    call_store s(milliseconds(100), 1);
    s.create(id(1), request(), false, t0);
    auto c = s.cancel(id(1), t0 + milliseconds(250));
    CHECK(c.call->state == call_state::canceled);
    CHECK(*c.call->answered_at == t0 + milliseconds(200));
}

TEST_CASE("the store is bounded") {
    call_store s(milliseconds(100), 1, 2);
    CHECK(s.create(id(1), request(), false, t0).status == call_store::create_status::created);
    CHECK(s.create(id(2), request(), false, t0).status == call_store::create_status::created);
    CHECK(s.create(id(3), request(), false, t0).status == call_store::create_status::store_full);
    CHECK(s.size() == 2);
}

TEST_CASE("bad settings are refused") {
    CHECK_THROWS_AS(call_store(milliseconds(0), 1), std::invalid_argument);
    CHECK_THROWS_AS(call_store(milliseconds(1), 0), std::invalid_argument);
}
