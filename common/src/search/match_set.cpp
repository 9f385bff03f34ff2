#include "search/match_set.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "index/schema.hpp"
#include "index/weighting.hpp"

namespace vigie {

namespace {

// Timelines of every day of several centuries are not a view.
constexpr std::size_t kMaxPeriods = 100000;

std::size_t digits_of(TimelineUnit unit) {
    switch (unit) {
        case TimelineUnit::Day: return 8;
        case TimelineUnit::Month: return 6;
        default: return 4;
    }
}

std::string period_name(const std::string& compact, std::size_t digits) {
    if (digits == 4) return compact.substr(0, 4);
    if (digits == 6) return compact.substr(0, 4) + "-" + compact.substr(4, 2);
    return compact.substr(0, 4) + "-" + compact.substr(4, 2) + "-" + compact.substr(6, 2);
}

struct Period {
    int y = 0, m = 1, d = 1;
};

Period parse_period(const std::string& compact) {
    Period p;
    p.y = std::stoi(compact.substr(0, 4));
    if (compact.size() >= 6) p.m = std::stoi(compact.substr(4, 2));
    if (compact.size() >= 8) p.d = std::stoi(compact.substr(6, 2));
    return p;
}

std::string compact_of(const Period& p, std::size_t digits) {
    if (digits == 4) return fmt::format("{:04}", p.y);
    if (digits == 6) return fmt::format("{:04}{:02}", p.y, p.m);
    return fmt::format("{:04}{:02}{:02}", p.y, p.m, p.d);
}

void advance(Period& p, std::size_t digits) {
    if (digits == 4) {
        ++p.y;
    } else if (digits == 6 || p.d == days_in_month(p.y, p.m)) {
        p.d = 1;
        if (++p.m > 12) p.m = 1, ++p.y;
    } else {
        ++p.d;
    }
}

void sort_and_cut(std::vector<FacetValue>& values, std::size_t limit) {
    std::sort(values.begin(), values.end(), [](const FacetValue& a, const FacetValue& b) {
        return a.count != b.count ? a.count > b.count : a.value < b.value;
    });
    if (values.size() > limit) values.resize(limit);
}

std::vector<FacetValue> from_map(const std::map<std::string, std::size_t>& counts, std::size_t limit) {
    std::vector<FacetValue> values;
    for (const auto& [value, count] : counts) values.push_back({value, count});
    sort_and_cut(values, limit);
    return values;
}

std::vector<std::pair<std::string, std::size_t>> spied(const Xapian::ValueCountMatchSpy& spy) {
    std::vector<std::pair<std::string, std::size_t>> values;
    for (auto it = spy.values_begin(); it != spy.values_end(); ++it)
        values.emplace_back(*it, static_cast<std::size_t>(it.get_termfreq()));
    return values;
}

// The values of a multi-valued exact field (cve:, ref:) in the matches'
// termlists, counted.
std::map<std::string, std::size_t> count_terms(const Xapian::Database& db, const std::vector<Xapian::docid>& matches,
                                               std::string_view prefix) {
    std::map<std::string, std::size_t> counts;
    const std::string start(prefix);
    for (const Xapian::docid m : matches) {
        auto t = db.termlist_begin(m);
        for (t.skip_to(start); t != db.termlist_end(m); ++t) {
            const std::string term = *t;
            if (term.compare(0, prefix.size(), prefix) != 0) break;
            ++counts[term.substr(prefix.size())];
        }
    }
    return counts;
}

}  // namespace

Timeline make_timeline(TimelineUnit unit, const std::vector<std::pair<std::string, std::size_t>>& date_counts,
                       std::size_t total, const std::optional<DateRange>& range) {
    Timeline timeline;
    timeline.unit = unit;
    const std::size_t digits = digits_of(unit);
    std::map<std::string, std::size_t> counts;  // by compact period
    std::size_t dated = 0;
    for (const auto& [compact, count] : date_counts) {
        dated += count;
        if (compact.size() < digits) {
            timeline.coarser += count;
        } else {
            counts[compact.substr(0, digits)] += count;
        }
    }
    timeline.undated = total >= dated ? total - dated : 0;
    std::string first = counts.empty() ? std::string() : counts.begin()->first;
    std::string last = counts.empty() ? std::string() : counts.rbegin()->first;
    if (range && !range->first_day.empty()) first = range->first_day.substr(0, digits);
    if (range && !range->last_day.empty()) last = range->last_day.substr(0, digits);
    if (first.empty() || last.empty() || first > last) return timeline;
    Period p = parse_period(first);
    for (std::string at = first; at <= last && timeline.periods.size() < kMaxPeriods; at = compact_of(p, digits)) {
        const auto it = counts.find(at);
        timeline.periods.push_back({period_name(at, digits), it == counts.end() ? 0 : it->second});
        advance(p, digits);
    }
    return timeline;
}

MatchSetViews match_set_views(const Xapian::Database& db, const Xapian::Query& query, const MatchSetRequest& request,
                              const std::function<bool(Xapian::docid)>& confirm) {
    MatchSetViews views;
    const auto wants = [&](const char* facet) {
        return std::find(request.facets.begin(), request.facets.end(), facet) != request.facets.end();
    };
    Xapian::Enquire enquire(db);
    // Not BoolWeight: see the Xapian defect in xapianizer.hpp.
    enquire.set_weighting_scheme(weighting::relevance());
    enquire.set_query(query);
    Xapian::ValueCountMatchSpy dates(schema::kDateSort);
    Xapian::ValueCountMatchSpy sources(schema::kSource);
    // Spies see every candidate: with a test, the confirmed documents are
    // read one by one instead.
    if (!confirm) {
        if (request.timeline != TimelineUnit::None || wants("year")) enquire.add_matchspy(&dates);
        if (wants("source")) enquire.add_matchspy(&sources);
    }
    const Xapian::doccount all = db.get_doccount();
    const bool per_document = confirm || wants("cve") || wants("ref");
    const Xapian::MSet candidates = enquire.get_mset(0, per_document ? all : 0, all);
    std::vector<Xapian::docid> matches;
    if (per_document)
        for (auto m = candidates.begin(); m != candidates.end(); ++m)
            if (!confirm || confirm(*m)) matches.push_back(*m);
    const auto total = confirm ? matches.size() : static_cast<std::size_t>(candidates.get_matches_estimated());

    std::vector<std::pair<std::string, std::size_t>> date_counts, source_counts;
    if (confirm) {
        std::map<std::string, std::size_t> by_date, by_source;
        for (const Xapian::docid id : matches) {
            const Xapian::Document doc = db.get_document(id);
            const std::string date = doc.get_value(schema::kDateSort);
            if (!date.empty()) ++by_date[date];
            const std::string source = doc.get_value(schema::kSource);
            if (!source.empty()) ++by_source[source];
        }
        date_counts.assign(by_date.begin(), by_date.end());
        source_counts.assign(by_source.begin(), by_source.end());
    } else {
        date_counts = spied(dates);
        source_counts = spied(sources);
    }
    if (request.timeline != TimelineUnit::None)
        views.timeline = make_timeline(request.timeline, date_counts, total, request.range);
    for (const std::string& name : request.facets) {
        Facet facet;
        facet.name = name;
        if (name == "year") {
            std::map<std::string, std::size_t> years;
            for (const auto& [compact, count] : date_counts) years[compact.substr(0, 4)] += count;
            facet.values = from_map(years, request.facet_limit);
        } else if (name == "source") {
            for (const auto& [value, count] : source_counts) facet.values.push_back({value, count});
            sort_and_cut(facet.values, request.facet_limit);
        } else {
            const std::string_view prefix = name == "cve" ? schema::kCvePrefix : schema::kRefPrefix;
            facet.values = from_map(count_terms(db, matches, prefix), request.facet_limit);
        }
        views.facets.push_back(std::move(facet));
    }
    return views;
}

}  // namespace vigie
