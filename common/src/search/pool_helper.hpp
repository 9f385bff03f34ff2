// A second thread for a searcher that answers one query at a time (a
// program asking a question, waiting for the answer, asking the next):
// it counts the matches (searcher.cpp, walk) while the searcher's thread
// ranks the page, then reads part of the re-ranking pool (proximity.hpp,
// the stored texts of the best matches) and of the page's texts and
// snippets, while the searcher's own thread reads the rest. Those are
// most of a two-word search's work, and the machine's other core is idle
// meanwhile.
//
// It reads through an index of its own (IndexSet, opened from the same
// --db values), used only where it is at the very commit the searcher
// reads: same UUID and revision, one local database (a remote shard, or
// several, are read on the searcher's thread alone). Xapian's objects are
// not shared between threads.
//
// Waking a sleeping thread costs about 70 µs on the 2-core VM measured
// (condition variable round trip), a seventh of a search: the searcher
// wakes it as a query begins (prewake), so the wake-up overlaps the
// matching, and it keeps looking for work, awake, for a little while
// after each (as --batch looks at its input, search/batch.cpp); then it
// sleeps. Documents are taken one at a time by whichever thread is free,
// so a helper that is late costs nothing but its wake-up.
#pragma once

#include <xapian.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "index/index_set.hpp"

namespace vigie {

class PoolHelper {
public:
    // What the helper thread runs: its index, its stemmer.
    using Work = std::function<void(const IndexSet&, Xapian::Stem&)>;

    // One piece of work handed over; the caller keeps it until finish().
    class Job {
    public:
        Job() = default;
        Job(const Job&) = delete;
        Job& operator=(const Job&) = delete;

    private:
        friend class PoolHelper;
        enum State : int { kNone, kQueued, kRunning, kDone };
        Work work_;
        std::atomic<int> state_{kNone};
        std::exception_ptr error_;
    };

    // Opens its index (throws as IndexSet does) and starts the thread.
    explicit PoolHelper(std::vector<std::string> databases);
    ~PoolHelper();
    PoolHelper(const PoolHelper&) = delete;
    PoolHelper& operator=(const PoolHelper&) = delete;

    // A query begins: the thread wakes now, if it sleeps.
    void prewake();
    // Whether the helper's index can read for main (same UUID and
    // revision): reopened first when it differs, which reaches the latest
    // commit. Only while no job is queued or runs.
    bool aligned_with(const Xapian::Database& main);
    // Queues work for the thread (jobs run in order); finish(job) must
    // follow, before job and what work uses go.
    void start(Job& job, Work work);
    // Waits for the job, unless the thread had not taken it yet (or it was
    // never queued): it is then withdrawn (false), for the caller to do.
    // Rethrows what it threw.
    bool finish(Job& job);

private:
    void loop();
    void stay_awake_for(std::chrono::microseconds span);

    IndexSet index_;
    std::mutex mutex_;  // guards queue_ and sleeping_
    std::deque<Job*> queue_;
    std::atomic<std::size_t> queued_{0};
    std::atomic<long long> awake_until_{0};  // steady_clock, in ns
    std::atomic<bool> stop_{false};
    std::condition_variable wake_;
    bool sleeping_ = false;
    std::thread thread_;
};

// One piece of shared work, on either thread, with that thread's own
// database, dictionaries and stemmer.
using SharedItem = std::function<void(std::size_t, const Xapian::Database&, const Dictionaries&, Xapian::Stem&)>;

// Runs each(i, ...) for every i below count: on the caller's thread, with
// its db, dictionaries and stem, and on helper's (null: none; else
// aligned_with db already), whichever is free taking the next i, the
// helper once the jobs queued before are done. Rethrows what either
// threw, once both stopped.
void share_work(PoolHelper* helper, std::size_t count, const Xapian::Database& db, const Dictionaries& dictionaries,
                Xapian::Stem& stem, const SharedItem& each);

}  // namespace vigie
