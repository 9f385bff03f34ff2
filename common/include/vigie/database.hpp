// Opening a Vigie index: the one place where Xapian's opening and locking
// errors become Vigie errors with hints and exit codes.
#pragma once

#include <xapian.h>

#include <string>

namespace vigie {

// --db default: $VIGIE_DB, else ./vigie.db.
std::string default_db_path();

// Read-only, for searching. Throws Error (IndexMissing, IndexIncompatible).
Xapian::Database open_index_for_reading(const std::string& path);

// Creates the index when missing. With wait, blocks until another writer
// releases the lock; otherwise throws Error(IndexLocked).
Xapian::WritableDatabase open_index_for_writing(const std::string& path, bool wait);

}  // namespace vigie
