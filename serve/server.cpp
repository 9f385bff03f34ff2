#include "server.hpp"

#include <fmt/format.h>
#include <httplib.h>

#include <chrono>
#include <mutex>
#include <random>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include "output/json_writer.hpp"
#include "output/result_json.hpp"

namespace vigie::serve {

namespace {

// The page (page.html), embedded at build time by embed_page.cmake.
#include "page_html.inc"

constexpr const char* kJson = "application/json; charset=utf-8";

std::string error_json(const std::string& message, int code) {
    JsonWriter w(2);
    w.begin_object().field("error", message).field("exit_code", code).field("schema_version", kJsonSchemaVersion);
    w.end_object();
    return w.text() + "\n";
}

// The library's errors of exit code 2 are the request's (an invalid date, an
// unknown id) unless they name the index (damaged, gone, a shard down).
bool about_the_index(const Error& e) {
    const std::string_view m = e.what();
    return m.rfind("index ", 0) == 0 || m.rfind("a remote shard", 0) == 0;
}

}  // namespace

// Searchers made as requests need them and handed back after: at most one
// per request in flight, so at most the server's threads.
struct SearchService::Pool {
    std::vector<std::string> databases;
    std::mutex mutex;
    std::vector<std::unique_ptr<Searcher>> idle;

    std::unique_ptr<Searcher> take() {
        {
            const std::lock_guard<std::mutex> lock(mutex);
            if (!idle.empty()) {
                auto s = std::move(idle.back());
                idle.pop_back();
                return s;
            }
        }
        return std::make_unique<Searcher>(databases);
    }
    void give_back(std::unique_ptr<Searcher> s) {
        const std::lock_guard<std::mutex> lock(mutex);
        idle.push_back(std::move(s));
    }
};

SearchService::SearchService(std::vector<std::string> databases, Limits limits)
    : pool_(std::make_unique<Pool>()), limits_(limits) {
    pool_->databases = std::move(databases);
    pool_->give_back(pool_->take());  // opens it now: a missing index is known at once
}

SearchService::~SearchService() = default;

Answer SearchService::error(int status, const std::string& message) {
    return {status, kJson, error_json(message, 2)};
}

Answer SearchService::not_found(const std::string&) {
    return error(404, "not found: this server answers GET / and GET /api/search?q=...");
}

Answer SearchService::search(const Params& params) {
    using Clock = std::chrono::steady_clock;
    SearchRequest request;
    try {
        request = parse_search_params(params, limits_);
    } catch (const BadRequest& e) {
        return error(400, e.what());
    }
    auto searcher = pool_->take();
    try {
        const auto start = Clock::now();
        const SearchResult result = searcher->search(request);
        const double took_ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
        pool_->give_back(std::move(searcher));
        // Exactly what vigie-search --format json prints for the same options.
        return {200, kJson, result_json(request.query, result, took_ms, 2, nullptr, request.snippets) + "\n"};
    } catch (const Error& e) {
        // The request's fault (an invalid date, an unknown --like id) is a
        // 400; the index's (damaged, gone) a 500. The searcher is dropped:
        // a fresh one opens the index again.
        const int code = static_cast<int>(e.code());
        const int status = e.code() == ExitCode::Error && !about_the_index(e) ? 400 : 500;
        return {status, kJson, error_json(e.what(), code)};
    } catch (const std::exception& e) {
        return {500, kJson, error_json(e.what(), 2)};
    }
}

Answer SearchService::page(const std::string& nonce) {
    std::string body(kPageHtml);
    const std::string mark = "{{NONCE}}";
    for (std::size_t at = body.find(mark); at != std::string::npos; at = body.find(mark, at + nonce.size()))
        body.replace(at, mark.size(), nonce);
    return {200, "text/html; charset=utf-8", std::move(body)};
}

struct Server::Impl {
    ServeOptions options;
    SearchService service;
    httplib::Server http;
    std::mutex random_mutex;

    explicit Impl(const ServeOptions& o) : options(o), service(o.databases, o.limits) {}

