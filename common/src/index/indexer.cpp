#include "vigie/indexer.hpp"

#include <fmt/format.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "document/communique.hpp"
#include "document/json_format.hpp"
#include "document/repeats.hpp"
#include "document/text_format.hpp"
#include "index/compaction.hpp"
#include "index/database.hpp"
#include "index/index_folder.hpp"
#include "index/document_builder.hpp"
#include "vigie/error.hpp"
#include "document/inputs.hpp"
#include "util/lines.hpp"
#include "index/ordered_pipeline.hpp"
#include "index/schema.hpp"
#include "util/utf8.hpp"

namespace vigie {

namespace {

using Clock = std::chrono::steady_clock;

constexpr std::size_t kLinesPerTask = 64;
constexpr std::size_t kMaxSpellingsPerCompound = 8;

// One unit of analysis: a whole text file, or a run of JSON lines.
struct Task {
    const InputFile* file = nullptr;
    bool json = false;
    std::vector<std::string_view> lines;  // into shared file text, for JSON
    std::size_t first_line = 0;           // 1-based number of lines[0]
    bool last_of_file = true;
    std::shared_ptr<const std::string> text;  // keeps JSON text alive
    std::optional<std::string> preloaded;     // bytes already read (sniffed)
    std::uintmax_t bytes = 0;
    bool transcoded = false;
};

struct AnalysedDocument {
    std::string id_term;
    BuiltDocument built;
};

struct TaskResult {
    const InputFile* file = nullptr;
    std::vector<AnalysedDocument> documents;
    std::vector<Diagnostic> diagnostics;
    std::vector<std::string> ids;  // of JSON records, to prune the vanished
    bool last_of_file = true;
    bool file_failed = false;
    bool unreadable = false;  // could not be read at all (permissions, I/O)
    bool whole_file = false;  // a text file: its only task
    bool transcoded = false;
    std::uintmax_t bytes = 0;
};

Diagnostic skipped(std::string location, std::string message) {
    return {Diagnostic::Level::Skipped, std::move(location), std::move(message)};
}
Diagnostic warning(std::string location, std::string message) {
    return {Diagnostic::Level::Warning, std::move(location), std::move(message)};
}

// Decodes file bytes, or explains why they cannot be indexed.
std::optional<std::string> decode(const InputFile& file, const std::string& bytes,
                                  std::vector<Diagnostic>& diagnostics, bool& transcoded) {
    utf8::DecodedText decoded = utf8::decode_file_bytes(bytes);
    if (decoded.source_encoding == utf8::Encoding::Binary) {
        diagnostics.push_back(skipped(file.display_path, "binary file, not a communiqué"));
        return std::nullopt;
    }
    transcoded = decoded.source_encoding == utf8::Encoding::Windows1252;
    return std::move(decoded.text);
}

void add_outcome(ParseOutcome&& outcome, const InputFile& file, const std::string& location,
                 DocumentBuilder& builder, TaskResult& result) {
    for (auto& w : outcome.warnings) result.diagnostics.push_back(warning(location, std::move(w)));
    if (!outcome.communique) {
        result.diagnostics.push_back(skipped(location, std::move(outcome.error)));
        return;
    }
    Communique& c = *outcome.communique;
    c.source_path = file.absolute_path;
    try {
        result.documents.push_back({schema::id_term(c.id), builder.build(c)});
        result.ids.push_back(c.id);
    } catch (const Xapian::Error& e) {  // one bad communiqué never stops the rest
        result.diagnostics.push_back(skipped(location, e.get_description()));
    }
}

TaskResult analyse(Task& task, DocumentBuilder& builder) {
    TaskResult result;
    result.file = task.file;
    result.last_of_file = task.last_of_file;
    result.bytes = task.bytes;
    result.transcoded = task.transcoded;
    const InputFile& file = *task.file;
    result.whole_file = !task.json;
    if (task.json) {
        for (std::size_t i = 0; i < task.lines.size(); ++i) {
            const std::string_view line = task.lines[i];
            if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
            const std::size_t number = task.first_line + i;
            const std::string location = fmt::format("{}:{}", file.display_path, number);
            add_outcome(parse_json_communique(line, fmt::format("{}#{}", file.id, number)), file,
                        location, builder, result);
        }
        return result;
    }
    std::string bytes;
    try {
        bytes = task.preloaded ? std::move(*task.preloaded) : read_input_bytes(file);
    } catch (const std::exception& e) {
        result.diagnostics.push_back(skipped(file.display_path, e.what()));
        result.file_failed = result.unreadable = true;
        return result;
    }
    result.bytes = bytes.size();
    const auto text = decode(file, bytes, result.diagnostics, result.transcoded);
    if (!text) {
        result.file_failed = true;
        return result;
    }
    add_outcome(parse_text_communique(*text, file.id), file, file.display_path, builder, result);
    return result;
}

// Hands out tasks: text files whole, JSON Lines files in runs of lines.
class TaskSource {
public:
    // Problems met while reading JSON files here are added to early.
    TaskSource(const std::vector<const InputFile*>& files, std::vector<Diagnostic>& early)
        : files_(files), early_(early) {}

