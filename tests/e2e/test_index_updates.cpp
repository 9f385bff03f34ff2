// Re-running vigie-index: unchanged files are not re-read, touched or
// changed files are updated in place, --prune removes vanished files, and a
// JSON record with a known id replaces the old one.
#include <catch2/catch.hpp>

#include <chrono>
#include <csignal>

#include "harness.hpp"
#include "util.hpp"

namespace fs = std::filesystem;
using nlohmann::json;
using Ids = std::vector<std::string>;

namespace {

// Moves a file's modification time by seconds, whatever the clock did.
void shift_mtime(const fs::path& p, int seconds) {
    fs::last_write_time(p, fs::last_write_time(p) + std::chrono::seconds(seconds));
}

// JSON Lines records enough for a bulk load (compacted: 1000 or more).
std::string bulk_records(int count) {
    std::string records;
    for (int i = 0; i < count; ++i)
        records += "{\"id\":\"r" + std::to_string(i) + "\",\"date\":\"2021-03\",\"body\":\"Alerte numéro " +
                   std::to_string(i) + " sur les hôpitaux.\"}\n";
    return records;
}

struct Corpus {
    e2e::TempDir dir;
    std::string db;
    std::string root;
    Corpus() {
        dir.write("c/a.txt", "date 2020-01-01 Premier texte ancienmark.\n");
        dir.write("c/b.txt", "date 2020-02-02 Deuxième texte bmark.\n");
        dir.write("c/sub/c.txt", "date 2020-03-03 Troisième texte cmark.\n");
        dir.write("c/recs.jsonl", "{\"id\":\"r-1\",\"date\":\"2021\",\"body\":\"Enregistrement un recmark.\"}\n"
                                  "{\"id\":\"r-2\",\"date\":\"2021\",\"body\":\"Enregistrement deux recmark.\"}\n");
        db = (dir / "db").string();
        root = (dir / "c").string();
        const auto r = e2e::index({"--db", db, "--json", root});
        REQUIRE(r.exit_code == 0);
        REQUIRE(e2e::summary_of(r).at("indexed") == 5);
    }
    e2e::Run reindex(const std::vector<std::string>& extra = {}) const {
        std::vector<std::string> args{"--db", db, "--json"};
        args.insert(args.end(), extra.begin(), extra.end());
        args.push_back(root);
        return e2e::index(args);
    }
};

}  // namespace

TEST_CASE("updates: a re-run over unchanged files reports them unchanged and indexes nothing") {
    const Corpus c;
    const auto r = c.reindex();
    CHECK(r.exit_code == 0);
    const json s = e2e::summary_of(r);
    CHECK(s.at("indexed") == 0);
    CHECK(s.at("updated") == 0);
    CHECK(s.at("unchanged") == 5);
    CHECK(s.at("removed") == 0);
    CHECK(s.at("documents_in_index") == 5);
    CHECK(r.err.empty());
}

TEST_CASE("updates: a changed file is re-indexed as updated - its old text is gone") {
    const Corpus c;
    c.dir.write("c/a.txt", "date 2020-01-05 Premier texte réécrit nouveaumark.\n");
    shift_mtime(c.dir / "c/a.txt", 5);
    const auto r = c.reindex();
    CHECK(r.exit_code == 0);
    const json s = e2e::summary_of(r);
    CHECK(s.at("updated") == 1);
    CHECK(s.at("indexed") == 0);
    CHECK(s.at("unchanged") == 4);
    CHECK(s.at("documents_in_index") == 5);
    CHECK(e2e::ids_for(c.db, {"nouveaumark"}) == Ids{"a.txt"});
    CHECK(e2e::search({"--db", c.db, "ancienmark"}).exit_code == 1);
    const auto hit = e2e::search_json(c.db, {"nouveaumark"}).json().at("hits").at(0);
    CHECK(hit.at("date") == "2020-01-05");
    CHECK(e2e::search({"--db", c.db, "--count", "id:a.txt"}).out == "1\n");
}

TEST_CASE("updates: touching a file (same bytes, new time) re-indexes it as updated") {
    const Corpus c;
    shift_mtime(c.dir / "c/sub/c.txt", 10);
    const auto r = c.reindex();
    CHECK(r.exit_code == 0);
    const json s = e2e::summary_of(r);
    CHECK(s.at("updated") == 1);
    CHECK(s.at("unchanged") == 4);
    CHECK(s.at("documents_in_index") == 5);
    CHECK(e2e::ids_for(c.db, {"cmark"}) == Ids{"sub/c.txt"});
}

