// The terms a word gives in the index. Documents and queries both make
// their terms here, so that a query word yields exactly the terms the same
// word yields in a communiqué.
#pragma once

#include <xapian.h>

#include <string>
#include <string_view>
#include <vector>

#include "analysis/tokenizer.hpp"

namespace vigie {

// What one token gives, for a field (its schema prefix). The index keeps
// no positions (phrases are confirmed on the stored text, query/checks.hpp)
// but the keys still come one per position of the text.
struct TokenTerms {
    // Key terms, one per position: a word or identifier has one, a
    // compound one per part (cyber-attaques: Zcyb Zattaqu).
    std::vector<std::string> positional;
    // Key terms without a position: a compound's joined word
    // (Zcyberattaqu), an identifier's parts (covid finds covid-19).
    std::vector<std::string> unpositioned;
};

// The keys token has positions for in the index, in order: terms_of()'s
// positional terms without their prefix (one for a word or identifier, one
// per part of a compound, none for a token that folds to nothing). Phrases,
// NEAR and the proximity re-ranking read positions from the stored text
// with it, as the index would have counted them.
void position_keys(const Token& token, Xapian::Stem& stem, std::vector<std::string>& out);
// How many keys position_keys() gives, without stemming them.
Xapian::termpos position_count(const Token& token);

// One per thread: it owns a memoising stemmer.
class TermMaker {
public:
    TermMaker();

    // The French key of a folded word (stem, accents folded).
    std::string key(const std::string& folded);
    // Z<prefix><key>: what a word of the field is found by.
    std::string key_term(std::string_view prefix, const std::string& folded);

    // The terms of token in the field with this prefix (replaces out).
    void terms_of(const Token& token, std::string_view prefix, TokenTerms& out);

    // The parts of a compound or identifier term, or the term itself.
    static std::vector<std::string> parts(const Token& token);

    Xapian::Stem& stemmer() { return stem_; }

private:
    Xapian::Stem stem_;
};

}  // namespace vigie
