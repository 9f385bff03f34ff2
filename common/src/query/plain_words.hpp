// The query's plain words, folded: those it looks for in the text (not
// excluded, not in a field, not stopwords), which "did you mean" checks.
#pragma once

#include <string>
#include <vector>

#include "query/syntax_tree.hpp"
#include "query/word_analysis.hpp"

namespace vigie::query {

std::vector<std::string> plain_words(const Node& root, WordAnalysis& words);

}  // namespace vigie::query
