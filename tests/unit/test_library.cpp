// The library end to end: run_indexer on samples/, then Searcher, as an
// embedding program would use them; and the query shapes --explain shows.
#include <catch2/catch.hpp>

#include <unistd.h>
#include <xapian.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "index/compaction.hpp"
#include "index/database.hpp"
#include "index/index_folder.hpp"
#include "vigie/indexer.hpp"
#include "index/schema.hpp"
#include "samples_index.hpp"
#include "vigie/vigie.hpp"

namespace fs = std::filesystem;

namespace {

std::set<std::string> ids(const std::string& query, const std::string& since = "",
                          const std::string& until = "", vigie::MatchMode match = vigie::MatchMode::All) {
    vigie::Searcher searcher(samples_db());
    vigie::SearchRequest request;
    request.query = query;
    request.since = since;
    request.until = until;
    request.match = match;
    request.limit = 100;
    std::set<std::string> out;
    for (const auto& hit : searcher.search(request).hits) out.insert(hit.id);
    return out;
}

std::string explain(const std::string& query) {
    vigie::Searcher searcher(samples_db());
    vigie::SearchRequest request;
    request.query = query;
    request.synonyms = false;  // the French analysis alone (OTAN has NATO)
    return searcher.explain(request).xapian;
}

}  // namespace

TEST_CASE("query shapes after French analysis") {
    struct Row { const char* query; const char* shape; };
    const Row rows[] = {
        // A word the stemmer leaves whole is its own exact form: weighed
        // half again (the others' exact forms weigh in search/proximity).
        {"alliance", "Query(Zallianc)"},
        {"L'Alliance", "Query(Zallianc)"},
        {"HÔPITAUX", "Query(Zhopital)"},
        // Phrases, NEAR and prefix* find candidates by keys; the stored
        // text confirms them (query/checks.hpp).
        {"\"l'alliance militaire\"", "Query((Zallianc AND Zmilitair))"},
        {"\"vigilances orange\"", "Query((Zorang AND Zvigil))"},
        {"hôp*", "Query(Zhopital)"},  // the keys that begin so, expanded over the whole index
        {"vulnérabilit*", "Query(Zvulner)"},
        {"alliance de l'otan", "Query((Zallianc AND 1.5 * Zotan))"},
        {"CVE-2021-44228", "Query(Zcve_2021_44228)"},
        {"title:otan", "Query(ZSotan)"},
        {"alliance -otan", "Query((Zallianc AND_NOT Zotan))"},
        // A text file's id also without its extension.
        {"id:bulletin-2022-001", "Query((Qbulletin-2022-001 OR Qbulletin-2022-001.txt))"},
        {"id:otan-alliances-2019.txt", "Query(Qotan-alliances-2019.txt)"},
        // Whole years, else whole months, else days; plus the year- and
        // month-dated documents that overlap.
        {"date:2020-06", "Query((DYW2020 OR DM202006))"},
        {"date:2020", "Query(DY2020)"},
        {"date:2020-06-30..2020-07", "Query((DYW2020 OR DMW202006 OR DD20200630 OR DM202007))"},
        {"date:..2019", "Query((DY2008 OR DY2009 OR DY2010 OR DY2011 OR DY2012 OR DY2013 OR DY2014 OR DY2015 OR "
                        "DY2016 OR DY2017 OR DY2018 OR DY2019))"},  // from the oldest date in the index
        // Exclusions alone: every other document.
        {"-otan", "Query((<alldocuments> AND_NOT Zotan))"},
        {"NOT otan", "Query((<alldocuments> AND_NOT Zotan))"},
        // One term, where the index has one term (not a phrase of two).
        {"L.2212-2", "Query(Zl.2212_2)"},
        {"a.2", "Query(1.5 * Za.2)"},
        // Format characters inside a word are not there.
        {"Forti\u200bOS", "Query(1.5 * Zfortios)"},
        {"cyber\u00adattaque", "Query((Zcyberattaqu OR (Zattaqu AND Zcyb)))"},
        // A question's inverted verb is the verb: its pronouns go.
        {"expose-t-il", "Query(Zexpos)"},
        {"peut-on", "Query(1.5 * Zpeut)"},
        // Interrogatives go, as stopwords do.
        {"combien de victimes", "Query(Zvictim)"},
        {"a NEAR/3 b", "Query((Za AND Zb))"},
        {"a ADJ b", "Query((Za AND Zb))"},
        {"(canicule OR orage) AND NOT vigilance", "Query(((Zcanicul OR Zorag) AND_NOT Zvigil))"},
    };
    for (const auto& row : rows) {
        INFO(row.query);
        CHECK(explain(row.query) == row.shape);
    }
}

