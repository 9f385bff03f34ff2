// --sort recent: the decay on a communiqué's age (recency.hpp).
#include <catch2/catch.hpp>

#include "search/recency.hpp"

using namespace vigie::recency;

TEST_CASE("recency: 1 / (1 + age / 30 days), partial dates from their last day, undated as ten years old") {
    CHECK(days_since_epoch(1970, 1, 1) == 0);
    CHECK(days_since_epoch(2000, 3, 1) == 11017);
    const long today = days_since_epoch(2026, 12, 1);
    CHECK(factor("20261201", today) == Approx(1.0));
    CHECK(factor("20261101", today) == Approx(0.5));  // 30 days
    CHECK(factor("20261231", today) == Approx(1.0));  // dated after today: age 0
    CHECK(factor("202612", today) == Approx(1.0));    // December 2026 ends after today
    CHECK(factor("202611", today) == Approx(1.0 / (1.0 + 1.0 / 30)));  // from 30 November
    CHECK(factor("2025", today) == Approx(1.0 / (1.0 + 335.0 / 30)));
    CHECK(factor("", today) == Approx(1.0 / (1.0 + 3650.0 / 30)));
    // Newer never decays more.
    CHECK(factor("20261130", today) > factor("20260601", today));
    CHECK(factor("2016", today) > factor("", today));
}
