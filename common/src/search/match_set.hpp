// What an analyst asks of a whole match set, not only of its first hits: a
// timeline of the matches per day, month or year, and the commonest values
// of a field (facets). Counts are exact: Xapian is asked to check every
// matching document, through its own match spies (which remote databases
// serve too) and the termlists of the matches.
#pragma once

#include <xapian.h>

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "document/dates.hpp"
#include "vigie/vigie.hpp"

namespace vigie {

struct MatchSetRequest {
    TimelineUnit timeline = TimelineUnit::None;
    std::vector<std::string> facets;  // checked names (Searcher::facet_names)
    std::size_t facet_limit = 10;
    // The dates the query is filtered to, when known: the timeline spans
    // them (the matches' first and last dates otherwise).
    std::optional<DateRange> range;
};

struct MatchSetViews {
    std::optional<Timeline> timeline;
    std::vector<Facet> facets;
};

// confirm, when given, tells the candidates that truly match (a query with
// phrases, NEAR or prefix*, query/checks.hpp).
MatchSetViews match_set_views(const Xapian::Database& db, const Xapian::Query& query, const MatchSetRequest& request,
                              const std::function<bool(Xapian::docid)>& confirm = nullptr);

// The periods of a timeline from the counts of the compact dates of the
// matches (2021, 202112, 20211214), filling those without a match.
Timeline make_timeline(TimelineUnit unit, const std::vector<std::pair<std::string, std::size_t>>& date_counts,
                       std::size_t total, const std::optional<DateRange>& range);

}  // namespace vigie
