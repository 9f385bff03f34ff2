// What vigie-index reads: text communiqués and their date header, encodings,
// binary files, JSON Lines, folders, hidden and foreign files, standard
// input, document ids and the --json summary.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <chrono>

#include "harness.hpp"
#include "util.hpp"

namespace fs = std::filesystem;
using nlohmann::json;
using Ids = std::vector<std::string>;

namespace {

// The single hit for a query, as JSON (fails unless exactly one).
json only_hit(const std::string& db, const std::string& query) {
    const auto r = e2e::search_json(db, {"--match", "all", "--", query});
    INFO("query " << query << ": " << r.out << r.err);
    REQUIRE(r.exit_code == 0);
    const auto hits = r.json().at("hits");
    REQUIRE(hits.size() == 1);
    return hits[0];
}

}  // namespace

TEST_CASE("index: date headers, full and partial, with leading spaces") {
    const e2e::TempDir dir;
    dir.write("c/jour.txt", "date 2020-06-15 Premier texte avec le mot jourmark. Suite du texte.\n");
    dir.write("c/mois.txt", " date 2020-06 Deuxième texte moismark.\n");
    dir.write("c/annee.txt", "   date 2019 Troisième texte anneemark.\nSecond paragraphe.\n");
    const std::string db = (dir / "db").string();
    const auto r = e2e::index({"--db", db, "--json", (dir / "c").string()});
    REQUIRE(r.exit_code == 0);
    CHECK(r.err.find("warning") == std::string::npos);
    const json s = e2e::summary_of(r);
    CHECK(s.at("indexed") == 3);
    CHECK(s.at("skipped") == 0);

    auto hit = only_hit(db, "jourmark");
    CHECK(hit.at("id") == "jour.txt");
    CHECK(hit.at("date") == "2020-06-15");
    CHECK(hit.at("date_precision") == "day");
    CHECK(hit.at("title") == "Premier texte avec le mot jourmark.");  // first sentence, no date header
    hit = only_hit(db, "moismark");
    CHECK(hit.at("date") == "2020-06");
    CHECK(hit.at("date_precision") == "month");
    hit = only_hit(db, "anneemark");
    CHECK(hit.at("date") == "2019");
    CHECK(hit.at("date_precision") == "year");
    CHECK_FALSE(e2e::contains(hit.at("snippet"), "date 2019"));
    CHECK(e2e::search({"--db", db, "--match", "all", "date", "2019"}).exit_code == 1);  // the header is not text
}

TEST_CASE("index: a missing date is a warning naming the file - still indexed, exit 0") {
    const e2e::TempDir dir;
    dir.write("c/sans-date.txt", "Un communiqué sans en-tête, mot nodatemark.\n");
    const std::string db = (dir / "db").string();
    const auto r = e2e::index({"--db", db, "--json", (dir / "c").string()});
    CHECK(r.exit_code == 0);
    CHECK(e2e::contains(r.err, "warning"));
    CHECK(e2e::contains(r.err, "sans-date.txt"));
    CHECK(e2e::summary_of(r).at("indexed") == 1);
    const auto hit = only_hit(db, "nodatemark");
    CHECK(hit.at("id") == "sans-date.txt");
    CHECK(hit.at("date").is_null());

    // --quiet drops the warning.
    const auto q = e2e::index({"--db", (dir / "db2").string(), "--quiet", (dir / "c").string()});
    CHECK(q.exit_code == 0);
    CHECK_FALSE(e2e::contains(q.err, "sans-date.txt"));
}

