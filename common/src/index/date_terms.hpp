// Date filtering with boolean terms. Each dated document carries terms for
// the day, month and year that contain its period; a range becomes an OR of
// the fewest such terms (whole years, then whole months, then days), which
// Xapian intersects far faster than it checks value ranges document by
// document.
#pragma once

#include <xapian.h>

#include <string>
#include <vector>

#include "document/dates.hpp"

namespace vigie {

void add_date_terms(Xapian::Document& doc, const PartialDate& date);

// The terms of the documents whose period overlaps range (inclusive; open
// ends reach the oldest and newest dates in db), to be ORed; none when no
// date can match. Undated documents never match.
std::vector<std::string> date_filter_terms(const DateRange& range, const Xapian::Database& db);

}  // namespace vigie
