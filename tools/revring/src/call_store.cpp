// revring mock: the call state machine (see call_store.hpp).
#include "call_store.hpp"

#include <algorithm>
#include <cassert>
#include <stdexcept>

namespace revring::mock::detail {

std::string_view to_string(call_state s) noexcept {
    switch (s) {
    case call_state::queued: return "QUEUED";
    case call_state::initiated: return "INITIATED";
    case call_state::ongoing: return "ONGOING";
    case call_state::completed: return "COMPLETED";
    case call_state::canceled: return "CANCELED";
    }
    return "QUEUED";
}

call_store::call_store(std::chrono::milliseconds step, std::size_t max_concurrent, std::size_t capacity)
    : step_(step), max_concurrent_(max_concurrent), capacity_(capacity) {
    if (step_ <= std::chrono::milliseconds::zero()) throw std::invalid_argument("step must be positive");
    if (max_concurrent_ == 0) throw std::invalid_argument("max_concurrent must be at least 1");
}

// Replays every event up to `now`, in time order: a call ending (its slot
// frees) and the oldest queued call taking a free slot. At equal times an
// ending comes first, so its slot can be taken at that same instant.
void call_store::advance(time_point now) {
    for (;;) {
        std::optional<time_point> next;
        std::optional<revring::uuid> ending;
        for (const auto& id : active_) {
            const auto end = *calls_.at(id).slot_at + 2 * step_;
            if (!next || end < *next) {
                next = end;
                ending = id;
            }
        }
        bool start = false;
        if (active_.size() < max_concurrent_ && !queue_.empty()) {
            const auto ready = std::max(calls_.at(queue_.front()).created_at + step_, sim_time_);
            if (!next || ready < *next) {
                next = ready;
                start = true;
            }
        }
        if (!next || *next > now) return;

        sim_time_ = *next;
        if (start) {
            auto& e = calls_.at(queue_.front());
            queue_.pop_front();
            e.slot_at = *next;
            active_.push_back(e.id);
        } else {
            calls_.at(*ending).ended_at = *next;
            release(*ending);
        }
    }
}

void call_store::release(const revring::uuid& id) {
    active_.erase(std::remove(active_.begin(), active_.end(), id), active_.end());
}

call_snapshot call_store::snapshot(const call_entry& e, time_point now) const {
    call_snapshot s;
    s.entry = &e;
    s.updated_at = e.created_at;
    s.state = call_state::queued;
    if (e.slot_at) {
        s.initiated_at = e.slot_at;
        s.state = call_state::initiated;
        s.updated_at = *e.slot_at;
        const auto answered = *e.slot_at + step_;
        if (now >= answered && !(e.canceled && *e.ended_at < answered)) {
            s.answered_at = answered;
            s.state = call_state::ongoing;
            s.updated_at = answered;
        }
    }
    if (e.ended_at && now >= *e.ended_at) {
        s.ended_at = e.ended_at;
        s.state = e.canceled ? call_state::canceled : call_state::completed;
        s.updated_at = *e.ended_at;
    }
    return s;
}

call_store::create_result call_store::create(const revring::uuid& id, call_request req, bool skip_queue,
                                             time_point now) {
    advance(now);
    if (calls_.size() >= capacity_) return {create_status::store_full, std::nullopt};
    if (skip_queue && active_.size() >= max_concurrent_) return {create_status::no_free_slot, std::nullopt};

    call_entry e;
    e.id = id;
    e.request = std::move(req);
    e.created_at = now;
    const auto [it, inserted] = calls_.emplace(id, std::move(e));
    if (!inserted) throw std::logic_error("duplicate call id");
    sim_time_ = std::max(sim_time_, now);
    if (skip_queue) {
        it->second.slot_at = now;
        active_.push_back(id);
    } else {
        queue_.push_back(id);
    }
    return {create_status::created, snapshot(it->second, now)};
}

std::optional<call_snapshot> call_store::find(const revring::uuid& id, time_point now) {
    advance(now);
    const auto it = calls_.find(id);
    if (it == calls_.end()) return std::nullopt;
    return snapshot(it->second, now);
}

call_store::cancel_result call_store::cancel(const revring::uuid& id, time_point now) {
    advance(now);
    const auto it = calls_.find(id);
    if (it == calls_.end()) return {cancel_status::not_found, std::nullopt};
    auto& e = it->second;
    if (e.ended_at) return {cancel_status::already_ended, snapshot(e, now)};
    e.canceled = true;
    e.ended_at = now;
    sim_time_ = std::max(sim_time_, now);
    if (e.slot_at)
        release(id);
    else
        queue_.erase(std::remove(queue_.begin(), queue_.end(), id), queue_.end());
    return {cancel_status::canceled, snapshot(e, now)};
}

std::size_t call_store::active(time_point now) {
    advance(now);
    return active_.size();
}

std::size_t call_store::queued(time_point now) {
    advance(now);
    return queue_.size();
}

} // namespace revring::mock::detail
