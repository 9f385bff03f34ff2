// vigie-serve: a local web page and a JSON API over an index, a thin front
// like vigie-search (the answers are the library's, written by the same
// code as vigie-search --format json).
#include <fmt/format.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <thread>


#include "server.hpp"
#include "vigie/cli_support.hpp"

namespace {

constexpr const char* kFooter = R"(
The page at / searches with a box, date filters and paging, and draws the
matches per month (click a bar to keep that month). The API answers
GET /api/search?q=WORDS with exactly the JSON of vigie-search --format json;
parameters: q, since, until, sort, match, limit, offset, snippet_length,
timeline, facet (repeatable), facet_limit, like, collapse=0, snippets=0.
A bad request gets HTTP 400 and {"error": ...}. Read-only; SIGINT or
SIGTERM stops it.

Examples:
  vigie-serve --db vigie.db                       # http://127.0.0.1:8080/
  vigie-serve --db vigie.db --listen 127.0.0.1:0  # any free port, printed
  curl 'http://127.0.0.1:8080/api/search?q=canicule&since=2019&limit=3'

Exit status:
  0  stopped by SIGINT or SIGTERM
  2  usage error, or the address cannot be listened on
  3  no index at --db
  5  the index was built by another version of Vigie)";

// HOST:PORT, [V6]:PORT or :PORT.
bool parse_listen(const std::string& text, std::string& host, int& port) {
    const auto colon = text.rfind(':');
    if (colon == std::string::npos) return false;
    std::string h = text.substr(0, colon);
    const std::string p = text.substr(colon + 1);
    if (h.size() >= 2 && h.front() == '[' && h.back() == ']') h = h.substr(1, h.size() - 2);
    if (p.empty() || p.size() > 5 || p.find_first_not_of("0123456789") != std::string::npos) return false;
    port = std::stoi(p);
    if (port > 65535) return false;
    if (!h.empty()) host = h;
    return true;
}

}  // namespace

int main(int argc, char** argv) {
    vigie::serve::ServeOptions options;
    std::string listen = "127.0.0.1:8080";
    CLI::App app{"vigie-serve: a local web page and JSON API over an index built by vigie-index."};
    app.footer(kFooter);
    app.add_option("--db", options.databases,
                   "Index folder, stub of shards, or tcp://HOST:PORT; repeat it to search several as one "
                   "(default: $VIGIE_DB, else ./vigie.db)")
        ->allow_extra_args(false)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    app.add_option("--listen", listen, "Address to listen on, HOST:PORT (default 127.0.0.1:8080; port 0: any free one)");
    app.add_option("--threads", options.threads, "Requests answered at once (default 8)")->check(CLI::Range(1, 256));
    vigie::cli::add_version_flag(app, "vigie-serve");
    int exit_code = 0;
    if (!vigie::cli::parse_command_line(app, argc, argv, "vigie-serve", exit_code)) return exit_code;
    if (!parse_listen(listen, options.host, options.port)) {
        fmt::print(stderr, "vigie-serve: --listen wants HOST:PORT, got '{}'\n", vigie::cli::safe_message(listen));
        return 2;
    }

    // SIGINT and SIGTERM are taken by one thread, which stops the server;
    // every other thread (the server's too) has them blocked. A client that
    // goes away must not kill the server with SIGPIPE.
    std::signal(SIGPIPE, SIG_IGN);
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

    try {
        vigie::serve::Server server(options);
        std::string error;
        if (!server.bind(error)) {
            fmt::print(stderr, "vigie-serve: error: {}\n", vigie::cli::safe_message(error));
            return 2;
        }
        std::atomic<bool> finished{false};
        std::thread waiter([&] {
            int signal = 0;
            sigwait(&stop_signals, &signal);
            // stop() before the server runs would be lost: repeat it.
            while (!finished.load()) {
                server.stop();
                std::this_thread::sleep_for(std::chrono::milliseconds(20));
            }
        });
        waiter.detach();
        fmt::print("vigie-serve: listening on {} (Ctrl-C stops)\n", server.url());
        std::fflush(stdout);
        server.run();
        finished = true;
        fmt::print(stderr, "vigie-serve: stopped\n");
        return 0;
    } catch (const vigie::Error& e) {
        fmt::print(stderr, "vigie-serve: error: {}\n", vigie::cli::safe_message(e.what()));
        if (!e.hint().empty()) fmt::print(stderr, "vigie-serve: hint: {}\n", vigie::cli::safe_message(e.hint()));
        return static_cast<int>(e.code());
    } catch (const std::exception& e) {
        fmt::print(stderr, "vigie-serve: error: {}\n", vigie::cli::safe_message(e.what()));
        return 2;
    }
}
