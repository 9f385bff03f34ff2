// --sort recent, for someone watching alerts: relevance times a decay on
// the communiqué's age, so that among comparable scores the newer comes
// first. A re-ranking of the most relevant matches on the client side:
// Xapian 1.4's remote backend refuses KeyMakers and custom weights, and
// this needs neither.
#pragma once

#include <xapian.h>

#include <string>

namespace vigie::recency {

// The most relevant matches that are re-ranked; the others follow them by
// relevance.
inline constexpr Xapian::doccount kPool = 200;
// The age, in days, at which a score is halved: factor = 1 / (1 + age / 30).
inline constexpr double kHalfDays = 30;
// Undated communiqués count as this old (ten years): after every dated one
// of comparable relevance.
inline constexpr double kUndatedAgeDays = 3650;

// Days since 1970-01-01 of a YYYYMMDD day.
long days_since_epoch(int year, int month, int day);
// Today (UTC), in days since 1970-01-01.
long today();

// The decay of a communiqué by its slot-0 date ("2020", "202006",
// "20200615"; "" when undated), on day `today`. A partial date counts from
// the last day it covers; a date after today has age 0.
double factor(const std::string& compact_date, long today);

}  // namespace vigie::recency
