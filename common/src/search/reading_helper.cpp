#include "search/reading_helper.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

#include "analysis/french_stem.hpp"
#include "index/database.hpp"

namespace vigie {

namespace {

using Clock = std::chrono::steady_clock;

// How long the woken helper waits for its part: a search's matching
// before the pool takes well under this on one index.
constexpr auto kAwake = std::chrono::milliseconds(5);
// How long the caller waits awake for the helper to finish, before
// sleeping on it (the helper was descheduled).
constexpr auto kCallerSpin = std::chrono::microseconds(500);

void relax() {
#if defined(__x86_64__) || defined(__i386__)
    _mm_pause();
#else
    std::this_thread::yield();
#endif
}

// The helper's states. The caller posts work only to an awake helper
// (Awake -> Posted); the helper runs it (Running -> Finished), and the
// caller, having read the outcome, puts it back to Asleep.
enum State : int { Asleep, Awake, Posted, Running, Finished };

}  // namespace

struct ReadingHelper::Impl {
    std::string path;
    std::atomic<int> state{Asleep};
    // Under mutex: the wake-up asked for, the stop.
    std::mutex mutex;
    std::condition_variable wake, done;
    bool wake_asked = false;
    bool stopping = false;
    // Written by the caller before Posted, by the helper before Finished.
    const Work* work = nullptr;
    Xapian::rev revision = 0;
    bool ran = false;
    std::exception_ptr error;
    // The helper's own.
    std::optional<Xapian::Database> db;
    bool unopened = false;
    Xapian::Stem stem = make_french_stem();
    std::thread thread;

    void loop() {
        for (;;) {
            {
                std::unique_lock lock(mutex);
                wake.wait(lock, [&] { return stopping || wake_asked; });
                if (stopping) return;
                wake_asked = false;
            }
            if (!db && !unopened) {
                try {
                    db = open_index_for_reading(path);
                } catch (...) {
                    unopened = true;  // the caller reads it all, and reports what it meets
                }
            }
            if (!db) continue;
            int expected = Asleep;
            state.compare_exchange_strong(expected, Awake);
            wait_for_work();
        }
    }

    void wait_for_work() {
        const auto until = Clock::now() + kAwake;
        for (;;) {
            if (state.load(std::memory_order_acquire) == Posted) return run();
            if (Clock::now() > until) {
                int expected = Awake;
                if (state.compare_exchange_strong(expected, Asleep)) return;
                // Posted meanwhile: run it.
            }
            relax();
        }
    }

    void run() {
        state.store(Running, std::memory_order_relaxed);
        ran = false;
        error = nullptr;
        try {
            if (db->get_revision() != revision) db->reopen();
            if (db->get_revision() == revision) {
                ran = true;
                (*work)(*db, stem);
            }
        } catch (...) {
            error = std::current_exception();
            ran = true;
        }
        state.store(Finished, std::memory_order_release);
        { std::lock_guard lock(mutex); }  // the caller is waiting, or has not yet looked
        done.notify_one();
    }
};

ReadingHelper::ReadingHelper(std::string path) : impl_(std::make_unique<Impl>()) {
    impl_->path = std::move(path);
    impl_->thread = std::thread([impl = impl_.get()] { impl->loop(); });
}

ReadingHelper::~ReadingHelper() {
    {
        std::lock_guard lock(impl_->mutex);
        impl_->stopping = true;
    }
    impl_->wake.notify_all();
    impl_->thread.join();
}

void ReadingHelper::prepare() {
    if (impl_->state.load(std::memory_order_acquire) != Asleep) return;
    {
        std::lock_guard lock(impl_->mutex);
        impl_->wake_asked = true;
    }
    impl_->wake.notify_one();
}

void ReadingHelper::run_beside(const Xapian::Database& db, Xapian::Stem& stem, const Work& theirs, const Work& mine) {
    impl_->work = &theirs;
    impl_->revision = db.get_revision();
    int expected = Awake;
    if (!impl_->state.compare_exchange_strong(expected, Posted, std::memory_order_acq_rel)) {
        mine(db, stem);
        theirs(db, stem);
        return;
    }
    std::exception_ptr my_error;
    try {
        mine(db, stem);
    } catch (...) {
        my_error = std::current_exception();
    }
    // Waited for even when mine threw: theirs holds references to the
    // caller's data.
    const auto finished = [&] { return impl_->state.load(std::memory_order_acquire) == Finished; };
    const auto until = Clock::now() + kCallerSpin;
    while (!finished() && Clock::now() < until) relax();
    if (!finished()) {
        std::unique_lock lock(impl_->mutex);
        impl_->done.wait(lock, finished);
    }
    const bool ran = impl_->ran;
    const std::exception_ptr their_error = impl_->error;
    impl_->state.store(Asleep, std::memory_order_release);
    if (my_error) std::rethrow_exception(my_error);
    if (their_error) std::rethrow_exception(their_error);
    if (!ran) theirs(db, stem);
}

}  // namespace vigie
