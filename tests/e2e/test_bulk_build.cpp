// A new index is built in bulk (segments written on every core, merged at
// the end: common/src/index/bulk_build.hpp). It must answer exactly as an
// index built by commits into one database: same documents, numbers,
// counts, ranking, copies, and the same handling of an id given twice.
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <csignal>
#include <thread>

#include "harness.hpp"
#include "util.hpp"

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr int kRecords = 12000;  // more than one segment (10,000 documents)

std::string record(const std::string& id, const std::string& date, const std::string& body) {
    return json{{"id", id}, {"date", date}, {"body", body}}.dump() + "\n";
}

// A long text whose copy differs by one word.
std::string republished(const std::string& topic, const std::string& variant) {
    std::string text = "Communiqué " + topic + " :";
    for (int i = 0; i < 60; ++i) text += fmt::format(" le centre {} signale la mesure {} du dispositif", topic, i);
    return text + " " + variant + ".";
}

std::string corpus() {
    static const char* const kWords[] = {"réseau", "serveur", "inondation", "hôpital", "rançongiciel", "messagerie"};
    std::string out;
    for (int i = 0; i < kRecords; ++i) {
        const std::string date = fmt::format("20{:02}-{:02}", 10 + i % 12, 1 + i % 12);
        std::string id = fmt::format("r{}", i);
        std::string body = fmt::format("Alerte {} sur le {} {} numéro {}.", i, kWords[i % 6], kWords[(i / 6) % 6], i % 97);
        // An id given twice: near (both in the segment being filled) and
        // far (the first one's segment gone to be written).
        if (i == 100 || i == 150) id = "dup-near", body += i == 150 ? " remplacé proche" : " premier proche";
        if (i == 20 || i == 11000) id = "dup-far", body += i == 11000 ? " remplacé lointain" : " premier lointain";
        // A record that, given again, becomes a copy of another (in place).
        if (i == 300 || i == 320) id = "twin-a";
        if (i == 310 || i == 320) body = republished("gamma", i == 310 ? "hier" : "aujourd'hui");
        if (i == 310) id = "twin-b";
        // Copies within a segment, and across two.
        if (i == 50 || i == 60) body = republished("alpha", i == 50 ? "hier" : "aujourd'hui");
        if (i == 9990 || i == 10500) body = republished("omega", i == 9990 ? "hier" : "aujourd'hui");
        out += record(id, date, body);
    }
    return out;
}

json answer(const std::string& db, const std::vector<std::string>& query) {
    std::vector<std::string> args{"--db", db, "-f", "json", "--limit", "20"};
    args.insert(args.end(), query.begin(), query.end());
    return e2e::answer_of(args);
}

}  // namespace

TEST_CASE("bulk build: a new index built in segments answers as one built by commits, ids given twice and copies "
          "included") {
    const e2e::TempDir dir;
    const auto file = dir.write("all.jsonl", corpus());
    const std::string bulk = (dir / "bulk").string();
    const std::string commits = (dir / "commits").string();

    const auto b = e2e::index({"--db", bulk, "--json", file.string()});
    INFO(b.err);
    REQUIRE(b.exit_code == 0);
    const auto c = e2e::index({"--db", commits, "--json", "--batch-size", "2000", file.string()});
    REQUIRE(c.exit_code == 0);
    const json bs = e2e::summary_of(b), cs = e2e::summary_of(c);
    CHECK(bs.at("indexed") == kRecords - 3);
    for (const char* key : {"indexed", "updated", "documents_in_index", "warnings", "compacted"})
        CHECK(bs.at(key) == cs.at(key));
    // Each id given twice is named, with where it was given first.
    CHECK(e2e::contains(b.err, "all.jsonl:151: id 'dup-near' was also given at"));
    CHECK(e2e::contains(b.err, "all.jsonl:11001: id 'dup-far' was also given at"));
    CHECK_FALSE(fs::exists(bulk + ".bulk"));
    CHECK_FALSE(fs::exists(bulk + ".compacting"));

    // The later record replaced the earlier one.
    for (const std::string& db : {bulk, commits}) {
        INFO(db);
        CHECK(e2e::search({"--db", db, "--count", "premier"}).out == "0\n");
        CHECK(e2e::search({"--db", db, "--count", "remplacé"}).out == "2\n");
        CHECK(e2e::search({"--db", db, "--count", "alerte"}).out == fmt::format("{}\n", kRecords - 3 - 6));
    }
    // Ranking, totals, dates, snippets and copies: the same JSON.
    const std::vector<std::vector<std::string>> queries = {
        {"réseau", "serveur"},    {"hôpital", "numéro", "42"}, {"rançongiciel", "--sort", "newest"},
        {"inondation", "date:2015..2017"}, {"centre", "alpha"}, {"centre", "omega"}, {"centre", "gamma"},
        {"id:dup-far"},           {"id:dup-near"},              {"messagerie", "--offset", "9990"},
        {"\"sur le réseau\""},    {"serv*"}};
    for (const auto& q : queries) {
        INFO(q[0]);
        CHECK(answer(bulk, q) == answer(commits, q));
    }
    // The copies were linked, across segments too: one hit, its copy under it.
    for (const char* topic : {"alpha", "omega", "gamma"}) {
        const json j = answer(bulk, {"centre", topic});
        REQUIRE(j.at("hits").size() == 1);
        CHECK(j.at("hits")[0].at("copies").size() == 1);
    }
    // Xapian's own check passes on the merged index.
    CHECK(e2e::xapian_check(bulk).exit_code == 0);
}

