// vigie-search: a thin front over vigie::Searcher.
#include <fmt/format.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <system_error>
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

// A reader that went away (`vigie-search ... | head -1`) ends the command
// quietly with status 0, as ripgrep does: SIGPIPE is ignored, and a write
// that fails with EPIPE lands here.
bool output_closed(const std::system_error& e) { return e.code().value() == EPIPE; }

// --batch: one JSON line per input line, in order (search/batch.hpp).
int run_batch(const vigie::cli::SearchCommandOptions& options) {
    vigie::BatchOptions batch;
    batch.databases = options.databases;
    batch.request = options.request;
    batch.threads = options.threads;
    int write_error = 0;
    const bool any_hits = vigie::answer_batch(batch, [&write_error](const std::string& line) {
        const bool written = std::fwrite(line.data(), 1, line.size(), stdout) == line.size() &&
                             std::fputc('\n', stdout) != EOF && std::fflush(stdout) == 0;
        if (!written) write_error = errno;
        return written;
    });
    if (write_error == EPIPE) return 0;
    if (write_error) {
        fmt::print(stderr, "vigie-search: error: cannot write the output: {}\n", std::strerror(write_error));
        return 2;
    }
    return any_hits ? 0 : 1;
}

// The status, once what is still buffered has reached the reader (or the
// reader is gone: 0, quietly).
// Any other failure to write (a full disk) is an error.
int finish(int status) {
    if (std::fflush(stdout) == 0) return status;
    if (errno == EPIPE) return 0;
    fmt::print(stderr, "vigie-search: error: cannot write the output: {}\n", std::strerror(errno));
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    std::signal(SIGPIPE, SIG_IGN);
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
    // Wrapped only on a terminal: COLUMNS, else its width, else 80.
    style.width = vigie::output_width(STDOUT_FILENO);
    style.snippets = options.request.snippets;
    style.header = options.header;

    try {
        if (options.list_fields) {
            vigie::cli::print_fields(style);
            return finish(0);
        }
        if (options.batch) return run_batch(options);
        vigie::Searcher searcher(options.databases);
        if (!options.show.empty()) {
            vigie::cli::print_document(style, searcher.document(options.show));
            return finish(0);
        }
        if (options.explain) {
            vigie::cli::print_explanation(style, searcher.explain(options.request));
            return finish(0);
        }
        if (options.count) {
            const std::size_t n = searcher.count(options.request);
            vigie::cli::print_count(style, options.request.query, n);
            return finish(n ? 0 : 1);
        }
        const auto start = Clock::now();
        const vigie::SearchResult result = searcher.search(options.request);
        vigie::cli::print_result(style, options.request.query, result, ms_since(start));
        return finish(result.found(options.request.limit) ? 0 : 1);
    } catch (const std::system_error& e) {
        if (output_closed(e)) return 0;
        fmt::print(stderr, "vigie-search: error: {}\n", vigie::cli::safe_message(e.what()));
        return 2;
    } catch (const vigie::Error& e) {
        fmt::print(stderr, "vigie-search: error: {}\n", vigie::cli::safe_message(e.what()));
        if (!e.hint().empty()) fmt::print(stderr, "vigie-search: hint: {}\n", vigie::cli::safe_message(e.hint()));
        return static_cast<int>(e.code());
    } catch (const std::exception& e) {
        fmt::print(stderr, "vigie-search: error: {}\n", vigie::cli::safe_message(e.what()));
        return 2;
    }
}