TEST_CASE("index: malformed dates (2020-13, 2021-02-30) warn, naming the file, and index without a date") {
    const e2e::TempDir dir;
    dir.write("c/mois-13.txt", "date 2020-13 Neige et congères, mot monthmark.\n");
    dir.write("c/fevrier-30.txt", "date 2021-02-30 Grippe aviaire, mot daymark.\n");
    dir.write("c/bissextile.txt", "date 2020-02-29 Tempête bissextile, mot leapmark.\n");
    const std::string db = (dir / "db").string();
    const auto r = e2e::index({"--db", db, (dir / "c").string()});
    CHECK(r.exit_code == 0);
    CHECK(e2e::contains(r.err, "mois-13.txt"));
    CHECK(e2e::contains(r.err, "2020-13"));
    CHECK(e2e::contains(r.err, "fevrier-30.txt"));
    CHECK(e2e::contains(r.err, "2021-02-30"));
    CHECK_FALSE(e2e::contains(r.err, "bissextile.txt"));
    CHECK(only_hit(db, "monthmark").at("date").is_null());
    CHECK(only_hit(db, "daymark").at("date").is_null());
    CHECK(only_hit(db, "leapmark").at("date") == "2020-02-29");
    // Not clamped to another day: no date filter finds them.
    CHECK(e2e::search({"--db", db, "--since", "2021-02", "--until", "2021-03", "daymark"}).exit_code == 1);
    CHECK(e2e::search({"--db", db, "date:2020", "monthmark"}).exit_code == 1);
}

TEST_CASE("index: UTF-8 BOM and CRLF line ends") {
    const e2e::TempDir dir;
    dir.write("bom.txt", "\xEF\xBB\xBF" "date 2021-04-30 Orages de grêle, grêlons attendus.\r\nSecond paragraphe crlfmark.\r\n");
    const std::string db = (dir / "db").string();
    const auto r = e2e::index({"--db", db, (dir / "bom.txt").string()});
    CHECK(r.exit_code == 0);
    CHECK_FALSE(e2e::contains(r.err, "date"));  // the header was read despite the BOM
    const auto hit = only_hit(db, "grelons");
    CHECK(hit.at("id") == "bom.txt");
    CHECK(hit.at("date") == "2021-04-30");
    CHECK(hit.at("title") == "Orages de grêle, grêlons attendus.");
    CHECK(only_hit(db, "crlfmark").at("id") == "bom.txt");
    for (const std::string field : {"title", "snippet"}) {
        const std::string s = hit.at(field);
        CHECK_FALSE(e2e::contains(s, "\r"));
        CHECK_FALSE(e2e::contains(s, "\xEF\xBB\xBF"));
    }
}

TEST_CASE("index: Latin-1 and Windows-1252 files are transcoded") {
    const e2e::TempDir dir;
    // ISO-8859-1: ç = E7, è = E8, à = E0, ô = F4, é = E9.
    dir.write("c/latin1.txt", "date 2019-07 Canicule : fermez la fa\xE7" "ade expos\xE9" "e, \xE7" "a chauffe tr\xE8"
                              "s fort \xE0 l'h\xF4pital.\n");
    // Windows-1252: ’ = 92, œ = 9C, ê = EA.
    dir.write("c/cp1252.txt", "date 2020-02-29 Au c\x9C" "ur de la temp\xEA" "te, l\x92\x9C" "uvre des \xE9quipes "
                              "d\x92urgence.\n");
    const std::string db = (dir / "db").string();
    const auto r = e2e::index({"--db", db, "--json", (dir / "c").string()});
    REQUIRE(r.exit_code == 0);
    CHECK(e2e::summary_of(r).at("indexed") == 2);

    for (const std::string q : {"façade", "facade", "hôpital", "hopital", "très"}) {
        INFO(q);
        CHECK(only_hit(db, q).at("id") == "latin1.txt");
    }
    for (const std::string q : {"coeur", "cœur", "oeuvre", "tempête", "urgence"}) {
        INFO(q);
        CHECK(only_hit(db, q).at("id") == "cp1252.txt");
    }
    const auto latin1 = only_hit(db, "façade");
    const std::string s1 = latin1.at("snippet");
    CHECK(e2e::contains(s1, "façade exposée, ça chauffe très fort à l'hôpital"));
    CHECK(e2e::highlighted(latin1) == std::vector<std::string>{"façade"});
    const auto cp1252 = only_hit(db, "coeur");
    const std::string s2 = cp1252.at("snippet");
    CHECK(e2e::contains(s2, "Au cœur de la tempête, l’œuvre des équipes d’urgence"));
    CHECK(e2e::highlighted(cp1252) == std::vector<std::string>{"cœur"});
    for (const std::string& s : {s1, s2, latin1.at("title").get<std::string>(), cp1252.at("title").get<std::string>()}) {
        INFO(s);
        CHECK(e2e::valid_utf8(s));
        CHECK_FALSE(e2e::contains(s, "Ã"));
        CHECK_FALSE(e2e::contains(s, "\xEF\xBF\xBD"));
    }
}

