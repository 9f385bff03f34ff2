// Faults injected under the real binaries: a damaged table, a read-only
// index, unreadable files and folders, a full disk. The last commit must
// stay usable and the message must say what happened, never an abort.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include "harness.hpp"
#include "util.hpp"

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// An index of samples/ in dir/db, made for the test.
std::string samples_copy(const e2e::TempDir& dir) {
    const std::string db = (dir / "db").string();
    const auto r = e2e::index({"--db", db, e2e::samples_dir()});
    REQUIRE(r.exit_code == 0);
    return db;
}

// What a crash looks like in a program's output: an uncaught exception or
// a sanitizer report.
void check_no_abort(const e2e::Run& r) {
    INFO(r.err);
    CHECK(r.exit_code != 134);
    CHECK_FALSE(e2e::contains(r.err, "terminate called"));
    CHECK_FALSE(e2e::contains(r.err, "Sanitizer"));
}

}  // namespace

TEST_CASE("faults: a damaged table is a clear error for vigie-search and vigie-index, never an abort") {
    for (const std::string table : {"postlist.glass", "termlist.glass", "docdata.glass", "iamglass"}) {
        INFO("table " << table);
        const e2e::TempDir dir;
        const std::string db = samples_copy(dir);
        fs::resize_file(fs::path(db) / table, table == "iamglass" ? 10 : 8192);

        for (const std::vector<std::string>& args :
             {std::vector<std::string>{"--db", db, "alliance"}, {"--db", db, "--count", "alliance"},
              {"--db", db, "--format", "json", "hôpitaux"}}) {
            const auto s = e2e::search(args);
            check_no_abort(s);
            CHECK(s.exit_code == 2);
            CHECK(e2e::contains(s.err, db));
            CHECK(e2e::contains(s.err, "damaged"));
        }
        const auto i = e2e::index({"--db", db, e2e::samples_dir()});
        check_no_abort(i);
        CHECK(i.exit_code == 2);
        CHECK(e2e::contains(i.err, "damaged"));
        CHECK(e2e::contains(i.err, db));
    }
}

TEST_CASE("faults: a read-only index is searched, and vigie-index says it cannot write - not that it is locked") {
    const e2e::TempDir dir;
    const std::string db = samples_copy(dir);
    // The files at mode 444 in a folder at 555, the lock file beside it
    // writable: only the index itself is read-only.
    for (const auto& entry : fs::directory_iterator(db)) fs::permissions(entry.path(), fs::perms(0444));
    fs::permissions(db, fs::perms(0555));
    fs::permissions(db + ".lock", fs::perms(0666));
    e2e::RunOptions as_user;
    as_user.unprivileged = true;

    const auto s = e2e::search({"--db", db, "--count", "alliance"}, as_user);
    CHECK(s.exit_code == 0);

    e2e::TempDir more;
    more.write("a.txt", "date 2021 Un communiqué de plus.\n");
    fs::permissions(more.path(), fs::perms(0755));
    const auto r = e2e::index({"--db", db, (more / "a.txt").string()}, as_user);
    check_no_abort(r);
    INFO(r.err);
    CHECK(r.exit_code == 2);
    CHECK(e2e::contains(r.err, db));
    CHECK(e2e::contains(r.err, "ermission denied"));
    CHECK_FALSE(e2e::contains(r.err, "locked"));
    fs::permissions(db, fs::perms(0755));
    CHECK(e2e::search({"--db", db, "--count", "alliance"}).exit_code == 0);  // untouched
}