    // 128 bits from the system's generator (/dev/urandom): a nonce must not
    // be predictable from the ones already sent.
    std::string nonce() {
        const std::lock_guard<std::mutex> lock(random_mutex);
        std::random_device random;
        std::string out;
        for (int i = 0; i < 4; ++i) out += fmt::format("{:08x}", random());
        return out;
    }
};

namespace {

void send(httplib::Response& res, const Answer& answer) {
    res.status = answer.status;
    res.set_content(answer.body, answer.content_type.c_str());
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_header("Cache-Control", "no-store");
    res.set_header("Referrer-Policy", "no-referrer");
    res.set_header("X-Frame-Options", "DENY");
}

// On a loopback address, only requests naming it as their Host are
// answered: a web page elsewhere cannot rebind its own name to 127.0.0.1
// and read the index through the user's browser.
bool loopback(const std::string& host) {
    return host == "localhost" || host.rfind("127.", 0) == 0 || host == "::1";
}

bool host_allowed(const std::string& header, const std::string& bound_host, int port) {
    if (!loopback(bound_host)) return true;
    const std::string p = ":" + std::to_string(port);
    return header == "127.0.0.1" + p || header == "localhost" + p || header == "[::1]" + p ||
           header == bound_host + p;
}

}  // namespace

Server::Server(const ServeOptions& options) : impl_(std::make_unique<Impl>(options)) {
    auto& http = impl_->http;
    const std::size_t threads = std::max<std::size_t>(1, options.threads);
    http.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
    // SO_REUSEADDR (a restart need not wait for TIME_WAIT) but not
    // cpp-httplib's SO_REUSEPORT, with which a second vigie-serve on the
    // same port would share it silently instead of being refused.
    http.set_socket_options([](socket_t sock) {
        int yes = 1;
        setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
    });
    // Headers and body go out in two writes: without TCP_NODELAY, Nagle's
    // algorithm holds the body until the client's delayed ACK (a 20 to
    // 40 ms stall per answer, measured at 46 requests/s from one client).
    http.set_tcp_nodelay(true);
    http.set_payload_max_length(4096);  // GET only: no body is read
    http.set_read_timeout(5, 0);
    http.set_write_timeout(5, 0);
    http.set_keep_alive_timeout(5);
    http.set_keep_alive_max_count(100);
    Impl* impl = impl_.get();
    http.set_pre_routing_handler([impl](const httplib::Request& req, httplib::Response& res) {
        if (req.method != "GET" && req.method != "HEAD") {
            send(res, SearchService::error(405, "only GET is answered: this server is read-only"));
            res.set_header("Allow", "GET, HEAD");
            return httplib::Server::HandlerResponse::Handled;
        }
        if (!host_allowed(req.get_header_value("Host"), impl->options.host, impl->options.port)) {
            send(res, SearchService::error(403, "this server answers requests for 127.0.0.1 or localhost only"));
            return httplib::Server::HandlerResponse::Handled;
        }
        return httplib::Server::HandlerResponse::Unhandled;
    });
    http.Get("/", [impl](const httplib::Request&, httplib::Response& res) {
        const std::string nonce = impl->nonce();
        send(res, SearchService::page(nonce));
        // Nothing but the page's own script and style, and its calls to
        // this server: no external script, font, image or frame.
        res.set_header("Content-Security-Policy",
                       fmt::format("default-src 'none'; script-src 'nonce-{0}'; style-src 'nonce-{0}'; "
                                   "connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; "
                                   "frame-ancestors 'none'",
                                   nonce));
    });
    http.Get("/api/search", [impl](const httplib::Request& req, httplib::Response& res) {
        Params params(req.params.begin(), req.params.end());
        send(res, impl->service.search(params));
    });
    http.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
        if (!res.body.empty()) return;
        const Answer answer = res.status == 404 ? SearchService::not_found(req.path)
                                                : SearchService::error(res.status, fmt::format("bad request (HTTP {})", res.status));
        send(res, {res.status, answer.content_type, answer.body});
    });
    http.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
        send(res, SearchService::error(500, "internal error"));
    });
}

Server::~Server() = default;

bool Server::bind(std::string& error) {
    auto& o = impl_->options;
    if (o.port == 0) {
        const int port = impl_->http.bind_to_any_port(o.host);
        if (port <= 0) {
            error = fmt::format("cannot listen on {}", o.host);
            return false;
        }
        o.port = port;
    } else if (!impl_->http.bind_to_port(o.host, o.port)) {
        error = fmt::format("cannot listen on {}:{} (in use, or not an address of this machine)", o.host, o.port);
        return false;
    }
    const bool v6 = o.host.find(':') != std::string::npos;
    url_ = fmt::format("http://{}{}{}:{}/", v6 ? "[" : "", o.host, v6 ? "]" : "", o.port);
    return true;
}

void Server::run() { impl_->http.listen_after_bind(); }

void Server::stop() { impl_->http.stop(); }

}  // namespace vigie::serve
