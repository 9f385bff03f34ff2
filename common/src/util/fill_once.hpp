// Slots filled once each, on first use, whichever thread asks first (the
// others wait for it): the fold tables' blocks (analysis/fold), the
// synonyms' buckets (query/synonyms).
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <mutex>

namespace vigie {

template <std::size_t Slots>
class FillOnce {
public:
    // Runs fill() unless slot was filled; what fill() wrote is visible to
    // every thread once ensure() returns.
    template <typename Fill>
    void ensure(std::size_t slot, Fill&& fill) {
        if (filled_[slot].load(std::memory_order_acquire)) return;
        const std::lock_guard<std::mutex> lock(filling_);
        if (filled_[slot].load(std::memory_order_relaxed)) return;
        fill();
        filled_[slot].store(true, std::memory_order_release);
    }

private:
    std::array<std::atomic<bool>, Slots> filled_{};
    std::mutex filling_;
};

}  // namespace vigie
