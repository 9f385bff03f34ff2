// Whether a candidate document truly matches a query. The index holds no
// positions and no word forms, only keys (a third of the size): Xapian finds
// the candidates of a phrase by its words, of NEAR by its words, of prefix*
// by the keys that can begin so, and these tests confirm each candidate on
// its stored text, read with the indexer's own tokenizer, as a snippet
// reads it. A query without phrases, NEAR or wildcards needs no test.
#pragma once

#include <xapian.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace vigie::query {

// The texts a field's words come from.
enum class TextField { Title, Body, Source };

// A candidate document, as tests read it.
class Candidate {
public:
    virtual ~Candidate() = default;
    // Whether it holds the term (one of the query's).
    virtual bool has_term(const std::string& term) = 0;
    virtual std::string_view text(TextField field) = 0;
    virtual Xapian::Stem& stemmer() = 0;
};

class Test {
public:
    virtual ~Test() = default;
    virtual bool matches(Candidate& candidate) const = 0;
    // Whether matching may read the candidate's stored text (a document
    // read, inflated and scanned) rather than its terms' postings alone.
    virtual bool reads_text() const { return false; }
};
using TestPtr = std::shared_ptr<const Test>;

// The fields whose texts a field prefix's words come from ("": title and
// body; S: title; XS: source).
std::vector<TextField> fields_of(std::string_view prefix);

TestPtr always();
TestPtr never();
TestPtr any_term(std::vector<std::string> terms);
// The keys stand in a row in one of the fields (a phrase; a compound's parts).
TestPtr sequence(std::vector<std::string> keys, std::vector<TextField> fields);
// The keys stand within window positions (in that order when ordered).
TestPtr near(std::vector<std::string> keys, unsigned window, bool ordered, std::vector<TextField> fields);
// A word of the fields starts with the folded prefix.
TestPtr prefix(std::string folded, std::vector<TextField> fields);
TestPtr all_of(std::vector<TestPtr> tests);
TestPtr any_of(std::vector<TestPtr> tests);
TestPtr one_of(std::vector<TestPtr> tests);  // exactly one (XOR)
TestPtr and_not(TestPtr kept, std::vector<TestPtr> removed);
// kept, with maybe's value not needed (AND_MAYBE): kept alone.
inline TestPtr and_maybe(TestPtr kept) { return kept; }

}  // namespace vigie::query
