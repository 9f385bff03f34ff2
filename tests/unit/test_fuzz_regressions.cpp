// Inputs the fuzz targets (tests/fuzz/) found to crash or break an
// invariant, kept as tests through the public API, so that they hold
// whatever the code behind it becomes. Each input is also in the fuzz
// target's seed corpus.
#include <catch2/catch.hpp>

#include "samples_index.hpp"
#include "vigie/vigie.hpp"

TEST_CASE("fuzz regressions: queries that once read out of bounds are answered") {
    vigie::Searcher searcher(samples_db());
    // fuzz_search: a lone combining mark (U+0335, folds to nothing) before
    // a wildcard made the query rewrite read past an empty string.
    for (const std::string query : {"\xCC\xB5\xB5*", "\xCC\xB5*", "\xCC\x81*"}) {
        vigie::SearchRequest request;
        request.query = query;
        request.since = "2020-06";
        CHECK_NOTHROW(searcher.search(request));
        CHECK_NOTHROW(searcher.count(request));
    }
}
