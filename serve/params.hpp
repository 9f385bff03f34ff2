// vigie-serve's query parameters: /api/search?q=...&since=... read into the
// library's SearchRequest, with the option words of vigie-search.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "vigie/vigie.hpp"

namespace vigie::serve {

// What bounds one request's work (a bad value is a 400, not a long search).
struct Limits {
    std::size_t max_query_bytes = 4000;  // the library cuts queries at 4,000 characters
    std::size_t max_limit = 1000;        // hits in one answer
    std::size_t max_offset = 100000;
};

// A request that cannot be answered as asked: HTTP 400 with this message.
struct BadRequest : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// The parameters, in the order given (a name may repeat: facet=cve&facet=ref).
using Params = std::vector<std::pair<std::string, std::string>>;

// q (the query), since, until, sort, match, limit, offset, snippet_length,
// timeline, facet (repeatable), facet_limit, like, collapse (1|0),
// snippets (1|0): as vigie-search's options. Throws BadRequest naming an
// unknown parameter, a repeated one, a bad value or one past the limits.
SearchRequest parse_search_params(const Params& params, const Limits& limits = {});

}  // namespace vigie::serve
