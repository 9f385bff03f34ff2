// The single writer of a run: applies analysis results to the index in
// input order, commits in batches (bounded in documents and in bytes, so
// that Xapian's buffered changes stay small), records each file's state
// with its last document, and removes what --prune asks for.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "index/analysis_tasks.hpp"
#include "index/compound_lexicon.hpp"
#include "index/copies.hpp"
#include "index/stored_dictionary.hpp"
#include "vigie/indexer.hpp"

namespace vigie {

class BulkBuild;

class IndexWriter {
public:
    // bulk: the segments a new index is built in (bulk_build.hpp), db then
    // being their home database; null to write into db.
    IndexWriter(Xapian::WritableDatabase& db, const IndexOptions& opts, IndexSummary& summary,
                const IndexCallbacks& callbacks, const DictionarySlot& dictionary, BulkBuild* bulk = nullptr);

    // Counts a diagnostic in the summary and passes it on.
    void report(const Diagnostic& d);
    void apply(TaskResult& result);
    // Removes the documents of files that no longer exist; never those
    // under a folder that could not be read, nor of a file whose existence
    // cannot be told.
    void prune_missing_files(const std::vector<std::string>& unreadable_folders);
    void commit();
    // Bulk, once the segments are written: what waited for them
    // (documents replaced by later records, copies to link), done in the
    // segments before they are merged.
    void finish_bulk();
    // Documents per commit as things stand (index/commit_policy.hpp).
    std::size_t batch_limit() const { return batch_limit_; }

private:
    void write(AnalysedDocument& doc, const InputFile& file, std::size_t weight);
    void write_to_segment(AnalysedDocument& doc, const InputFile& file, std::size_t weight);
    struct Place;
    // Returns where the id was met in this run (this record, or the number
    // of the one it replaces when it was met before).
    Place& report_replacement(const AnalysedDocument& doc, const InputFile& file, Xapian::docid old);
    void finish_file(const TaskResult& result);
    void prune_vanished_records(const InputFile& file);
    void remove_documents_of(const InputFile& file);

    Xapian::WritableDatabase& db_;
    BulkBuild* bulk_;
    const IndexOptions& opts_;
    IndexSummary& summary_;
    const IndexCallbacks& callbacks_;
    std::size_t uncommitted_ = 0;
    std::size_t batch_limit_ = 0;  // documents per commit (commit_policy.hpp)
    std::uintmax_t uncommitted_bytes_ = 0;
    CompoundLexiconWriter compounds_;
    const DictionarySlot& dictionary_;
    copies::Linker copies_;
    std::vector<Xapian::docid> uncommitted_docids_;  // linked as copies at the commit
    // Of the JSON Lines file being read: the ids of its records (to prune
    // those that vanished from it), and how many of its records were
    // skipped (then none is pruned).
    std::unordered_set<std::string> json_ids_;
    std::size_t json_skipped_ = 0;
    bool json_transcoded_ = false;
    // Where each document of this run was read, and in a bulk build its
    // number, keyed by two hashes of its id term: a second record with the
    // same id names the first, and in a bulk build replaces it.
    struct Place {
        const InputFile* file;
        std::size_t line;
        Xapian::docid id = 0;
    };
    struct IdKey {
        std::uint64_t a, b;
        bool operator==(const IdKey& o) const { return a == o.a && b == o.b; }
    };
    struct IdKeyHash {
        std::size_t operator()(const IdKey& k) const { return static_cast<std::size_t>(k.a); }
    };
    static IdKey key_of(const std::string& id_term);
    std::unordered_map<IdKey, Place, IdKeyHash> written_;
    // Bulk: documents replaced by a later record once their segment had
    // gone to be written, deleted from the merged index.
    std::vector<Xapian::docid> replaced_in_segments_;
};

}  // namespace vigie
