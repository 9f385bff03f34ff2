#include "index/index_folder.hpp"

#include <fmt/format.h>
#include <xapian.h>

#include <filesystem>
#include <fstream>

#include "index/schema.hpp"
#include "vigie/error.hpp"

namespace fs = std::filesystem;

namespace vigie::index_folder {

namespace {

constexpr const char* kMarkerText =
    "This folder is a Vigie index, written by vigie-index.\n"
    "Vigie replaces and deletes only the files it made here: Xapian's tables\n"
    "(iamglass, flintlock, *.glass) and this file.\n";

// The files a Xapian glass database is made of.
bool is_xapian_file(const std::string& name) {
    // v.tmp: the version file glass writes before renaming it to iamglass.
    if (name == "iamglass" || name == "flintlock" || name == "v.tmp") return true;
    if (name.size() > 6 && name.compare(name.size() - 6, 6, ".glass") == 0) return true;
    // Changesets, when replication is enabled (XAPIAN_MAX_CHANGESETS).
    return name.size() > 7 && name.compare(0, 7, "changes") == 0 &&
           name.find_first_not_of("0123456789", 7) == std::string::npos;
}

bool is_ours(const std::string& name) { return name == kMarker || is_xapian_file(name); }

std::vector<std::string> entries(const std::string& path) {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(path)) names.push_back(entry.path().filename().string());
    return names;
}

// Whether a folder holding only Xapian's files is an index a Vigie from
// before the marker made: its schema is recorded. A database too damaged
// to say is left for the opener to report as damaged.
bool made_by_older_vigie(const std::string& path) {
    try {
        return !Xapian::Database(path).get_metadata(std::string(schema::kSchemaKey)).empty();
    } catch (const Xapian::Error&) {
        return true;
    }
}

Error refused(const std::string& path, const std::string& why) {
    return Error(ExitCode::Error,
                 fmt::format("--db {} is not a Vigie index: {}; nothing was written", path, why),
                 "give --db a new folder (it is created), an empty one, or an index made by vigie-index");
}

}  // namespace

void check_can_write(const std::string& path) {
    std::error_code ec;
    const fs::file_status status = fs::status(path, ec);
    if (!fs::exists(status)) return;
    if (!fs::is_directory(status)) throw refused(path, "it is a file, not a folder");
    if (is_marked(path)) return;
    std::vector<std::string> names;
    try {
        names = entries(path);
    } catch (const fs::filesystem_error& e) {
        throw refused(path, fmt::format("its entries cannot be listed ({})", e.code().message()));
    }
    std::vector<std::string> foreign;
    for (const auto& name : names)
        if (!is_xapian_file(name)) foreign.push_back(name);
    if (names.empty()) return;
    if (foreign.empty() && made_by_older_vigie(path)) return;
    if (foreign.empty()) throw refused(path, "it holds a Xapian database that Vigie did not make");
    throw refused(path, fmt::format("it holds {} {} that Vigie did not make, such as '{}'", foreign.size(),
                                    foreign.size() == 1 ? "entry" : "entries", foreign.front()));
}

void make(const std::string& path) {
    fs::create_directories(path);
    const fs::path marker = fs::path(path) / kMarker;
    if (fs::exists(marker)) return;
    std::ofstream out(marker);
    out << kMarkerText;
    out.close();
    if (!out) throw Error(ExitCode::Error, fmt::format("cannot write {}", marker.string()));
}

bool is_marked(const std::string& path) {
    std::error_code ec;
    return fs::is_regular_file(fs::path(path) / kMarker, ec);
}

bool is_leftover_of_ours(const std::string& path) {
    std::error_code ec;
    if (!fs::is_directory(path, ec) || fs::is_symlink(path, ec)) return false;
    return is_marked(path) || fs::is_empty(path, ec);
}

std::vector<std::string> remove_own(const std::string& path) {
    std::vector<std::string> left;
    std::error_code ec;
    if (!fs::is_directory(path, ec)) return left;
    for (const auto& name : entries(path)) {
        // The marker goes last, so that a run cut short here still finds
        // the folder marked.
        if (name == kMarker) continue;
        if (!is_xapian_file(name) || !fs::remove(fs::path(path) / name, ec)) left.push_back(name);
    }
    if (!left.empty()) return left;
    fs::remove(fs::path(path) / kMarker, ec);
    fs::remove(path, ec);
    return left;
}

void move_foreign_entries(const std::string& from, const std::string& to) {
    std::error_code ec;
    for (const auto& name : entries(from)) {
        const fs::path target = fs::path(to) / name;
        if (!is_ours(name) && !fs::exists(target, ec)) fs::rename(fs::path(from) / name, target, ec);
    }
}

}  // namespace vigie::index_folder
