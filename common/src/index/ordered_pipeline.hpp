// Runs a transform on worker threads and hands the results to the calling
// thread in the order the tasks were produced. The indexer analyses
// documents on every core while one thread writes them to Xapian, which
// only allows one writer.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <exception>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace vigie {

template <typename Task, typename Result>
class OrderedPipeline {
public:
    using Produce = std::function<std::optional<Task>()>;      // called under a lock
    using Transform = std::function<Result(Task&, std::size_t worker)>;  // in parallel
    using Consume = std::function<bool(Result&)>;              // in order; false stops

    // max_in_flight bounds the results waiting for the consumer (memory).
    static void run(Produce produce, Transform transform, Consume consume, std::size_t workers,
                    std::size_t max_in_flight) {
        OrderedPipeline pipeline(std::move(produce), std::move(transform), max_in_flight);
        pipeline.execute(std::move(consume), workers);
    }

private:
    OrderedPipeline(Produce produce, Transform transform, std::size_t max_in_flight)
        : produce_(std::move(produce)), transform_(std::move(transform)),
          max_in_flight_(max_in_flight ? max_in_flight : 1) {}

    void work(std::size_t worker) {
        for (;;) {
            std::optional<Task> task;
            std::size_t seq = 0;
            {
                std::unique_lock lock(mutex_);
                space_.wait(lock, [&] { return stop_ || next_seq_ < consumed_ + max_in_flight_; });
                if (stop_ || exhausted_) return;
                try {
                    task = produce_();
                } catch (...) {
                    fail(std::current_exception());
                    return;
                }
                if (!task) {
                    exhausted_ = true;
                    ready_.notify_all();
                    return;
                }
                seq = next_seq_++;
            }
            std::optional<Result> result;
            try {
                result.emplace(transform_(*task, worker));
            } catch (...) {
                std::lock_guard lock(mutex_);
                fail(std::current_exception());
                return;
            }
            std::lock_guard lock(mutex_);
            done_.emplace(seq, std::move(*result));
            ready_.notify_all();
        }
    }

    void fail(std::exception_ptr error) {  // with mutex_ held
        if (!error_) error_ = error;
        stop_ = true;
        space_.notify_all();
        ready_.notify_all();
    }

    void execute(Consume consume, std::size_t workers) {
        std::vector<std::thread> threads;
        for (std::size_t i = 0; i < (workers ? workers : 1); ++i) threads.emplace_back([this, i] { work(i); });
        try {
            for (;;) {
                std::unique_lock lock(mutex_);
                ready_.wait(lock, [&] {
                    return stop_ || done_.count(consumed_) || (exhausted_ && consumed_ == next_seq_);
                });
                if (stop_ || !done_.count(consumed_)) break;
                auto node = done_.extract(consumed_);
                lock.unlock();
                const bool go_on = consume(node.mapped());
                lock.lock();
                ++consumed_;
                space_.notify_all();
                if (!go_on) {
                    stop_ = true;
                    space_.notify_all();
                    break;
                }
            }
        } catch (...) {
            std::lock_guard lock(mutex_);
            fail(std::current_exception());
        }
        {
            std::lock_guard lock(mutex_);
            stop_ = true;
            space_.notify_all();
        }
        for (auto& t : threads) t.join();
        if (error_) std::rethrow_exception(error_);
    }

    Produce produce_;
    Transform transform_;
    std::size_t max_in_flight_;
    std::mutex mutex_;
    std::condition_variable space_;  // a worker may produce
    std::condition_variable ready_;  // the consumer may consume
    std::map<std::size_t, Result> done_;
    std::size_t next_seq_ = 0;
    std::size_t consumed_ = 0;
    bool exhausted_ = false;
    bool stop_ = false;
    std::exception_ptr error_;
};

}  // namespace vigie
