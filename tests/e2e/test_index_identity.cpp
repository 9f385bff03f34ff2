// Document identity: every input file is its own document, ids stay the
// same from run to run, and nothing is replaced in silence - two files
// with the same relative name under two roots stay two documents, copies
// from another folder never replace the originals, a record that
// replaces a document from another file or one given earlier in the run
// is reported, and text from standard input needs --id.
#include <catch2/catch.hpp>

#include <chrono>

#include "harness.hpp"
#include "util.hpp"

namespace fs = std::filesystem;
using nlohmann::json;
using Ids = std::vector<std::string>;

namespace {

Ids all_ids(const std::string& db, const std::string& word) { return e2e::ids_for(db, {word}); }

}  // namespace

TEST_CASE("identity: a/x.txt and b/x.txt indexed together are two documents, with ids stable across runs") {
    const e2e::TempDir dir;
    dir.write("a/x.txt", "date 2021 Le x du dossier a, samemark amark.\n");
    dir.write("b/x.txt", "date 2021 Le x du dossier b, samemark bmark.\n");
    dir.write("b/y.txt", "date 2021 Le y du dossier b, samemark.\n");
    const std::string db = (dir / "db").string();
    const std::vector<std::string> args{"--db", db, "--json", (dir / "a").string(), (dir / "b").string()};
    auto r = e2e::index(args);
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(e2e::summary_of(r).at("indexed") == 3);
    CHECK(e2e::summary_of(r).at("updated") == 0);
    CHECK(all_ids(db, "samemark") == Ids{"b/x.txt", "x.txt", "y.txt"});
    CHECK(all_ids(db, "bmark") == Ids{"b/x.txt"});

    // Touched, both are read again and keep their ids, in either order.
    for (const char* f : {"a/x.txt", "b/x.txt"})
        fs::last_write_time(dir / f, fs::last_write_time(dir / f) + std::chrono::seconds(5));
    r = e2e::index({"--db", db, "--json", (dir / "b").string(), (dir / "a").string()});
    CHECK(e2e::summary_of(r).at("updated") == 2);
    CHECK(e2e::summary_of(r).at("documents_in_index") == 3);
    CHECK(all_ids(db, "amark") == Ids{"x.txt"});
    CHECK(all_ids(db, "bmark") == Ids{"b/x.txt"});
    CHECK_FALSE(e2e::contains(r.err, "replaces"));
}

TEST_CASE("identity: copies indexed from another folder never replace the originals") {
    const e2e::TempDir dir;
    dir.write("corpus/2021/x.txt", "date 2021 Original x, origmark.\n");
    dir.write("corpus/y.txt", "date 2021 Original y, origmark.\n");
    const std::string db = (dir / "db").string();
    REQUIRE(e2e::index({"--db", db, (dir / "corpus").string()}).exit_code == 0);
    fs::copy(dir / "corpus", dir / "copie", fs::copy_options::recursive);
    dir.write("copie/y.txt", "date 2021 Copie modifiée de y, copymark.\n");
    const auto r = e2e::index({"--db", db, "--json", (dir / "copie").string()});
    INFO(r.err);
    CHECK(e2e::summary_of(r).at("indexed") == 2);
    CHECK(e2e::summary_of(r).at("updated") == 0);
    CHECK(all_ids(db, "origmark") == Ids{"2021/x.txt", "copie/2021/x.txt", "y.txt"});
    CHECK(all_ids(db, "copymark") == Ids{"copie/y.txt"});

    // A third copy in a folder also named "copie": its own absolute path.
    fs::create_directories(dir / "ailleurs");
    fs::copy(dir / "corpus", dir / "ailleurs/copie", fs::copy_options::recursive);
    const auto third = e2e::index({"--db", db, "--json", (dir / "ailleurs/copie").string()});
    CHECK(e2e::summary_of(third).at("indexed") == 2);
    CHECK(all_ids(db, "origmark").size() == 5);
    CHECK(e2e::search({"--db", db, "--count", "id:" + (dir / "ailleurs/copie/y.txt").string()}).out == "1\n");
}

TEST_CASE("identity: a file whose original is gone takes over its id - and says which document it replaces") {
    const e2e::TempDir dir;
    dir.write("old/x.txt", "date 2021 Ancienne version, oldmark.\n");
    const std::string db = (dir / "db").string();
    REQUIRE(e2e::index({"--db", db, (dir / "old").string()}).exit_code == 0);
    fs::rename(dir / "old", dir / "new");
    const auto r = e2e::index({"--db", db, "--json", (dir / "new").string()});
    INFO(r.err);
    CHECK(e2e::summary_of(r).at("updated") == 1);
    CHECK(e2e::summary_of(r).at("documents_in_index") == 1);
    CHECK(e2e::contains(r.err, "replaces"));
    CHECK(e2e::contains(r.err, (dir / "old/x.txt").string()));
    CHECK(all_ids(db, "oldmark") == Ids{"x.txt"});
}

