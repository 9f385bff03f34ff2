#include "vigie/indexer.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <memory>
#include <thread>
#include <vector>

#include "index/analysis_tasks.hpp"
#include "index/bulk_build.hpp"
#include "index/compaction.hpp"
#include "index/database.hpp"
#include "index/deferred_sync.hpp"
#include "index/dictionary_training.hpp"
#include "index/document_ids.hpp"
#include "index/index_folder.hpp"
#include "index/index_writer.hpp"
#include "util/crash_point.hpp"
#include "util/ordered_pipeline.hpp"
#include "index/schema.hpp"
#include "index/sharded_index.hpp"
#include "vigie/error.hpp"

namespace vigie {

namespace {

using Clock = std::chrono::steady_clock;

// Whether a file is indexed as it is now: its size and modification time
// were recorded when its last document was written, in the same commit, so
// a file cut short by a signal or a crash is read again.
// A text file whose document went (a JSON record took its id, and was
// pruned since) is read again once its id is free; a JSON Lines file is
// read again by --prune when an earlier run left documents of records it
// no longer has; a text file cut short, when --max-document-size changed.
bool unchanged(const Xapian::Database& db, const InputFile& file, const IndexOptions& opts, std::size_t& documents) {
    if (file.signature.empty()) return false;  // standard input, a FIFO
    const std::string state = db.get_metadata(schema::file_state_key(file.absolute_path));
    // Cut short at --max-document-size, it is read again under another.
    if (state != file.signature && state != schema::file_state(file.signature, opts.max_document_size)) return false;
    if (opts.prune && !db.get_metadata(schema::vanished_records_key(file.absolute_path)).empty()) return false;
    documents = db.get_termfreq(schema::file_term(file.absolute_path));
    if (documents == 0 && file.format != InputFormat::JsonLines && !db.term_exists(schema::id_term(file.id)))
        return false;
    return true;
}

IndexSummary index_inputs(const IndexOptions& opts, const IndexCallbacks& callbacks,
                          const std::atomic<bool>* stop);

// A new index is built in bulk (bulk_build.hpp), unless it is sharded,
// --batch-size asks for commits of a given size, --compact never for no
// compaction (which the merge is), an input is standard input or a FIFO
// (a feed that may never end, whose documents must be searchable as they
// come), the disk may be too small for the segments and the merged copy
// together, or a folder of the user's is where either would go.
// threads: the run's analysis threads, as many segment writers (at most 4).
std::unique_ptr<BulkBuild> bulk_build_for(const WritableIndex& index, const IndexOptions& opts,
                                          const std::vector<const InputFile*>& todo, std::uintmax_t bytes,
                                          std::size_t threads) {
    if (!index.shard_paths.empty() || opts.batch_size > 0 || opts.compact == IndexOptions::Compact::Never ||
        index.db.get_lastdocid() > 0 || todo.empty())
        return nullptr;
    if (std::any_of(todo.begin(), todo.end(), [](const InputFile* f) { return f->signature.empty(); })) return nullptr;
    if (!BulkBuild::room_for(opts.db_path, bytes) || !BulkBuild::in_the_way(opts.db_path).empty()) return nullptr;
    const auto writers = static_cast<unsigned>(std::min<std::size_t>(threads, 4));
    return std::make_unique<BulkBuild>(opts.db_path, 1, writers, BulkBuild::segment_bytes_for(bytes));
}

// Merges the segments into a copy beside the index, with what waited for
// the merge, and swaps it in.
void finish_bulk_build(BulkBuild& bulk, IndexWriter& writer, WritableIndex& index, const std::string& path,
                       IndexSummary& summary) {
    bulk.finish();
    writer.finish_bulk();
    const std::string fresh = compacting_path(path);
    bulk.merge_into(fresh);
    summary.documents_in_index = Xapian::Database(fresh).get_doccount();
    crash_point("bulk-merged");
    const std::string problem = swap_in(index.db, path, fresh);
    if (!problem.empty())
        throw Error(ExitCode::Error, fmt::format("index {}: {}", path, problem),
                    "the index stays as it was; a re-run builds it again");
    bulk.remove();
    summary.compacted = true;
}

}  // namespace

IndexSummary run_indexer(const IndexOptions& opts, const IndexCallbacks& callbacks,
                         const std::atomic<bool>* stop) {
    try {
        return index_inputs(opts, callbacks, stop);
    } catch (const Xapian::Error& e) {
        throw index_error(normalize_db_path(opts.db_path), e);
    }
}

namespace {

IndexSummary index_inputs(const IndexOptions& given, const IndexCallbacks& callbacks,
                          const std::atomic<bool>* stop) {
    const auto started = Clock::now();
    IndexOptions opts = given;
    opts.db_path = normalize_db_path(opts.db_path);
    if (opts.db_path.empty()) throw Error(ExitCode::Error, "--db names no folder");
    index_folder::check_can_write(opts.db_path);  // before anything is written
    const WriterLock lock(opts.db_path, opts.wait_for_lock, [&] { return stop && stop->load(); });
    recover_interrupted_swap(opts.db_path);
    BulkBuild::remove_leftover(opts.db_path);  // of a bulk build killed after its swap
    IndexSummary summary;
    WritableIndex index = open_for_writing(opts.db_path, opts.shards);
    Xapian::WritableDatabase& db = index.db;

    InputScan scan = collect_inputs(opts.inputs, opts.stdin_id);
    for (auto& file : scan.files)
        if (file.is_stdin()) file.stdin_fd = opts.stdin_fd;
    std::vector<const InputFile*> todo;
    IndexProgress progress;
    DocumentIds ids(db);
    for (auto& file : scan.files) {
        std::size_t documents = 0;
        if (unchanged(db, file, opts, documents)) {
            summary.unchanged += documents;
            continue;
        }
        // A text file's id is chosen here, against the index; JSON Lines
        // records carry theirs.
        if (!file.is_stdin() && file.format != InputFormat::JsonLines) file.id = ids.choose(file);
        todo.push_back(&file);
        progress.bytes_total += file.size;
    }

    const std::size_t threads = opts.threads ? opts.threads : std::max(1u, std::thread::hardware_concurrency());
    const std::unique_ptr<BulkBuild> bulk = bulk_build_for(index, opts, todo, progress.bytes_total, threads);
    // Where the run's metadata goes.
    Xapian::WritableDatabase& home = bulk ? bulk->home() : db;
    DictionarySlot dictionary;
    dictionary.set(StoredDictionary::load(db));
    IndexWriter writer(home, opts, summary, callbacks, dictionary, bulk.get());
    for (const auto& p : scan.problems) writer.report(skipped(p.path, p.message));
    for (const auto& n : scan.notes) writer.report(warning(n.path, n.message));
    if (callbacks.on_passed_over)
        for (const auto& p : scan.passed_over) callbacks.on_passed_over(p);

    // The run stops reading at a signal, or when the pipeline stops early.
    std::atomic<bool> halt{false};
    AnalysisSettings settings;
    settings.max_document_size = opts.max_document_size;
    settings.should_stop = [&] { return halt.load() || (stop && stop->load()); };
    std::vector<Diagnostic> early;
    TaskSource source(todo, settings, early);
    DictionaryTraining training(home, dictionary, writer, writer.batch_limit());
    std::vector<DocumentBuilder> builders;
    PipelineLimits limits;
    limits.workers = threads;
    limits.max_tasks = limits.workers * 16;
    // The input in flight bounds the run's memory (analysis takes about 15
    // times the text): one document of the largest size, or 16 MiB of
    // smaller ones.
    limits.max_weight = std::max<std::size_t>(opts.max_document_size, 16 << 20);
    builders.reserve(limits.workers);
    for (std::size_t i = 0; i < limits.workers; ++i) builders.emplace_back(&dictionary);
    auto last_progress = Clock::now();

    OrderedPipeline<Task, TaskResult>::run(
        [&] { return source.next(); }, [](const Task& task) { return static_cast<std::size_t>(task.bytes); },
        [&](Task& task, std::size_t worker) { return analyse(task, builders[worker], settings); },
        [&](TaskResult& result) {
            training.apply(result);
            progress.documents = summary.indexed + summary.updated;
            progress.bytes_done += result.bytes;
            const auto now = Clock::now();
            if (callbacks.on_progress && now - last_progress >= std::chrono::seconds(1)) {
                last_progress = now;
                progress.seconds = std::chrono::duration<double>(now - started).count();
                callbacks.on_progress(progress);
            }
            return !(stop && stop->load());
        },
        limits, halt);
    summary.interrupted = (stop && stop->load()) || source.interrupted();
    training.release();

    // Unreadable JSON files, found while handing out tasks.
    for (const auto& d : early) writer.report(d);
    if (opts.prune && !summary.interrupted) writer.prune_missing_files(scan.unreadable_folders);
    writer.commit();
    if (bulk) {
        finish_bulk_build(*bulk, writer, index, opts.db_path, summary);
        summary.seconds = std::chrono::duration<double>(Clock::now() - started).count();
        return summary;
    }
    // A new index, written without a sync at each commit, is synced once.
    for (const auto& path : index.shard_paths.empty() ? std::vector<std::string>{opts.db_path} : index.shard_paths)
        deferred_sync::finish(path);
    summary.documents_in_index = db.get_doccount();
    if (!summary.interrupted &&
        wants_compaction(opts.compact, summary.documents_in_index, written_since_compaction(db))) {
        const std::string problem = compact_index(index, opts.db_path);
        summary.compacted = problem.empty();
        if (!summary.compacted)
            writer.report(warning(opts.db_path, "not compacted: " + problem +
                                                    "; the index stays as committed, and a later run compacts it"));
    }
    summary.seconds = std::chrono::duration<double>(Clock::now() - started).count();
    return summary;
}

}  // namespace

}  // namespace vigie
