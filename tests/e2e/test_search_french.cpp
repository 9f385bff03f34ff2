// French search on samples/: the "Expected matches" table of
// samples/README.md, plus query syntax. JSON Lines records are named by
// their JSON id (the README's `bulletins.jsonl#<id>` is written `<id>`).
#include <catch2/catch.hpp>

#include "harness.hpp"
#include "util.hpp"

using e2e::ids_for;
using Ids = std::vector<std::string>;

namespace {

std::string db() { return e2e::samples_index().string(); }

// Every query of a row must find exactly the row's documents.
void check_row(const std::vector<std::string>& queries, const Ids& expected) {
    for (const auto& q : queries) {
        INFO("query: " << q);
        CHECK(ids_for(db(), {"--", q}) == e2e::sorted(expected));
    }
}

const Ids kAlliance = {"diplomatie-etats-unis-2021-01-20.txt", "otan-alliances-2019.txt",
                       "otan-cyberattaques-2020-06.txt",       "otan-cyberdefense-vilnius-2023-07-11.txt",
                       "otan-sommet-bruxelles-2021-06-14.txt", "otan-ukraine-2022-02-24.txt"};
const Ids kHopital = {"bulletin-2022-004",
                      "meteo-canicule-latin1-2019-07.txt",
                      "otan-cyberattaques-2020-06.txt",
                      "sante-hopital-rancongiciel-2021-02-16.txt",
                      "sante-hopitaux-covid-2020-03.txt",
                      "sante-hopitaux-sans-accents-2020-04-02.txt",
                      "sante-vaccination-2021-01-27.txt"};
const Ids kCyberattaques = {"anssi-log4shell-2021-12-10.txt",        "anssi-panorama-menace-2023.txt",
                            "interieur-jo-securite-2024-07-26.txt",  "otan-cyberattaques-2020-06.txt",
                            "otan-cyberdefense-vilnius-2023-07-11.txt", "otan-sommet-bruxelles-2021-06-14.txt",
                            "sante-hopital-rancongiciel-2021-02-16.txt"};
const Ids kCyberSplit = {"otan-cyberattaques-2020-06.txt", "otan-cyberdefense-vilnius-2023-07-11.txt",
                         "sante-hopital-rancongiciel-2021-02-16.txt"};
const Ids kSecurite = {"anssi-panorama-menace-2023.txt",
                       "certfr-avis-cms-2020-01-02.txt",
                       "certfr-passerelle-vpn-2021-12-14.txt",
                       "diplomatie-etats-unis-2021-01-20.txt",
                       "interieur-jo-securite-2024-07-26.txt",
                       "interieur-urgence-attentat-2023-10-13.txt",
                       "otan-ukraine-2022-02-24.txt",
                       "prefecture-bilan-annuel-2020-12-31.txt",
                       "protection-civile-rapport-2018.txt",
                       "sante-hopital-rancongiciel-2021-02-16.txt",
                       "sante-hopitaux-sans-accents-2020-04-02.txt"};
const Ids kEtat = {"anssi-panorama-menace-2023.txt",
                   "diplomatie-etats-unis-2021-01-20.txt",
                   "onu-climat-2019-09-23.txt",
                   "onu-migrations-2018-12-10.txt",
                   "otan-alliances-2019.txt",
                   "otan-cyberattaques-2020-06.txt",
                   "otan-cyberdefense-vilnius-2023-07-11.txt",
                   "otan-sommet-bruxelles-2021-06-14.txt",
                   "otan-ukraine-2022-02-24.txt",
                   "prefecture-bilan-annuel-2020-12-31.txt",
                   "sante-hopitaux-covid-2020-03.txt",
                   "sante-hopitaux-sans-accents-2020-04-02.txt",
                   "sante-vaccination-2021-01-27.txt",
                   "ue-conseil-europeen-2022-02-24.txt"};
const Ids kCovid = {"bulletin-2022-005",
                    "otan-cyberattaques-2020-06.txt",
                    "prefecture-bilan-annuel-2020-12-31.txt",
                    "sante-coronavirus-2020-02-25.txt",
                    "sante-hopitaux-covid-2020-03.txt",
                    "sante-hopitaux-sans-accents-2020-04-02.txt",
                    "sante-vaccination-2021-01-27.txt"};
const Ids kCanicule = {"bulletin-2022-001", "bulletin-2022-004", "meteo-canicule-latin1-2019-07.txt"};

}  // namespace

