// The last stage of a query: the tree (syntax_tree.hpp) becomes a
// Xapian::Query made of the very terms the indexer writes (terms.hpp).
#pragma once

#include <xapian.h>

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "query/syntax_tree.hpp"
#include "query/word_analysis.hpp"

namespace vigie::query {

// Whether a query's stopwords count: they are dropped from its words
// unless the query has nothing else to search (then "le" finds "le").
bool keeps_stopwords(const Node& root, WordAnalysis& words);

class Xapianizer {
public:
    // Bounds the terms that prefix* words expand to, over the whole query.
    static constexpr std::size_t kWildcardTermBudget = 2000;

    Xapianizer(const Xapian::Database& db, WordAnalysis& words, bool keep_stopwords);

    // default_op joins the items of groups: OP_AND (every word) or OP_OR
    // (some words). Empty when the tree has nothing to search.
    Xapian::Query build(const Node& root, Xapian::Query::op default_op);

    // After a build: whether some group has items the default operator
    // joins (so that "some words" differs from "every word"), and how
    // many such items the query has.
    bool relaxable() const { return relaxable_; }
    std::size_t positive_items() const { return positive_items_; }

private:
    using MaybeQuery = std::optional<Xapian::Query>;

    MaybeQuery node(const Node& n);
    MaybeQuery group(const Node& n);
    MaybeQuery branch(const Node& n);
    MaybeQuery word(const Node& n);
    MaybeQuery phrase(const Node& n);
    MaybeQuery wildcard(const Node& n);
    MaybeQuery near(const Node& n);
    Xapian::Query exact(const Node& n);
    Xapian::Query date(const Node& n);

    // The query for one token of a word: its key, a compound's parts as a
    // phrase or its joined word, the spaced spellings of a joined word.
    Xapian::Query token_query(const Token& token, std::string_view prefix, bool default_field);
    // Tokens in a row, as their positions are in the index.
    Xapian::Query phrase_of(const std::vector<Token>& tokens, std::string_view prefix);
    // Two words side by side that the index met as one compound
    // (cyber attaques, cyberattaques): either spelling.
    MaybeQuery joined_pair(const Node& a, const Node& b);
    // One term. Works round a Xapian 1.4.22 defect (see docs/design.md):
    // an unweighted term that indexes every document of an index with
    // deleted documents is read through the all-documents list under the
    // term's name, and fails with "Unexpected end of posting list".
    Xapian::Query term(const std::string& t);

    static std::string_view prefix_of(const Node& n);

    Xapian::Database db_;
    WordAnalysis& words_;
    bool keep_stopwords_;
    Xapian::Query::op default_op_ = Xapian::Query::OP_AND;
    // Whether the words being built weigh in (not excluded): only those
    // get their exact form beside their key.
    bool weighed_ = true;
    bool gaps_ = false;  // documents were deleted: the defect above may apply
    Xapian::doccount doccount_ = 0;
    std::size_t wildcards_ = 0;
    bool relaxable_ = false;
    std::size_t positive_items_ = 0;
    TokenTerms token_terms_;
};

}  // namespace vigie::query