TEST_CASE("index: a binary file is skipped with a message naming it (exit 1) - the others are indexed") {
    const e2e::TempDir dir;
    dir.write("c/bon.txt", "date 2020 Un bon communiqué, mot goodmark.\n");
    dir.write("c/image.txt", std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89", 33));
    dir.write("c/z-bon.txt", "date 2021 Un autre, mot othermark.\n");
    const std::string db = (dir / "db").string();
    const auto r = e2e::index({"--db", db, "--json", (dir / "c").string()});
    CHECK(r.exit_code == 1);
    CHECK(e2e::contains(r.err, "image.txt"));
    const json s = e2e::summary_of(r);
    CHECK(s.at("indexed") == 2);
    CHECK(s.at("skipped") == 1);
    REQUIRE(s.at("skipped_inputs").size() == 1);
    CHECK(e2e::contains(s.at("skipped_inputs")[0].at("input"), "image.txt"));
    CHECK_FALSE(s.at("skipped_inputs")[0].at("reason").get<std::string>().empty());
    CHECK(only_hit(db, "goodmark").at("id") == "bon.txt");
    CHECK(only_hit(db, "othermark").at("id") == "z-bon.txt");
    CHECK(e2e::search({"--db", db, "--count", "id:image.txt"}).out == "0\n");
}

TEST_CASE("index: JSON Lines records, body/text/content, source and url - a bad line is skipped as file:LINE") {
    const e2e::TempDir dir;
    dir.write("recs.jsonl",
              "{\"id\":\"r-1\",\"date\":\"2022-03-15\",\"title\":\"Titre un\",\"body\":\"Corps un alphamark.\","
              "\"source\":\"CERT-FR\",\"url\":\"https://example.org/1\"}\n"
              "{\"id\":\"r-2\",\"date\":\"2022\",\"title\":\"Titre deux\",\"text\":\"Corps deux betamark.\"}\n"
              "{\"id\": \"r-3\", \"date\": \"2022-06\", \"title\": \"Titre trois\", \"content\": \"Corps trois gammamark.\"}\n"
              "ceci n'est pas du JSON\n"
              "\n"
              "{\"id\":\"r-6\",\"date\":\"2022-11-08\",\"title\":\"Titre six deltamark\",\"body\":\"Corps six.\"}\n");
    const std::string db = (dir / "db").string();
    const auto r = e2e::index({"--db", db, "--json", (dir / "recs.jsonl").string()});
    CHECK(r.exit_code == 1);
    CHECK(e2e::contains(r.err, "recs.jsonl:4: "));
    const json s = e2e::summary_of(r);
    CHECK(s.at("indexed") == 4);
    CHECK(s.at("skipped") == 1);
    REQUIRE(s.at("skipped_inputs").size() == 1);
    CHECK(e2e::contains(s.at("skipped_inputs")[0].at("input"), "recs.jsonl:4"));

    auto hit = only_hit(db, "alphamark");
    CHECK(hit.at("id") == "r-1");
    CHECK(hit.at("date") == "2022-03-15");
    CHECK(hit.at("title") == "Titre un");
    CHECK(hit.at("source") == "CERT-FR");
    CHECK(hit.at("url") == "https://example.org/1");
    hit = only_hit(db, "betamark");
    CHECK(hit.at("id") == "r-2");
    CHECK(hit.at("date_precision") == "year");
    CHECK(hit.at("source").is_null());
    CHECK(hit.at("url").is_null());
    CHECK(only_hit(db, "gammamark").at("id") == "r-3");
    CHECK(only_hit(db, "deltamark").at("id") == "r-6");  // the title is searched too
    CHECK(only_hit(db, "title:deltamark").at("id") == "r-6");
    CHECK(e2e::search({"--db", db, "--count", "id:r-3"}).out == "1\n");
    // The JSON date is not text.
    CHECK(e2e::search({"--db", db, "--match", "all", "2022-11-08"}).exit_code == 1);
}

TEST_CASE("index: JSON Lines problems are reported per line, with reasons") {
    const e2e::TempDir dir;
    dir.write("bad.jsonl",
              "{\"id\":\"ok-1\",\"date\":\"2022\",\"body\":\"Un bon enregistrement okmark.\"}\n"
              "{\"id\":\"no-body\",\"date\":\"2022\",\"title\":\"Sans corps\"}\n"
              "{\"id\":\"bad-date\",\"date\":\"2022-13\",\"body\":\"Mauvaise date baddatemark.\"}\n"
              "[1, 2, 3]\n"
              "{\"id\":\"truncated\",\"body\":\"coupé\n"
              "{\"id\":\"ok-2\",\"date\":\"2022-05\",\"body\":\"Encore un okmark.\"}\n");
    const std::string db = (dir / "db").string();
    const auto r = e2e::index({"--db", db, "--json", (dir / "bad.jsonl").string()});
    CHECK(r.exit_code == 1);
    INFO(r.err);
    CHECK(e2e::contains(r.err, "bad.jsonl:2: "));
    CHECK(e2e::contains(r.err, "bad.jsonl:4: "));
    CHECK(e2e::contains(r.err, "bad.jsonl:5: "));
    CHECK(e2e::contains(r.err, "bad.jsonl:3: "));  // the date warning
    CHECK(e2e::contains(r.err, "2022-13"));
    const json s = e2e::summary_of(r);
    CHECK(s.at("skipped") == 3);
    CHECK(s.at("indexed") == 3);
    CHECK(e2e::ids_for(db, {"okmark"}) == Ids{"ok-1", "ok-2"});
    CHECK(only_hit(db, "baddatemark").at("date").is_null());
}

TEST_CASE("index: folders are walked recursively - hidden entries and other extensions are passed over") {
    const e2e::TempDir dir;
    dir.write("root/a.txt", "date 2020 Texte a walkmark.\n");
    dir.write("root/sub/b.txt", "date 2020 Texte b walkmark.\n");
    dir.write("root/sub/deeper/still/c.txt", "date 2020 Texte c walkmark.\n");
    dir.write("root/sub/recs.jsonl", "{\"id\":\"rec-1\",\"date\":\"2020\",\"body\":\"Texte walkmark.\"}\n");
    dir.write("root/sub/more.ndjson", "{\"id\":\"rec-2\",\"date\":\"2020\",\"body\":\"Texte walkmark.\"}\n");
    dir.write("root/.hidden.txt", "date 2020 Caché walkmark hiddenmark.\n");
    dir.write("root/.git/objects/x.txt", "date 2020 Caché walkmark hiddenmark.\n");
    dir.write("root/sub/.cache/y.txt", "date 2020 Caché walkmark hiddenmark.\n");
    dir.write("root/README.md", "date 2020 Lisez-moi walkmark foreignmark.\n");
    dir.write("root/notes.csv", "date,2020,walkmark foreignmark\n");
    dir.write("root/sub/manifest.json", "{\"id\":\"m\",\"body\":\"walkmark foreignmark\"}\n");
    const std::string db = (dir / "db").string();
    const auto r = e2e::index({"--db", db, "--json", (dir / "root").string()});
    CHECK(r.exit_code == 0);
    CHECK_FALSE(e2e::contains(r.err, "README.md"));  // passed over quietly
    CHECK_FALSE(e2e::contains(r.err, "hidden"));
    const json s = e2e::summary_of(r);
    CHECK(s.at("indexed") == 5);
    CHECK(s.at("skipped") == 0);
    CHECK(e2e::ids_for(db, {"walkmark"}) == Ids{"a.txt", "rec-1", "rec-2", "sub/b.txt", "sub/deeper/still/c.txt"});
    CHECK(e2e::search({"--db", db, "hiddenmark"}).exit_code == 1);
    CHECK(e2e::search({"--db", db, "foreignmark"}).exit_code == 1);

    // --verbose lists what was passed over.
    const auto v = e2e::index({"--db", (dir / "db2").string(), "--verbose", (dir / "root").string()});
    CHECK(v.exit_code == 0);
    CHECK(e2e::contains(v.err, "README.md"));
    CHECK(e2e::contains(v.err, "notes.csv"));
}

TEST_CASE("index: ids are relative to the indexed root, or the file name for a single file") {
    const e2e::TempDir dir;
    dir.write("corpus/2020/juin/a.txt", "date 2020-06 Texte idmark un.\n");
    dir.write("corpus/2021/a.txt", "date 2021 Texte idmark deux.\n");
    dir.write("single/deep/file-name.txt", "date 2022 Texte singlemark.\n");
    const std::string db = (dir / "db").string();
    REQUIRE(e2e::index({"--db", db, (dir / "corpus").string()}).exit_code == 0);
    CHECK(e2e::ids_for(db, {"idmark"}) == Ids{"2020/juin/a.txt", "2021/a.txt"});
    REQUIRE(e2e::index({"--db", db, (dir / "single/deep/file-name.txt").string()}).exit_code == 0);
    CHECK(only_hit(db, "singlemark").at("id") == "file-name.txt");
    CHECK(only_hit(db, "id:2020/juin/a.txt").at("date") == "2020-06");

    // The same folder given with a relative path gives the same ids.
    e2e::RunOptions in_dir;
    in_dir.cwd = dir.path();
    const std::string db2 = (dir / "db2").string();
    REQUIRE(e2e::index({"--db", db2, "corpus"}, in_dir).exit_code == 0);
    CHECK(e2e::ids_for(db2, {"idmark"}) == Ids{"2020/juin/a.txt", "2021/a.txt"});
}

TEST_CASE("index: a file named on the command line is read whatever its extension") {
    const e2e::TempDir dir;
    dir.write("communique.md", "date 2020-05 Un communiqué en markdown mdmark.\n");
    dir.write("records.data", "{\"id\":\"sniffed-1\",\"date\":\"2020\",\"body\":\"Enregistrement sniffmark.\"}\n");
    const std::string db = (dir / "db").string();
    const auto r = e2e::index({"--db", db, "--json", (dir / "communique.md").string(), (dir / "records.data").string()});
    CHECK(r.exit_code == 0);
    CHECK(e2e::summary_of(r).at("indexed") == 2);
    CHECK(only_hit(db, "mdmark").at("id") == "communique.md");
    CHECK(only_hit(db, "mdmark").at("date") == "2020-05");
    CHECK(only_hit(db, "sniffmark").at("id") == "sniffed-1");  // read as JSON Lines
}

TEST_CASE("index: - reads a text communiqué or JSON Lines from standard input") {
    const e2e::TempDir dir;
    const std::string db = (dir / "db").string();
    e2e::RunOptions text;
    text.input = "date 2023-03-03 Texte lu sur l'entrée standard, mot stdinmark.\n";
    auto r = e2e::index({"--db", db, "--json", "--id", "texte-stdin", "-"}, text);  // test_index_identity.cpp
    CHECK(r.exit_code == 0);
    CHECK(e2e::summary_of(r).at("indexed") == 1);
    auto hit = only_hit(db, "stdinmark");
    CHECK(hit.at("date") == "2023-03-03");
    CHECK(hit.at("id") == "texte-stdin");

    e2e::RunOptions lines;
    lines.input = "{\"id\":\"in-1\",\"date\":\"2023\",\"body\":\"Premier jsonstdinmark.\"}\n"
                  "{\"id\":\"in-2\",\"date\":\"2023-04\",\"body\":\"Second jsonstdinmark.\"}\n";
    r = e2e::index({"--db", db, "--json", "-"}, lines);
    CHECK(r.exit_code == 0);
    CHECK(e2e::summary_of(r).at("indexed") == 2);
    CHECK(e2e::ids_for(db, {"jsonstdinmark"}) == Ids{"in-1", "in-2"});
    CHECK(only_hit(db, "stdinmark").at("id") == hit.at("id"));  // the text document is still there

    // Standard input and files together.
    dir.write("f.txt", "date 2020 Fichier mixmark.\n");
    e2e::RunOptions mixed;
    mixed.input = "{\"id\":\"in-3\",\"date\":\"2023\",\"body\":\"Troisième mixmark.\"}\n";
    r = e2e::index({"--db", db, "--json", (dir / "f.txt").string(), "-"}, mixed);
    CHECK(r.exit_code == 0);
    CHECK(e2e::ids_for(db, {"mixmark"}) == Ids{"f.txt", "in-3"});
}

TEST_CASE("index: --json summary fields") {
    const e2e::TempDir dir;
    dir.write("c/a.txt", "date 2020 Un.\n");
    dir.write("c/b.txt", "date 2020 Deux.\n");
    const std::string db = (dir / "db").string();
    const auto r = e2e::index({"--db", db, "--json", (dir / "c").string(), (dir / "missing.txt").string()});
    CHECK(r.exit_code == 1);  // the missing input is skipped
    const json s = e2e::summary_of(r);
    for (const char* field : {"indexed", "updated", "unchanged", "removed", "skipped", "documents_in_index"}) {
        INFO(field);
        CHECK(s.at(field).is_number_integer());
    }
    CHECK(s.at("indexed") == 2);
    CHECK(s.at("updated") == 0);
    CHECK(s.at("unchanged") == 0);
    CHECK(s.at("removed") == 0);
    CHECK(s.at("skipped") == 1);
    CHECK(s.at("documents_in_index") == 2);
    CHECK(s.at("interrupted") == false);
    REQUIRE(s.at("skipped_inputs").is_array());
    REQUIRE(s.at("skipped_inputs").size() == 1);
    CHECK(e2e::contains(s.at("skipped_inputs")[0].at("input"), "missing.txt"));
    CHECK(e2e::contains(r.err, "missing.txt"));
    // Only the summary on stdout.
    CHECK(r.out.find('\n') == r.out.size() - 1);

    // The text summary says the same.
    const auto t = e2e::index({"--db", db, (dir / "c").string()});
    CHECK(t.exit_code == 0);
    CHECK(e2e::contains(t.out, "2 unchanged"));
}

TEST_CASE("index: the samples folder indexes every communiqué with the expected warnings") {
    const e2e::TempDir dir;
    const auto r = e2e::index({"--db", (dir / "db").string(), "--json", e2e::samples_dir()});
    CHECK(r.exit_code == 0);
    const json s = e2e::summary_of(r);
    CHECK(s.at("indexed") == 43);  // 38 text files and 5 records
    CHECK(s.at("skipped") == 0);
    CHECK(s.at("documents_in_index") == 43);
    CHECK(e2e::contains(r.err, "eau-potable-sans-date.txt"));
    CHECK(e2e::contains(r.err, "meteo-neige-2020-13.txt"));
    CHECK(e2e::contains(r.err, "sante-grippe-aviaire-2021-02-30.txt"));
    CHECK_FALSE(e2e::contains(r.err, "README.md"));
    CHECK(e2e::occurrences(r.err, "\n") == 3);  // exactly those three warnings
}

TEST_CASE("index: an out-of-range JSON number skips its record only, as file:line - every re-run too") {
    const e2e::TempDir dir;
    for (int i = 0; i < 9; ++i)
        dir.write("c/t" + std::to_string(i) + ".txt", "date 2020 Texte " + std::to_string(i) + " textmark.\n");
    const std::string db = (dir / "db").string();
    for (int run = 0; run < 2; ++run) {
        INFO("run " << run);
        dir.write("c/recs.jsonl", "{\"id\":\"a\",\"date\":\"2020-01-01\",\"title\":\"t\",\"body\":\"Corps recmark.\"}\n"
                                  "{\"id\":\"x\",\"date\":\"2020-01-01\",\"title\":\"t\",\"body\":\"b\",\"score\":1e999}\n"
                                  "{\"id\":\"y\",\"body\":\"Un autre\",\"n\":-1e400,\"deep\":[1e999]}\n"
                                  "{\"id\":\"b\",\"date\":\"2020-01-02\",\"body\":\"Corps recmark.\"}\n");
        const auto r = e2e::index({"--db", db, "--json", (dir / "c").string()});
        INFO(r.err);
        CHECK(r.exit_code == 1);
        CHECK(e2e::contains(r.err, "recs.jsonl:2: "));
        CHECK(e2e::contains(r.err, "recs.jsonl:3: "));
        CHECK(e2e::contains(r.err, "1e999"));
        CHECK_FALSE(e2e::contains(r.err, "error:"));
        CHECK(e2e::summary_of(r).at("skipped") == 2);
        CHECK(e2e::summary_of(r).at("documents_in_index") == 11);
        // Changed, so that the next run reads it again.
        fs::last_write_time(dir / "c/recs.jsonl", fs::last_write_time(dir / "c/recs.jsonl") + std::chrono::seconds(5));
    }
    CHECK(e2e::ids_for(db, {"recmark"}) == Ids{"a", "b"});
    CHECK(e2e::search({"--db", db, "--count", "textmark"}).out == "9\n");
}

namespace {

// A JSON Lines file of n UTF-8 records, one of them (line `stray`) with a
// Latin-1 byte in its body.
std::string records_with_a_stray_byte(int n, int stray) {
    std::string out;
    for (int i = 1; i <= n; ++i) {
        const std::string body = i == stray ? "D\xE9" "bordement unique straymark."
                                            : "Une vulnérabilité de plus, numéro " + std::to_string(i) + ".";
        out += "{\"id\":\"v" + std::to_string(i) + "\",\"date\":\"2021\",\"title\":\"Débordements " +
               std::to_string(i) + "\",\"body\":\"" + body + "\"}\n";
    }
    return out;
}

}  // namespace

TEST_CASE("index: one stray byte in a UTF-8 JSON Lines file costs only that byte - a warning names file and line") {
    const e2e::TempDir dir;
    dir.write("recs.jsonl", records_with_a_stray_byte(2000, 1234));
    const std::string db = (dir / "db").string();
    const auto r = e2e::index({"--db", db, "--json", (dir / "recs.jsonl").string()});
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(e2e::contains(r.err, "recs.jsonl:1234: "));
    CHECK(e2e::contains(r.err, "not UTF-8"));
    CHECK(e2e::occurrences(r.err, "warning") == 1);
    CHECK(e2e::summary_of(r).at("indexed") == 2000);
    CHECK(e2e::search({"--db", db, "--count", "vulnérabilité"}).out == "1999\n");
    CHECK(only_hit(db, "id:v7").at("title") == "Débordements 7");
    CHECK(only_hit(db, "straymark").at("snippet").get<std::string>().find("Débordement unique") != std::string::npos);
}

TEST_CASE("index: a UTF-8 text file with one stray byte stays UTF-8 - a warning gives its line") {
    const e2e::TempDir dir;
    dir.write("c/nbsp.txt", "date 2021 L'hôpital de Lyon reste ouvert.\nDeuxième ligne\xA0" "avec une espace, nbspmark.\n");
    // Mixed: a UTF-8 paragraph, then one pasted from a Latin-1 file.
    dir.write("c/mixed.txt", "date 2021 Première partie écrite en UTF-8, mixedmark.\n"
                             "Seconde partie coll\xE9" "e depuis un fichier Latin-1, d\xE9j\xE0 vue.\n");
    const std::string db = (dir / "db").string();
    const auto r = e2e::index({"--db", db, "--json", (dir / "c").string()});
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(e2e::contains(r.err, "nbsp.txt: the byte at line 2 (byte "));
    CHECK(e2e::contains(r.err, "mixed.txt: 3 bytes, the first at line 2 (byte "));
    auto hit = only_hit(db, "nbspmark");
    CHECK(e2e::contains(hit.at("title"), "L'hôpital de Lyon"));
    CHECK(e2e::search({"--db", db, "--count", "hôpital"}).out == "1\n");
    hit = only_hit(db, "mixedmark");
    CHECK(e2e::contains(hit.at("snippet"), "écrite en UTF-8"));
    CHECK(e2e::search({"--db", db, "--count", "collée déjà"}).out == "1\n");
    for (const auto& h : e2e::hits_of(e2e::search_json(db, {"--match", "any", "nbspmark mixedmark"}))) {
        const std::string s = h.at("snippet");
        CHECK(e2e::valid_utf8(s));
        CHECK_FALSE(e2e::contains(s, "Ã"));
    }
}

TEST_CASE("index: JSON Lines decided line by line - Latin-1 lines beside UTF-8 ones read right, each named") {
    const e2e::TempDir dir;
    dir.write("mixed.jsonl", "{\"id\":\"u1\",\"date\":\"2021\",\"body\":\"Sécurité des hôpitaux, ligne UTF-8.\"}\n"
                             "{\"id\":\"l2\",\"date\":\"2021\",\"body\":\"S\xE9" "curit\xE9 des h\xF4pitaux, ligne Latin-1.\"}\n"
                             "{\"id\":\"u3\",\"date\":\"2021\",\"body\":\"Encore de l'UTF-8 : sécurité.\"}\n"
                             "{\"id\":\"l4\",\"date\":\"2021\",\"body\":\"Fin en Windows-1252 : l\x92\x9C" "uvre.\"}\n");
    const std::string db = (dir / "db").string();
    const auto r = e2e::index({"--db", db, "--json", (dir / "mixed.jsonl").string()});
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(e2e::contains(r.err, "mixed.jsonl:2: "));
    CHECK(e2e::contains(r.err, "mixed.jsonl:4: "));
    CHECK_FALSE(e2e::contains(r.err, "mixed.jsonl:1: "));
    CHECK_FALSE(e2e::contains(r.err, "mixed.jsonl:3: "));
    CHECK(e2e::ids_for(db, {"sécurité"}) == Ids{"l2", "u1", "u3"});
    CHECK(e2e::ids_for(db, {"œuvre"}) == Ids{"l4"});
    CHECK(e2e::summary_of(r).at("transcoded_files") == 1);
}

TEST_CASE("index: a symlinked file is indexed once, links to folders and FIFOs are passed over, loops are named") {
    const e2e::TempDir dir;
    dir.write("c/a.txt", "date 2021 Le vrai fichier linkmark.\n");
    dir.write("other/b.txt", "date 2021 Un fichier hors du dossier outsidemark.\n");
    fs::create_symlink(dir / "c/a.txt", dir / "c/0-lien.txt");   // sorts before its target
    fs::create_symlink(dir / "c/a.txt", dir / "c/z-lien.txt");
    fs::create_directory_symlink(dir / "c", dir / "c/boucle");     // a loop, not followed
    fs::create_directory_symlink(dir / "other", dir / "c/ailleurs");
    fs::create_symlink("cycle.txt", dir / "c/cycle.txt");          // a link to itself
    fs::create_symlink(dir / "nowhere.txt", dir / "c/perdu.txt");  // dangling
    REQUIRE(::mkfifo((dir / "c/tube.txt").c_str(), 0600) == 0);    // would hold the walk up
    const std::string db = (dir / "db").string();
    const auto r = e2e::index({"--db", db, "--json", (dir / "c").string()});
    INFO(r.err);
    CHECK(r.exit_code == 1);  // the loop and the dangling link are skipped
    CHECK(e2e::summary_of(r).at("indexed") == 1);
    CHECK(e2e::ids_for(db, {"linkmark"}) == Ids{"a.txt"});  // the real file's name
    CHECK(e2e::contains(r.err, "0-lien.txt"));
    CHECK(e2e::contains(r.err, "cycle.txt"));
    CHECK(e2e::contains(r.err, "perdu.txt"));
    CHECK(e2e::search({"--db", db, "outsidemark"}).exit_code == 1);

    // The same file given twice: once, with a warning naming both.
    const auto twice = e2e::index({"--db", (dir / "db2").string(), "--json", (dir / "c/a.txt").string(),
                                   (dir / "c/z-lien.txt").string()});
    CHECK(twice.exit_code == 0);
    CHECK(e2e::summary_of(twice).at("indexed") == 1);
    CHECK(e2e::contains(twice.err, "z-lien.txt"));
    CHECK(e2e::contains(twice.err, "indexed once"));
}
