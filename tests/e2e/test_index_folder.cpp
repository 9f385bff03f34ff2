// The index folder is Vigie's own: vigie-index writes only into a folder
// that is missing, empty or already a Vigie index (it holds Vigie's marker
// file), refuses anything else before writing a byte (exit 2), never
// deletes what it did not make - compaction and its folder swap included -
// and follows a symlinked --db once.
#include <catch2/catch.hpp>

#include <fstream>
#include <map>

#include "harness.hpp"
#include "util.hpp"

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// Every entry under root with its bytes (folders as "<dir>"), to compare
// a tree before and after.
std::map<std::string, std::string> snapshot(const fs::path& root) {
    std::map<std::string, std::string> tree;
    if (!fs::exists(root)) return tree;
    for (const auto& e : fs::recursive_directory_iterator(root)) {
        const std::string name = e.path().lexically_relative(root).string();
        if (e.is_directory()) {
            tree[name] = "<dir>";
        } else {
            std::ifstream in(e.path(), std::ios::binary);
            tree[name] = std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        }
    }
    return tree;
}

// A folder of the user's: notes, a photo folder, a few communiqués.
void make_user_folder(const e2e::TempDir& dir, const std::string& name) {
    dir.write(name + "/README.md", "Mes notes.\n");
    dir.write(name + "/photos/plage.jpg", "\xFF\xD8\xFF\xE0 not really a jpeg");
    for (int i = 0; i < 5; ++i)
        dir.write(name + "/c" + std::to_string(i) + ".txt", "date 2021 Communiqué " + std::to_string(i) + " usermark.\n");
}

}  // namespace

TEST_CASE("index folder: --db naming a folder of the user's is refused (exit 2) before anything is written") {
    const e2e::TempDir dir;
    make_user_folder(dir, "notes");
    dir.write("corpus/a.txt", "date 2020 Un communiqué corpusmark.\n");
    const auto before = snapshot(dir.path());
    for (const std::string compact : {"auto", "always"}) {
        const auto r = e2e::index({"--db", (dir / "notes").string(), "--compact", compact, (dir / "corpus").string()});
        INFO(r.err);
        CHECK(r.exit_code == 2);
        CHECK(e2e::contains(r.err, (dir / "notes").string()));
        CHECK(e2e::contains(r.err, "not a Vigie index"));
        CHECK(r.out.empty());
    }
    CHECK(snapshot(dir.path()) == before);  // no lock file, no table, nothing moved

    // --db self self: the folder being indexed is no index either.
    const auto self = e2e::index({"--db", (dir / "notes").string(), (dir / "notes").string()});
    CHECK(self.exit_code == 2);
    CHECK(snapshot(dir.path()) == before);

    // Nor is a file.
    const auto file = e2e::index({"--db", (dir / "notes/README.md").string(), (dir / "corpus").string()});
    CHECK(file.exit_code == 2);
    CHECK(e2e::contains(file.err, "README.md"));
    CHECK(snapshot(dir.path()) == before);
}

TEST_CASE("index folder: a missing, an empty or a Vigie folder is written - a re-run and compaction keep it") {
    const e2e::TempDir dir;
    fs::create_directories(dir / "empty");
    for (const std::string name : {"missing/deeper/db", "empty"}) {
        INFO(name);
        const std::string db = (dir / name).string();
        auto r = e2e::index({"--db", db, "--compact", "always", e2e::samples_dir()});
        CHECK(r.exit_code == 0);
        r = e2e::index({"--db", db, "--json", "--compact", "always", e2e::samples_dir()});
        CHECK(r.exit_code == 0);
        CHECK(e2e::summary_of(r).at("unchanged") == 43);
        CHECK(e2e::summary_of(r).at("compacted") == true);
        CHECK(e2e::search({"--db", db, "--count", "alliance"}).exit_code == 0);
    }
}

