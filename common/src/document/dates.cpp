#include "document/dates.hpp"

#include <fmt/format.h>

namespace vigie {

namespace {

bool is_leap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

bool read_digits(std::string_view text, std::size_t pos, std::size_t count, int& value) {
    if (pos + count > text.size()) return false;
    value = 0;
    for (std::size_t i = pos; i < pos + count; ++i) {
        if (text[i] < '0' || text[i] > '9') return false;
        value = value * 10 + (text[i] - '0');
    }
    return true;
}

// The time of an ISO 8601 timestamp after its 'T': hh:mm, hh:mm:ss,
// hh:mm:ss.fff, then an optional Z or +hh:mm / -hh:mm / +hhmm.
bool is_iso_time(std::string_view t) {
    int v = 0;
    if (!read_digits(t, 0, 2, v) || v > 23 || t.size() < 5 || t[2] != ':' || !read_digits(t, 3, 2, v) || v > 59)
        return false;
    std::size_t pos = 5;
    if (pos < t.size() && t[pos] == ':') {
        if (!read_digits(t, pos + 1, 2, v) || v > 60) return false;
        pos += 3;
        if (pos < t.size() && (t[pos] == '.' || t[pos] == ',')) {
            const std::size_t digits = pos + 1;
            while (++pos < t.size() && t[pos] >= '0' && t[pos] <= '9') {}
            if (pos == digits) return false;
        }
    }
    if (pos == t.size()) return true;
    if (t[pos] == 'Z') return pos + 1 == t.size();
    if (t[pos] != '+' && t[pos] != '-') return false;
    const std::string_view zone = t.substr(pos + 1);
    return (zone.size() == 5 && read_digits(zone, 0, 2, v) && zone[2] == ':' && read_digits(zone, 3, 2, v)) ||
           (zone.size() == 4 && read_digits(zone, 0, 4, v)) || (zone.size() == 2 && read_digits(zone, 0, 2, v));
}

std::string pretty_day(const std::string& yyyymmdd) {
    return fmt::format("{}-{}-{}", yyyymmdd.substr(0, 4), yyyymmdd.substr(4, 2),
                       yyyymmdd.substr(6, 2));
}

}  // namespace

int days_in_month(int year, int month) {
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month == 2 && is_leap(year)) return 29;
    return kDays[month - 1];
}

std::string PartialDate::to_string() const {
    if (month == 0) return fmt::format("{:04}", year);
    if (day == 0) return fmt::format("{:04}-{:02}", year, month);
    return fmt::format("{:04}-{:02}-{:02}", year, month, day);
}

std::string PartialDate::compact() const {
    if (month == 0) return fmt::format("{:04}", year);
    if (day == 0) return fmt::format("{:04}{:02}", year, month);
    return fmt::format("{:04}{:02}{:02}", year, month, day);
}

std::string PartialDate::first_day() const {
    return fmt::format("{:04}{:02}{:02}", year, month ? month : 1, day ? day : 1);
}

std::string PartialDate::last_day() const {
    const int m = month ? month : 12;
    return fmt::format("{:04}{:02}{:02}", year, m, day ? day : days_in_month(year, m));
}

bool looks_like_date(std::string_view text) {
    if (text.size() < 4) return false;
    for (std::size_t i = 0; i < 4; ++i)
        if (text[i] < '0' || text[i] > '9') return false;
    for (const char c : text)
        if (!(c >= '0' && c <= '9') && c != '-' && c != '/' && c != '.') return false;
    return true;
}

DateParse parse_date(std::string_view text) {
    DateParse result;
    const auto fail = [&](std::string why) {
        result.error = std::move(why);
        return result;
    };
    if (text.size() > 10 && text[10] == 'T') {  // ISO timestamp: keep the day
        if (!is_iso_time(text.substr(11)))
            return fail("expected YYYY, YYYY-MM or YYYY-MM-DD (or an ISO timestamp such as 2021-12-01T09:30:00Z)");
        text = text.substr(0, 10);
    }
    PartialDate d;
    const bool shape_ok = (text.size() == 4 || text.size() == 7 || text.size() == 10) &&
                          read_digits(text, 0, 4, d.year) &&
                          (text.size() == 4 ||
                           (text[4] == '-' && read_digits(text, 5, 2, d.month) &&
                            (text.size() == 7 ||
                             (text[7] == '-' && read_digits(text, 8, 2, d.day)))));
    if (!shape_ok) return fail("expected YYYY, YYYY-MM or YYYY-MM-DD");
    if (d.year < 1000) return fail("year out of range");
    if (text.size() >= 7 && (d.month < 1 || d.month > 12))
        return fail(fmt::format("month {:02} does not exist", d.month));
    if (text.size() == 10 && (d.day < 1 || d.day > days_in_month(d.year, d.month)))
        return fail(fmt::format("{:04}-{:02} has no day {:02}", d.year, d.month, d.day));
    result.date = d;
    return result;
}

DateRange DateRange::intersect(const DateRange& other) const {
    DateRange r = *this;
    if (!other.first_day.empty() && (r.first_day.empty() || other.first_day > r.first_day))
        r.first_day = other.first_day;
    if (!other.last_day.empty() && (r.last_day.empty() || other.last_day < r.last_day))
        r.last_day = other.last_day;
    return r;
}

std::string DateRange::describe() const {
    return fmt::format("{}..{}", first_day.empty() ? "" : pretty_day(first_day),
                       last_day.empty() ? "" : pretty_day(last_day));
}

}  // namespace vigie
