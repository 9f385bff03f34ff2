// Rewriting an index compactly: a bulk load leaves half-full B-tree
// blocks, and the compacted copy is about a third smaller and faster to
// search. The copy is made in a sibling folder and swapped in with two
// renames, under the writer lock; a swap cut short is finished or undone
// by the next run.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <string>

#include "vigie/indexer.hpp"

namespace vigie {

// Auto compacts when at least half of an index of 1000 documents or more
// was written since it was last compacted, by this run or by runs cut
// short before they could compact.
bool wants_compaction(IndexOptions::Compact mode, std::size_t documents, std::size_t written_since_compaction);

// Documents written since the index was last compacted, as recorded in it.
std::size_t written_since_compaction(const Xapian::Database& db);
// Adds to that count, in the commit about to be made.
void record_written(Xapian::WritableDatabase& db, std::size_t documents);

// Compacts the committed index db at path and swaps the copy in (db is
// closed then). Returns "" when done, else why not (no space left, a
// sibling folder of the user's in the way): the index is then left as
// committed, and a later run compacts it.
std::string compact_in_place(Xapian::WritableDatabase& db, const std::string& path);

// The sibling folder a compacted copy is made in: "<path>.compacting".
std::string compacting_path(const std::string& path);
// Why no compacted copy can be made beside the index at path ("" when it
// can): a folder of the user's where the copy or the old index would go.
std::string siblings_in_the_way(const std::string& path);
// Swaps the finished copy fresh in for the index at path (db, open on it,
// is closed then). Returns "" when done, else why not (fresh is then
// removed and the index left as it was).
std::string swap_in(Xapian::WritableDatabase& db, const std::string& path, const std::string& fresh);

// Finishes or undoes a swap cut short, and removes the leftovers of a
// compaction cut short: with the writer lock held. Only folders of
// Vigie's own are touched.
void recover_interrupted_swap(const std::string& path);

}  // namespace vigie
