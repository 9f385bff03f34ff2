// The tests a query's candidates pass (query/checks): their answers, and
// the order they are asked in, postings before stored text.
#include <catch2/catch.hpp>

#include <set>
#include <string>

#include "index/terms.hpp"
#include "query/checks.hpp"

namespace {

using vigie::query::TextField;

// A candidate with some terms and one body text, counting how often its
// text is asked for (a document read, inflated and scanned, in the engine).
class CountingCandidate : public vigie::query::Candidate {
public:
    CountingCandidate(std::set<std::string> terms, std::string body, Xapian::Stem& stem)
        : terms_(std::move(terms)), body_(std::move(body)), stem_(stem) {}
    bool has_term(const std::string& term) override { return terms_.count(term) > 0; }
    std::string_view text(TextField field) override {
        ++text_reads;
        return field == TextField::Body ? std::string_view(body_) : std::string_view();
    }
    Xapian::Stem& stemmer() override { return stem_; }
    int text_reads = 0;

private:
    std::set<std::string> terms_;
    std::string body_;
    Xapian::Stem& stem_;  // the index's keys: TermMaker's
};

}  // namespace

TEST_CASE("checks: a test answered from postings spares reading the text") {
    using namespace vigie::query;
    // "faille de sécurité" OR vulnérabilité, written phrase first.
    vigie::TermMaker terms;
    const TestPtr phrase = sequence({terms.key("faille"), terms.key("de"), terms.key("securite")}, {TextField::Body});
    const TestPtr any = any_of({phrase, any_term({"Zvulner"})});
    CHECK(any->reads_text());

    CountingCandidate with_word({"Zvulner"}, "une faille de sécurité", terms.stemmer());
    CHECK(any->matches(with_word));
    CHECK(with_word.text_reads == 0);

    CountingCandidate without_word({}, "une faille de sécurité", terms.stemmer());
    CHECK(any->matches(without_word));
    CHECK(without_word.text_reads > 0);

    // AND: a term missing answers at once.
    const TestPtr all = all_of({phrase, any_term({"Zcisco"})});
    CountingCandidate no_cisco({"Zvulner"}, "une faille de sécurité", terms.stemmer());
    CHECK_FALSE(all->matches(no_cisco));
    CHECK(no_cisco.text_reads == 0);

    CHECK_FALSE(any_term({"Zcisco"})->reads_text());
}