    std::optional<Task> next() {
        for (;;) {
            if (json_ && json_line_ < json_lines_.size()) return next_json_chunk();
            json_.reset();
            if (index_ >= files_.size()) return std::nullopt;
            const InputFile* file = files_[index_++];
            if (!is_json(*file)) {
                Task task;
                task.file = file;
                task.preloaded = std::move(pending_bytes_);
                pending_bytes_.reset();
                return task;
            }
            if (!load_json(*file)) continue;
        }
    }

private:
    // A file named on the command line (or stdin) is JSON Lines when its
    // text starts with '{'; its bytes, once read, are kept for the task.
    bool is_json(const InputFile& file) {
        if (file.format != InputFormat::Sniff) return file.format == InputFormat::JsonLines;
        try {
            pending_bytes_ = read_input_bytes(file);
        } catch (const std::exception&) {
            return false;  // the worker reports it
        }
        const auto decoded = utf8::decode_file_bytes(*pending_bytes_);
        return decoded.source_encoding != utf8::Encoding::Binary && looks_like_json_lines(decoded.text);
    }

    bool load_json(const InputFile& file) {
        std::string bytes;
        if (pending_bytes_) {
            bytes = std::move(*pending_bytes_);
            pending_bytes_.reset();
        } else {
            try {
                bytes = read_input_bytes(file);
            } catch (const std::exception& e) {
                early_.push_back(skipped(file.display_path, e.what()));
                return false;
            }
        }
        bool transcoded = false;
        const auto text = decode(file, bytes, early_, transcoded);
        if (!text) return false;
        json_ = std::make_shared<const std::string>(std::move(*text));
        json_file_ = &file;
        json_transcoded_ = transcoded;
        json_bytes_ = bytes.size();
        json_lines_ = split_lines(*json_);
        json_line_ = 0;
        if (json_lines_.empty()) json_lines_.push_back({});
        return true;
    }

    Task next_json_chunk() {
        Task task;
        task.file = json_file_;
        task.json = true;
        task.text = json_;
        task.first_line = json_line_ + 1;
        const std::size_t end = std::min(json_lines_.size(), json_line_ + kLinesPerTask);
        task.lines.assign(json_lines_.begin() + static_cast<std::ptrdiff_t>(json_line_),
                          json_lines_.begin() + static_cast<std::ptrdiff_t>(end));
        task.last_of_file = end == json_lines_.size();
        task.bytes = json_line_ == 0 ? json_bytes_ : 0;
        task.transcoded = json_line_ == 0 && json_transcoded_;
        json_line_ = end;
        return task;
    }

    const std::vector<const InputFile*>& files_;
    std::size_t index_ = 0;
    std::vector<Diagnostic>& early_;
    std::optional<std::string> pending_bytes_;
    std::shared_ptr<const std::string> json_;
    const InputFile* json_file_ = nullptr;
    bool json_transcoded_ = false;
    std::uintmax_t json_bytes_ = 0;
    std::vector<std::string_view> json_lines_;
    std::size_t json_line_ = 0;
};

// The single writer: applies results to the database in input order.
class IndexWriter {
public:
    IndexWriter(Xapian::WritableDatabase& db, const IndexOptions& opts, IndexSummary& summary,
                const IndexCallbacks& callbacks)
        : db_(db), opts_(opts), summary_(summary), callbacks_(callbacks) {}

