// The French analysis of a query's words: the indexer's tokenizer and term
// maker, plus what the index learnt of compounds (their spaced spellings).
// Shared by the stages that read the tree: Xapian query, highlights,
// --explain.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "analysis/tokenizer.hpp"
#include "index/terms.hpp"

namespace vigie::query {

// Spaced spellings seen for a compound, by the key of its joined form
// ("cyberattaqu" -> {"cyber attaques"}); empty when unknown.
using CompoundLexicon = std::function<std::vector<std::string>(const std::string& joined_key)>;

class WordAnalysis {
public:
    WordAnalysis(TermMaker& terms, CompoundLexicon lexicon) : terms_(terms), lexicon_(std::move(lexicon)) {}

    // The tokens of a query chunk, as a document's text would give them.
    std::vector<Token> tokens(std::string_view text) const;
    static bool is_stopword(const Token& token);
    // What prefix* matches words against, from its last token: a
    // compound's parts joined (cyber-att* -> cyberatt), an identifier's
    // own term.
    static std::string wildcard_prefix(const Token& token);
    static bool all_stopwords(const std::vector<Token>& tokens);

    // The bare keys (no prefix) a token has positions for: one for a word
    // or identifier, one per part for a compound.
    std::vector<std::string> position_keys(const Token& token);
    std::string key(const std::string& folded) { return terms_.key(folded); }

    // Spaced spellings the index met for the joined word (memoised: a
    // metadata lookup each).
    const std::vector<std::string>& spellings(const std::string& joined_folded);

    TermMaker& terms() { return terms_; }

private:
    TermMaker& terms_;
    CompoundLexicon lexicon_;
    std::unordered_map<std::string, std::vector<std::string>> spellings_;
};

}  // namespace vigie::query