TEST_CASE("french: elisions with ' and ’, singular and plural find the same alliance documents") {
    check_row({"alliance", "alliances", "l'alliance", "l’Alliance", "L'ALLIANCE"}, kAlliance);
}

TEST_CASE("french: stems, accents and case (hôpital, hôpitaux, hopitaux, HÔPITAUX)") {
    check_row({"hôpital", "hôpitaux", "hopitaux", "HÔPITAUX", "hopital"}, kHopital);
}

TEST_CASE("french: accents are removed before stemming (sécurité, securite, SÉCURITÉ)") {
    check_row({"sécurité", "securite", "SÉCURITÉ"}, kSecurite);
}

TEST_CASE("french: état with or without accent and elision") {
    check_row({"état", "etat", "l'État", "l’État"}, kEtat);
}

TEST_CASE("french: aujourd'hui stays one word with either apostrophe") {
    check_row({"aujourd'hui", "aujourd’hui"},
              {"anssi-log4shell-2021-12-10.txt", "diplomatie-etats-unis-2021-01-20.txt",
               "otan-sommet-bruxelles-2021-06-14.txt", "sante-hopital-rancongiciel-2021-02-16.txt",
               "sante-mpox-2024-08-14.txt", "sante-vaccination-2021-01-27.txt"});
}

TEST_CASE("french: hyphenated words (porte-parole, États-Unis)") {
    check_row({"porte-parole"}, {"diplomatie-etats-unis-2021-01-20.txt", "onu-climat-2019-09-23.txt",
                                 "otan-cyberdefense-vilnius-2023-07-11.txt", "otan-sommet-bruxelles-2021-06-14.txt"});
    check_row({"États-Unis", "etats-unis"},
              {"diplomatie-etats-unis-2021-01-20.txt", "onu-climat-2019-09-23.txt", "onu-migrations-2018-12-10.txt",
               "otan-alliances-2019.txt", "otan-sommet-bruxelles-2021-06-14.txt",
               "sante-hopitaux-sans-accents-2020-04-02.txt", "ue-conseil-europeen-2022-02-24.txt"});
}

TEST_CASE("french: attaque and attaques") {
    check_row({"attaque", "attaques"},
              {"bulletin-2022-002", "interieur-urgence-attentat-2023-10-13.txt", "otan-cyberattaques-2020-06.txt",
               "otan-cyberdefense-vilnius-2023-07-11.txt", "otan-ukraine-2022-02-24.txt",
               "sante-hopital-rancongiciel-2021-02-16.txt"});
}

// What happens for each spelling of the compound: every unquoted spelling
// finds all 7 documents (one-word, hyphenated and spaced forms); the quoted
// phrase and `cyber` alone find only the split spellings.
TEST_CASE("french: compounds cyber-attaques, cyberattaques, cyber attaques") {
    check_row({"cyberattaques", "cyber-attaques", "cyberattaque", "cyber-attaque", "cyber attaques"}, kCyberattaques);
    check_row({"\"cyber attaques\"", "\"cyber-attaques\""}, kCyberSplit);
    check_row({"cyber"}, kCyberSplit);
}

