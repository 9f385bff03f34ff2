// The re-ranking read from the stored text: positions counted as the index
// counts them (terms.hpp), BM25TP's gathered idfs, exact forms.
#include <catch2/catch.hpp>

#include "analysis/french_stem.hpp"
#include "analysis/tokenizer.hpp"
#include "index/terms.hpp"
#include "search/proximity.hpp"

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
                                Xapian::termcount weight = 1) {
    vigie::MatchedTerms sought;
    for (const auto& w : ws) sought.add_key(w.key);
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
