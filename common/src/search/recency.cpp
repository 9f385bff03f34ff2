#include "search/recency.hpp"

#include <algorithm>
#include <ctime>

#include "document/dates.hpp"

namespace vigie::recency {

long days_since_epoch(int year, int month, int day) {
    // Howard Hinnant's days_from_civil.
    year -= month <= 2;
    const long era = (year >= 0 ? year : year - 399) / 400;
    const long yoe = year - era * 400;
    const long doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    const long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

long today() { return static_cast<long>(std::time(nullptr) / 86400); }

double factor(const std::string& compact_date, long today) {
    double age = kUndatedAgeDays;
    if (compact_date.size() >= 4) {
        PartialDate d;
        d.year = std::stoi(compact_date.substr(0, 4));
        d.month = compact_date.size() >= 6 ? std::stoi(compact_date.substr(4, 2)) : 0;
        d.day = compact_date.size() >= 8 ? std::stoi(compact_date.substr(6, 2)) : 0;
        const std::string last = d.last_day();  // YYYYMMDD
        const long day = days_since_epoch(std::stoi(last.substr(0, 4)), std::stoi(last.substr(4, 2)),
                                          std::stoi(last.substr(6, 2)));
        age = static_cast<double>(std::max(0L, today - day));
    }
    return 1.0 / (1.0 + age / kHalfDays);
}

}  // namespace vigie::recency
