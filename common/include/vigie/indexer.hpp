// Building and updating an index from communiqué files: the whole job of
// vigie-index, independent of its command line.
#pragma once

#include <atomic>
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace vigie {

struct IndexOptions {
    std::string db_path;
    std::vector<std::string> inputs;  // files, folders, "-" for stdin
    std::string stdin_id;             // id of a text communiqué read from stdin
    int stdin_fd = 0;                 // what "-" reads: standard input, or a pipe a program feeds
    bool prune = false;               // remove documents whose files are gone
    bool wait_for_lock = false;
    std::size_t batch_size = 0;       // documents per commit; 0: by the index's size (2,000, or 20,000 past 250,000)
    std::size_t threads = 0;          // analysis threads; 0 = one per core
    // Bytes indexed of one text file (the rest is left out, with a
    // warning); a longer JSON Lines record is skipped. Bounds the memory a
    // document takes.
    std::size_t max_document_size = 8 << 20;
    // Rewrite the index compactly at the end: Auto after a bulk load (most
    // of the index written by this run), Always, or Never.
    enum class Compact { Auto, Always, Never } compact = Compact::Auto;
    // A new index made of this many shards (sharded_index.hpp); 0 takes
    // an existing index as it is, a new one as one database.
    std::size_t shards = 0;
};

// A problem with one input: "file" or "file:line", and what happened.
struct Diagnostic {
    enum class Level { Warning, Skipped };
    Level level = Level::Warning;
    std::string location;
    std::string message;
};

struct IndexProgress {
    std::size_t documents = 0;  // written so far
    std::uintmax_t bytes_done = 0;
    std::uintmax_t bytes_total = 0;
    double seconds = 0;
};

struct IndexSummary {
    std::size_t indexed = 0;    // new documents
    std::size_t updated = 0;    // replaced documents
    std::size_t unchanged = 0;  // documents of files not modified since
    std::size_t removed = 0;    // pruned documents
    std::size_t skipped = 0;    // inputs or records that could not be indexed
    std::size_t warnings = 0;
    std::size_t files = 0;      // files read
    std::uintmax_t bytes = 0;   // bytes read
    std::size_t transcoded = 0; // files read as Windows-1252
    double seconds = 0;
    bool interrupted = false;
    bool compacted = false;
    std::vector<Diagnostic> skipped_reasons;
    std::size_t documents_in_index = 0;
};

struct IndexCallbacks {
    std::function<void(const Diagnostic&)> on_diagnostic;
    std::function<void(const IndexProgress&)> on_progress;  // about once a second
    std::function<void(const std::string&)> on_passed_over;  // files of other kinds
};

// Indexes opts.inputs into opts.db_path. Commits every batch_size documents
// and at the end; when *stop becomes true (a signal), commits what is done
// and returns with interrupted set, also while waiting for the lock or for
// input on a pipe. Throws Error for fatal problems (a folder that is not a
// Vigie index, a locked or incompatible index, a full disk).
IndexSummary run_indexer(const IndexOptions& opts, const IndexCallbacks& callbacks,
                         const std::atomic<bool>* stop);

}  // namespace vigie
