// The French rewrite of queries: syntax kept, words analysed like the index.
#include <catch2/catch.hpp>

#include "vigie/error.hpp"
#include "analysis/french_stem.hpp"
#include "query/query_rewrite.hpp"

namespace {

vigie::RewrittenQuery rewrite(const std::string& q, bool plain = false) {
    static Xapian::Stem stem = vigie::make_french_stem();
    const vigie::CompoundLexicon lexicon = [](const std::string& key) {
        if (key == stem("cyberattaques")) return std::vector<std::string>{"cyber attaques"};
        return std::vector<std::string>{};
    };
    return vigie::rewrite_query(q, plain, lexicon, [](const std::string& w) { return stem(w); });
}

}  // namespace

TEST_CASE("query words follow the index's French rules, syntax is kept") {
    struct Row { const char* query; const char* rewritten; };
    const Row rows[] = {
        {"L'Alliance militaire", "alliance militaire"},
        {"l’alliance", "alliance"},
        {"HÔPITAUX", "hopitaux"},
        {"\"L'alliance militaire\"", "\"alliance militaire\""},
        {"hopitaux AND (covid OR grippe)", "hopitaux AND (covid OR grippe)"},
        {"alliance NOT otan", "alliance NOT otan"},
        {"-otan +alliance", "-otan +alliance"},
        {"otan NEAR alliance", "otan NEAR alliance"},
        {"otan NEAR/3 alliance", "otan NEAR/3 alliance"},
        {"hôp*", "hop*"},
        {"title:Sécurité", "title:securite"},
        {"title:\"État d'urgence\"", "title:\"etat urgence\""},
        {"id:Otan-2020.txt", "id:Otan-2020.txt"},
        {"date:2020-03..2020-06 canicule", "date:2020-03..2020-06 canicule"},
        {"CVE-2021-44228", "cve_2021_44228"},
        {"covid-19", "covid_19"},
        {"cyber-attaques", "(cyber-attaques OR cyberattaques OR \"cyber attaques\")"},
        {"-cyber-attaques", "-(cyber-attaques OR cyberattaques OR \"cyber attaques\")"},
        {"porte-parole", "(porte-parole OR porteparole)"},
        {"cyberattaques", "(cyberattaques OR \"cyber attaques\")"},
        {"cyber attaques", "((cyber attaques) OR (cyberattaques OR \"cyber attaques\"))"},
        {"and or not", "and or not"},  // lowercase words are words
    };
    for (const auto& row : rows) {
        INFO(row.query);
        const auto r = rewrite(row.query);
        CHECK_FALSE(r.plain);
        CHECK(r.text == row.rewritten);
    }
}

TEST_CASE("prefix wildcards are collected for highlighting") {
    CHECK(rewrite("hôp* title:Cyber* -otan*").wildcards == std::vector<std::string>{"hop", "cyber", "otan"});
    CHECK(rewrite("hopital").wildcards.empty());
}

TEST_CASE("unbalanced syntax is read as plain words") {
    auto quote = rewrite("\"alliance militaire");
    CHECK(quote.plain);
    CHECK(quote.plain_reason == "unbalanced quote");
    CHECK(quote.text == "alliance militaire");
    auto bracket = rewrite("(otan OR alliance");
    CHECK(bracket.plain);
    CHECK(bracket.text == "otan or alliance");
    auto forced = rewrite("AND", true);
    CHECK(forced.text == "and");
}

TEST_CASE("a bad date in the query is an error naming it") {
    for (const char* q : {"date:2020-13", "x date:2021-02-30", "date:hier", "date:2020..2021-13"}) {
        INFO(q);
        try {
            rewrite(q);
            FAIL("no error");
        } catch (const vigie::Error& e) {
            CHECK(e.code() == vigie::ExitCode::Error);
            CHECK(std::string(e.what()).find("invalid date") != std::string::npos);
        }
    }
}

TEST_CASE("signs and exact ids survive quotes; field names are not dates") {
    CHECK(rewrite("hôpitaux -\"cyber attaques\"").text == "hopitaux -\"cyber attaques\"");
    CHECK(rewrite("+\"L'Alliance\" otan").text == "+\"alliance\" otan");
    CHECK(rewrite("id:\"Avis CERT 01\"").text == "id:\"Avis CERT 01\"");
    CHECK(rewrite("id:\"Avis CERT 01\" \"État\"").text == "id:\"Avis CERT 01\" \"etat\"");
    CHECK(rewrite("id:date:hier").dates.empty());
    CHECK(rewrite("update:\"x\"").dates.empty());
    const auto r = rewrite("canicule date:2020-06");
    REQUIRE(r.dates.size() == 1);
    CHECK(r.dates[0].describe() == "2020-06-01..2020-06-30");
}

TEST_CASE("wildcards are read in one pass, never from id: values") {
    CHECK(rewrite("id:" + std::string(80000, '*')).wildcards.empty());
    std::string many;
    for (int i = 0; i < 200; ++i) many += "mot" + std::to_string(i) + "* ";
    CHECK(rewrite(many).wildcards.size() == 64);
}