TEST_CASE("the library finds French forms across the samples") {
    CHECK(ids("CVE-2021-44228") == std::set<std::string>{"anssi-log4shell-2021-12-10.txt"});
    CHECK(ids("CVE-2021-44229") == std::set<std::string>{"certfr-passerelle-vpn-2021-12-14.txt"});
    const auto hospitals = ids("hopitaux");
    CHECK(hospitals == ids("HÔPITAUX"));
    CHECK(hospitals == ids("hôpital"));
    CHECK(hospitals.count("sante-hopitaux-sans-accents-2020-04-02.txt"));
    CHECK(hospitals.count("meteo-canicule-latin1-2019-07.txt"));
    CHECK(ids("alliance") == ids("l’Alliance"));
    CHECK(ids("\"alliance militaire\"") == std::set<std::string>{"otan-cyberattaques-2020-06.txt"});
    CHECK(ids("cyberattaques") == ids("cyber-attaques"));
    CHECK(ids("cyberattaques") == ids("cyber attaques"));
    CHECK(ids("cyberattaques").size() == 7);
    CHECK(ids("coeur") == std::set<std::string>{"meteo-tempete-cp1252-2020-02-29.txt"});
}

TEST_CASE("date filters overlap periods, inclusive, undated never match") {
    CHECK(ids("", "2020-02", "2020-02") ==
          std::set<std::string>{"sante-coronavirus-2020-02-25.txt", "meteo-tempete-cp1252-2020-02-29.txt"});
    CHECK(ids("", "2020-02-29", "2020-02-29") == std::set<std::string>{"meteo-tempete-cp1252-2020-02-29.txt"});
    // A month-dated communiqué overlaps a range starting mid-month.
    CHECK(ids("alliance", "2020-06-15", "2020-06-20").count("otan-cyberattaques-2020-06.txt"));
    for (const auto& id : ids("", "1900", "2100"))
        CHECK(id.find("sans-date") == std::string::npos);
    // The year-dated bulletin covers 2022-02-24 too.
    CHECK(ids("date:2020-02 OR date:2022-02-24") ==
          std::set<std::string>{"bulletin-2022-001", "meteo-tempete-cp1252-2020-02-29.txt",
                                "otan-ukraine-2022-02-24.txt", "sante-coronavirus-2020-02-25.txt",
                                "ue-conseil-europeen-2022-02-24.txt"});
}

TEST_CASE("relaxed matching fills with partial matches, most words first") {
    vigie::Searcher searcher(samples_db());
    vigie::SearchRequest request;
    request.query = "canicule motintrouvable";
    const auto result = searcher.search(request);
    CHECK(result.relaxed);
    REQUIRE_FALSE(result.hits.empty());
    CHECK(result.hits[0].partial);
    request.match = vigie::MatchMode::All;
    CHECK(searcher.search(request).hits.empty());
}

TEST_CASE("paging is a window on the same ranking") {
    vigie::Searcher searcher(samples_db());
    vigie::SearchRequest request;
    request.query = "vigilance";
    request.limit = 100;
    const auto all = searcher.search(request).hits;
    REQUIRE(all.size() >= 6);
    request.offset = 2;
    request.limit = 3;
    const auto page = searcher.search(request).hits;
    REQUIRE(page.size() == 3);
    for (std::size_t i = 0; i < 3; ++i) {
        CHECK(page[i].id == all[i + 2].id);
        CHECK(page[i].rank == i + 3);
    }
}

TEST_CASE("an index from another version is refused with its exit code") {
    const fs::path dir = fs::temp_directory_path() / ("vigie-unit-old-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    {
        Xapian::WritableDatabase db(dir.string(), Xapian::DB_CREATE_OR_OPEN);
        db.set_metadata(std::string(vigie::schema::kSchemaKey), "0");
        db.add_document(Xapian::Document());
        db.commit();
    }
    try {
        vigie::Searcher searcher(dir.string());
        FAIL("opened");
    } catch (const vigie::Error& e) {
        CHECK(e.code() == vigie::ExitCode::IndexIncompatible);
        CHECK(std::string(e.what()).find("another version") != std::string::npos);
    }
    vigie::IndexOptions opts;
    opts.db_path = dir.string();
    opts.inputs = {VIGIE_SAMPLES_DIR};
    try {
        vigie::run_indexer(opts, {}, nullptr);
        FAIL("indexed");
    } catch (const vigie::Error& e) {
        CHECK(e.code() == vigie::ExitCode::IndexIncompatible);
    }
    fs::remove_all(dir);
}

