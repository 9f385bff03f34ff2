// Phrases, NEAR and prefix* without positions in the index: candidates by
// their words' keys, confirmed on the stored text. Exact as before.
#include <catch2/catch.hpp>

#include "harness.hpp"
#include "util.hpp"

using Ids = std::vector<std::string>;

namespace {

std::string checks_index(const e2e::TempDir& dir) {
    const std::vector<std::pair<std::string, std::string>> texts = {
        {"a.txt", "Alerte : vigilance orange aux orages sur le Gard."},
        {"b.txt", "Le ciel orange annonce la vigilance des secours."},
        {"c.txt", "Vigilances oranges levées ; la vulnérabilité des digues reste forte."},
        {"d.txt", "Un barrage vulnérable, mais aucune alerte orange aujourd'hui."},
        {"e.txt", "Les cyber-attaques et les cyber attaques se multiplient contre les hôpitaux."},
        {"f.txt", "Une attaque cyber a visé la mairie ; la cyberattaque est revendiquée."},
    };
    for (const auto& [name, body] : texts) dir.write("in/" + name, " date 2022-09-14 " + body + "\n");
    const std::string db = (dir / "db").string();
    REQUIRE(e2e::index({"--db", db, (dir / "in").string()}).exit_code == 0);
    return db;
}

}  // namespace

TEST_CASE("checks: a phrase matches its words in a row only, every form of them") {
    const e2e::TempDir dir;
    const std::string db = checks_index(dir);
    CHECK(e2e::ids_for(db, {"\"vigilance orange\""}) == Ids{"a.txt", "c.txt"});
    CHECK(e2e::ids_for(db, {"\"orange vigilance\""}).empty());
    CHECK(e2e::ids_for(db, {"vigilance", "orange"}) == Ids{"a.txt", "b.txt", "c.txt"});
    // In boolean structures: a phrase OR a word, a word NOT a phrase.
    CHECK(e2e::ids_for(db, {"\"orange vigilance\" OR barrage"}) == Ids{"d.txt"});
    CHECK(e2e::ids_for(db, {"vigilance NOT \"vigilance orange\""}) == Ids{"b.txt"});
    CHECK(e2e::ids_for(db, {"--", "orange -\"vigilance orange\""}) == Ids{"b.txt", "d.txt"});
    // Counts are of the confirmed documents.
    const auto count = e2e::search({"--db", db, "--count", "\"vigilance orange\""});
    CHECK(count.out == "2\n");
    const auto j = e2e::search_json(db, {"\"vigilance orange\""}).json();
    CHECK(j.at("total") == 2);
    CHECK(j.at("total_exact") == true);
}

TEST_CASE("checks: compounds find their spellings, a compound's parts stand in a row") {
    const e2e::TempDir dir;
    const std::string db = checks_index(dir);
    const Ids attacks{"e.txt", "f.txt"};
    CHECK(e2e::ids_for(db, {"cyber-attaques"}) == attacks);
    CHECK(e2e::ids_for(db, {"\"cyber attaques\""}) == Ids{"e.txt"});
    // "attaque cyber" has the parts, not in a row: not the compound.
    CHECK(e2e::ids_for(db, {"\"cyber attaque\""}) == Ids{"e.txt"});
}

TEST_CASE("checks: NEAR and ADJ count positions in the text") {
    const e2e::TempDir dir;
    const std::string db = checks_index(dir);
    CHECK(e2e::ids_for(db, {"vigilance NEAR orange"}) == Ids{"a.txt", "b.txt", "c.txt"});
    CHECK(e2e::ids_for(db, {"vigilance NEAR/1 orange"}) == Ids{"a.txt", "c.txt"});
    CHECK(e2e::ids_for(db, {"orange ADJ/1 vigilance"}).empty());
    CHECK(e2e::ids_for(db, {"ciel ADJ/5 vigilance"}) == Ids{"b.txt"});
    CHECK(e2e::ids_for(db, {"vigilance ADJ/5 ciel"}).empty());
}

TEST_CASE("checks: prefix* matches words that start so, not only their keys") {
    const e2e::TempDir dir;
    const std::string db = checks_index(dir);
    // vulnérabilité and vulnérable share a key; only one starts so.
    CHECK(e2e::ids_for(db, {"vulnérabilit*"}) == Ids{"c.txt"});
    CHECK(e2e::ids_for(db, {"vulnér*"}) == Ids{"c.txt", "d.txt"});
    CHECK(e2e::ids_for(db, {"hôp*"}) == Ids{"e.txt"});
    CHECK(e2e::ids_for(db, {"cyber*"}) == Ids{"e.txt", "f.txt"});
    CHECK(e2e::ids_for(db, {"orag*", "vigilance"}) == Ids{"a.txt"});
    CHECK(e2e::ids_for(db, {"title:vigil*"}) == Ids{"a.txt", "b.txt", "c.txt"});
    CHECK(e2e::ids_for(db, {"title:\"vigilance orange\""}) == Ids{"a.txt", "c.txt"});
    // Highlights and hits agree.
    const auto r = e2e::search_json(db, {"vulnérabilit*"});
    CHECK(e2e::highlighted(e2e::hits_of(r).at(0)) == std::vector<std::string>{"vulnérabilité"});
}

TEST_CASE("checks: timelines and facets count the confirmed documents") {
    const e2e::TempDir dir;
    const std::string db = checks_index(dir);
    const auto j = e2e::search({"--db", db, "--format", "json", "--timeline", "year", "--facet", "year", "--limit", "0",
                                "\"vigilance orange\""}).json();
    CHECK(j.at("timeline").at("periods")[0].at("count") == 2);
    CHECK(j.at("facets").at("year")[0].at("count") == 2);
}