TEST_CASE("french: phrases across elisions, apostrophes and case") {
    check_row({"\"alliance militaire\"", "\"l'alliance militaire\"", "\"L’Alliance militaire\""},
              {"otan-cyberattaques-2020-06.txt"});
    check_row({"\"état d'urgence\"", "\"ÉTAT D’URGENCE\"", "\"etat d’urgence\""},
              {"sante-hopitaux-covid-2020-03.txt", "sante-hopitaux-sans-accents-2020-04-02.txt"});
    // Glued full stop: "vigilance.Les autorités" reads as two sentences.
    check_row({"\"vigilance les autorités\""}, {"prefecture-bilan-annuel-2020-12-31.txt"});
}

TEST_CASE("french: a phrase matches other forms of its words (vigilances orange)") {
    // bulletin-2022-001 says "vigilances orange"; the phrase is stemmed like
    // every other query word.
    check_row({"\"vigilance orange\""},
              {"bulletin-2022-001", "meteo-canicule-latin1-2019-07.txt", "meteo-inondations-seine-2018-01-24.txt",
               "meteo-neige-2020-13.txt", "meteo-orages-crlf-bom-2021-04-30.txt",
               "meteo-tempete-cp1252-2020-02-29.txt"});
}

TEST_CASE("french: identifiers match exactly (CVE, CERTFR, versions, IPv4)") {
    check_row({"CVE-2021-44228", "cve-2021-44228"}, {"anssi-log4shell-2021-12-10.txt"});
    check_row({"CVE-2021-44229"}, {"certfr-passerelle-vpn-2021-12-14.txt"});
    check_row({"\"CVE-2021-44228\""}, {"anssi-log4shell-2021-12-10.txt"});
    check_row({"CERTFR-2020-AVI-001"}, {"certfr-avis-cms-2020-01-02.txt"});
    check_row({"CERTFR-2021-ALE-022"}, {"anssi-log4shell-2021-12-10.txt", "certfr-passerelle-vpn-2021-12-14.txt"});
    check_row({"2.14.1", "2.15.0"}, {"anssi-log4shell-2021-12-10.txt"});
    check_row({"4.2.1"}, {"certfr-passerelle-vpn-2021-12-14.txt"});
    check_row({"192.0.2.17"}, {"anssi-log4shell-2021-12-10.txt"});
    check_row({"198.51.100.23"}, {"certfr-passerelle-vpn-2021-12-14.txt"});
    check_row({"CVE-2022-0778"}, {"bulletin-2022-003"});
    check_row({"covid-19", "covid", "Covid-19"}, kCovid);
    check_row({"log4shell", "Log4Shell"}, {"anssi-log4shell-2021-12-10.txt", "certfr-passerelle-vpn-2021-12-14.txt"});
}

TEST_CASE("french: near-miss identifiers find nothing (exit 1)") {
    for (const std::string q : {"CVE-2021-44227", "192.0.2.18", "2.14.2", "CERTFR-2020-AVI-002"}) {
        INFO("query: " << q);
        const auto r = e2e::search({"--db", db(), "--format", "json", "--match", "all", q});
        CHECK(r.exit_code == 1);
        CHECK(r.out.find("\"hits\": []") != std::string::npos);
    }
}

TEST_CASE("french: encodings, BOM, glued sentences, invalid or missing dates are all searchable") {
    check_row({"cœur", "coeur", "œuvre", "oeuvre", "CŒUR"}, {"meteo-tempete-cp1252-2020-02-29.txt"});
    check_row({"façade", "facade", "brumisateurs", "FAÇADE"}, {"meteo-canicule-latin1-2019-07.txt"});
    check_row({"grêlons", "grelons"}, {"meteo-orages-crlf-bom-2021-04-30.txt"});
    check_row({"turbidité", "turbidite"}, {"eau-potable-sans-date.txt"});
    check_row({"congères"}, {"meteo-neige-2020-13.txt"});
    check_row({"palmipèdes"}, {"sante-grippe-aviaire-2021-02-30.txt"});
    check_row({"pétards", "petards"}, {"prefecture-bilan-annuel-2020-12-31.txt"});
    check_row({"bombardiers"}, {"protection-civile-feux-gironde-2022-08-10.txt"});
}