TEST_CASE("updates: a new file is indexed, the others stay unchanged") {
    const Corpus c;
    c.dir.write("c/sub/d.txt", "date 2022 Nouveau texte dmark.\n");
    const json s = e2e::summary_of(c.reindex());
    CHECK(s.at("indexed") == 1);
    CHECK(s.at("unchanged") == 5);
    CHECK(s.at("documents_in_index") == 6);
    CHECK(e2e::ids_for(c.db, {"dmark"}) == Ids{"sub/d.txt"});
}

TEST_CASE("updates: --prune removes the documents of deleted files - without it they stay") {
    const Corpus c;
    fs::remove(c.dir / "c/b.txt");
    auto s = e2e::summary_of(c.reindex());
    CHECK(s.at("removed") == 0);
    CHECK(s.at("documents_in_index") == 5);

    const auto r = c.reindex({"--prune"});
    CHECK(r.exit_code == 0);
    s = e2e::summary_of(r);
    CHECK(s.at("removed") == 1);
    CHECK(s.at("unchanged") == 4);
    CHECK(s.at("documents_in_index") == 4);
    CHECK(e2e::search({"--db", c.db, "bmark"}).exit_code == 1);
    CHECK(e2e::ids_for(c.db, {"ancienmark"}) == Ids{"a.txt"});

    // A deleted JSON Lines file takes its records with it.
    fs::remove(c.dir / "c/recs.jsonl");
    s = e2e::summary_of(c.reindex({"--prune"}));
    CHECK(s.at("removed") == 2);
    CHECK(s.at("documents_in_index") == 2);
    CHECK(e2e::search({"--db", c.db, "recmark"}).exit_code == 1);
}

TEST_CASE("updates: a JSON record with a known id replaces the old one") {
    const Corpus c;
    c.dir.write("extra.jsonl", "{\"id\":\"r-1\",\"date\":\"2022-05\",\"body\":\"Version corrigée remplacemark.\"}\n");
    auto r = e2e::index({"--db", c.db, "--json", (c.dir / "extra.jsonl").string()});
    CHECK(r.exit_code == 0);
    json s = e2e::summary_of(r);
    CHECK(s.at("updated") == 1);
    CHECK(s.at("indexed") == 0);
    CHECK(s.at("documents_in_index") == 5);
    CHECK(e2e::ids_for(c.db, {"remplacemark"}) == Ids{"r-1"});
    CHECK(e2e::ids_for(c.db, {"recmark"}) == Ids{"r-2"});  // "Enregistrement un" is gone
    CHECK(e2e::search({"--db", c.db, "--count", "id:r-1"}).out == "1\n");

    // The same through standard input.
    e2e::RunOptions in;
    in.input = "{\"id\":\"r-2\",\"date\":\"2022-06\",\"body\":\"Encore corrigé stdinreplacemark.\"}\n";
    r = e2e::index({"--db", c.db, "--json", "-"}, in);
    CHECK(r.exit_code == 0);
    s = e2e::summary_of(r);
    CHECK(s.at("updated") == 1);
    CHECK(s.at("documents_in_index") == 5);
    CHECK(e2e::search({"--db", c.db, "recmark"}).exit_code == 1);
    CHECK(e2e::ids_for(c.db, {"stdinreplacemark"}) == Ids{"r-2"});
}

TEST_CASE("updates: a changed JSON Lines file updates its records in place") {
    const Corpus c;
    c.dir.write("c/recs.jsonl", "{\"id\":\"r-1\",\"date\":\"2021\",\"body\":\"Enregistrement un recmark.\"}\n"
                                "{\"id\":\"r-2\",\"date\":\"2021\",\"body\":\"Enregistrement deux modifié editmark.\"}\n"
                                "{\"id\":\"r-3\",\"date\":\"2021\",\"body\":\"Enregistrement trois recmark.\"}\n");
    shift_mtime(c.dir / "c/recs.jsonl", 5);
    const json s = e2e::summary_of(c.reindex());
    CHECK(s.at("indexed") == 1);
    CHECK(s.at("updated") == 2);
    CHECK(s.at("unchanged") == 3);
    CHECK(s.at("documents_in_index") == 6);
    CHECK(e2e::ids_for(c.db, {"recmark"}) == Ids{"r-1", "r-3"});
    CHECK(e2e::ids_for(c.db, {"editmark"}) == Ids{"r-2"});
}

TEST_CASE("updates: indexing the same folder twice in one run does not duplicate documents") {
    const Corpus c;
    const auto r = e2e::index({"--db", c.db, "--json", c.root, c.root});
    CHECK((r.exit_code == 0 || r.exit_code == 1));
    CHECK(e2e::summary_of(r).at("documents_in_index") == 5);
    CHECK(e2e::search({"--db", c.db, "--count", "recmark"}).out == "2\n");
}

