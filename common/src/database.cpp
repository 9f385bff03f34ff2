#include "vigie/database.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cstdlib>
#include <thread>
#include <filesystem>

#include "vigie/error.hpp"
#include "vigie/french_stem.hpp"
#include "vigie/schema.hpp"

namespace vigie {

namespace {

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

}  // namespace

std::string default_db_path() {
    const char* env = std::getenv("VIGIE_DB");
    return env && *env ? std::string(env) : std::string("vigie.db");
}

Xapian::Database open_index_for_reading(const std::string& path) {
    std::error_code ec;
    // vigie-index swaps in a compacted copy with two renames: wait out
    // that instant rather than report a missing index.
    for (int tries = 0; tries < 20 && !std::filesystem::exists(path, ec) &&
                        std::filesystem::exists(path + ".compacting", ec);
         ++tries)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    if (!std::filesystem::exists(path, ec)) {
        throw Error(ExitCode::IndexMissing, fmt::format("no index at {}", path),
                    "build one with: vigie-index --db " + path + " FILES...");
    }
    try {
        Xapian::Database db(path);
        check_versions(db, path);
        return db;
    } catch (const Xapian::DatabaseLockError& e) {
        throw Error(ExitCode::IndexLocked, fmt::format("index {} is locked: {}", path, e.get_msg()));
    } catch (const Xapian::DatabaseCorruptError& e) {
        throw Error(ExitCode::Error, fmt::format("index {} is damaged: {}", path, e.get_msg()),
                    "rebuild it with vigie-index");
    } catch (const Xapian::DatabaseOpeningError& e) {
        throw Error(ExitCode::IndexMissing,
                    fmt::format("{} is not a Vigie index: {}", path, e.get_msg()),
                    "build one with: vigie-index --db " + path + " FILES...");
    }
}

Xapian::WritableDatabase open_index_for_writing(const std::string& path, bool wait) {
    // Like mkdir -p: --db may name a folder in a folder not made yet.
    std::error_code ec;
    const auto parent = std::filesystem::path(path).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);
    int flags = Xapian::DB_CREATE_OR_OPEN;
    if (wait) flags |= Xapian::DB_RETRY_LOCK;
    try {
        Xapian::WritableDatabase db(path, flags);
        check_versions(db, path);
        if (db.get_metadata(std::string(schema::kSchemaKey)).empty()) {
            db.set_metadata(std::string(schema::kSchemaKey), std::string(schema::kSchemaVersion));
            db.set_metadata(std::string(schema::kAnalyzerKey), std::string(kAnalyzerVersion));
            db.commit();
        }
        return db;
    } catch (const Xapian::DatabaseLockError&) {
        throw Error(ExitCode::IndexLocked,
                    fmt::format("index {} is locked: another vigie-index is writing to it", path),
                    "wait for it to finish, or pass --wait to queue behind it");
    } catch (const Xapian::DatabaseCorruptError& e) {
        throw Error(ExitCode::Error, fmt::format("index {} is damaged: {}", path, e.get_msg()),
                    "remove the folder and rebuild it");
    } catch (const Xapian::DatabaseOpeningError& e) {
        throw Error(ExitCode::Error, fmt::format("cannot open or create index {}: {}", path, e.get_msg()));
    }
}

}  // namespace vigie