TEST_CASE("french: other rows of the table (canicule, vigilance, vaccins, inondations, rançongiciels)") {
    check_row({"canicule"}, kCanicule);
    check_row({"vigilance"},
              {"bulletin-2022-001", "bulletin-2022-004", "bulletin-2022-005",
               "interieur-urgence-attentat-2023-10-13.txt", "meteo-canicule-latin1-2019-07.txt",
               "meteo-inondations-seine-2018-01-24.txt", "meteo-neige-2020-13.txt",
               "meteo-orages-crlf-bom-2021-04-30.txt", "meteo-tempete-cp1252-2020-02-29.txt",
               "prefecture-bilan-annuel-2020-12-31.txt", "sante-mpox-2024-08-14.txt"});
    check_row({"vaccins", "vaccin", "vaccination"},
              {"bulletin-2022-005", "otan-cyberattaques-2020-06.txt", "sante-mpox-2024-08-14.txt",
               "sante-vaccination-2021-01-27.txt"});
    check_row({"inondations"}, {"meteo-inondations-seine-2018-01-24.txt", "protection-civile-rapport-2018.txt"});
    check_row({"rançongiciels", "rancongiciel"},
              {"anssi-panorama-menace-2023.txt", "bulletin-2022-002", "sante-hopital-rancongiciel-2021-02-16.txt"});
}

TEST_CASE("french: stopwords are ignored next to real words, and alone are searched without an error") {
    check_row({"la canicule", "les canicules"}, kCanicule);
    check_row({"des hôpitaux", "les HÔPITAUX"}, kHopital);
    // A query of stopwords only keeps them, as Xapian's parser does.
    const auto r = e2e::search({"--db", db(), "--format", "json", "--explain", "le la les"});
    CHECK(r.exit_code == 0);
    CHECK(r.json().at("xapian_query") == "Query((1.5 * Zle AND 1.5 * Zla AND Zle))");
}

TEST_CASE("query: prefix wildcard, folded like other words") {
    check_row({"hôp*", "hopit*", "Hôp*"}, kHopital);
    check_row({"canic*"}, kCanicule);
}

TEST_CASE("query: AND, OR, NOT, -word, +word and parentheses") {
    check_row({"alliance OR canicule"},
              {"bulletin-2022-001", "bulletin-2022-004", "diplomatie-etats-unis-2021-01-20.txt",
               "meteo-canicule-latin1-2019-07.txt", "otan-alliances-2019.txt", "otan-cyberattaques-2020-06.txt",
               "otan-cyberdefense-vilnius-2023-07-11.txt", "otan-sommet-bruxelles-2021-06-14.txt",
               "otan-ukraine-2022-02-24.txt"});
    const Ids alliance_not_ukraine = {"diplomatie-etats-unis-2021-01-20.txt", "otan-alliances-2019.txt",
                                      "otan-cyberattaques-2020-06.txt", "otan-cyberdefense-vilnius-2023-07-11.txt",
                                      "otan-sommet-bruxelles-2021-06-14.txt"};
    check_row({"alliance NOT ukraine", "alliance -ukraine", "alliance AND NOT ukraine"}, alliance_not_ukraine);
    check_row({"alliance AND (ukraine OR vilnius)", "alliance (ukraine OR vilnius)"},
              {"otan-cyberdefense-vilnius-2023-07-11.txt", "otan-ukraine-2022-02-24.txt"});
    check_row({"(alliance OR canicule) -otan"}, kCanicule);
    check_row({"covid NOT hôpitaux"},
              {"bulletin-2022-005", "prefecture-bilan-annuel-2020-12-31.txt", "sante-coronavirus-2020-02-25.txt"});
    check_row({"CVE-2021-44228 OR CVE-2021-44229"},
              {"anssi-log4shell-2021-12-10.txt", "certfr-passerelle-vpn-2021-12-14.txt"});
    // +word: alliance is required; canicule alone is not enough.
    const auto r = e2e::search_json(db(), {"+alliance canicule"});
    REQUIRE(r.exit_code == 0);
    CHECK(e2e::sorted(e2e::hit_ids(r)) == kAlliance);
}

