// revring mock: the call records and their state machine.
//
// A call moves QUEUED -> INITIATED -> ONGOING -> COMPLETED on a clock with a
// fixed step:
//   - a new call stays QUEUED for at least one step (the real API answers
//     Send Call with QUEUED), and until one of `max_concurrent` slots is free;
//     queued calls get slots in the order they were sent;
//   - a call with skipQueue takes a free slot at once (INITIATED), and is
//     refused when none is free (the API layer answers 429);
//   - INITIATED (ringing) and ONGOING (talking) last one step each; a call
//     holds its slot from INITIATED until it ends;
//   - cancel ends any call that has not ended (CANCELED) and frees its slot.
//
// Time is passed in by the caller, so the machine is deterministic; nothing
// here reads a clock. Not thread-safe: the server uses it from one thread.
#ifndef REVRING_MOCK_CALL_STORE_HPP
#define REVRING_MOCK_CALL_STORE_HPP

#include <revring/uuid.hpp>

#include <boost/json/object.hpp>

#include <chrono>
#include <cstddef>
#include <deque>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace revring::mock::detail {

using time_point = std::chrono::system_clock::time_point;

enum class call_state { queued, initiated, ongoing, completed, canceled };

/// What Send Call asked for (already validated by the API layer).
struct call_request {
    revring::uuid agent_id = revring::uuid::nil();
    std::string to_number;
    std::string from_number;
    std::optional<boost::json::object> variables;
    std::optional<std::string> caller_id_name;
};

struct call_entry {
    revring::uuid id = revring::uuid::nil();
    call_request request;
    time_point created_at{};
    std::optional<time_point> slot_at;  ///< got a slot: INITIATED from here
    std::optional<time_point> ended_at; ///< completed or canceled
    bool canceled = false;
};

/// A call as seen at one instant.
struct call_snapshot {
    const call_entry* entry = nullptr;
    call_state state = call_state::queued;
    std::optional<time_point> initiated_at; ///< dialling began
    std::optional<time_point> answered_at;  ///< ONGOING began
    std::optional<time_point> ended_at;
    time_point updated_at{}; ///< the latest transition
};

class call_store {
public:
    /// `step` > 0, `max_concurrent` >= 1, `capacity` = most calls kept.
    call_store(std::chrono::milliseconds step, std::size_t max_concurrent, std::size_t capacity = 100000);

    enum class create_status { created, no_free_slot, store_full };
    struct create_result {
        create_status status;
        std::optional<call_snapshot> call;
    };
    /// Records a new call with the given id (unique; the caller makes it).
    create_result create(const revring::uuid& id, call_request req, bool skip_queue, time_point now);

    /// The call with this id at `now`, if there is one.
    std::optional<call_snapshot> find(const revring::uuid& id, time_point now);

    enum class cancel_status { canceled, not_found, already_ended };
    struct cancel_result {
        cancel_status status;
        std::optional<call_snapshot> call; ///< for canceled and already_ended
    };
    cancel_result cancel(const revring::uuid& id, time_point now);

    /// Calls holding a slot (INITIATED or ONGOING) at `now`.
    std::size_t active(time_point now);
    std::size_t queued(time_point now);
    std::size_t size() const noexcept { return calls_.size(); }

    std::chrono::milliseconds step() const noexcept { return step_; }
    std::size_t max_concurrent() const noexcept { return max_concurrent_; }

private:
    void advance(time_point now);
    call_snapshot snapshot(const call_entry& e, time_point now) const;
    void release(const revring::uuid& id);

    std::chrono::milliseconds step_;
    std::size_t max_concurrent_;
    std::size_t capacity_;
    std::unordered_map<revring::uuid, call_entry> calls_;
    std::deque<revring::uuid> queue_;   ///< waiting for a slot, oldest first
    std::vector<revring::uuid> active_; ///< holding a slot
    time_point sim_time_{};             ///< time of the latest processed event
};

std::string_view to_string(call_state s) noexcept;

} // namespace revring::mock::detail

#endif