TEST_CASE("bulk build: an index that holds documents is updated in place, and updates find the bulk's documents") {
    const e2e::TempDir dir;
    const std::string db = (dir / "db").string();
    const auto first = dir.write("first.jsonl", record("a", "2021", "Premier communiqué sur le réseau.") +
                                                    record("b", "2021", "Second communiqué sur le serveur."));
    REQUIRE(e2e::index({"--db", db, first.string()}).exit_code == 0);
    const auto update = dir.write("update.jsonl", record("a", "2022", "Le réseau remplacé."));
    const auto r = e2e::index({"--db", db, "--json", update.string()});
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(e2e::summary_of(r).at("updated") == 1);
    CHECK_FALSE(fs::exists(db + ".bulk"));  // written in place
    CHECK(e2e::search({"--db", db, "--count", "réseau"}).out == "1\n");
    CHECK(e2e::search({"--db", db, "--count", "communiqué"}).out == "1\n");
}

TEST_CASE("bulk build: SIGINT merges what was read, and the next run completes the index") {
    const e2e::TempDir dir;
    constexpr int kMany = 60000;
    std::string records;
    for (int i = 0; i < kMany; ++i)
        records += record(fmt::format("r{}", i), "2021-03",
                          fmt::format("Alerte {} à l'hôpital : le service {} signale une panne du réseau {}.", i, i % 89, i % 13));
    const auto file = dir.write("bulk.jsonl", records);
    const std::string db = (dir / "db").string();
    auto p = e2e::start_index({"--db", db, "--json", file.string()});
    // A segment is being written: the run is past its first 10,000.
    REQUIRE(e2e::wait_until([&] {
        std::error_code ec;
        for (const auto& entry : fs::directory_iterator(db + ".bulk", ec))
            if (entry.path().filename().string().rfind("seg-", 0) == 0) return true;
        return !p->running();
    }));
    p->send_signal(SIGINT);
    const auto cut = p->wait();
    INFO(cut.err);
    REQUIRE(cut.exit_code == 130);
    const json s = e2e::summary_of(cut);
    CHECK(s.at("interrupted") == true);
    const int kept = std::stoi(e2e::search({"--db", db, "--count", "hopital"}).out);
    CHECK(kept >= 10000);
    CHECK(kept == s.at("documents_in_index"));
    CHECK_FALSE(fs::exists(db + ".bulk"));
    const auto again = e2e::index({"--db", db, "--json", file.string()});
    CHECK(again.exit_code == 0);
    CHECK(e2e::search({"--db", db, "--count", "hopital"}).out == fmt::format("{}\n", kMany));
}

TEST_CASE("bulk build: standard input may be a feed that never ends: its documents are searchable as they come") {
    const e2e::TempDir dir;
    std::string records;
    for (int i = 0; i < 2500; ++i) records += record(fmt::format("r{}", i), "2021-03", fmt::format("Alerte {} hôpital.", i));
    const auto file = dir.write("bulk.jsonl", records);
    const std::string db = (dir / "db").string();
    // "-" last keeps the indexer waiting once the file is read: its first
    // commit (2,000 documents) is searchable meanwhile.
    auto p = e2e::start_index({"--db", db, "--json", file.string(), "-"});
    CHECK(e2e::wait_until([&] { return e2e::search({"--db", db, "--count", "hopital"}).out == "2000\n"; }));
    CHECK_FALSE(fs::exists(db + ".bulk"));
    p->close_stdin();
    const auto done = p->wait();
    CHECK(done.exit_code <= 1);  // standard input gave nothing: a skip
    CHECK(e2e::summary_of(done).at("indexed") == 2500);
}

TEST_CASE("bulk build: a folder of the user's named like its segments' is never touched, the build commits in place") {
    const e2e::TempDir dir;
    const std::string db = (dir / "db").string();
    fs::create_directories(db + ".bulk");
    const auto mine = dir.write("db.bulk/notes.txt", "mes notes");
    const auto file = dir.write("a.jsonl", record("a", "2021", "Un communiqué."));
    const auto r = e2e::index({"--db", db, "--json", file.string()});
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(e2e::search({"--db", db, "--count", "communiqué"}).out == "1\n");
    CHECK(fs::exists(mine));
}
