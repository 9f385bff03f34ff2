// The indexer's ordered pipeline: results come back in the order tasks
// were produced, what is in flight stays within its bounds, and a stop or
// an error ends it cleanly (halt is set so that a blocked producer gives
// up). Run under ThreadSanitizer by scripts/test.sh.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>

#include "util/ordered_pipeline.hpp"

using vigie::OrderedPipeline;
using vigie::PipelineLimits;

namespace {

struct Item {
    int n;
    std::size_t weight;
};

PipelineLimits limits(std::size_t workers, std::size_t tasks, std::size_t weight) {
    PipelineLimits l;
    l.workers = workers;
    l.max_tasks = tasks;
    l.max_weight = weight;
    return l;
}

}  // namespace

TEST_CASE("pipeline: results in production order, in flight within its bounds") {
    for (const std::size_t workers : {1, 2, 4, 8}) {
        INFO(workers << " workers");
        int next = 0;
        std::atomic<std::size_t> in_flight_weight{0};
        std::atomic<std::size_t> worst{0};
        std::atomic<bool> halt{false};
        std::vector<int> seen;
        OrderedPipeline<Item, int>::run(
            [&]() -> std::optional<Item> {
                if (next == 2000) return std::nullopt;
                const Item item{next, static_cast<std::size_t>(1 + next % 7)};
                ++next;
                const std::size_t now = in_flight_weight += item.weight;
                std::size_t w = worst;
                while (now > w && !worst.compare_exchange_weak(w, now)) {
                }
                return item;
            },
            [](const Item& item) { return item.weight; },
            [](Item& item, std::size_t) {
                if (item.n % 97 == 0) std::this_thread::sleep_for(std::chrono::microseconds(200));
                return item.n;
            },
            [&](int& n) {
                seen.push_back(n);
                in_flight_weight -= static_cast<std::size_t>(1 + n % 7);
                return true;
            },
            limits(workers, 16, 20), halt);
        REQUIRE(seen.size() == 2000);
        for (int i = 0; i < 2000; ++i) REQUIRE(seen[i] == i);
        CHECK(worst <= 20 + 7);  // one task may go past the bound
        CHECK(halt);             // set once it is over
    }
}

TEST_CASE("pipeline: the consumer stops it early, and halt reaches a producer waiting for input") {
    std::atomic<bool> halt{false};
    int produced = 0;
    int consumed = 0;
    OrderedPipeline<int, int>::run(
        [&]() -> std::optional<int> {
            if (produced == 50) {
                // A producer blocked on a pipe: it gives up once halted.
                while (!halt) std::this_thread::sleep_for(std::chrono::milliseconds(1));
                return std::nullopt;
            }
            return produced++;
        },
        [](const int&) { return std::size_t{1}; }, [](int& n, std::size_t) { return n; },
        [&](int& n) {
            ++consumed;
            return n < 10;
        },
        limits(3, 8, 100), halt);
    CHECK(consumed == 11);
    CHECK(halt);
}

TEST_CASE("pipeline: an exception in a worker or in the consumer ends the run and is rethrown") {
    for (const bool in_worker : {true, false}) {
        std::atomic<bool> halt{false};
        int next = 0;
        const auto run = [&] {
            OrderedPipeline<int, int>::run(
                [&]() -> std::optional<int> { return next < 1000 ? std::optional<int>(next++) : std::nullopt; },
                [](const int&) { return std::size_t{1}; },
                [&](int& n, std::size_t) {
                    if (in_worker && n == 300) throw std::runtime_error("worker failed");
                    return n;
                },
                [&](int& n) {
                    if (!in_worker && n == 300) throw std::runtime_error("consumer failed");
                    return true;
                },
                limits(4, 16, 100), halt);
        };
        CHECK_THROWS_WITH(run(), in_worker ? "worker failed" : "consumer failed");
        CHECK(halt);
    }
}