TEST_CASE("identity: a record with an id seen earlier in the run is a warning naming both places - the later wins") {
    const e2e::TempDir dir;
    dir.write("a.jsonl", "{\"id\":\"r1\",\"date\":\"2021\",\"body\":\"Premier r1 firstmark.\"}\n"
                         "{\"id\":\"r2\",\"date\":\"2021\",\"body\":\"Un r2.\"}\n"
                         "{\"id\":\"r1\",\"date\":\"2021\",\"body\":\"Second r1 secondmark.\"}\n");
    dir.write("b.jsonl", "{\"id\":\"r2\",\"date\":\"2021\",\"body\":\"Un autre r2 thirdmark.\"}\n");
    const std::string db = (dir / "db").string();
    const auto r = e2e::index({"--db", db, "--json", (dir / "a.jsonl").string(), (dir / "b.jsonl").string()});
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(e2e::contains(r.err, "a.jsonl:3: "));
    CHECK(e2e::contains(r.err, "a.jsonl:1"));
    CHECK(e2e::contains(r.err, "b.jsonl:1: "));
    CHECK(e2e::contains(r.err, "a.jsonl:2"));
    CHECK(e2e::summary_of(r).at("documents_in_index") == 2);
    CHECK(e2e::search({"--db", db, "firstmark"}).exit_code == 1);
    CHECK(all_ids(db, "secondmark") == Ids{"r1"});
    CHECK(all_ids(db, "thirdmark") == Ids{"r2"});
}

TEST_CASE("identity: a record replacing a document read from another file is reported") {
    const e2e::TempDir dir;
    dir.write("a.jsonl", "{\"id\":\"r1\",\"date\":\"2021\",\"body\":\"Version de a.\"}\n");
    dir.write("b.jsonl", "{\"id\":\"r1\",\"date\":\"2021\",\"body\":\"Version de b bmark.\"}\n");
    const std::string db = (dir / "db").string();
    REQUIRE(e2e::index({"--db", db, (dir / "a.jsonl").string()}).exit_code == 0);
    const auto r = e2e::index({"--db", db, "--json", (dir / "b.jsonl").string()});
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(e2e::summary_of(r).at("updated") == 1);
    CHECK(e2e::contains(r.err, "b.jsonl:1: "));
    CHECK(e2e::contains(r.err, "replaces"));
    CHECK(e2e::contains(r.err, (dir / "a.jsonl").string()));
    // Re-reading a changed file of its own records is an update, not news.
    dir.write("b.jsonl", "{\"id\":\"r1\",\"date\":\"2021\",\"body\":\"Version de b revue bmark.\"}\n");
    fs::last_write_time(dir / "b.jsonl", fs::last_write_time(dir / "b.jsonl") + std::chrono::seconds(5));
    const auto again = e2e::index({"--db", db, (dir / "b.jsonl").string()});
    CHECK(again.exit_code == 0);
    CHECK_FALSE(e2e::contains(again.err, "replaces"));
}

TEST_CASE("identity: text from standard input needs --id - JSON Lines from standard input keep their ids") {
    const e2e::TempDir dir;
    const std::string db = (dir / "db").string();
    e2e::RunOptions text;
    text.input = "date 2023-03-03 Texte lu sur l'entrée standard, stdinmark.\n";
    auto r = e2e::index({"--db", db, "--json", "-"}, text);
    INFO(r.err);
    CHECK(r.exit_code == 1);
    CHECK(e2e::contains(r.err, "--id"));
    CHECK(e2e::summary_of(r).at("indexed") == 0);

    r = e2e::index({"--db", db, "--json", "--id", "premier", "-"}, text);
    CHECK(r.exit_code == 0);
    text.input = "date 2023-03-04 Un second texte, stdinmark.\n";
    r = e2e::index({"--db", db, "--json", "--id", "second", "-"}, text);
    CHECK(r.exit_code == 0);
    CHECK(all_ids(db, "stdinmark") == Ids{"premier", "second"});

    e2e::RunOptions lines;
    lines.input = "{\"id\":\"in-1\",\"date\":\"2023\",\"body\":\"Premier jsonstdinmark.\"}\n";
    r = e2e::index({"--db", db, "--json", "-"}, lines);
    CHECK(r.exit_code == 0);
    CHECK(all_ids(db, "jsonstdinmark") == Ids{"in-1"});

    // --id names standard input: without "-" it is a usage error.
    dir.write("f.txt", "date 2020 Fichier.\n");
    r = e2e::index({"--db", db, "--id", "x", (dir / "f.txt").string()});
    CHECK(r.exit_code == 2);
    CHECK(e2e::contains(r.err, "--id"));
}
