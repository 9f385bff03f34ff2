#include <catch2/catch.hpp>

#include "document/dates.hpp"

using vigie::parse_date;

TEST_CASE("dates keep their precision") {
    struct Row {
        const char* text;
        const char* written;
        const char* compact;
        const char* first;
        const char* last;
    };
    const Row rows[] = {
        {"2020", "2020", "2020", "20200101", "20201231"},
        {"2020-06", "2020-06", "202006", "20200601", "20200630"},
        {"2020-06-15", "2020-06-15", "20200615", "20200615", "20200615"},
        {"2020-02", "2020-02", "202002", "20200201", "20200229"},  // leap year
        {"2021-02", "2021-02", "202102", "20210201", "20210228"},
        {"1900-02", "1900-02", "190002", "19000201", "19000228"},  // not leap
        {"2000-02", "2000-02", "200002", "20000201", "20000229"},  // leap
        {"2020-02-29", "2020-02-29", "20200229", "20200229", "20200229"},
        {"2021-12-31T00:00:00.000000", "2021-12-31", "20211231", "20211231", "20211231"},
        {"2018-01-01T00:00:00.000Z", "2018-01-01", "20180101", "20180101", "20180101"},
        {"2021-12-01T09:30+01:00", "2021-12-01", "20211201", "20211201", "20211201"},
    };
    for (const auto& row : rows) {
        INFO(row.text);
        const auto parsed = parse_date(row.text);
        REQUIRE(parsed.date);
        CHECK(parsed.date->to_string() == row.written);
        CHECK(parsed.date->compact() == row.compact);
        CHECK(parsed.date->first_day() == row.first);
        CHECK(parsed.date->last_day() == row.last);
    }
}

TEST_CASE("impossible or misshapen dates are rejected with a reason") {
    for (const char* bad : {"2020-13", "2020-00", "2021-02-29", "2021-02-30", "2020-04-31", "2020-6",
                            "2020-06-1", "20200615", "hier", "", "2020-06-15x", "0999",
                            // anything after a valid date makes it invalid
                            "2021-12-01Tgarbage", "2021-12-01T", "2021-12-01T25:00", "2021-12-01T09:30Zx",
                            "2021-12-01T09:30:00.", "2021-12-01 09:30"}) {
        INFO(bad);
        const auto parsed = parse_date(bad);
        CHECK_FALSE(parsed.date);
        CHECK_FALSE(parsed.error.empty());
    }
    CHECK(parse_date("2021-02-30").error == "2021-02 has no day 30");
    CHECK(parse_date("2020-13").error == "month 13 does not exist");
}

TEST_CASE("date ranges intersect and describe themselves") {
    vigie::DateRange a{"20200101", "20201231"};
    vigie::DateRange b{"20200601", ""};
    const auto both = a.intersect(b);
    CHECK(both.first_day == "20200601");
    CHECK(both.last_day == "20201231");
    CHECK(both.describe() == "2020-06-01..2020-12-31");
    CHECK(vigie::DateRange{"", "20191231"}.describe() == "..2019-12-31");
    CHECK(vigie::DateRange{"20210101", "20201231"}.empty_range());
}

TEST_CASE("a date header is told from a word") {
    CHECK(vigie::looks_like_date("2020-13"));
    CHECK(vigie::looks_like_date("2021-02-30"));
    CHECK_FALSE(vigie::looks_like_date("limite"));
    CHECK_FALSE(vigie::looks_like_date("20"));
}
