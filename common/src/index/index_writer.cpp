#include "index/index_writer.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <vector>

#include "index/bulk_build.hpp"
#include "index/commit_policy.hpp"
#include "index/compaction.hpp"
#include "index/disk_room.hpp"
#include "vigie/error.hpp"
#include "index/schema.hpp"
#include "util/hash.hpp"

namespace vigie {

namespace {
constexpr std::uintmax_t kMaxUncommittedBytes = 16 << 20;
}  // namespace

IndexWriter::IndexWriter(Xapian::WritableDatabase& db, const IndexOptions& opts, IndexSummary& summary,
                         const IndexCallbacks& callbacks, const DictionarySlot& dictionary, BulkBuild* bulk)
    : db_(db), bulk_(bulk), opts_(opts), summary_(summary), callbacks_(callbacks), dictionary_(dictionary),
      copies_(db, db.get_doccount() > 0) {
    batch_limit_ = documents_per_commit(opts.batch_size, db.get_doccount());
}

void IndexWriter::report(const Diagnostic& d) {
    if (d.level == Diagnostic::Level::Skipped) {
        ++summary_.skipped;
        summary_.skipped_reasons.push_back(d);
    } else {
        ++summary_.warnings;
    }
    if (callbacks_.on_diagnostic) callbacks_.on_diagnostic(d);
}

void IndexWriter::apply(TaskResult& result) {
    if (result.interrupted) return;  // the run is stopping: the file is read again next time
    for (const auto& d : result.diagnostics) report(d);
    summary_.bytes += result.bytes;
    const std::size_t weight = result.bytes / std::max<std::size_t>(1, result.documents.size());
    for (auto& doc : result.documents) write(doc, *result.file, weight);
    if (result.whole_file) {
        if (result.transcoded) ++summary_.transcoded;
    } else {
        json_transcoded_ |= result.transcoded;
        json_skipped_ += result.skipped_records;
        for (auto& doc : result.documents) json_ids_.insert(std::move(doc.id_term));
    }
    // Xapian keeps a batch in memory, about 15 times the text it came
    // from: a batch holds at most 16 MiB of text, whatever its documents.
    uncommitted_bytes_ += result.bytes;
    if (uncommitted_bytes_ >= kMaxUncommittedBytes) commit();
    if (result.last_of_file) finish_file(result);
}

IndexWriter::IdKey IndexWriter::key_of(const std::string& id_term) {
    return {hash::fnv1a(id_term), std::hash<std::string>{}(id_term)};
}

void IndexWriter::write(AnalysedDocument& doc, const InputFile& file, std::size_t weight) {
    if (bulk_) return write_to_segment(doc, file, weight);
    const auto old = db_.postlist_begin(doc.id_term);
    const bool existed = old != db_.postlist_end(doc.id_term);
    report_replacement(doc, file, existed ? *old : 0);
    try {
        // By docid, not by id term: over shards, Xapian 1.4's
        // replace_document(term) numbers a new document within its shard
        // and returns that number, where add_document numbers it as one
        // database would.
        uncommitted_docids_.push_back(existed ? (db_.replace_document(*old, doc.built.document), *old)
                                              : db_.add_document(doc.built.document));
    } catch (const Xapian::InvalidArgumentError& e) {
        report(skipped(place(file, doc.line), e.get_description()));
        return;
    }
    ++(existed ? summary_.updated : summary_.indexed);
    for (auto& [key, spelling] : doc.built.compounds) compounds_.note(key, spelling);
    if (++uncommitted_ >= batch_limit_) commit();
}

// The index was new when the run began: a document to replace is one of
// this run's. It is replaced where it is while its segment is being
// filled; else the new one is added and the old one deleted once merged.
void IndexWriter::write_to_segment(AnalysedDocument& doc, const InputFile& file, std::size_t weight) {
    Place& met = report_replacement(doc, file, 0);
    const Xapian::docid old = met.id;
    Xapian::Document& document = doc.built.document;
    const bool in_place = old && bulk_->waiting(old);
    const Xapian::docid id = in_place ? old : bulk_->next_id();
    // Its bands, with its new text when it replaces one where it is.
    copies_.note(id, document);
    if (in_place) {
        bulk_->replace_waiting(old, std::move(document), weight);
    } else {
        bulk_->add(std::move(document), weight);
        if (old) replaced_in_segments_.push_back(old);
    }
    met.id = id;
    ++(old ? summary_.updated : summary_.indexed);
    for (auto& [key, spelling] : doc.built.compounds) compounds_.note(key, spelling);
    if (++uncommitted_ >= batch_limit_) commit();
}

void IndexWriter::finish_bulk() {
    for (const Xapian::docid id : replaced_in_segments_) bulk_->segment_of(id).delete_document(id);
    replaced_in_segments_.clear();
    copies_.link_noted([this](Xapian::docid id) -> Xapian::WritableDatabase& { return bulk_->segment_of(id); },
                       dictionary_.get().get());
}

// Nothing is replaced in silence: a second record with an id met earlier
// in this run, or a document (old, when there is one) read from another
// file.
IndexWriter::Place& IndexWriter::report_replacement(const AnalysedDocument& doc, const InputFile& file,
                                                   Xapian::docid old) {
    const auto [earlier, first] = written_.try_emplace(key_of(doc.id_term), Place{&file, doc.line});
    if (!first) {
        report(warning(place(file, doc.line), fmt::format("id '{}' was also given at {}: this one replaces it",
                                                          doc.id, place(*earlier->second.file, earlier->second.line))));
        earlier->second = {&file, doc.line, earlier->second.id};
        return earlier->second;
    }
    if (!old) return earlier->second;
    const std::string owner = db_.get_document(old).get_value(schema::kSourcePath);
    if (owner != file.absolute_path)
        report(warning(place(file, doc.line), fmt::format("replaces the document '{}' read from {}", doc.id,
                                                          owner.empty() ? "standard input" : owner)));
    return earlier->second;
}

void IndexWriter::finish_file(const TaskResult& result) {
    const InputFile& file = *result.file;
    if (!result.whole_file && json_transcoded_) ++summary_.transcoded;
    if (!result.file_failed) ++summary_.files;
    // A file is recorded as indexed only when all of it is: one with a
    // record skipped is read again by the next run (which reports it again,
    // and takes a raised --max-document-size).
    const bool records_skipped = !result.whole_file && json_skipped_ > 0;
    if (!result.file_failed && !records_skipped && !file.signature.empty())
        db_.set_metadata(schema::file_state_key(file.absolute_path),
                         schema::file_state(file.signature, result.cut ? opts_.max_document_size : 0));
    // Documents of records the file no longer has are removed by --prune
    // only; a run without it notes them, so that a later --prune run reads
    // the file again though it is unchanged since.
    if (!result.whole_file && !file.is_stdin() && !opts_.prune && !result.file_failed &&
        db_.get_termfreq(schema::file_term(file.absolute_path)) > json_ids_.size())
        db_.set_metadata(schema::vanished_records_key(file.absolute_path), "1");
    if (opts_.prune && !result.whole_file && !file.is_stdin()) {
        if (json_skipped_ == 0 && !result.file_failed) {
            prune_vanished_records(file);
            db_.set_metadata(schema::vanished_records_key(file.absolute_path), "");
        } else {
            report(warning(file.display_path, "records missing from it are not pruned: some of its lines could "
                                              "not be indexed"));
        }
    }
    // A text file that no longer holds a communiqué (emptied, made
    // binary) must not leave its old one searchable.
    if (result.whole_file && result.documents.empty() && !result.unreadable && !file.is_stdin())
        remove_documents_of(file);
    json_ids_.clear();
    json_skipped_ = 0;
    json_transcoded_ = false;
}

namespace {

bool is_under(const std::string& path, const std::vector<std::string>& folders) {
    return std::any_of(folders.begin(), folders.end(), [&](const std::string& folder) {
        return path.size() > folder.size() && path.compare(0, folder.size(), folder) == 0 &&
               (folder.back() == '/' || path[folder.size()] == '/');
    });
}

// Whether a file is known to be gone: an error such as a permission
// denied says nothing of the kind.
bool surely_gone(const std::string& path) {
    std::error_code ec;
    const bool exists = std::filesystem::exists(path, ec);
    return !exists && !ec;
}

}  // namespace

void IndexWriter::prune_missing_files(const std::vector<std::string>& unreadable_folders) {
    std::vector<Xapian::docid> gone;
    std::unordered_map<std::string, bool> exists;
    for (auto it = db_.valuestream_begin(schema::kSourcePath); it != db_.valuestream_end(schema::kSourcePath);
         ++it) {
        const std::string path = *it;
        auto [found, fresh] = exists.try_emplace(path, true);
        if (fresh) found->second = is_under(path, unreadable_folders) || !surely_gone(path);
        if (!found->second) gone.push_back(it.get_docid());
    }
    for (const auto docid : gone) {
        db_.delete_document(docid);
        ++summary_.removed;
    }
    for (const auto& [path, present] : exists)
        if (!present) db_.set_metadata(schema::file_state_key(path), "");
}

void IndexWriter::commit() {
    if (bulk_) {
        // The segments are written by bulk_; here only the home database's
        // metadata, private until the merge.
        compounds_.flush(db_);
        db_.commit();
        uncommitted_ = 0;
        uncommitted_bytes_ = 0;
        return;
    }
    ensure_room_for_commit(opts_.db_path, opts_.db_path, uncommitted_bytes_);
    compounds_.flush(db_);
    // Copies are linked in the commit that writes them (copies.hpp).
    copies_.link(uncommitted_docids_, dictionary_.get().get());
    uncommitted_docids_.clear();
    record_written(db_, uncommitted_);
    db_.commit();
    uncommitted_ = 0;
    uncommitted_bytes_ = 0;
    batch_limit_ = documents_per_commit(opts_.batch_size, db_.get_doccount());
}

// Records of a re-read JSON file that are no longer in it.
void IndexWriter::prune_vanished_records(const InputFile& file) {
    const std::string term = schema::file_term(file.absolute_path);
    std::vector<std::string> gone;
    for (auto it = db_.postlist_begin(term); it != db_.postlist_end(term); ++it) {
        const Xapian::Document doc = db_.get_document(*it);
        auto t = doc.termlist_begin();
        t.skip_to(std::string(schema::kIdPrefix));
        if (t != doc.termlist_end() && !json_ids_.count(*t)) gone.push_back(*t);
    }
    for (const auto& id_term : gone) {
        db_.delete_document(id_term);
        ++summary_.removed;
    }
}

void IndexWriter::remove_documents_of(const InputFile& file) {
    const std::string term = schema::file_term(file.absolute_path);
    std::vector<Xapian::docid> gone(db_.postlist_begin(term), db_.postlist_end(term));
    for (const auto docid : gone) {
        db_.delete_document(docid);
        ++summary_.removed;
    }
}

}  // namespace vigie
