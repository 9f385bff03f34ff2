// vigie-serve's HTTP front: GET / (the page) and GET /api/search (the JSON
// of vigie-search --format json), read-only, over one or several indexes.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "params.hpp"

namespace vigie::serve {

struct ServeOptions {
    std::vector<std::string> databases;  // as vigie-search's --db; empty: the default
    std::string host = "127.0.0.1";
    int port = 8080;                     // 0: any free port
    std::size_t threads = 8;             // requests answered at once
    Limits limits;
};

// One HTTP answer, before it is sent.
struct Answer {
    int status = 200;
    std::string content_type;
    std::string body;
};

// The answers, independent of the HTTP library: one searcher per request
// in flight (a Searcher is not shared between threads), taken from a pool.
class SearchService {
public:
    // Opens the index once, so that a missing or damaged one is known
    // before listening (throws vigie::Error).
    explicit SearchService(std::vector<std::string> databases, Limits limits = {});
    ~SearchService();
    // /api/search: 200 with vigie-search's JSON; 400 with {"error"} for a
    // bad request (a bad parameter, an invalid date, an unknown --like id);
    // 500 when the index cannot be read.
    Answer search(const Params& params);
    // GET of any other path: 404 with {"error"}.
    static Answer not_found(const std::string& path);
    static Answer error(int status, const std::string& message);
    // The page, with this nonce allowed to run its script and style.
    static Answer page(const std::string& nonce);

private:
    struct Pool;
    std::unique_ptr<Pool> pool_;
    Limits limits_;
};

// Listens until stop_requested is called (from another thread); calls
// on_listening with the address bound (http://HOST:PORT/) once it is.
// Returns false when the address cannot be bound.
class Server {
public:
    explicit Server(const ServeOptions& options);
    ~Server();
    bool bind(std::string& error);
    const std::string& url() const { return url_; }
    void run();   // returns after stop()
    void stop();  // thread-safe

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
    std::string url_;
};

}  // namespace vigie::serve
