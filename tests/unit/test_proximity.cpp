// The re-ranking read from the stored text: positions counted as the index
// counts them (terms.hpp), BM25TP's gathered idfs, exact forms.
#include <catch2/catch.hpp>

#include "analysis/french_stem.hpp"
#include "analysis/tokenizer.hpp"
#include "index/terms.hpp"
#include "search/neighbours.hpp"
#include "search/proximity.hpp"
#include "search/snippet_scan.hpp"

namespace {

Xapian::Stem& stem() {
    static Xapian::Stem s = vigie::make_french_stem();
    return s;
}

// Query words by their folded forms, idf 1 each.
std::vector<vigie::proximity::Word> words(std::initializer_list<const char*> forms) {
    std::vector<vigie::proximity::Word> out;
    for (const char* f : forms) {
        vigie::proximity::Word w;
        w.key = stem()(f);
        w.forms = {f};
        w.idf = 1;
        out.push_back(w);
    }
    return out;
}

vigie::proximity::Evidence read(std::string_view text, const std::vector<vigie::proximity::Word>& ws,
                                Xapian::termcount weight = 1, bool with_neighbours = false) {
    vigie::MatchedTerms sought;
    for (const auto& w : ws) {
        sought.add_key(w.key);
        if (with_neighbours) sought.add_neighbours_of(w.key);
    }
    vigie::proximity::Evidence e(ws.size());
    vigie::proximity::read_text(text, ws, sought, stem(), weight, e);
    return e;
}

}  // namespace

TEST_CASE("position keys: what terms_of gives positions for, one per position") {
    vigie::TermMaker terms;
    vigie::TokenTerms out;
    std::vector<std::string> keys;
    vigie::Tokenizer tokenizer("Les cyber-attaques visent CVE-2021-44228 et l'hôpital");
    vigie::Token token;
    while (tokenizer.next(token)) {
        terms.terms_of(token, "", out);
        vigie::position_keys(token, stem(), keys);
        REQUIRE(keys.size() == out.positional.size());
        CHECK(vigie::position_count(token) == keys.size());
        for (std::size_t i = 0; i < keys.size(); ++i) CHECK("Z" + keys[i] == out.positional[i]);
    }
}

TEST_CASE("proximity: two words side by side gather each other's idf; far apart, nothing") {
    const auto ws = words({"renforcer", "equipes"});
    const auto together = read("Macron vient de renforcer les équipes médicales.", ws);
    CHECK(together.occurrences == std::vector<Xapian::termcount>{1, 1});
    // Two positions apart: 1 / 2².
    CHECK(together.gathered[0] == Approx(0.25));
    CHECK(together.gathered[1] == Approx(0.25));
    const auto apart = read("Il faut renforcer la sécurité du site, dit-on ici et là depuis longtemps, partout en "
                            "France et ailleurs, avant que les équipes ne partent.",
                            ws);
    CHECK(apart.gathered[0] == 0);
    CHECK(vigie::proximity::proximity_score(ws, together) > vigie::proximity::proximity_score(ws, apart));
    CHECK(vigie::proximity::proximity_score(ws, apart) == 0);
}

TEST_CASE("proximity: a compound's parts are a position each, as indexed") {
    const auto ws = words({"cyber", "mairie"});
    // cyber-attaques takes two positions: mairie is two after cyber.
    const auto e = read("Une cyber-attaques mairie.", ws);
    CHECK(e.gathered[0] == Approx(1.0 / 4));
}

TEST_CASE("exact forms: occurrences written as typed are counted, a title's weight times") {
    auto ws = words({"fonde"});
    const auto e = read("Ils sont fondés, elle est fondée, il a fondé.", ws, 3);
    CHECK(e.occurrences[0] == 9);
    CHECK(e.exact[0] == 3);
    CHECK(vigie::proximity::exact_score(64, 2, 1, 100, 10) > 0);
    CHECK(vigie::proximity::exact_score(64, 2, 0, 100, 10) == 0);
    CHECK(vigie::proximity::exact_score(64, 2, 2, 100, 10) > vigie::proximity::exact_score(64, 2, 1, 100, 10));
}