TEST_CASE("updates: a bulk load is compacted, a small update is not, and the index still answers") {
    e2e::TempDir dir;
    const auto file = dir.write("bulk.jsonl", bulk_records(1200));
    const auto db = (dir / "db").string();

    const auto first = e2e::index({"--db", db, "--json", file.string()});
    REQUIRE(first.exit_code == 0);
    CHECK(e2e::summary_of(first).at("compacted") == true);
    CHECK_FALSE(fs::exists(db + ".compacting"));
    CHECK_FALSE(fs::exists(db + ".old"));
    const auto count = e2e::search({"--db", db, "--count", "hopital"});
    CHECK(count.exit_code == 0);
    CHECK(count.out == "1200\n");

    const auto more = dir.write("more.jsonl", "{\"id\":\"extra\",\"body\":\"Un hôpital de plus.\"}\n");
    const auto second = e2e::index({"--db", db, "--json", file.string(), more.string()});
    REQUIRE(second.exit_code == 0);
    CHECK(e2e::summary_of(second).at("compacted") == false);
    CHECK(e2e::summary_of(second).at("unchanged") == 1200);

    const auto never = e2e::index({"--db", (dir / "db2").string(), "--json", "--compact", "never", file.string()});
    CHECK(e2e::summary_of(never).at("compacted") == false);
    const auto always = e2e::index({"--db", db, "--json", "--compact", "always", more.string()});
    CHECK(e2e::summary_of(always).at("compacted") == true);
    CHECK(e2e::search({"--db", db, "--count", "hopital"}).out == "1201\n");
}

TEST_CASE("updates: a text file emptied since the last run leaves nothing searchable") {
    e2e::TempDir dir;
    dir.write("in/a.txt", " date 2020-01-01 Ancienne alerte confidentielle.\n");
    const auto db = (dir / "db").string();
    REQUIRE(e2e::index({"--db", db, (dir / "in").string()}).exit_code == 0);
    dir.write("in/a.txt", "");
    const auto r = e2e::index({"--db", db, "--json", (dir / "in").string()});
    CHECK(r.exit_code == 1);
    CHECK(e2e::summary_of(r).at("removed") == 1);
    CHECK(e2e::search({"--db", db, "confidentielle"}).exit_code == 1);
}

TEST_CASE("updates: --db with a trailing slash compacts beside the index, not inside") {
    e2e::TempDir dir;
    const auto db = (dir / "db").string() + "/";
    const auto r = e2e::index({"--db", db, "--json", "--compact", "always", e2e::samples_dir()});
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(e2e::summary_of(r).at("compacted") == true);
    CHECK_FALSE(fs::exists(dir / "db" / ".old"));
    CHECK(e2e::search({"--db", db, "--count", "alliance"}).exit_code == 0);
}

TEST_CASE("updates: a bulk load cut short by a signal is compacted by the next run") {
    e2e::TempDir dir;
    const auto file = dir.write("bulk.jsonl", bulk_records(1200));
    const auto db = (dir / "db").string();
    // "-" last keeps the indexer waiting once the file is committed.
    auto p = e2e::start_index({"--db", db, "--json", "--batch-size", "100", file.string(), "-"});
    REQUIRE(e2e::wait_until([&] { return e2e::search({"--db", db, "--count", "hopital"}).out == "1200\n"; }));
    p->send_signal(SIGINT);
    p->close_stdin();
    const auto cut = p->wait();
    CHECK(cut.exit_code == 130);
    CHECK(e2e::summary_of(cut).at("compacted") == false);

    const auto next = e2e::index({"--db", db, "--json", file.string()});
    CHECK(next.exit_code == 0);
    CHECK(e2e::summary_of(next).at("unchanged") == 1200);
    CHECK(e2e::summary_of(next).at("compacted") == true);
    // Compacted once: the run after has nothing to compact.
    CHECK(e2e::summary_of(e2e::index({"--db", db, "--json", file.string()})).at("compacted") == false);
}

