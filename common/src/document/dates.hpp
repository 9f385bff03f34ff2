// Partial calendar dates (2020, 2020-06, 2020-06-15) kept with their
// precision, and the inclusive day ranges they cover.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace vigie {

struct PartialDate {
    int year = 0;
    int month = 0;  // 0 when only the year is known
    int day = 0;    // 0 when only the year or month is known

    // As written, with its precision: "2020", "2020-06", "2020-06-15".
    std::string to_string() const;
    // Sort key that keeps the precision: "2020", "202006", "20200615".
    std::string compact() const;
    // First and last day covered, as YYYYMMDD.
    std::string first_day() const;
    std::string last_day() const;
};

struct DateParse {
    std::optional<PartialDate> date;
    std::string error;  // why the text is not a date, when date is empty
};

// Reads YYYY, YYYY-MM or YYYY-MM-DD (two-digit month and day; also the
// date part of an ISO timestamp such as 2021-03-04T00:00:00). Rejects
// impossible dates: 2020-13, 2021-02-30.
DateParse parse_date(std::string_view text);

// Whether text has the shape of a date (digits and '-'), valid or not: a
// communiqué header "date 2020-13" is a malformed date, "date limite" is
// not a header at all.
bool looks_like_date(std::string_view text);

int days_in_month(int year, int month);

// An inclusive range of days; an empty bound is open.
struct DateRange {
    std::string first_day;  // YYYYMMDD or ""
    std::string last_day;   // YYYYMMDD or ""

    bool empty_range() const {
        return !first_day.empty() && !last_day.empty() && first_day > last_day;
    }
    // Intersection: both filters must hold.
    DateRange intersect(const DateRange& other) const;
    std::string describe() const;  // "2020-06-01..2020-06-30", "..2019-12-31"
};

}  // namespace vigie
