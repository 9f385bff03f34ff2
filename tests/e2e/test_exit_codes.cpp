// One test per documented exit code of vigie-search and vigie-index:
// 0 hits, 1 no hits, 2 usage error, 3 missing index, 4 locked (indexer,
// see test_index_safety.cpp), 5 incompatible index, 130 interrupted.
#include <catch2/catch.hpp>

#include "harness.hpp"
#include "util.hpp"

namespace fs = std::filesystem;

namespace {

std::string db() { return e2e::samples_index().string(); }

// xapian-metadata from xapian-tools (installed by scripts/install-deps.sh).
std::string find_xapian_metadata() { return e2e::find_program("xapian-metadata"); }

}  // namespace

TEST_CASE("exit codes: 0 with hits, 1 without, in every output format") {
    for (const std::string format : {"text", "json", "jsonl", "tsv"}) {
        INFO("--format " << format);
        CHECK(e2e::search({"--db", db(), "--format", format, "alliance"}).exit_code == 0);
        const auto none = e2e::search({"--db", db(), "--format", format, "zzzqqqxyz"});
        CHECK(none.exit_code == 1);
        CHECK(none.err.find("error") == std::string::npos);
    }
    const auto none = e2e::search({"--db", db(), "--format", "json", "zzzqqqxyz"});
    CHECK(none.json().at("total") == 0);
    CHECK(none.json().at("hits").empty());
    // A filter that excludes everything is "no hits", not an error.
    CHECK(e2e::search({"--db", db(), "--since", "2030", "alliance"}).exit_code == 1);
    CHECK(e2e::search({"--db", db(), "--explain", "alliance"}).exit_code == 0);
}

TEST_CASE("exit codes: 2 for usage errors, with a message on stderr and nothing on stdout") {
    const std::vector<std::vector<std::string>> cases = {
        {"--db", db(), "--bogus", "alliance"},
        {"--db", db(), "--format", "xml", "alliance"},
        {"--db", db(), "--sort", "sideways", "alliance"},
        {"--db", db(), "--match", "most", "alliance"},
        {"--db", db(), "--color", "sometimes", "alliance"},
        {"--db", db(), "--snippet-length", "5", "alliance"},
        {"--db", db(), "--limit", "ten", "alliance"},
        {"--db", db()},  // no query
        {"--db", db(), "--since", "2020-13", "alliance"},
        {"--db", db(), "date:hier"},
    };
    for (const auto& args : cases) {
        INFO((args.size() > 2 ? args[2] : std::string("(no query)")));
        const auto r = e2e::search(args);
        CHECK(r.exit_code == 2);
        CHECK_FALSE(r.err.empty());
        CHECK(r.out.empty());
    }
    const auto index_cases = std::vector<std::vector<std::string>>{{"--bogus", "x"}, {"--db", db() + "-new"}};
    for (const auto& args : index_cases) {
        const auto r = e2e::index(args);
        CHECK(r.exit_code == 2);
        CHECK_FALSE(r.err.empty());
    }
    CHECK_FALSE(fs::exists(db() + "-new"));
}

TEST_CASE("exit codes: --help exits 0 and documents the exit codes") {
    for (const auto& r : {e2e::search({"--help"}), e2e::index({"--help"})}) {
        CHECK(r.exit_code == 0);
        CHECK(e2e::contains(r.out, "Exit status"));
    }
}

TEST_CASE("exit codes: 3 for a missing index, naming its path") {
    const e2e::TempDir dir;
    const std::string missing = (dir / "no-such-index").string();
    for (const std::string format : {"text", "json"}) {
        const auto r = e2e::search({"--db", missing, "--format", format, "alliance"});
        CHECK(r.exit_code == 3);
        CHECK(e2e::contains(r.err, missing));
        CHECK(r.out.empty());
    }
    CHECK(e2e::search({"--db", missing, "--count", "alliance"}).exit_code == 3);
    CHECK_FALSE(fs::exists(missing));  // searching never creates an index

    // VIGIE_DB names the default index.
    e2e::RunOptions env;
    env.env = {{"VIGIE_DB", missing}};
    auto r = e2e::search({"alliance"}, env);
    CHECK(r.exit_code == 3);
    CHECK(e2e::contains(r.err, missing));
    env.env = {{"VIGIE_DB", db()}};
    r = e2e::search({"--format", "json", "alliance"}, env);
    CHECK(r.exit_code == 0);
    CHECK(r.json().at("total") == 6);

    // An empty folder is no index either.
    fs::create_directories(dir / "empty");
    r = e2e::search({"--db", (dir / "empty").string(), "alliance"});
    CHECK(r.exit_code == 3);
    CHECK(e2e::contains(r.err, (dir / "empty").string()));
}

TEST_CASE("exit codes: 5 for an index built by another schema or analyzer version") {
    const std::string tool = find_xapian_metadata();
    if (tool.empty()) {
        WARN("xapian-metadata (xapian-tools) not found: incompatible-index test skipped");
        return;
    }
    const e2e::TempDir dir;
    dir.write("a.txt", "date 2020 Un communiqué sur la canicule.\n");
    for (const std::string key : {"vigie.schema", "vigie.analyzer"}) {
        INFO("metadata key " << key);
        const std::string idx = (dir / ("db-" + key)).string();
        REQUIRE(e2e::index({"--db", idx, (dir / "a.txt").string()}).exit_code == 0);
        REQUIRE(e2e::search({"--db", idx, "canicule"}).exit_code == 0);
        const auto old = e2e::run({tool, "get", idx, key});
        REQUIRE(old.exit_code == 0);
        REQUIRE_FALSE(old.out.empty());  // the key the index really records
        REQUIRE(e2e::run({tool, "set", idx, key, "999-from-the-future"}).exit_code == 0);

        auto r = e2e::search({"--db", idx, "canicule"});
        CHECK(r.exit_code == 5);
        CHECK(e2e::contains(r.err, idx));
        CHECK(e2e::contains(r.err, "version"));
        r = e2e::search({"--db", idx, "--format", "json", "canicule"});
        CHECK(r.exit_code == 5);
        r = e2e::index({"--db", idx, (dir / "a.txt").string()});
        CHECK(r.exit_code == 5);
        CHECK(e2e::contains(r.err, "version"));
        // The index was left as it was.
        CHECK(e2e::run({tool, "get", idx, key}).out.find("999-from-the-future") != std::string::npos);
    }
}
