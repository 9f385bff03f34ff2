// Opening a Vigie index: the one place where Xapian's opening and locking
// errors become Vigie errors with hints and exit codes.
#pragma once

#include <sys/stat.h>

#include <xapian.h>

#include <functional>
#include <string>

namespace vigie {

class Error;

// A Xapian error met on the index at path as a Vigie error: locked (exit
// 4), written by another Xapian (exit 5), a system error such as a full
// disk or a permission (its cause named), or damaged files.
Error index_error(const std::string& path, const Xapian::Error& error);
// A writer committed past every revision a read tried, for as long as it
// tried (revision_retry.hpp): nothing is wrong with the index.
Error modified_while_read(const std::string& path);

// Whether a writer holds Xapian's lock on the index at path: asked with
// fcntl(F_GETLK) on a read-only descriptor, so that a reader neither needs
// write access nor touches the lock file (Database::locked() opens it for
// writing, truncating it).
bool writer_holds_lock(const std::string& path);
// Glass's version file, which each commit replaces: one stat call tells
// whether a commit came since the stamp was taken. Two missing files are
// the same (an index read at <db>.old has none at <db>).
struct VersionStamp {
    bool present = false;
    ino_t inode = 0;
    off_t size = 0;
    timespec modified{};

    static VersionStamp of(const std::string& index_path);
    bool operator==(const VersionStamp& o) const {
        return present == o.present &&
               (!present || (inode == o.inode && size == o.size && modified.tv_sec == o.modified.tv_sec &&
                             modified.tv_nsec == o.modified.tv_nsec));
    }
    bool operator!=(const VersionStamp& o) const { return !(*this == o); }
};

// --db default: $VIGIE_DB, else ./vigie.db.
std::string default_db_path();

// The index folder without trailing slashes, so that siblings such as
// "<db>.lock" land beside it, not inside, and with a symlink to it
// resolved.
std::string normalize_db_path(std::string path);

// Vigie's own writer lock, held for a whole indexing run, compaction and
// folder swap included (Xapian's lock lives inside the folder that the swap
// replaces). An flock on "<db>.lock" beside the index.
class WriterLock {
public:
    // Throws Error(IndexLocked) when another indexer holds it and !wait;
    // with wait, waits until it is free, or throws Error(Interrupted) once
    // should_stop() says so (a signal).
    WriterLock(const std::string& db_path, bool wait, const std::function<bool()>& should_stop = {});
    ~WriterLock();
    WriterLock(const WriterLock&) = delete;
    WriterLock& operator=(const WriterLock&) = delete;

private:
    int fd_ = -1;
};

// Throws Error(IndexIncompatible) when db (named name in the message) was
// built by another schema or analyzer; a new, empty index passes.
void check_versions(const Xapian::Database& db, const std::string& name);

// Read-only, for searching. Throws Error (IndexMissing, IndexIncompatible).
Xapian::Database open_index_for_reading(const std::string& path);

// Creates the index when missing (index_folder::check_can_write first),
// marked as Vigie's. To be called with the WriterLock held.
Xapian::WritableDatabase open_index_for_writing(const std::string& path);

}  // namespace vigie
