// vigie-index: a thin front over vigie::run_indexer.
#include <fmt/format.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <system_error>
#include <unistd.h>

#include "options.hpp"
#include "vigie/error.hpp"
#include "output/result_json.hpp"
#include "util/utf8.hpp"

namespace {

std::atomic<bool> g_stop{false};

// First SIGINT/SIGTERM: finish the current document, commit, exit. A second
// one exits at once; the last commit stays intact.
extern "C" void on_signal(int) {
    if (g_stop.exchange(true)) _exit(130);
}

// Paths and records in messages may hold control characters: never
// printed raw.
std::string safe(std::string_view text) { return vigie::utf8::sanitize_for_terminal(text, true); }


// A reader of stdout or stderr that went away (`vigie-index ... 2>&1 | head`)
// never stops a run halfway: SIGPIPE is ignored, messages it can no longer
// read are dropped, and the run ends as it would have, committed.
template <typename Print>
void print_or_drop(Print&& print) {
    try {
        print();
    } catch (const std::system_error& e) {
        if (e.code().value() != EPIPE) throw;
    }
}

void print_error(std::string_view message) {
    print_or_drop([&] { fmt::print(stderr, "vigie-index: error: {}\n", safe(message)); });
}

std::string human_duration(double seconds) {
    const long s = static_cast<long>(seconds + 0.5);
    if (s >= 3600) return fmt::format("{}h{:02}m", s / 3600, (s % 3600) / 60);
    if (s >= 60) return fmt::format("{}m{:02}s", s / 60, s % 60);
    return fmt::format("{}s", s);
}

void print_text_summary(const vigie::IndexSummary& s) {
    const double rate = s.seconds > 0 ? (s.indexed + s.updated) / s.seconds : 0;
    fmt::print("{}: {} indexed, {} updated, {} unchanged, {} removed, {} skipped in {:.2f}s ({:.0f} documents/s); "
               "{} documents in the index\n",
               s.interrupted ? "interrupted" : "done", s.indexed, s.updated, s.unchanged, s.removed,
               s.skipped, s.seconds, rate, s.documents_in_index);
    for (const auto& d : s.skipped_reasons)
        fmt::print("  skipped {}: {}\n", safe(d.location), safe(d.message));
}

}  // namespace

int main(int argc, char** argv) {
    vigie::cli::IndexCommandOptions options;
    int exit_code = 0;
    if (!vigie::cli::parse_index_options(argc, argv, options, exit_code)) return exit_code;

    std::signal(SIGINT, on_signal);
    std::signal(SIGTERM, on_signal);
    std::signal(SIGPIPE, SIG_IGN);

    const bool color = vigie::should_color(vigie::ColorChoice::Auto, STDERR_FILENO);
    const bool progress = options.progress == vigie::ColorChoice::Always ||
                          (options.progress == vigie::ColorChoice::Auto && vigie::is_terminal(STDERR_FILENO));
    bool progress_shown = false;
    const auto clear_progress = [&] {
        if (progress_shown) print_or_drop([] { fmt::print(stderr, "\r\033[K"); });
        progress_shown = false;
    };

    vigie::IndexCallbacks callbacks;
    callbacks.on_diagnostic = [&](const vigie::Diagnostic& d) {
        const bool skip = d.level == vigie::Diagnostic::Level::Skipped;
        if (!skip && options.quiet) return;
        clear_progress();
        const char* label = skip ? "skipped" : "warning";
        print_or_drop([&] {
            fmt::print(stderr, "vigie-index: {}{}{}: {}: {}\n", color ? (skip ? "\033[1;31m" : "\033[1;33m") : "",
                       label, color ? "\033[0m" : "", safe(d.location), safe(d.message));
        });
    };
    if (options.verbose)
        callbacks.on_passed_over = [&](const std::string& path) {
            print_or_drop([&] {
                fmt::print(stderr, "vigie-index: passed over {} (not a .txt, .jsonl or .ndjson file)\n", safe(path));
            });
        };
    if (progress)
        callbacks.on_progress = [&](const vigie::IndexProgress& p) {
            const double rate = p.seconds > 0 ? p.documents / p.seconds : 0;
            const double fraction = p.bytes_total ? double(p.bytes_done) / double(p.bytes_total) : 0;
            const std::string eta =
                fraction > 0.01 ? human_duration(p.seconds * (1 - fraction) / fraction) : "?";
            print_or_drop([&] {
                fmt::print(stderr, "\r\033[K{} documents  {:.0f}/s  {:.0f}%  ETA {}", p.documents, rate,
                           fraction * 100, eta);
            });
            std::fflush(stderr);
            progress_shown = true;
        };

    try {
        const vigie::IndexSummary summary = vigie::run_indexer(options.index, callbacks, &g_stop);
        clear_progress();
        print_or_drop([&] {
            if (options.json) {
                fmt::print("{}\n", vigie::summary_json(summary));
            } else {
                print_text_summary(summary);
            }
        });
        // The index is committed either way; a summary that could not be
        // written (a full disk) is an error, one whose reader left is not.
        if (std::fflush(stdout) != 0 && errno != EPIPE) {
            print_error(fmt::format("cannot write the summary: {} (the index is committed)", std::strerror(errno)));
            return 2;
        }
        if (summary.interrupted) return static_cast<int>(vigie::ExitCode::Interrupted);
        return summary.skipped ? 1 : 0;
    } catch (const vigie::Error& e) {
        clear_progress();
        print_error(e.what());
        if (!e.hint().empty()) print_or_drop([&] { fmt::print(stderr, "vigie-index: hint: {}\n", safe(e.hint())); });
        return static_cast<int>(e.code());
    } catch (const std::exception& e) {
        clear_progress();
        print_error(e.what());
        return 2;
    }
}
