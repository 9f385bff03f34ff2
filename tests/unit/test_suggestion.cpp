// "Did you mean": corrections from the index's own word forms.
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <xapian.h>

#include <string>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "index/stored_dictionary.hpp"
#include "index/terms.hpp"
#include "search/suggestion.hpp"
#include "vigie/indexer.hpp"

namespace {

// An index of the texts given, one communiqué each, with the speller's
// inputs: its database, French keys and stored-fields dictionaries.
struct Vocabulary {
    std::filesystem::path dir;
    Xapian::Database db;
    vigie::TermMaker terms;
    vigie::Dictionaries dictionaries;
    explicit Vocabulary(const std::vector<std::pair<std::string, int>>& texts) {
        dir = std::filesystem::temp_directory_path() /
              ("vigie-speller-" + std::to_string(::getpid()) + "-" + std::to_string(counter()++));
        std::filesystem::remove_all(dir);
        std::filesystem::create_directories(dir / "in");
        int n = 0;
        for (const auto& [text, copies] : texts)
            for (int i = 0; i < copies; ++i)
                // Names that sort as written: documents are numbered in order.
                std::ofstream(dir / "in" / fmt::format("d{:05}.txt", n++)) << "Note " << n << ". " << text << "\n";
        vigie::IndexOptions opts;
        opts.db_path = (dir / "db").string();
        opts.inputs = {(dir / "in").string()};
        REQUIRE(vigie::run_indexer(opts, {}, nullptr).skipped == 0);
        db = Xapian::Database(opts.db_path);
        dictionaries = vigie::Dictionaries(vigie::StoredDictionary::load(db));
    }
    ~Vocabulary() { std::filesystem::remove_all(dir); }
    static int& counter() {
        static int c = 0;
        return c;
    }
    vigie::Speller speller() { return vigie::Speller(db, terms, dictionaries); }
};

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

TEST_CASE("speller: the most frequent form within two edits, from the index's keys and its texts") {
    Vocabulary v({{"Microsoft corrige Exchange.", 40}, {"Les hôpitaux sont pleins.", 6}, {"Un hôpital ferme.", 3},
                  {"Plusieurs vulnérabilités graves.", 2}, {"Une cyberattaque vise une mairie.", 2},
                  {"Alerte orange.", 50}, {"Un échange de vues.", 5}, {"microsfot écrit ainsi.", 1}});
    const vigie::Speller speller = v.speller();
    CHECK(speller.correct("microsfot") == "microsoft");  // 40 times as frequent
    CHECK(speller.correct("exchnage") == "exchange");    // absent
    // The key of hôpital, whose texts never write hopitale: the form they
    // write most.
    CHECK(speller.correct("hopitale") == "hôpitaux");  // as the texts write it
    // The stemmer cuts vulnérabilitée elsewhere than vulnérabilités.
    CHECK(speller.correct("vulnerabilitee") == "vulnérabilités");
    CHECK(speller.correct("cyberataque") == "cyberattaque");
    // Words the texts write, short words, words with digits and words with
    // nothing near stay as they are.
    CHECK(speller.correct("microsoft").empty());
    CHECK(speller.correct("hopital").empty());
    CHECK(speller.correct("alerte").empty());
    CHECK(speller.correct("alrt").empty());
    CHECK(speller.correct("micro5oft").empty());
    CHECK(speller.correct("zzzzzzzz").empty());
    CHECK(speller.unknown("exchnage"));
    CHECK_FALSE(speller.unknown("exchange"));
    CHECK_FALSE(speller.unknown("hopitale"));  // its key is hôpital's
}

TEST_CASE("speller: forms read across the whole index, the nearest keys first") {
    // The key's first documents write another form than its later ones
    // (an index grows in time): both are read.
    Vocabulary v({{"Les confins du pays.", 40}, {"Le confinement commence.", 40}, {"Microsoft corrige.", 5},
                  {"Un micro tendu.", 30}, {"Des micros partout.", 30}, {"Le macro-économiste parle.", 30},
                  {"La minorité vote.", 30}, {"La misère gagne.", 30}, {"Un microbe isolé.", 30},
                  {"Le microscope prêt.", 30}, {"Les mimosas fleurissent.", 30}, {"La milice arrive.", 30}});
    const vigie::Speller speller = v.speller();
    CHECK(speller.correct("confinment") == "confinement");
    // Eight keys more frequent than microsoft's lie within two edits of a
    // beginning of microsfot; microsoft's, one edit from its key, is read.
    CHECK(speller.correct("microsfot") == "microsoft");
}

TEST_CASE("speller: a word the texts write is never corrected, however rarer than a neighbour") {
    // halte's key (halt) is 30 times rarer than haut's, one edit away;
    // three texts write "halte": it is a word (a false "did you mean: haut"
    // on the TV news before).
    Vocabulary v({{"Le mur est haut.", 90}, {"Une halte sur la route.", 3}});
    const vigie::Speller speller = v.speller();
    CHECK(speller.correct("halte").empty());
    CHECK(speller.correct("hautte") == "haut");
}

TEST_CASE("suggestion: the query with its corrected words replaced, the rest as typed") {
    Vocabulary v({{"Microsoft corrige Exchange.", 40}, {"Le serveur.", 10}});
    const vigie::Speller speller = v.speller();
    CHECK(vigie::suggestion(speller, "microsfot Exchnage", {"microsfot", "exchnage"}) == "microsoft exchange");
    CHECK(vigie::suggestion(speller, "title:Serveur l'Exchnage 2019", {"exchnage"}) == "title:Serveur l'exchange 2019");
    // Only the words asked about (not an excluded one).
    CHECK(vigie::suggestion(speller, "serveur -microsfot", {"serveur"}).empty());
    CHECK(vigie::suggestion(speller, "serveur exchange", {"serveur", "exchange"}).empty());
}
