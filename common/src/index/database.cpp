#include "index/database.hpp"

#include <fmt/format.h>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <cstdlib>
#include <thread>
#include <filesystem>

#include "vigie/error.hpp"
#include "analysis/french_stem.hpp"
#include "index/deferred_sync.hpp"
#include "index/index_folder.hpp"
#include "index/revision_retry.hpp"
#include "index/schema.hpp"

namespace vigie {

// Refuses an index whose terms were made by other rules: its searches
// would silently miss documents.
void check_versions(const Xapian::Database& db, const std::string& path) {
    const std::string schema = db.get_metadata(std::string(schema::kSchemaKey));
    const std::string analyzer = db.get_metadata(std::string(schema::kAnalyzerKey));
    if (schema.empty() && analyzer.empty() && db.get_doccount() == 0) return;  // brand new
    if (schema != schema::kSchemaVersion || analyzer != kAnalyzerVersion) {
        throw Error(ExitCode::IndexIncompatible,
                    fmt::format("index {} was built by another version of Vigie (schema '{}', analyzer "
                                "'{}'; this version needs schema '{}', analyzer '{}')",
                                path, schema.empty() ? "none" : schema,
                                analyzer.empty() ? "none" : analyzer, schema::kSchemaVersion,
                                kAnalyzerVersion),
                    "rebuild it: remove the folder and run vigie-index again");
    }
}

std::string normalize_db_path(std::string path) {
    while (path.size() > 1 && path.back() == '/') path.pop_back();
    // A symlinked --db is followed once, here: the compaction swap renames
    // folders, and would otherwise put a real folder in the link's place.
    std::error_code ec;
    if (std::filesystem::is_symlink(path, ec)) {
        const auto target = std::filesystem::weakly_canonical(path, ec);
        if (!ec) path = target.string();
    }
    return path;
}

namespace {
Error locked_error(const std::string& path) {
    return Error(ExitCode::IndexLocked,
                 fmt::format("index {} is locked: another vigie-index is writing to it", path),
                 "wait for it to finish, or pass --wait to queue behind it");
}
}  // namespace

namespace {

// The system's reason for a Xapian error, if it has one. A failed commit
// comes wrapped ("Modifications failed (DatabaseError: Error writing block
// 5 (No space left on device))"): only the inner message names it.
std::string system_cause(const Xapian::Error& e) {
    if (e.get_error_string() != nullptr) return e.get_error_string();
    const std::string what = e.get_msg();
    for (const int code : {ENOSPC, EFBIG, EDQUOT, EROFS, EACCES, EPERM, EIO})
        if (what.find(std::strerror(code)) != std::string::npos) return std::strerror(code);
    return {};
}

}  // namespace

Error modified_while_read(const std::string& path) {
    return Error(ExitCode::Error,
                 fmt::format("index {} changed faster than it could be read: a writer kept committing", path),
                 "search again; an indexer given a larger --batch-size commits less often");
}

Error index_error(const std::string& path, const Xapian::Error& e) {
    const std::string what = e.get_msg();
    const std::string_view type = e.get_type();  // Xapian's errors are not polymorphic
    if (type == "DatabaseModifiedError") return modified_while_read(path);
    // Xapian reports every failure to take its lock as a lock error, a
    // folder it may not write to included.
    if (type == "DatabaseLockError" && what.find("already locked") != std::string::npos)
        return locked_error(path);
    if (type == "DatabaseVersionError")
        return Error(ExitCode::IndexIncompatible,
                     fmt::format("index {} was written by another version of Xapian: {}", path, what),
                     "rebuild it: remove the folder and run vigie-index again");
    // A system error (permissions, a full disk) names its cause; anything
    // else Xapian finds wrong in the files means they are damaged.
    const std::string cause = system_cause(e);
    // Out of open files, where a message may only quote the cause.
    for (const int limit : {EMFILE, ENFILE})
        if (cause == std::strerror(limit) || what.find(std::strerror(limit)) != std::string::npos)
            return Error(ExitCode::Error, fmt::format("index {}: {}", path, e.get_description()),
                         "raise the limit on open files (ulimit -n), then run again: the index stays as it was "
                         "last committed");
    if (!cause.empty()) {
        const bool full = cause == std::strerror(ENOSPC) || cause == std::strerror(EFBIG) ||
                          cause == std::strerror(EDQUOT);
        return Error(ExitCode::Error,
                     e.get_error_string() ? fmt::format("index {}: {} ({})", path, what, cause)
                                          : fmt::format("index {}: {}", path, what),
                     full ? "free some space: the index stays as it was last committed, and a re-run completes it"
                          : "check the permissions of the index folder and its files");
    }
    if (type.substr(0, 8) == "Database")
        return Error(ExitCode::Error, fmt::format("index {} is damaged: {}", path, what),
                     deferred_sync::pending(path)
                         ? "its first build had not ended when the machine stopped (it syncs at the end): "
                           "remove the folder and run vigie-index again"
                         : "rebuild it: remove the folder and run vigie-index again");
    return Error(ExitCode::Error, fmt::format("index {}: {}", path, e.get_description()));
}

WriterLock::WriterLock(const std::string& db_path, bool wait, const std::function<bool()>& should_stop) {
    const std::string lock_path = db_path + ".lock";
    std::error_code ec;
    const auto parent = std::filesystem::path(db_path).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);
    fd_ = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0)
        throw Error(ExitCode::Error, fmt::format("cannot create lock file {}: {}", lock_path, std::strerror(errno)));
    // Waiting in short steps rather than in flock() itself, which a
    // signal would not interrupt.
    while (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
        const int error = errno;
        if (error == EINTR) continue;
        const bool busy = error == EWOULDBLOCK;
        const bool stopping = busy && wait && should_stop && should_stop();
        if (busy && wait && !stopping) {
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
            continue;
        }
        ::close(fd_);
        fd_ = -1;
        if (stopping)
            throw Error(ExitCode::Interrupted,
                        fmt::format("interrupted while waiting for the lock on {}: nothing was indexed", db_path));
        if (busy) throw locked_error(db_path);
        throw Error(ExitCode::Error, fmt::format("cannot lock {}: {}", lock_path, std::strerror(error)));
    }
}

