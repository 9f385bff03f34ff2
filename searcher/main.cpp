// vigie-search: a thin front over vigie::Searcher.
#include <fmt/format.h>

#include <chrono>
#include <iostream>
#include <unistd.h>

#include "options.hpp"
#include "output.hpp"
#include "vigie/cli_support.hpp"
#include "output/result_json.hpp"

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// --batch: one JSON line per input line, in order, whatever happens to it.
int run_batch(vigie::Searcher& searcher, const vigie::cli::SearchCommandOptions& options) {
    bool any_hits = false;
    std::string line;
    while (std::getline(std::cin, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        const auto start = Clock::now();
        vigie::SearchRequest request = options.request;
        request.query = line;
        std::string answer;
        try {
            if (line.find_first_not_of(" \t") == std::string::npos)
                throw vigie::Error(vigie::ExitCode::Error, "empty query");
            const vigie::SearchResult result = searcher.search(request);
            any_hits |= !result.hits.empty();
            answer = vigie::result_json(line, result, ms_since(start));
        } catch (const vigie::Error& e) {
            const std::string error = e.what();
            answer = vigie::result_json(line, {}, ms_since(start), -1, &error);
        }
        fmt::print("{}\n", answer);
        std::fflush(stdout);
    }
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
        vigie::Searcher searcher(options.db_path);
        if (!options.show.empty()) {
            vigie::cli::print_document(style, searcher.document(options.show));
            return 0;
        }
        if (options.batch) return run_batch(searcher, options);
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
