// The words a snippet highlights, read from the query tree: every word,
// phrase and prefix* the query asks for, none of those it excludes.
#pragma once

#include "query/syntax_tree.hpp"
#include "query/word_analysis.hpp"
#include "search/matched_terms.hpp"

namespace vigie::query {

MatchedTerms highlights(const Node& root, WordAnalysis& words, bool keep_stopwords);

}  // namespace vigie::query
