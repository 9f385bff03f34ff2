// The last stage of a query: the tree (syntax_tree.hpp) becomes a
// Xapian::Query made of the very terms the indexer writes (terms.hpp), and
// the test (checks.hpp) that confirms a candidate where the index cannot
// tell alone: phrases, NEAR and prefix* are found by their words' keys,
// then confirmed on the stored text.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "query/checks.hpp"
#include "query/syntax_tree.hpp"
#include "query/word_analysis.hpp"

namespace vigie::query {

// Whether a query's stopwords count: they are dropped from its words
// unless the query has nothing else to search (then "le" finds "le").
bool keeps_stopwords(const Node& root, WordAnalysis& words);

struct Xapianized {
    Xapian::Query query;  // the candidates; empty when there is nothing to search
    TestPtr test;         // whether a candidate truly matches
    bool checked = false; // whether the test must be run (else every candidate matches)
    // Candidates that certainly match, without the test: those of the
    // query's exact parts (a word's key beside its spaced spelling). Only
    // the others need their text read to be counted.
    Xapian::Query sure;
    // Some-words builds only: the candidates that hold every item but one
    // (at most one word missing) of the outermost group of three or more,
    // among the query's; empty when there is no such group. Relaxation
    // lists them before the documents with fewer words. It is the OR of the
    // group's ANDs with one item left out, in two halves (two ORs, read on
    // two threads). Each item's terms are in all its ANDs but one: weighted
    // with weighting::relevance_once_per_term(), a document with one item
    // missing matches one AND, and scores as for query.
    std::vector<Xapian::Query> all_but_one;
};

class Xapianizer {
public:
    // Bounds the keys that prefix* words expand to, over the whole query.
    static constexpr std::size_t kWildcardTermBudget = 2000;
    // The most items of a group that Xapianized::all_but_one is written for.
    static constexpr std::size_t kMaxAllButOneItems = 8;

    Xapianizer(const Xapian::Database& db, WordAnalysis& words, bool keep_stopwords);

    // default_op joins the items of groups: OP_AND (every word) or OP_OR
    // (some words).
    Xapianized build(const Node& root, Xapian::Query::op default_op);

    // After a build: whether some group has items the default operator
    // joins (so that "some words" differs from "every word"), and how
    // many such items the query has.
    bool relaxable() const { return relaxable_; }
    std::size_t positive_items() const { return positive_items_; }

private:
    // A subtree's candidates and its test; exact when the candidates are
    // its matches (no phrase, NEAR or prefix* below): only an exact
    // subtree may exclude documents in the Xapian query.
    struct Built {
        Xapian::Query query;
        TestPtr test;
        bool exact = true;
        Xapian::Query sure;  // the candidates that certainly match (the query when exact)
    };
    using MaybeBuilt = std::optional<Built>;

    // required: every match of the whole query matches n (it sits under
    // ANDs only), so where n is exact the candidates need no test of it.
    MaybeBuilt node(const Node& n, bool required);
    MaybeBuilt group(const Node& n, bool required);
    MaybeBuilt branch(const Node& n, bool required);
    MaybeBuilt word(const Node& n);
    MaybeBuilt phrase(const Node& n);
    MaybeBuilt wildcard(const Node& n);
    Xapian::Query expand_prefix(const std::string& prefix, Xapian::termcount most) const;
    MaybeBuilt near(const Node& n);
    Built exact(const Node& n);
    Built date(const Node& n);

    // One token of a word: its key, a compound's parts in a row or its
    // joined word, the spaced spellings of a joined word.
    Built token_query(const Token& token, std::string_view prefix, bool default_field);
    // Tokens in a row: candidates by their keys, confirmed on the text.
    Built in_a_row(const std::vector<Token>& tokens, std::string_view prefix);
    // Two words side by side that the index met as one compound
    // (cyber attaques, cyberattaques): either spelling.
    MaybeBuilt joined_pair(const Node& a, const Node& b);
    // One term. Works round a Xapian 1.4.22 defect (see docs/design.md):
    // an unweighted term that indexes every document of an index with
    // deleted documents is read through the all-documents list under the
    // term's name, and fails with "Unexpected end of posting list".
    Built term(const std::string& t);
    Built combine(Xapian::Query::op op, const std::vector<Built>& parts);
    // kept without any of removed: in the query only as far as removed
    // is exact, in the test always.
    Built without(const Built& kept, const Built& removed);
    // The documents with every must and all the optional items but one
    // (candidates: a phrase among them is not confirmed).
    // In two halves of about the same cost, as Xapianized::all_but_one.
    std::vector<Xapian::Query> all_but_one(const std::vector<Built>& musts, const std::vector<Built>& optional) const;

    static std::string_view prefix_of(const Node& n);

    Xapian::Database db_;
    WordAnalysis& words_;
    bool keep_stopwords_;
    Xapian::Query::op default_op_ = Xapian::Query::OP_AND;
    bool gaps_ = false;  // documents were deleted: the defect above may apply
    Xapian::doccount doccount_ = 0;
    std::size_t wildcards_ = 0;
    bool relaxable_ = false;
    bool checked_ = false;
    std::size_t positive_items_ = 0;
    std::vector<Xapian::Query> all_but_one_;
    const Node* all_but_one_group_ = nullptr;  // the group it is of
    bool all_but_one_filtered_ = false;        // that group filters or excludes too
    TokenTerms token_terms_;
};

}  // namespace vigie::query
