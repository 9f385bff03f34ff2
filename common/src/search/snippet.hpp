// Snippets: the best passage of a communiqué's text, as written, with every
// word that matched the query marked, whatever its form (stem, accents,
// elision, compound or identifier).
#pragma once

#include <xapian.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include "analysis/tokenizer.hpp"

namespace vigie {

struct Snippet {
    std::string text;  // whitespace collapsed, control characters replaced
    // Highlighted spans as [begin, end) offsets in code points into text.
    std::vector<std::pair<std::size_t, std::size_t>> highlights;
};

// The index terms a document matched, reduced to what a word can match.
class MatchedTerms {
public:
    // From Xapian terms (Zallianc, militaire, ZSotan, cve_2021_44228...);
    // field prefixes are dropped, id and filter terms ignored.
    void add_index_term(const std::string& term);
    // Any word starting with prefix (a prefix* query word).
    void add_prefix(const std::string& prefix);
    bool empty() const { return raw_.empty() && keys_.empty() && prefixes_.empty(); }
    // Whether a folded term (with its key) is one of them.
    bool matches(const std::string& raw, const std::string& key) const;
    // A cheap test that rules most words out before they are stemmed: a
    // key keeps the first two letters of its word (see WordHeads).
    bool may_match(const std::string& raw) const;
    // How the matched terms begin, to skip the words that cannot be one.
    const WordHeads& heads() const { return heads_; }

private:
    bool has_prefix(const std::string& raw) const;

    std::unordered_set<std::string> raw_;
    std::unordered_set<std::string> keys_;
    std::vector<std::string> prefixes_;
    WordHeads heads_;  // of every key, raw term and prefix
};

// Where the words of text that matched are, as [begin, end) byte offsets;
// every_token reads all tokens, the slow reference of the quick scan.
std::vector<std::pair<std::size_t, std::size_t>> match_spans(std::string_view text, const MatchedTerms& matched,
                                                             Xapian::Stem& stem, bool every_token = false);

// Picks the window of at most max_chars characters with the most distinct
// matches (the start of the text when nothing matches), cut at word
// boundaries and never inside a UTF-8 character.
Snippet make_snippet(std::string_view text, const MatchedTerms& matched, std::size_t max_chars,
                     Xapian::Stem& stem);

}  // namespace vigie