TEST_CASE("updates: a text file whose document a pruned JSON record had replaced is indexed again") {
    e2e::TempDir dir;
    dir.write("a/x.txt", "date 2020-01-01 Inondation alphamark.\n");
    dir.write("j/r.jsonl", "{\"id\":\"x.txt\",\"body\":\"Inondation gammamark.\"}\n");
    const std::string db = (dir / "db").string(), a = (dir / "a").string(), j = (dir / "j").string();
    REQUIRE(e2e::index({"--db", db, a, j}).exit_code == 0);  // the record replaces it, with a warning
    CHECK(e2e::search({"--db", db, "alphamark"}).exit_code == 1);
    fs::remove(dir / "j/r.jsonl");
    REQUIRE(e2e::index({"--db", db, "--prune", a, j}).exit_code == 0);
    // The id is free again: the file, unchanged, is read again.
    const json s = e2e::summary_of(e2e::index({"--db", db, "--json", a}));
    CHECK(s.at("indexed") == 1);
    CHECK(e2e::ids_for(db, {"alphamark"}) == Ids{"x.txt"});
    // And then it is unchanged.
    CHECK(e2e::summary_of(e2e::index({"--db", db, "--json", a})).at("unchanged") == 1);
}

TEST_CASE("updates: a JSON Lines file with a record skipped is read again, and a raised limit takes it") {
    e2e::TempDir dir;
    const std::string big(3000, 'x');
    dir.write("r.jsonl", "{\"id\":\"A\",\"body\":\"Premier amark.\"}\n{\"id\":\"B\",\"body\":\"x\" 1e999}\n"
                         "{\"id\":\"C\",\"body\":\"Long cmark " + big + "\"}\n");
    const std::string db = (dir / "db").string(), records = (dir / "r.jsonl").string();
    CHECK(e2e::index({"--db", db, "--max-document-size", "1KiB", records}).exit_code == 1);
    // Not "unchanged": the skips are reported again.
    const auto again = e2e::index({"--db", db, "--json", "--max-document-size", "1KiB", records});
    CHECK(again.exit_code == 1);
    CHECK(e2e::summary_of(again).at("skipped") == 2);
    // A larger limit indexes C.
    const auto larger = e2e::index({"--db", db, "--json", "--max-document-size", "1MiB", records});
    CHECK(e2e::summary_of(larger).at("skipped") == 1);
    CHECK(e2e::ids_for(db, {"cmark"}) == Ids{"C"});
}

TEST_CASE("updates: --prune removes the records a run without it saw vanish") {
    e2e::TempDir dir;
    dir.write("r.jsonl", "{\"id\":\"A\",\"body\":\"Un amark.\"}\n{\"id\":\"B\",\"body\":\"Deux bmark.\"}\n");
    const std::string db = (dir / "db").string(), records = (dir / "r.jsonl").string();
    REQUIRE(e2e::index({"--db", db, records}).exit_code == 0);
    dir.write("r.jsonl", "{\"id\":\"A\",\"body\":\"Un amark.\"}\n");
    shift_mtime(dir / "r.jsonl", 5);
    REQUIRE(e2e::index({"--db", db, records}).exit_code == 0);
    CHECK(e2e::ids_for(db, {"bmark"}) == Ids{"B"});  // without --prune, B stays
    const json s = e2e::summary_of(e2e::index({"--db", db, "--json", "--prune", records}));
    CHECK(s.at("removed") == 1);
    CHECK(e2e::search({"--db", db, "bmark"}).exit_code == 1);
    CHECK(e2e::ids_for(db, {"amark"}) == Ids{"A"});
    // Then the file is unchanged, with or without --prune.
    CHECK(e2e::summary_of(e2e::index({"--db", db, "--json", "--prune", records})).at("unchanged") == 1);
}

TEST_CASE("updates: a text file cut at --max-document-size is read again under another limit") {
    e2e::TempDir dir;
    std::string text = "date 2021-01-01 Début débutmark.\n";
    while (text.size() < 3000) text += "Une ligne de remplissage sans rien de particulier.\n";
    text += "Fin finmark.\n";
    dir.write("c/long.txt", text);
    const std::string db = (dir / "db").string(), folder = (dir / "c").string();
    REQUIRE(e2e::index({"--db", db, "--max-document-size", "1KiB", folder}).exit_code == 0);
    CHECK(e2e::search({"--db", db, "finmark"}).exit_code == 1);
    // The same limit: unchanged.
    CHECK(e2e::summary_of(e2e::index({"--db", db, "--json", "--max-document-size", "1KiB", folder})).at("unchanged") == 1);
    // A larger one reads it again, whole.
    const json s = e2e::summary_of(e2e::index({"--db", db, "--json", "--max-document-size", "1MiB", folder}));
    CHECK(s.at("updated") == 1);
    CHECK(e2e::ids_for(db, {"finmark"}) == Ids{"long.txt"});
    // Indexed whole, it stays unchanged under the default limit.
    CHECK(e2e::summary_of(e2e::index({"--db", db, "--json", folder})).at("unchanged") == 1);
}
