// The query after French analysis, written back in the query language
// (l'Alliance -> alliance, hôp* -> hop*): what --explain shows as
// "rewritten".
#pragma once

#include <string>

#include "query/syntax_tree.hpp"
#include "query/word_analysis.hpp"

namespace vigie::query {

std::string analysed_text(const Node& root, WordAnalysis& words, bool keep_stopwords);

}  // namespace vigie::query
