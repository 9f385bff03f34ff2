#include "index/compaction.hpp"

#include <fmt/format.h>

#include <csignal>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "index/index_folder.hpp"
#include "index/schema.hpp"
#include "util/crash_point.hpp"

namespace fs = std::filesystem;

namespace vigie {

std::string compacting_path(const std::string& path) { return path + ".compacting"; }

namespace {

std::string old_path(const std::string& path) { return path + ".old"; }

std::string describe(const Xapian::Error& e) {
    return e.get_error_string() ? fmt::format("{} ({})", e.get_msg(), e.get_error_string()) : e.get_msg();
}

// The compacted copy, with its count of documents written since
// compaction back to zero.
void make_compacted_copy(Xapian::WritableDatabase& db, const std::string& fresh) {
    index_folder::make(fresh);
    crash_point("compacting");
    db.compact(fresh);
    Xapian::WritableDatabase copy(fresh, Xapian::DB_OPEN);
    copy.set_metadata(std::string(schema::kWrittenSinceCompactionKey), "");
    copy.commit();
    copy.close();
}

}  // namespace

bool wants_compaction(IndexOptions::Compact mode, std::size_t documents, std::size_t written) {
    constexpr std::size_t kMinDocuments = 1000;
    if (mode != IndexOptions::Compact::Auto) return mode == IndexOptions::Compact::Always;
    return documents >= kMinDocuments && written * 2 >= documents;
}

std::size_t written_since_compaction(const Xapian::Database& db) {
    const std::string value = db.get_metadata(std::string(schema::kWrittenSinceCompactionKey));
    return static_cast<std::size_t>(std::strtoull(value.c_str(), nullptr, 10));
}

void record_written(Xapian::WritableDatabase& db, std::size_t documents) {
    if (documents == 0) return;
    db.set_metadata(std::string(schema::kWrittenSinceCompactionKey),
                    std::to_string(written_since_compaction(db) + documents));
}

std::string siblings_in_the_way(const std::string& path) {
    std::error_code ec;
    for (const std::string& sibling : {compacting_path(path), old_path(path)})
        if (fs::exists(fs::symlink_status(sibling, ec)))
            return fmt::format("{} is in the way and is not Vigie's: move it elsewhere", sibling);
    return {};
}

std::string compact_in_place(Xapian::WritableDatabase& db, const std::string& path) {
    const std::string fresh = compacting_path(path);
    if (std::string problem = siblings_in_the_way(path); !problem.empty()) return problem;
    try {
        make_compacted_copy(db, fresh);
    } catch (const Xapian::Error& e) {
        index_folder::remove_own(fresh);
        return describe(e);
    } catch (const std::exception& e) {
        index_folder::remove_own(fresh);
        return e.what();
    }
    crash_point("compacted");
    return swap_in(db, path, fresh);
}

std::string swap_in(Xapian::WritableDatabase& db, const std::string& path, const std::string& fresh) {
    const std::string old = old_path(path);
    std::error_code ec;
    db.close();
    fs::rename(path, old, ec);
    if (ec) {
        index_folder::remove_own(fresh);
        return fmt::format("cannot rename {}: {}", path, ec.message());
    }
    crash_point("swap-half-done");
    fs::rename(fresh, path, ec);
    if (ec) {
        const std::string why = fmt::format("cannot rename {}: {}", fresh, ec.message());
        fs::rename(old, path, ec);
        index_folder::remove_own(fresh);
        return why;
    }
    crash_point("swapped");
    index_folder::move_foreign_entries(old, path);
    index_folder::remove_own(old);
    return {};
}

void recover_interrupted_swap(const std::string& path) {
    std::error_code ec;
    const std::string old = old_path(path);
    if (index_folder::is_marked(old)) {
        // Cut between the two renames: the previous index waits at .old.
        if (!fs::exists(path, ec)) {
            fs::rename(old, path, ec);
        } else {
            index_folder::move_foreign_entries(old, path);
        }
    }
    for (const std::string& leftover : {compacting_path(path), old})
        if (index_folder::is_leftover_of_ours(leftover)) index_folder::remove_own(leftover);
}

}  // namespace vigie
