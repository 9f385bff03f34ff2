// The first stage of querying: the user's text is rewritten with the
// index's French rules (elisions, case, accents, compounds, identifiers)
// while its syntax (quotes, operators, field prefixes) is kept, so that
// Xapian's QueryParser meets exactly the terms the indexer made.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "document/dates.hpp"

namespace vigie {

// Spaced spellings seen for a compound, by the key of its joined form
// ("cyberattaqu" -> {"cyber attaques"}); empty when unknown.
using CompoundLexicon = std::function<std::vector<std::string>(const std::string& joined_key)>;
// Key of a folded word (the index's stemmer).
using KeyFunction = std::function<std::string(const std::string& folded_word)>;

struct RewrittenQuery {
    std::string text;
    bool plain = false;          // syntax dropped: read as plain words
    std::string plain_reason;    // why, for the notice
    std::vector<std::string> wildcards;  // prefixes of prefix* words, folded
    std::vector<DateRange> dates;        // of the date: terms
    bool has_alternatives = false;       // OR, NOT or XOR: terms may not all apply
};

// Rewrites a query. With plain, or when quotes or brackets do not balance,
// syntax characters and operators are dropped and the words kept.
// Throws vigie::Error naming the value when a date: term is not a date.
RewrittenQuery rewrite_query(const std::string& query, bool plain, const CompoundLexicon& lexicon,
                             const KeyFunction& key);

// Operators of the query syntax, kept as written (uppercase only).
bool is_query_operator(const std::string& word);

}  // namespace vigie
