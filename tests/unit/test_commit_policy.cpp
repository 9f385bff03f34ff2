// Documents per commit when --batch-size is not given: small batches for a
// small index, large ones past kLargeIndex (index/commit_policy.hpp).
#include <catch2/catch.hpp>

#include "index/commit_policy.hpp"

TEST_CASE("commits: the batch grows with the index, and --batch-size wins") {
    using vigie::documents_per_commit;
    CHECK(documents_per_commit(0, 0) == vigie::kSmallIndexBatch);
    CHECK(documents_per_commit(0, vigie::kLargeIndex - 1) == vigie::kSmallIndexBatch);
    CHECK(documents_per_commit(0, vigie::kLargeIndex) == vigie::kLargeIndexBatch);
    CHECK(documents_per_commit(0, 5000000) == vigie::kLargeIndexBatch);
    CHECK(documents_per_commit(100, 5000000) == 100);
    CHECK(documents_per_commit(50000, 10) == 50000);
    CHECK(vigie::kSmallIndexBatch < vigie::kLargeIndexBatch);
}
