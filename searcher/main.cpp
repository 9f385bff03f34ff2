// vigie-search: a thin front over vigie::Searcher.
#include <fmt/format.h>

#include <chrono>
#include <iostream>
#include <unistd.h>

#include "options.hpp"
#include "output.hpp"
#include "vigie/cli_support.hpp"
#include "output/result_json.hpp"
#include "search/batch.hpp"

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// --batch: one JSON line per input line, in order (search/batch.hpp).
int run_batch(const vigie::cli::SearchCommandOptions& options) {
    vigie::BatchOptions batch;
    batch.databases = options.databases;
    batch.request = options.request;
    batch.threads = options.threads;
    const bool any_hits = vigie::answer_batch(batch, [](const std::string& line) {
        fmt::print("{}\n", line);
        return std::fflush(stdout) == 0;
    });
    return any_hits ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    vigie::cli::SearchCommandOptions options;
    int exit_code = 0;
    if (!vigie::cli::parse_search_options(argc, argv, options, exit_code)) return exit_code;

    vigie::cli::OutputStyle style;
    style.format = options.format;
    style.color = options.format == vigie::cli::OutputFormat::Text &&
                  vigie::should_color(options.color, STDOUT_FILENO);
    const auto comma = options.markers.find(',');
    style.open_marker = options.markers.substr(0, comma);
    style.close_marker = options.markers.substr(comma + 1);
    // On a terminal that says no size, 80 columns.
    const unsigned columns = vigie::terminal_width(STDOUT_FILENO);
    style.width = vigie::is_terminal(STDOUT_FILENO) ? (columns ? columns : 80) : 0;

    if (options.list_fields) {
        vigie::cli::print_fields(style);
        return 0;
    }
    try {
        if (options.batch) return run_batch(options);
        vigie::Searcher searcher(options.databases);
        if (!options.show.empty()) {
            vigie::cli::print_document(style, searcher.document(options.show));
            return 0;
        }
        if (options.explain) {
            vigie::cli::print_explanation(style, searcher.explain(options.request));
            return 0;
        }
        if (options.count) {
            const std::size_t n = searcher.count(options.request);
            vigie::cli::print_count(style, options.request.query, n);
            return n ? 0 : 1;
        }
        const auto start = Clock::now();
        const vigie::SearchResult result = searcher.search(options.request);
        vigie::cli::print_result(style, options.request.query, result, ms_since(start));
        // --limit 0 asks for the counts alone (a timeline, facets).
        const bool found = !result.hits.empty() || (options.request.limit == 0 && result.total > 0);
        return found ? 0 : 1;
    } catch (const vigie::Error& e) {
        fmt::print(stderr, "vigie-search: error: {}\n", vigie::cli::safe_message(e.what()));
        if (!e.hint().empty()) fmt::print(stderr, "vigie-search: hint: {}\n", vigie::cli::safe_message(e.hint()));
        return static_cast<int>(e.code());
    } catch (const std::exception& e) {
        fmt::print(stderr, "vigie-search: error: {}\n", vigie::cli::safe_message(e.what()));
        return 2;
    }
}
