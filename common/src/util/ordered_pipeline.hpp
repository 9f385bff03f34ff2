// Runs a transform on worker threads and hands the results to the calling
// thread in the order the tasks were produced. The indexer analyses
// documents on every core while one thread writes them to Xapian, which
// only allows one writer.
//
// Tasks are produced on a thread of their own, outside the lock: reading
// the next input may block (a pipe, a FIFO) without holding up the workers
// or the writer. What is in flight (produced, not yet consumed) is bounded
// in number and in weight (bytes of input), which bounds the memory of a
// run whatever the inputs.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

namespace vigie {

struct PipelineLimits {
    std::size_t workers = 1;
    std::size_t max_tasks = 16;     // in flight
    std::size_t max_weight = 1;     // in flight; one task may exceed it alone
};

template <typename Task, typename Result>
class OrderedPipeline {
public:
    using Produce = std::function<std::optional<Task>()>;               // on the producer thread
    using Weigh = std::function<std::size_t(const Task&)>;
    using Transform = std::function<Result(Task&, std::size_t worker)>;  // in parallel
    using Consume = std::function<bool(Result&)>;                       // in order; false stops

    // halt is set as soon as the pipeline stops (the consumer said so, or
    // something threw), so that a produce() blocked on input can give up.
    static void run(Produce produce, Weigh weigh, Transform transform, Consume consume,
                    PipelineLimits limits, std::atomic<bool>& halt) {
        OrderedPipeline pipeline(std::move(produce), std::move(weigh), std::move(transform), limits, halt);
        pipeline.execute(std::move(consume));
    }

private:
    struct Queued {
        std::size_t seq;
        std::size_t weight;
        Task task;
    };

    OrderedPipeline(Produce produce, Weigh weigh, Transform transform, PipelineLimits limits,
                    std::atomic<bool>& halt)
        : produce_(std::move(produce)), weigh_(std::move(weigh)), transform_(std::move(transform)),
          limits_(limits), halt_(halt) {
        if (limits_.workers == 0) limits_.workers = 1;
        if (limits_.max_tasks == 0) limits_.max_tasks = 1;
    }

    bool room() const {  // with mutex_ held
        const std::size_t in_flight = next_seq_ - consumed_;
        return in_flight == 0 || (in_flight < limits_.max_tasks && weight_ < limits_.max_weight);
    }

    void produce_all() {
        for (;;) {
            {
                std::unique_lock lock(mutex_);
                space_.wait(lock, [&] { return stop_ || room(); });
                if (stop_) return;
            }
            std::optional<Task> task;
            try {
                task = produce_();
            } catch (...) {
                std::lock_guard lock(mutex_);
                fail(std::current_exception());
                return;
            }
            std::lock_guard lock(mutex_);
            if (!task) {
                exhausted_ = true;
                work_.notify_all();
                ready_.notify_all();
                return;
            }
            const std::size_t weight = weigh_(*task);
            weight_ += weight;
            queue_.push_back({next_seq_++, weight, std::move(*task)});
            work_.notify_one();
        }
    }

    void work(std::size_t worker) {
        for (;;) {
            std::optional<Queued> item;
            {
                std::unique_lock lock(mutex_);
                work_.wait(lock, [&] { return stop_ || !queue_.empty() || exhausted_; });
                if (stop_ || queue_.empty()) return;
                item.emplace(std::move(queue_.front()));
                queue_.pop_front();
            }
            std::optional<Result> result;
            try {
                result.emplace(transform_(item->task, worker));
            } catch (...) {
                std::lock_guard lock(mutex_);
                fail(std::current_exception());
                return;
            }
            std::lock_guard lock(mutex_);
            done_.emplace(item->seq, std::make_pair(item->weight, std::move(*result)));
            ready_.notify_all();
        }
    }

    void stop_all() {  // with mutex_ held
        stop_ = true;
        halt_ = true;
        space_.notify_all();
        work_.notify_all();
        ready_.notify_all();
    }

    void fail(std::exception_ptr error) {  // with mutex_ held
        if (!error_) error_ = error;
        stop_all();
    }

    void execute(Consume consume) {
        std::vector<std::thread> threads;
        threads.emplace_back([this] { produce_all(); });
        for (std::size_t i = 0; i < limits_.workers; ++i) threads.emplace_back([this, i] { work(i); });
        try {
            for (;;) {
                std::unique_lock lock(mutex_);
                ready_.wait(lock, [&] {
                    return stop_ || done_.count(consumed_) || (exhausted_ && consumed_ == next_seq_);
                });
                if (stop_ || !done_.count(consumed_)) break;
                auto node = done_.extract(consumed_);
                lock.unlock();
                const bool go_on = consume(node.mapped().second);
                lock.lock();
                ++consumed_;
                weight_ -= node.mapped().first;
                space_.notify_all();
                if (!go_on) break;
            }
        } catch (...) {
            std::lock_guard lock(mutex_);
            fail(std::current_exception());
        }
        {
            std::lock_guard lock(mutex_);
            stop_all();
        }
        for (auto& t : threads) t.join();
        if (error_) std::rethrow_exception(error_);
    }

    Produce produce_;
    Weigh weigh_;
    Transform transform_;
    PipelineLimits limits_;
    std::atomic<bool>& halt_;
    std::mutex mutex_;
    std::condition_variable space_;  // the producer may produce
    std::condition_variable work_;   // a worker may take a task
    std::condition_variable ready_;  // the consumer may consume
    std::deque<Queued> queue_;
    std::map<std::size_t, std::pair<std::size_t, Result>> done_;  // seq -> (weight, result)
    std::size_t next_seq_ = 0;
    std::size_t consumed_ = 0;
    std::size_t weight_ = 0;
    bool exhausted_ = false;
    bool stop_ = false;
    std::exception_ptr error_;
};

}  // namespace vigie
