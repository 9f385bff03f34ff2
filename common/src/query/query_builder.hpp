// From query text to what the searcher runs: the query parsed once into a
// tree (parser.hpp), then read by each stage: the Xapian queries for every
// word and for some words (xapianizer.hpp), the words to highlight
// (highlights.hpp) and what --explain shows.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "document/dates.hpp"
#include "query/word_analysis.hpp"
#include "query/checks.hpp"
#include "index/terms.hpp"
#include "query/synonyms.hpp"
#include "search/matched_terms.hpp"

namespace vigie {

struct BuiltQuery {
    // The candidates: every word required (the default operator AND), or
    // some words (OR); and whether a candidate truly matches, where the
    // index cannot tell alone (phrases, NEAR, prefix*: when checked).
    Xapian::Query all;
    Xapian::Query any;
    query::TestPtr all_test;
    query::TestPtr any_test;
    bool checked = false;
    // The candidates that match without a test (xapianizer.hpp).
    Xapian::Query all_sure;
    Xapian::Query any_sure;
    // The some-words candidates missing one item at most (a group's word,
    // phrase or parenthesis), in two halves weighted as in any under
    // weighting::relevance_once_per_term() (xapianizer.hpp); empty when the
    // query has no group of three items or more.
    std::vector<Xapian::Query> any_but_one;
    MatchedTerms highlights;
    std::string rewritten;        // the query after French analysis (built for --explain)
    std::string tree;             // the parsed tree (built for --explain)
    std::vector<std::string> notices;
    DateRange date_filter;        // --since/--until
    // Every date filter, the query's date: terms included, as one range;
    // empty when the query combines dates with OR or NOT.
    std::optional<DateRange> all_dates;
    bool has_words = false;       // something to search or filter
    bool relaxable = false;       // "some words" differs from "every word"
    std::size_t words = 0;        // items joined by the default operator
    // The words looked for in the text, folded, as typed (before synonyms):
    // what "did you mean" checks.
    std::vector<std::string> plain_words;
};

// A range from --since/--until values; throws Error naming a bad value.
DateRange date_range_from_options(const std::string& since, const std::string& until);

class QueryBuilder {
public:
    // compounds: the spaced spellings of a joined word the index knows
    // (IndexSet::compound_spellings).
    QueryBuilder(const Xapian::Database& db, TermMaker& terms, query::CompoundLexicon compounds);
    // Throws Error for an invalid date; never for a syntax error (the words
    // are then read plainly, with a notice).
    // explain also writes rewritten and tree.
    BuiltQuery build(const std::string& text, const DateRange& filter, bool explain = false);
    // Expands the query's words with these (null: none) before any stage.
    void set_synonyms(const query::Synonyms* synonyms) { synonyms_ = synonyms; }

private:
    Xapian::Database db_;
    TermMaker& terms_;
    query::CompoundLexicon compounds_;
    const query::Synonyms* synonyms_ = nullptr;
};

}  // namespace vigie
