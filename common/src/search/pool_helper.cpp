#include "search/pool_helper.hpp"

#include <chrono>

#include "index/terms.hpp"

namespace vigie {

namespace {

using Clock = std::chrono::steady_clock;

// Awake after a query's work, for the next question of a program that
// waits for each answer (its round trip, plus the next query's matching).
constexpr std::chrono::microseconds kAwakeAfterWork{400};
// Awake from the start of a query, for its matching to end.
constexpr std::chrono::microseconds kAwakeForQuery{3000};

long long now_ns() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch()).count();
}

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
    : databases_(databases), index_(std::move(databases)), thread_([this] { loop(); }) {}

PoolHelper::~PoolHelper() {
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
        index_.reopen();  // a later commit of the same folder
        return same();
    } catch (const Xapian::Error&) {
        return false;  // the searcher's thread reads it all, and meets the error itself
    } catch (const std::exception&) {
        return false;
    }
}

void PoolHelper::start(Work work) {
    work_ = std::move(work);
    error_ = nullptr;
    state_.store(kPosted, std::memory_order_release);
    std::lock_guard<std::mutex> lock(mutex_);
    if (sleeping_) wake_.notify_one();
}

void PoolHelper::finish() {
    int expected = kPosted;
    // Not taken yet: withdrawn, the caller having done it all.
    if (!state_.compare_exchange_strong(expected, kIdle, std::memory_order_acq_rel)) {
        while (state_.load(std::memory_order_acquire) != kDone) relax_cpu();
        state_.store(kIdle, std::memory_order_relaxed);
    }
    work_ = nullptr;
    if (error_) std::rethrow_exception(std::exchange(error_, nullptr));
}

void PoolHelper::loop() {
    TermMaker terms;  // the thread's own memoising stemmer
    for (;;) {
        // Awake while told to be, looking at the state; then asleep.
        unsigned spins = 0;
        while (state_.load(std::memory_order_acquire) != kPosted && !stop_.load(std::memory_order_relaxed)) {
            if (++spins % 64 == 0 && now_ns() > awake_until_.load(std::memory_order_relaxed)) {
                std::unique_lock<std::mutex> lock(mutex_);
                sleeping_ = true;
                wake_.wait(lock, [&] {
                    return stop_ || state_.load(std::memory_order_acquire) == kPosted ||
                           now_ns() < awake_until_.load(std::memory_order_relaxed);
                });
                sleeping_ = false;
                spins = 0;
            }
            relax_cpu();
        }
        if (stop_) return;
        int expected = kPosted;
        if (!state_.compare_exchange_strong(expected, kRunning, std::memory_order_acq_rel)) continue;  // withdrawn
        try {
            work_(index_, terms.stemmer());
        } catch (...) {
            error_ = std::current_exception();
        }
        stay_awake_for(kAwakeAfterWork);
        state_.store(kDone, std::memory_order_release);
    }
}

void share_work(PoolHelper* helper, std::size_t count, const Xapian::Database& db, const Dictionaries& dictionaries,
                Xapian::Stem& stem, const SharedItem& each) {
    std::atomic<std::size_t> next{0};
    const auto take_all = [&](const Xapian::Database& d, const Dictionaries& dicts, Xapian::Stem& st) {
        for (std::size_t i; (i = next.fetch_add(1, std::memory_order_relaxed)) < count;) each(i, d, dicts, st);
    };
    // Two items or fewer are not worth the hand-over.
    const bool shared = helper && count > 2 && helper->aligned_with(db);
    if (shared)
        helper->start([&](const IndexSet& index, Xapian::Stem& st) { take_all(index.db(), index.dictionaries(), st); });
    try {
        take_all(db, dictionaries, stem);
    } catch (...) {
        next = count;  // the helper stops after its item
        if (shared) {
            try {
                helper->finish();
            } catch (...) {
            }
        }
        throw;
    }
    if (shared) helper->finish();
}

}  // namespace vigie