TEST_CASE("index folder: an index made before the marker file existed is still Vigie's") {
    const e2e::TempDir dir;
    const std::string db = (dir / "db").string();
    REQUIRE(e2e::index({"--db", db, e2e::samples_dir()}).exit_code == 0);
    std::vector<fs::path> markers;
    for (const auto& e : fs::directory_iterator(db))
        if (e.path().extension() != ".glass" && e.path().filename() != "iamglass" && e.path().filename() != "flintlock")
            markers.push_back(e.path());
    REQUIRE(markers.size() == 1);  // Vigie's marker, beside Xapian's files
    fs::remove(markers[0]);
    const auto r = e2e::index({"--db", db, "--json", e2e::samples_dir()});
    CHECK(r.exit_code == 0);
    CHECK(e2e::summary_of(r).at("unchanged") == 43);
    CHECK(fs::exists(markers[0]));
}

TEST_CASE("index folder: compaction keeps what the user put beside or inside the index") {
    const e2e::TempDir dir;
    const std::string db = (dir / "db").string();
    REQUIRE(e2e::index({"--db", db, e2e::samples_dir()}).exit_code == 0);
    dir.write("db/NOTES.md", "Une note rangée dans l'index.\n");
    make_user_folder(dir, "db.old");
    make_user_folder(dir, "db.compacting");
    const auto old_before = snapshot(dir / "db.old");
    const auto compacting_before = snapshot(dir / "db.compacting");

    auto r = e2e::index({"--db", db, "--json", "--compact", "always", e2e::samples_dir()});
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(e2e::summary_of(r).at("compacted") == false);  // the names it needs are taken
    CHECK(e2e::contains(r.err, "db.compacting is in the way"));
    CHECK(snapshot(dir / "db.old") == old_before);
    CHECK(snapshot(dir / "db.compacting") == compacting_before);

    // Once they are moved away, it compacts, and the note stays in place.
    fs::rename(dir / "db.old", dir / "mine.old");
    fs::rename(dir / "db.compacting", dir / "mine.compacting");
    r = e2e::index({"--db", db, "--json", "--compact", "always", e2e::samples_dir()});
    CHECK(r.exit_code == 0);
    CHECK(e2e::summary_of(r).at("compacted") == true);
    CHECK(snapshot(dir / "db").at("NOTES.md") == "Une note rangée dans l'index.\n");
    CHECK_FALSE(fs::exists(dir / "db.old"));
    CHECK(e2e::search({"--db", db, "--count", "alliance"}).exit_code == 0);
}

TEST_CASE("index folder: a folder of the user's named like a swap leftover is never taken for one") {
    const e2e::TempDir dir;
    make_user_folder(dir, "db.old");
    const auto before = snapshot(dir / "db.old");
    const std::string db = (dir / "db").string();
    const auto r = e2e::index({"--db", db, e2e::samples_dir()});
    CHECK(r.exit_code == 0);
    CHECK(snapshot(dir / "db.old") == before);  // not renamed to db, not removed
    CHECK(e2e::search({"--db", db, "--count", "alliance"}).exit_code == 0);
}

TEST_CASE("index folder: a symlinked --db stays a symlink through compaction - both paths reach one index") {
    const e2e::TempDir dir;
    fs::create_directories(dir / "real");
    fs::create_directory_symlink(dir / "real", dir / "link");
    const std::string link = (dir / "link").string();
    auto r = e2e::index({"--db", link, "--json", "--compact", "always", e2e::samples_dir()});
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(e2e::summary_of(r).at("compacted") == true);
    CHECK(fs::is_symlink(dir / "link"));
    CHECK(fs::read_symlink(dir / "link") == dir / "real");

    dir.write("more/extra.txt", "date 2022 Un communiqué de plus extramark.\n");
    r = e2e::index({"--db", (dir / "real").string(), "--json", (dir / "more").string()});
    CHECK(e2e::summary_of(r).at("documents_in_index") == 44);
    CHECK(e2e::search({"--db", link, "extramark"}).exit_code == 0);
    CHECK(e2e::search({"--db", link, "--count", "alliance"}).exit_code == 0);
}
