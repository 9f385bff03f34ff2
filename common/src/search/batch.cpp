#include "search/batch.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <thread>

#include "document/line_reader.hpp"
#include "output/result_json.hpp"
#include "util/ordered_pipeline.hpp"
#include "vigie/error.hpp"

namespace vigie {

namespace {

using Clock = std::chrono::steady_clock;

// Longer lines are answered with an error, not read (the query language
// stops at 4,000 characters anyway).
constexpr std::size_t kMaxLine = 1 << 20;
// How long standard input is looked at, awake, before sleeping on it.
constexpr std::chrono::microseconds kAwakeForNextLine{300};

struct Answer {
    std::string json;
    bool hits = false;
};

Answer answer_line(Searcher& searcher, const SearchRequest& base, const InputLine& line) {
    const auto start = Clock::now();
    const auto ms = [&] { return std::chrono::duration<double, std::milli>(Clock::now() - start).count(); };
    std::string query = line.text;
    if (!query.empty() && query.back() == '\r') query.pop_back();
    try {
        if (line.too_long)
            throw Error(ExitCode::Error, fmt::format("query line {} is longer than {} bytes", line.number, kMaxLine));
        if (query.find_first_not_of(" \t") == std::string::npos) throw Error(ExitCode::Error, "empty query");
        SearchRequest request = base;
        request.query = query;
        const SearchResult result = searcher.search(request);
        return {result_json(query, result, ms(), -1, nullptr, base.snippets), result.found(request.limit)};
    } catch (const Error& e) {
        const std::string error = e.what();
        return {result_json(query, {}, ms(), -1, &error), false};
    }
}

}  // namespace

bool answer_batch(const BatchOptions& options, const BatchWrite& write) {
    const std::size_t threads =
        options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
    std::vector<std::unique_ptr<Searcher>> searchers;
    for (std::size_t i = 0; i < threads; ++i) searchers.push_back(std::make_unique<Searcher>(options.databases));

    std::atomic<bool> halt{false};
    InputFile input;
    input.display_path = "standard input";
    auto reader = std::make_unique<InputReader>(input, [&] { return halt.load(); });
    // The next question of a program that waits for each answer comes
    // within this: looked for awake, it is answered a wake-up sooner.
    reader->keep_awake_for(kAwakeForNextLine);
    LineReader lines(std::move(reader), "", kMaxLine);
    bool any_hits = false;
    const auto next_line = [&]() -> std::optional<InputLine> {
        InputLine line;
        try {
            if (!lines.next(line)) return std::nullopt;
        } catch (const ReadInterrupted&) {
            return std::nullopt;  // the batch stopped while waiting for a line
        }
        return line;
    };
    // Writes an answer; false when the output is closed.
    const auto deliver = [&](const Answer& answer) {
        any_hits |= answer.hits;
        return write(answer.json);
    };
    // A line with nothing behind it yet (a program asking one question at
    // a time) is answered in this thread: handing it to a worker and back
    // costs more than a short query. Lines that are waiting already (a
    // file, a burst on a pipe) go to every searcher at once, in order,
    // until the input has to be waited for again.
    // The lines answered here, one by one, read their pools on two
    // threads (pool_helper.hpp): the other searchers idle meanwhile.
    if (threads > 1) searchers[0]->use_second_thread(true);
    while (auto line = next_line()) {
        if (threads == 1 || lines.would_wait()) {
            if (!deliver(answer_line(*searchers[0], options.request, *line))) return any_hits;
            continue;
        }
        // A burst keeps every core busy already.
        searchers[0]->use_second_thread(false);
        bool first = true, stopped = false;
        PipelineLimits limits;
        // Each burst starts its threads: no more than its lines need.
        limits.workers = std::min(threads, std::max<std::size_t>(2, lines.buffered_lines() + 1));
        limits.max_tasks = threads * 4;
        limits.max_weight = limits.max_tasks;
        OrderedPipeline<InputLine, Answer>::run(
            [&]() -> std::optional<InputLine> {
                if (first) {
                    first = false;
                    return std::move(*line);
                }
                if (lines.would_wait()) return std::nullopt;  // the burst ends
                return next_line();
            },
            [](const InputLine&) { return std::size_t{1}; },
            [&](InputLine& task, std::size_t worker) { return answer_line(*searchers[worker], options.request, task); },
            [&](Answer& answer) {
                stopped = !deliver(answer);
                return !stopped;
            },
            limits, halt);
        if (stopped) break;
        halt = false;  // set by the pipeline as it ended: the input goes on
        searchers[0]->use_second_thread(true);
    }
    return any_hits;
}

}  // namespace vigie
