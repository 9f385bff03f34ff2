// "Did you mean": corrections from the index's own word forms.
#include <catch2/catch.hpp>

#include <xapian.h>

#include <string>

#include "search/suggestion.hpp"

namespace {

// An in-memory index whose unprefixed terms are the folded forms given,
// each in `frequency` documents.
Xapian::WritableDatabase vocabulary(const std::vector<std::pair<std::string, int>>& words) {
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    for (const auto& [word, frequency] : words)
        for (int i = 0; i < frequency; ++i) {
            Xapian::Document doc;
            doc.add_term(word);
            doc.add_term("Z" + word);  // a key: prefixed terms are never candidates
            db.add_document(doc);
        }
    return db;
}

}  // namespace

TEST_CASE("edit distance: insertions, deletions, substitutions, and swaps of neighbours as one") {
    using vigie::edit_distance;
    CHECK(edit_distance("microsoft", "microsoft", 2) == 0);
    CHECK(edit_distance("microsfot", "microsoft", 2) == 1);  // fo/of swapped
    CHECK(edit_distance("exchnage", "exchange", 2) == 1);
    CHECK(edit_distance("hopitale", "hopital", 2) == 1);
    CHECK(edit_distance("cyberataque", "cyberattaque", 2) == 1);
    CHECK(edit_distance("vulnerabilitee", "vulnerabilite", 2) == 1);
    CHECK(edit_distance("alerte", "alertes", 2) == 1);
    CHECK(edit_distance("abcdef", "badcfe", 2) == 3);  // three swaps: over the limit
    CHECK(edit_distance("court", "beaucoup", 2) == 3);
}

TEST_CASE("speller: the most frequent word within two edits, for absent or far rarer words") {
    const auto db = vocabulary({{"microsoft", 40}, {"microsofts", 2}, {"exchange", 30}, {"hopital", 25},
                                {"hopitaux", 60}, {"echange", 5}, {"microsfot", 1}, {"alerte", 50}});
    const vigie::Speller speller(db);
    CHECK(speller.correct("microsfot") == "microsoft");  // 40 times as frequent
    CHECK(speller.correct("exchnage") == "exchange");    // absent
    // Both within two edits: the most frequent first.
    CHECK(speller.correct("hopitale") == "hopitaux");
    // Words the index holds often enough, short words, words with digits
    // and words with nothing near stay as they are.
    CHECK(speller.correct("microsoft").empty());
    CHECK(speller.correct("alerte").empty());
    CHECK(speller.correct("alrt").empty());
    CHECK(speller.correct("micro5oft").empty());
    CHECK(speller.correct("zzzzzzzz").empty());
    CHECK(speller.unknown("exchnage"));
    CHECK_FALSE(speller.unknown("exchange"));
}

TEST_CASE("suggestion: the query with its corrected words replaced, the rest as typed") {
    const auto db = vocabulary({{"microsoft", 40}, {"exchange", 30}, {"serveur", 10}});
    const vigie::Speller speller(db);
    CHECK(vigie::suggestion(speller, "microsfot Exchnage", {"microsfot", "exchnage"}) == "microsoft exchange");
    CHECK(vigie::suggestion(speller, "title:Serveur l'Exchnage 2019", {"exchnage"}) == "title:Serveur l'exchange 2019");
    // Only the words asked about (not an excluded one).
    CHECK(vigie::suggestion(speller, "serveur -microsfot", {"serveur"}).empty());
    CHECK(vigie::suggestion(speller, "serveur exchange", {"serveur", "exchange"}).empty());
}