    void report(const Diagnostic& d) {
        if (d.level == Diagnostic::Level::Skipped) {
            ++summary_.skipped;
            summary_.skipped_reasons.push_back(d);
        } else {
            ++summary_.warnings;
        }
        if (callbacks_.on_diagnostic) callbacks_.on_diagnostic(d);
    }

    void apply(TaskResult& result) {
        for (const auto& d : result.diagnostics) report(d);
        summary_.bytes += result.bytes;
        if (result.transcoded) ++summary_.transcoded;
        for (auto& doc : result.documents) {
            const bool existed = db_.term_exists(doc.id_term);
            try {
                db_.replace_document(doc.id_term, doc.built.document);
            } catch (const Xapian::InvalidArgumentError& e) {
                report(skipped(result.file->display_path, e.get_description()));
                continue;
            }
            ++(existed ? summary_.updated : summary_.indexed);
            for (auto& [key, spelling] : doc.built.compounds) note_compound(key, spelling);
            if (++uncommitted_ >= opts_.batch_size) commit();
        }
        if (!result.file->is_stdin() && result.file->format != InputFormat::Text) {
            auto& ids = json_ids_[result.file];
            ids.insert(result.ids.begin(), result.ids.end());
        }
        if (result.last_of_file) {
            if (!result.file_failed) ++summary_.files;
            if (!result.file_failed && !result.file->is_stdin())
                db_.set_metadata(schema::file_state_key(result.file->absolute_path), result.file->signature);
            if (opts_.prune) prune_vanished_records(*result.file);
            // A text file that no longer holds a communiqué (emptied, made
            // binary) must not leave its old one searchable.
            if (result.whole_file && result.documents.empty() && !result.unreadable &&
                !result.file->is_stdin())
                remove_documents_of(*result.file);
            json_ids_.erase(result.file);
        }
    }

    // Documents of files that no longer exist.
    void prune_missing_files() {
        std::vector<Xapian::docid> gone;
        std::unordered_map<std::string, bool> exists;
        for (auto it = db_.valuestream_begin(schema::kSourcePath); it != db_.valuestream_end(schema::kSourcePath); ++it) {
            const std::string path = *it;
            auto [found, fresh] = exists.try_emplace(path, false);
            if (fresh) {
                std::error_code ec;
                found->second = std::filesystem::exists(path, ec);
            }
            if (!found->second) gone.push_back(it.get_docid());
        }
        for (const auto docid : gone) {
            db_.delete_document(docid);
            ++summary_.removed;
        }
        for (const auto& [path, present] : exists)
            if (!present) db_.set_metadata(schema::file_state_key(path), "");
    }

    void commit() {
        flush_compounds();
        record_written(db_, uncommitted_);
        db_.commit();
        uncommitted_ = 0;
    }

private:
    // Records of a re-read JSON file that are no longer in it.
    void prune_vanished_records(const InputFile& file) {
        if (file.is_stdin() || file.format == InputFormat::Text) return;
        std::unordered_set<std::string> kept;
        for (const auto& id : json_ids_[&file]) kept.insert(schema::id_term(id));
        const std::string term = schema::file_term(file.absolute_path);
        std::vector<std::string> gone;
        for (auto it = db_.postlist_begin(term); it != db_.postlist_end(term); ++it) {
            const Xapian::Document doc = db_.get_document(*it);
            auto t = doc.termlist_begin();
            t.skip_to(std::string(schema::kIdPrefix));
            if (t != doc.termlist_end() && !kept.count(*t)) gone.push_back(*t);
        }
        for (const auto& id_term : gone) {
            db_.delete_document(id_term);
            ++summary_.removed;
        }
    }

    void remove_documents_of(const InputFile& file) {
        const std::string term = schema::file_term(file.absolute_path);
        std::vector<Xapian::docid> gone(db_.postlist_begin(term), db_.postlist_end(term));
        for (const auto docid : gone) {
            db_.delete_document(docid);
            ++summary_.removed;
        }
    }

    void note_compound(const std::string& key, const std::string& spelling) {
        auto& spellings = compounds_[key];
        if (spellings.size() < kMaxSpellingsPerCompound) spellings.insert(spelling);
    }

