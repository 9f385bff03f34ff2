// --batch: queries read one per line, each answered by one JSON line, in
// input order, by several searchers at once (one per thread: a Searcher is
// not shared). A line that arrives on a pipe is answered before the next
// one is read, so a program can talk to a running vigie-search.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "vigie/vigie.hpp"

namespace vigie {

struct BatchOptions {
    std::vector<std::string> databases;  // as for Searcher
    SearchRequest request;               // every option but the query
    std::size_t threads = 1;             // searchers; 0 = one per core
};

// Writes one answer line (without its newline); false when the output is
// closed, which stops the batch.
using BatchWrite = std::function<bool(const std::string& line)>;

// Answers the lines of standard input until its end (or write says stop).
// Returns whether some query had hits. Throws Error when the index cannot
// be opened; a query's own error is its answer line.
bool answer_batch(const BatchOptions& options, const BatchWrite& write);

}  // namespace vigie