TEST_CASE("query: NEAR") {
    check_row({"alliance NEAR militaire", "militaire NEAR alliance"}, {"otan-cyberattaques-2020-06.txt"});
    check_row({"alliance NEAR ukraine"}, {"otan-ukraine-2022-02-24.txt"});
}

TEST_CASE("query: title:, id: and source: fields") {
    check_row({"title:canicule"}, {"bulletin-2022-004", "meteo-canicule-latin1-2019-07.txt"});
    check_row({"title:\"vigilance rouge\""}, {"bulletin-2022-004", "meteo-canicule-latin1-2019-07.txt"});
    check_row({"id:otan-alliances-2019.txt"}, {"otan-alliances-2019.txt"});
    check_row({"id:bulletin-2022-003"}, {"bulletin-2022-003"});
    check_row({"id:bulletin-2022-003 OR id:otan-alliances-2019.txt"},
              {"bulletin-2022-003", "otan-alliances-2019.txt"});
    check_row({"alliance id:otan-ukraine-2022-02-24.txt"}, {"otan-ukraine-2022-02-24.txt"});
    // source:NAME, as --help documents it, with the source as written.
    check_row({"source:\"Vigie (corpus de test)\""}, {"bulletin-2022-001", "bulletin-2022-004"});
}

TEST_CASE("query: date: in the query combines with words") {
    check_row({"alliance date:2020-06"}, {"otan-cyberattaques-2020-06.txt"});
    check_row({"vigilance date:2022"}, {"bulletin-2022-001", "bulletin-2022-004", "bulletin-2022-005"});
    check_row({"hôpitaux date:2020-03..2020-06"},
              {"otan-cyberattaques-2020-06.txt", "sante-hopitaux-covid-2020-03.txt",
               "sante-hopitaux-sans-accents-2020-04-02.txt"});
}

TEST_CASE("query: broken syntax never fails - it is read as words with a notice on stderr") {
    struct Case {
        std::string query;
        int exit_code;
    };
    for (const Case& c : std::vector<Case>{{"\"alliance militaire", 0},
                                           {"AND", 1},
                                           {"alliance AND", 0},
                                           {"OR OR", 1},
                                           {"(alliance", 0},
                                           {"alliance)", 0},
                                           {"\"", 1},
                                           {"))((", 1}}) {
        INFO("query: " << c.query);
        const auto r = e2e::search({"--db", db(), "--format", "json", "--", c.query});
        CHECK(r.exit_code == c.exit_code);
        CHECK(r.err.find("vigie-search: note:") != std::string::npos);
        CHECK_NOTHROW(r.json());
        if (r.exit_code == 0) {
            CHECK_FALSE(r.json().at("notices").empty());
        }
    }
    // The unbalanced quote still finds the documents with both words.
    const auto r = e2e::search_json(db(), {"--match", "all", "\"alliance militaire"});
    REQUIRE(r.exit_code == 0);
    CHECK(e2e::sorted(e2e::hit_ids(r)) ==
          Ids{"otan-cyberattaques-2020-06.txt", "otan-cyberdefense-vilnius-2023-07-11.txt"});
}

TEST_CASE("query: lone operators and empty fields end with 0 or 1, never an error") {
    for (const std::string q : {"-", "+", "*", "title:", "id:", "NOT", "NEAR", "alliance NEAR", "()", "\"\""}) {
        INFO("query: " << q);
        const auto r = e2e::search({"--db", db(), "--format", "json", "--", q});
        CHECK((r.exit_code == 0 || r.exit_code == 1));
        CHECK_NOTHROW(r.json());
        CHECK(r.err.find("error") == std::string::npos);
    }
}