TEST_CASE("a missing index is its own error") {
    try {
        vigie::Searcher searcher("/nonexistent/vigie.db");
        FAIL("opened");
    } catch (const vigie::Error& e) {
        CHECK(e.code() == vigie::ExitCode::IndexMissing);
        CHECK(std::string(e.what()).find("/nonexistent/vigie.db") != std::string::npos);
    }
}

TEST_CASE("Xapian errors on an index are told apart: locked, full disk, permissions, damaged") {
    using vigie::index_error;
    const auto locked = index_error("db", Xapian::DatabaseLockError("Unable to get write lock on db: already locked"));
    CHECK(locked.code() == vigie::ExitCode::IndexLocked);
    const auto denied = index_error(
        "db", Xapian::DatabaseLockError("Unable to get write lock on db: Couldn't open lockfile", "",
                                        "Permission denied"));
    CHECK(denied.code() == vigie::ExitCode::Error);
    CHECK(std::string(denied.what()).find("Permission denied") != std::string::npos);
    // A failed commit comes wrapped, the reason only in the inner message.
    const auto full = index_error(
        "db", Xapian::DatabaseError("Modifications failed (DatabaseError: Error writing block 5 (No space left on "
                                    "device))"));
    CHECK(std::string(full.what()).find("No space left") != std::string::npos);
    CHECK(std::string(full.what()).find("damaged") == std::string::npos);
    CHECK(full.hint().find("free some space") != std::string::npos);
    const auto damaged = index_error("db", Xapian::DatabaseCorruptError("Db block overwritten"));
    CHECK(std::string(damaged.what()).find("is damaged") != std::string::npos);
}

TEST_CASE("the writer lock excludes a second indexer, and a cut swap is recovered") {
    const fs::path dir = fs::temp_directory_path() / ("vigie-unit-lock-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    const std::string db = (dir / "db").string();
    {
        vigie::WriterLock held(db, false);
        try {
            vigie::WriterLock second(db, false);
            FAIL("locked twice");
        } catch (const vigie::Error& e) {
            CHECK(e.code() == vigie::ExitCode::IndexLocked);
        }
    }
    vigie::WriterLock again(db, false);  // released with its holder

    // A second signal between the two renames of a compaction: both
    // folders are Vigie's (marked).
    vigie::index_folder::make(db + ".old");
    vigie::index_folder::make(db + ".compacting");
    // Cut while Xapian wrote the compacted copy's version file: its
    // temporary is Xapian's too.
    std::ofstream(db + ".compacting/v.tmp") << "x";
    vigie::recover_interrupted_swap(db);
    CHECK(fs::exists(db));
    CHECK(vigie::index_folder::is_marked(db));
    CHECK_FALSE(fs::exists(db + ".old"));
    CHECK_FALSE(fs::exists(db + ".compacting"));
    // A folder of the user's with such a name is left alone.
    fs::remove_all(db);
    fs::create_directories(db + ".old");
    std::ofstream(db + ".old/mine.txt") << "mine";
    vigie::recover_interrupted_swap(db);
    CHECK_FALSE(fs::exists(db));
    CHECK(fs::exists(db + ".old/mine.txt"));
    CHECK(vigie::normalize_db_path("a/b//") == "a/b");
    CHECK(vigie::normalize_db_path("/") == "/");
    fs::remove_all(dir);
}

TEST_CASE("every field a query can name reaches the index with its schema prefix") {
    // `vigie-search --fields` prints schema::kFields; the query parser must
    // agree with it on each prefix.
    const std::map<std::string, std::string> sample = {
        {"id", "otan-cyberattaques-2020-06.txt"}, {"title", "vaccination"}, {"date", "2020"}, {"source", "anssi"},
        {"cve", "CVE-2021-44228"}, {"ref", "CERTFR-2020-AVI-001"}};
    std::size_t checked = 0;
    for (const auto& field : vigie::schema::kFields) {
        const std::string name(field.name);
        if (field.query.rfind(name + ":", 0) != 0) continue;  // not named in queries
        INFO(name);
        REQUIRE(sample.count(name));
        REQUIRE(!field.term_prefix.empty());
        const std::string shape = explain(name + ":" + sample.at(name));
        // Exact and date fields are filter terms (Q..., D...); text fields
        // are keys of their words (ZS..., ZXS...).
        REQUIRE(shape.rfind("Query(", 0) == 0);
        const std::string terms = shape.substr(shape.find_first_not_of('(', 6));
        const std::string expected =
            (field.kind == vigie::schema::FieldKind::Text ? "Z" : "") + std::string(field.term_prefix);
        CHECK(terms.rfind(expected, 0) == 0);
        ++checked;
    }
    CHECK(checked == sample.size());
}
