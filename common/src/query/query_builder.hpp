// From query text to Xapian queries: the French rewrite, then Xapian's
// QueryParser set up from the schema (fields, dates, stemmer, stop list).
#pragma once

#include <xapian.h>

#include <optional>
#include <string>
#include <vector>

#include "document/dates.hpp"

namespace vigie {

struct BuiltQuery {
    Xapian::Query all;        // every word required (default operator AND)
    Xapian::Query any;        // some words suffice (default operator OR)
    std::string rewritten;    // the query after French analysis
    std::vector<std::string> notices;
    DateRange date_filter;    // --since/--until, combined
    bool has_words = false;   // false for a date-only or empty query
    std::size_t word_terms = 0;  // distinct terms of the words (date filters aside)
    std::vector<std::string> wildcards;  // prefixes of prefix* words
    // Every date filter, the query's date: terms included, as one range;
    // empty when the query combines dates with OR or NOT.
    std::optional<DateRange> all_dates;
};

// A range from --since/--until values; throws Error naming a bad value.
DateRange date_range_from_options(const std::string& since, const std::string& until);

class QueryBuilder {
public:
    explicit QueryBuilder(const Xapian::Database& db);
    // Throws Error for an invalid date; never for a syntax error (the words
    // are then read plainly, with a notice).
    BuiltQuery build(const std::string& text, const DateRange& filter);

private:
    Xapian::Query parse(const std::string& rewritten, Xapian::Query::op default_op, bool plain);

    Xapian::Database db_;
    Xapian::Stem stem_;
    Xapian::QueryParser parser_;
};

}  // namespace vigie