    // Compound spellings go to metadata, merged with those already there.
    void flush_compounds() {
        for (auto& [key, spellings] : compounds_) {
            const std::string meta_key = std::string(schema::kCompoundKeyPrefix) + key;
            if (meta_key.size() > 200) continue;
            const std::string old = db_.get_metadata(meta_key);
            std::set<std::string> all(spellings.begin(), spellings.end());
            for (const auto line : split_lines(old)) all.insert(std::string(line));
            std::string value;
            std::size_t kept = 0;
            for (const auto& spelling : all) {
                if (kept++ == kMaxSpellingsPerCompound) break;
                if (!value.empty()) value += '\n';
                value += spelling;
            }
            if (value != old) db_.set_metadata(meta_key, value);
        }
        compounds_.clear();
    }

    Xapian::WritableDatabase& db_;
    const IndexOptions& opts_;
    IndexSummary& summary_;
    const IndexCallbacks& callbacks_;
    std::size_t uncommitted_ = 0;
    std::unordered_map<std::string, std::set<std::string>> compounds_;
    std::unordered_map<const InputFile*, std::unordered_set<std::string>> json_ids_;
};

// Whether a file is indexed as it is now: its documents carry its size and
// modification time.
// Whether a file is indexed as it is now: its size and modification time
// were recorded when its last document was written, in the same commit, so
// a file cut short by a signal or a crash is read again.
bool unchanged(const Xapian::Database& db, const InputFile& file, std::size_t& documents) {
    if (file.is_stdin()) return false;
    if (db.get_metadata(schema::file_state_key(file.absolute_path)) != file.signature) return false;
    documents = db.get_termfreq(schema::file_term(file.absolute_path));
    return true;
}

IndexSummary index_inputs(const IndexOptions& opts, const IndexCallbacks& callbacks,
                          const std::atomic<bool>* stop);

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
    index_folder::check_can_write(opts.db_path);  // before anything is written
    const WriterLock lock(opts.db_path, opts.wait_for_lock);
    recover_interrupted_swap(opts.db_path);
    IndexSummary summary;
    Xapian::WritableDatabase db = open_index_for_writing(opts.db_path);
    IndexWriter writer(db, opts, summary, callbacks);

    InputScan scan = collect_inputs(opts.inputs);
    for (const auto& p : scan.problems) writer.report(skipped(p.path, p.message));
    if (callbacks.on_passed_over)
        for (const auto& p : scan.passed_over) callbacks.on_passed_over(p);

    std::vector<const InputFile*> todo;
    IndexProgress progress;
    for (const auto& file : scan.files) {
        std::size_t documents = 0;
        if (unchanged(db, file, documents)) {
            summary.unchanged += documents;
        } else {
            todo.push_back(&file);
            progress.bytes_total += file.size;
        }
    }

    std::vector<Diagnostic> early;
    TaskSource source(todo, early);
    std::vector<DocumentBuilder> builders;
    const std::size_t threads =
        opts.threads ? opts.threads : std::max(1u, std::thread::hardware_concurrency());
    builders.reserve(threads);
    for (std::size_t i = 0; i < threads; ++i) builders.emplace_back();
    auto last_progress = Clock::now();

    OrderedPipeline<Task, TaskResult>::run(
        [&] { return source.next(); },
        [&](Task& task, std::size_t worker) { return analyse(task, builders[worker]); },
        [&](TaskResult& result) {
            writer.apply(result);
            progress.documents = summary.indexed + summary.updated;
            progress.bytes_done += result.bytes;
            const auto now = Clock::now();
            if (callbacks.on_progress && now - last_progress >= std::chrono::seconds(1)) {
                last_progress = now;
                progress.seconds = std::chrono::duration<double>(now - started).count();
                callbacks.on_progress(progress);
            }
            if (stop && stop->load()) {
                summary.interrupted = true;
                return false;
            }
            return true;
        },
        threads, threads * 16);

    // Unreadable JSON files, found while handing out tasks.
    for (const auto& d : early) writer.report(d);
    if (opts.prune && !summary.interrupted) writer.prune_missing_files();
    writer.commit();
    summary.documents_in_index = db.get_doccount();
    if (!summary.interrupted &&
        wants_compaction(opts.compact, summary.documents_in_index, written_since_compaction(db))) {
        const std::string problem = compact_in_place(db, opts.db_path);
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
