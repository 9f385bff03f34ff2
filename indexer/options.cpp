#include "options.hpp"

#include <algorithm>
#include <map>

#include "vigie/cli_support.hpp"
#include "index/database.hpp"

namespace vigie::cli {

namespace {
constexpr const char* kExitCodes = R"(
Exit status:
  0    every input indexed (warnings aside)
  1    some inputs or records skipped (listed on stderr and in the summary)
  2    usage error or fatal error (a --db that is not a Vigie index, a
       damaged or read-only index, a full disk)
  4    the index is locked by another vigie-index (see --wait)
  5    the index was built by another version of Vigie
  130  interrupted (SIGINT/SIGTERM, also while waiting for the lock or for
       input): what was done is committed

Inputs: files and folders (walked recursively for *.txt, *.jsonl, *.ndjson;
hidden entries and links to folders skipped), or - for standard input (JSON
Lines, or one text communiqué named with --id). A text communiqué starts
with "date 2020-06 " then its body; JSON Lines records have id, date, title,
body (or text, or content), source and url. --db must be a new or empty
folder, or an index made by vigie-index.

Examples:
  vigie-index --db vigie.db samples/
  vigie-index --db vigie.db --prune samples/
  cat feed.jsonl | vigie-index --db vigie.db -
  vigie-index --db vigie.db --id alerte-42 - < alerte.txt
  vigie-index --db news.db --shards 4 --json corpus/

See vigie-index(1) for the input formats, the files and the environment.)";
}  // namespace

bool parse_index_options(int argc, char** argv, IndexCommandOptions& o, int& exit_code) {
    CLI::App app{"vigie-index: builds or updates a French-stemmed Xapian index of communiqués."};
    app.footer(kExitCodes);
    add_version_flag(app, "vigie-index");
    o.index.db_path = default_db_path();
    app.add_option("paths", o.index.inputs, "Files or folders to index; - reads standard input")
        ->required();
    app.add_option("--db", o.index.db_path, "Index folder (default: $VIGIE_DB, else ./vigie.db)");
    app.add_option("--id", o.index.stdin_id, "Id of the text communiqué read from standard input (-)");
    app.add_flag("--prune", o.index.prune, "Remove documents whose files are gone");
    app.add_flag("--wait", o.index.wait_for_lock, "Wait for another indexer's lock instead of failing");
    app.add_flag("--json", o.json, "Print the summary as JSON on standard output");
    app.add_option("--batch-size", o.index.batch_size,
                   "Documents per commit (default: 2000, or 20000 once the index holds 250000; a new index "
                   "is otherwise built in bulk, merged at the end)")
        ->check(CLI::Range(1, 1000000));
    app.add_option("--shards", o.index.shards,
                   "Make a new index of N shards (Xapian databases listed by a stub in the --db folder), to "
                   "search as one or serve from several machines")
        ->check(CLI::Range(1, 256));
    app.add_option("--threads", o.index.threads, "Analysis threads (default: one per core; as many write a new index built in bulk, at most 4)")
        ->check(CLI::Range(0, 256));
    app.add_option("--max-document-size", o.index.max_document_size,
                   "Bytes indexed of one text file (its start; a warning names it), longest JSON Lines record "
                   "(skipped if longer); takes suffixes: 8MiB, 500kB (default: 8MiB)")
        ->transform(CLI::AsSizeValue(false))
        ->check(CLI::Range(std::size_t{1024}, std::size_t{1} << 32));
    app.add_flag("-v,--verbose", o.verbose, "Also list files passed over in folder walks");
    app.add_flag("-q,--quiet", o.quiet, "No warnings, only skipped inputs and errors");
    const std::map<std::string, IndexOptions::Compact> compact{{"auto", IndexOptions::Compact::Auto},
                                                               {"always", IndexOptions::Compact::Always},
                                                               {"never", IndexOptions::Compact::Never}};
    add_choice_option(app, "--compact", o.index.compact, compact,
                      "Rewrite the index compactly at the end: auto (after a bulk load), always, never");
    add_choice_option(app, "--progress", o.progress, auto_always_never(),
                      "Progress on stderr: auto (on a terminal), always, never");
    if (!parse_command_line(app, argc, argv, "vigie-index", exit_code)) return false;
    const bool reads_stdin = std::find(o.index.inputs.begin(), o.index.inputs.end(), "-") != o.index.inputs.end();
    if (!o.index.stdin_id.empty() && !reads_stdin) {
        fmt::print(stderr, "vigie-index: --id names the text read from standard input: give - among the inputs\n"
                           "Run with --help for usage.\n");
        exit_code = 2;
        return false;
    }
    return true;
}

}  // namespace vigie::cli
