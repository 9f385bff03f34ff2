// The pieces of the analyst views: identifiers, the copy measure, timelines.
#include <catch2/catch.hpp>

#include "index/copies.hpp"
#include "index/identifiers.hpp"
#include "search/match_set.hpp"

TEST_CASE("identifiers: CVE ids and CERT-FR / CERTA references, once each, in capitals") {
    vigie::Identifiers found;
    vigie::find_identifiers(
        "Avis certfr-2021-avi-951 (voir CERTA-2008-AVI-001) : CVE-2021-44228, CVE\u20112021\u201144228, "
        "cve-2022-0778 ; pas CVE-21-1, ni CERTFR-2021-951, ni CERTFR-AVI-2021-001.",
        found);
    CHECK(found.cves == std::vector<std::string>{"CVE-2021-44228", "CVE-2022-0778"});
    CHECK(found.refs == std::vector<std::string>{"CERTFR-2021-AVI-951", "CERTA-2008-AVI-001"});
    CHECK(vigie::identifier_value("cve-2021-44228") == "CVE-2021-44228");
    CHECK(vigie::identifier_value("CertFR-2021-ale-022") == "CERTFR-2021-ALE-022");
    CHECK(vigie::identifier_value("whatever") == "WHATEVER");
}

TEST_CASE("copies: the Jaccard similarity of three-word shingles tells copies from texts on a topic") {
    using vigie::copies::jaccard;
    using vigie::copies::shingles;
    const std::string text =
        "Les pluies diluviennes frappent les Cévennes depuis la nuit dernière. Les cours d'eau montent vite et "
        "plusieurs routes sont coupées entre Alès et Anduze. Les habitants des zones basses doivent rejoindre les "
        "étages. Un centre d'accueil est ouvert au gymnase municipal. Les secours ont réalisé trente mises à "
        "l'abri. Les écoles resteront fermées demain dans vingt communes du département. La préfecture suit la "
        "situation heure par heure avec les maires.";
    CHECK(jaccard(shingles(text), shingles(text)) == 1.0);
    // Case, accents and punctuation are not differences.
    std::string shouted = text;
    for (char& c : shouted) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    CHECK(jaccard(shingles(text), shingles(shouted)) >= 0.95);
    // A word changed and a few added: a copy still.
    std::string edited = text;
    edited.replace(edited.find("gymnase municipal"), 17, "gymnase communal");
    edited.replace(edited.find("trente mises"), 12, "une trentaine de mises");
    CHECK(jaccard(shingles(text), shingles(edited)) >= vigie::copies::kThreshold);
    // A sentence rewritten in a text of seven: not nearly identical.
    std::string rewritten = text;
    rewritten.replace(rewritten.find("Un centre d'accueil est ouvert au gymnase municipal."), 52,
                      "Le gymnase municipal accueille les sinistrés.");
    CHECK(jaccard(shingles(text), shingles(rewritten)) < vigie::copies::kThreshold);
    const std::string topic =
        "Dans les Cévennes, les pluies diluviennes ont coupé les routes près d'Alès ; le gymnase accueille les "
        "habitants évacués et les écoles restent fermées. La préfecture appelle à la prudence.";
    CHECK(jaccard(shingles(text), shingles(topic)) < 0.2);
    // Band terms: equal texts share them all.
    vigie::copies::Shingler a, b;
    a.clear();
    b.clear();
    for (const char* w : {"les", "pluies", "diluviennes", "frappent", "les", "cevennes"}) a.add(w), b.add(w);
    CHECK(a.band_terms() == b.band_terms());
    CHECK(a.band_terms().size() == static_cast<std::size_t>(vigie::copies::kBands));
}

TEST_CASE("timeline: every period of the span, the coarser and undated apart") {
    using vigie::TimelineUnit;
    const std::vector<std::pair<std::string, std::size_t>> dates = {
        {"2021", 2}, {"202103", 1}, {"20210315", 3}, {"20210601", 1}, {"2022", 1}};
    const auto years = vigie::make_timeline(TimelineUnit::Year, dates, 10, std::nullopt);
    REQUIRE(years.periods.size() == 2);
    CHECK(years.periods[0].period == "2021");
    CHECK(years.periods[0].count == 7);
    CHECK(years.periods[1].count == 1);
    CHECK(years.undated == 2);
    CHECK(years.coarser == 0);
    const auto months = vigie::make_timeline(TimelineUnit::Month, dates, 10, std::nullopt);
    CHECK(months.periods.size() == 4);  // 2021-03 .. 2021-06
    CHECK(months.periods[0].period == "2021-03");
    CHECK(months.periods[0].count == 4);
    CHECK(months.periods[1].count == 0);
    CHECK(months.coarser == 3);
    const auto days = vigie::make_timeline(TimelineUnit::Day, dates, 10, vigie::DateRange{"20210228", "20210302"});
    REQUIRE(days.periods.size() == 3);
    CHECK(days.periods[1].period == "2021-03-01");
    CHECK(days.coarser == 4);
}
