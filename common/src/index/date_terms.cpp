#include "index/date_terms.hpp"

#include <fmt/format.h>

#include <vector>

#include "index/schema.hpp"

namespace vigie {

namespace {

// Terms (prefix D): "within" terms for every document whose period lies
// inside a year or month, and "whole" terms for documents dated by a whole
// year or month, which overlap any part of it.
std::string date_term(std::string_view kind, int y, int m = 0, int d = 0) {
    std::string term(schema::kDatePrefix);
    term += kind;
    term += fmt::format("{:04}", y);
    if (m) term += fmt::format("{:02}", m);
    if (d) term += fmt::format("{:02}", d);
    return term;
}
std::string within_year(int y) { return date_term("Y", y); }
std::string within_month(int y, int m) { return date_term("M", y, m); }
std::string on_day(int y, int m, int d) { return date_term("D", y, m, d); }
std::string whole_year(int y) { return date_term("YW", y); }
std::string whole_month(int y, int m) { return date_term("MW", y, m); }

struct Day {
    int y, m, d;
};

Day from_yyyymmdd(const std::string& s) {
    return {std::stoi(s.substr(0, 4)), std::stoi(s.substr(4, 2)), std::stoi(s.substr(6, 2))};
}

int as_int(Day x) { return x.y * 10000 + x.m * 100 + x.d; }

// The oldest or newest date in the index, as a day; "" when none.
std::string index_bound(const Xapian::Database& db, bool upper) {
    const std::string compact = upper ? db.get_value_upper_bound(schema::kDateSort)
                                      : db.get_value_lower_bound(schema::kDateSort);
    if (compact.size() < 4) return {};
    const DateParse parsed = parse_date(compact.substr(0, 4));
    if (!parsed.date) return {};
    return upper ? parsed.date->last_day() : parsed.date->first_day();
}

}  // namespace

void add_date_terms(Xapian::Document& doc, const PartialDate& date) {
    doc.add_boolean_term(within_year(date.year));
    if (date.month == 0) {
        doc.add_boolean_term(whole_year(date.year));
        return;
    }
    doc.add_boolean_term(within_month(date.year, date.month));
    if (date.day == 0) {
        doc.add_boolean_term(whole_month(date.year, date.month));
        return;
    }
    doc.add_boolean_term(on_day(date.year, date.month, date.day));
}

std::vector<std::string> date_filter_terms(const DateRange& range, const Xapian::Database& db) {
    const std::string first = range.first_day.empty() ? index_bound(db, false) : range.first_day;
    const std::string last = range.last_day.empty() ? index_bound(db, true) : range.last_day;
    if (first.empty() || last.empty() || DateRange{first, last}.empty_range()) return {};
    const Day a = from_yyyymmdd(first);
    const Day b = from_yyyymmdd(last);
    const int lo = as_int(a), hi = as_int(b);

    std::vector<std::string> terms;
    for (int y = a.y; y <= b.y; ++y) {
        if (lo <= y * 10000 + 101 && y * 10000 + 1231 <= hi) {
            terms.push_back(within_year(y));  // the whole year is inside
            continue;
        }
        terms.push_back(whole_year(y));  // a year-dated document overlaps
        for (int m = 1; m <= 12; ++m) {
            const int month_first = y * 10000 + m * 100 + 1;
            const int month_last = y * 10000 + m * 100 + days_in_month(y, m);
            if (month_last < lo || month_first > hi) continue;
            if (lo <= month_first && month_last <= hi) {
                terms.push_back(within_month(y, m));
                continue;
            }
            terms.push_back(whole_month(y, m));
            for (int d = 1; d <= days_in_month(y, m); ++d) {
                const int day = month_first - 1 + d;
                if (day >= lo && day <= hi) terms.push_back(on_day(y, m, d));
            }
        }
    }
    return terms;
}

}  // namespace vigie
