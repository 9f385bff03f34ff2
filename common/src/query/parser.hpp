// Vigie's query language, read once into a tree (syntax_tree.hpp): words,
// "phrases", AND OR NOT XOR, -word +word, ( ), NEAR NEAR/n ADJ ADJ/n,
// prefix*, fields (title: source: id: date:) from the schema.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "query/syntax_tree.hpp"

namespace vigie::query {

// The work one query may ask for is bounded: longer queries are cut, with
// a notice, rather than costing a core for seconds.
inline constexpr std::size_t kMaxQueryChars = 4000;
inline constexpr std::size_t kMaxLeaves = 256;     // words, phrases, wildcards, fields
inline constexpr std::size_t kMaxWildcards = 32;
inline constexpr std::size_t kMaxDepth = 64;      // brackets inside brackets

struct ParsedQuery {
    Node root;                         // a Group at the top
    std::vector<std::string> notices;  // syntax read as words, unknown fields, cuts...
    bool plain = false;                // the syntax could not be read: plain words
};

// Never fails on syntax: a query that cannot be read (an unbalanced quote,
// a lone AND) becomes plain words, with a notice saying why. Throws
// vigie::Error (exit 2) naming the value for a date: that is not a date.
ParsedQuery parse(std::string_view text);

// A date: value (2020-06, 2020-03..2020-06, ..2019, 2021..) as the days it
// covers; throws vigie::Error naming it when it is not a date.
DateRange parse_date_value(std::string_view value);

}  // namespace vigie::query
