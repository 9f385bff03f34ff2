#include "search/pool_helper.hpp"

#include <cassert>
#include <chrono>

#include "index/terms.hpp"

namespace vigie {

namespace {

using Clock = std::chrono::steady_clock;

// Awake after a query's work, for the next question of a program that
// waits for each answer (its round trip, plus the next query's matching).
constexpr std::chrono::microseconds kAwakeAfterWork{400};
// Awake from the start of a query, for its first job (the count comes
// as soon as the query is parsed); a later one wakes it (start()).
constexpr std::chrono::microseconds kAwakeForQuery{1000};

long long now_ns() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch()).count();
}

// About 50 µs of pauses, then the waiting thread yields at each look.
constexpr unsigned kSpinsBeforeYield = 2000;

// A spinning thread's polite wait: the other hyperthread runs meanwhile.
inline void relax_cpu() {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#else
    std::this_thread::yield();
#endif
}

}  // namespace

PoolHelper::PoolHelper(std::vector<std::string> databases)
    : index_(std::move(databases)), thread_([this] { loop(); }) {}

PoolHelper::~PoolHelper() {
    // Every job ends before the search that queued it (searcher.cpp).
    assert(queued_ == 0);
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stop_ = true;
    }
    wake_.notify_one();
    thread_.join();
}

void PoolHelper::stay_awake_for(std::chrono::microseconds span) {
    const long long until = now_ns() + std::chrono::duration_cast<std::chrono::nanoseconds>(span).count();
    long long seen = awake_until_.load(std::memory_order_relaxed);
    while (seen < until && !awake_until_.compare_exchange_weak(seen, until, std::memory_order_relaxed)) {
    }
}

void PoolHelper::prewake() {
    stay_awake_for(kAwakeForQuery);
    std::lock_guard<std::mutex> lock(mutex_);
    if (sleeping_) wake_.notify_one();
}

bool PoolHelper::aligned_with(const Xapian::Database& main) {
    if (index_.shard_count() != 1 || index_.has_remote()) return false;
    const auto same = [&] {
        const Xapian::Database& mine = index_.db();
        return mine.get_uuid() == main.get_uuid() && mine.get_revision() == main.get_revision();
    };
    try {
        if (same()) return true;
        index_.refresh();  // a folder swapped in: opened anew
        if (same()) return true;
        index_.reopen();  // a later commit: the latest, which may be past main's (then not used)
        return same();
    } catch (const Xapian::Error&) {
        return false;  // the searcher's thread reads it all, and meets the error itself
    } catch (const std::exception&) {
        return false;
    }
}

void PoolHelper::start(Job& job, Work work) {
    job.work_ = std::move(work);
    job.error_ = nullptr;
    std::lock_guard<std::mutex> lock(mutex_);
    queue_.push_back(&job);
    job.state_.store(Job::kQueued, std::memory_order_relaxed);  // once queued: finish() waits only then
    queued_.fetch_add(1, std::memory_order_release);
    if (sleeping_) wake_.notify_one();
}

bool PoolHelper::finish(Job& job) {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        if (job.state_.load(std::memory_order_relaxed) == Job::kNone) return false;  // never queued
        for (auto it = queue_.begin(); it != queue_.end(); ++it) {
            if (*it != &job) continue;
            // Not taken yet: withdrawn; the caller does it, or did.
            queue_.erase(it);
            queued_.fetch_sub(1, std::memory_order_relaxed);
            job.state_.store(Job::kNone, std::memory_order_relaxed);
            job.work_ = nullptr;
            return false;
        }
    }
    // Spinning, the helper's item is a few microseconds away; past that
    // (a core shared with the helper), the CPU is handed over.
    for (unsigned spins = 0; job.state_.load(std::memory_order_acquire) != Job::kDone; ++spins) {
        if (spins < kSpinsBeforeYield)
            relax_cpu();
        else
            std::this_thread::yield();
    }
    job.state_.store(Job::kNone, std::memory_order_relaxed);
    job.work_ = nullptr;
    if (job.error_) std::rethrow_exception(std::exchange(job.error_, nullptr));
    return true;
}

void PoolHelper::loop() {
    TermMaker terms;  // the thread's own memoising stemmer
    for (;;) {
        // Awake while told to be, looking for a job; then asleep.
        unsigned spins = 0;
        while (queued_.load(std::memory_order_acquire) == 0 && !stop_.load(std::memory_order_relaxed)) {
            if (++spins % 64 == 0 && now_ns() > awake_until_.load(std::memory_order_relaxed)) {
                std::unique_lock<std::mutex> lock(mutex_);
                sleeping_ = true;
                wake_.wait(lock, [&] {
                    return stop_ || queued_.load(std::memory_order_relaxed) > 0 ||
                           now_ns() < awake_until_.load(std::memory_order_relaxed);
                });
                sleeping_ = false;
                spins = 0;
            }
            relax_cpu();
        }
        if (stop_) return;
        Job* job = nullptr;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            if (queue_.empty()) continue;  // withdrawn meanwhile
            job = queue_.front();
            queue_.pop_front();
            queued_.fetch_sub(1, std::memory_order_relaxed);
            job->state_.store(Job::kRunning, std::memory_order_relaxed);
        }
        try {
            job->work_(index_, terms.stemmer());
        } catch (...) {
            job->error_ = std::current_exception();
        }
        stay_awake_for(kAwakeAfterWork);
        job->state_.store(Job::kDone, std::memory_order_release);
    }
}

void share_work(PoolHelper* helper, std::size_t count, const Xapian::Database& db, const Dictionaries& dictionaries,
                Xapian::Stem& stem, const SharedItem& each) {
    std::atomic<std::size_t> next{0};
    const auto take_all = [&](const Xapian::Database& d, const Dictionaries& dicts, Xapian::Stem& st) {
        for (std::size_t i; (i = next.fetch_add(1, std::memory_order_relaxed)) < count;) each(i, d, dicts, st);
    };
    // Two items or fewer are not worth the hand-over.
    const bool shared = helper && count > 2;
    PoolHelper::Job job;
    if (shared)
        helper->start(job, [&](const IndexSet& index, Xapian::Stem& st) {
            take_all(index.db(), index.dictionaries(), st);
        });
    try {
        take_all(db, dictionaries, stem);
    } catch (...) {
        next = count;  // the helper stops after its item
        if (shared) {
            try {
                helper->finish(job);
            } catch (...) {
            }
        }
        throw;
    }
    if (shared) helper->finish(job);
}

}  // namespace vigie