TEST_CASE("a title made from the body's first sentence is not read twice") {
    CHECK(vigie::proximity::title_from_body("Alerte canicule", "  Alerte canicule sur le département."));
    CHECK(vigie::proximity::title_from_body("Alerte canicule sur le…", "Alerte canicule sur le département."));
    CHECK_FALSE(vigie::proximity::title_from_body("Canicule", "Alerte canicule sur le département."));
}

TEST_CASE("neighbours: keys the stemmer keeps apart, one the beginning of the other") {
    using vigie::neighbours;
    CHECK(stem()("bresiliennes") != stem()("bresil"));
    CHECK(neighbours(stem()("bresiliennes"), stem()("bresil")));
    CHECK(neighbours(stem()("espagnols"), stem()("espagne")));
    CHECK(neighbours(stem()("revolutionnaire"), stem()("revolution")));
    CHECK(neighbours("europeen", "europ"));
    CHECK_FALSE(neighbours("bresil", "bresil"));  // the same key is no neighbour
    CHECK_FALSE(neighbours("parti", "part"));     // too short
    CHECK_FALSE(neighbours("chinois", "chin"));
    CHECK_FALSE(neighbours("musical", "musiqu"));  // the shorter one is not the common beginning
    CHECK_FALSE(neighbours("constat", "constru"));
}

TEST_CASE("neighbours: found by the scan when asked, marked, left out of the snippets' matches") {
    const std::string text = "Le Brésil et les Brésiliens accueillent les Jeux.";
    vigie::MatchedTerms keys;
    keys.add_key(stem()("bresiliennes"));
    CHECK(vigie::find_matches(text, keys, stem()).size() == 1);  // Brésiliens, the same key
    vigie::MatchedTerms with = keys;
    with.add_neighbours_of(stem()("bresiliennes"));
    CHECK(with == keys);  // the same words for the snippets
    auto matches = vigie::find_matches(text, with, stem());
    REQUIRE(matches.size() == 2);
    CHECK(matches[0].neighbour);
    CHECK(matches[0].what == stem()("bresil"));
    CHECK_FALSE(matches[1].neighbour);
    vigie::drop_neighbours(matches);
    CHECK(matches.size() == 1);
    const auto plain = vigie::find_matches(text, keys, stem());
    CHECK(matches[0].begin == plain[0].begin);
    CHECK(matches[0].what == plain[0].what);
}

TEST_CASE("neighbours: a fraction of an occurrence of the word, in its score") {
    const auto ws = words({"bresiliennes", "villes"});
    const auto e = read("Les villes du Brésil.", ws, 3, true);
    CHECK(e.occurrences == std::vector<Xapian::termcount>{0, 3});
    CHECK(e.neighbours == std::vector<Xapian::termcount>{3, 0});
    CHECK(read("Les villes du Brésil.", ws).neighbours == std::vector<Xapian::termcount>{0, 0});
    // A neighbour adds less than an occurrence would, and adds less where
    // the word is there already.
    using vigie::proximity::neighbour_score;
    const double one = neighbour_score(0, 1, 100, 1000, 10);
    CHECK(one > 0);
    CHECK(neighbour_score(0, 0, 100, 1000, 10) == 0);
    CHECK(neighbour_score(0, 2, 100, 1000, 10) > one);
    CHECK(neighbour_score(2, 1, 100, 1000, 10) < one);
    CHECK(neighbour_score(0, 1, 100, 1000, 500) < one);  // a commoner word
}

TEST_CASE("spans: the idf of the words found within a few words of one another") {
    auto ws = words({"renforcer", "equipes", "medicales"});
    ws[2].idf = 2;
    const auto together = read("Macron vient de renforcer les équipes médicales.", ws);
    CHECK(together.span == Approx(4));
    // Each word far from the others: the best span holds one, the rarest.
    const auto apart = read("Il faut renforcer la sécurité du site, dit-on ici et là depuis longtemps, partout en "
                            "France et ailleurs, avant que les équipes ne partent, avec des moyens "
                            "supplémentaires de toutes sortes, médicales.",
                            ws);
    CHECK(apart.span == Approx(2));
    // The same word twice counts once.
    CHECK(read("renforcer, renforcer", ws).span == Approx(1));
    CHECK(vigie::proximity::span_score(together) > vigie::proximity::span_score(apart));
}