WriterLock::~WriterLock() {
    if (fd_ >= 0) ::close(fd_);
}

std::string default_db_path() {
    const char* env = std::getenv("VIGIE_DB");
    return env && *env ? std::string(env) : std::string("vigie.db");
}

VersionStamp VersionStamp::of(const std::string& index_path) {
    struct stat st {};
    VersionStamp v;
    if (::stat((index_path + "/iamglass").c_str(), &st) != 0) return v;
    v.present = true;
    v.inode = st.st_ino;
    v.size = st.st_size;
    v.modified = st.st_mtim;
    return v;
}

bool writer_holds_lock(const std::string& path) {
    const int fd = ::open((path + "/flintlock").c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return false;  // no lock file: nobody ever wrote here
    struct flock probe {};
    probe.l_type = F_WRLCK;
    probe.l_whence = SEEK_SET;
    const bool held = ::fcntl(fd, F_GETLK, &probe) == 0 && probe.l_type != F_UNLCK;
    ::close(fd);
    return held;
}

Xapian::Database open_index_for_reading(const std::string& given_path) {
    std::string path = normalize_db_path(given_path);
    std::error_code ec;
    // vigie-index swaps in a compacted copy with two renames: wait out
    // that instant rather than report a missing index.
    for (int tries = 0; tries < 20 && !std::filesystem::exists(path, ec) &&
                        std::filesystem::exists(path + ".compacting", ec);
         ++tries)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    // A swap cut short by a signal leaves the index at "<db>.old".
    if (!std::filesystem::exists(path, ec) && std::filesystem::exists(path + ".old", ec)) path += ".old";
    if (!std::filesystem::exists(path, ec)) {
        throw Error(ExitCode::IndexMissing, fmt::format("no index at {}", path),
                    "build one with: vigie-index --db " + path + " FILES...");
    }
    try {
        // A writer committing meanwhile can discard the revision being
        // opened, or the one just opened: open again, while a writer
        // explains the error (a new version file, or Xapian's lock held).
        VersionStamp version;
        const auto committed = [&] { return VersionStamp::of(path) != version; };
        return read_latest_revision(
            [&] {
                version = VersionStamp::of(path);
                Xapian::Database db(path);
                check_versions(db, path);
                return db;
            },
            [] {}, committed, [&] { return WriterSigns{committed(), writer_holds_lock(path)}; });
    } catch (const Xapian::DatabaseOpeningError& e) {
        if (e.get_error_string() != nullptr) throw index_error(path, e);  // a system error
        throw Error(ExitCode::IndexMissing,
                    fmt::format("{} is not a Vigie index: {}", path, e.get_msg()),
                    "build one with: vigie-index --db " + path + " FILES...");
    } catch (const Xapian::Error& e) {  // any other: never an abort
        throw index_error(path, e);
    }
}

Xapian::WritableDatabase open_index_for_writing(const std::string& path) {
    std::error_code ec;
    // A new index is marked as Vigie's before Xapian writes into it (like
    // mkdir -p: --db may name a folder in a folder not made yet).
    const bool creating = !std::filesystem::exists(std::filesystem::path(path) / "iamglass", ec);
    if (creating) index_folder::make(path);
    try {
        // Vigie's own lock is held: Xapian's can only be held by another
        // program, so there is nothing to wait for.
        Xapian::WritableDatabase db(path, Xapian::DB_CREATE_OR_OPEN | deferred_sync::open_flags(path, creating));
        check_versions(db, path);
        index_folder::make(path);  // an index from before the marker gets one
        if (db.get_metadata(std::string(schema::kSchemaKey)).empty()) {
            db.set_metadata(std::string(schema::kSchemaKey), std::string(schema::kSchemaVersion));
            db.set_metadata(std::string(schema::kAnalyzerKey), std::string(kAnalyzerVersion));
            db.commit();
        }
        return db;
    } catch (const Xapian::Error& e) {
        throw index_error(path, e);
    }
}

}  // namespace vigie
