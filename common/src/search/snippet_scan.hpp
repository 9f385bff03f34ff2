// Where the words of a query are in a communiqué's text: the matching
// words and phrases, found with the indexer's own tokenizer and keys.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "search/matched_terms.hpp"

namespace vigie {

struct Match {
    std::size_t begin, end;  // bytes in the text: whole tokens, an elision left out
    std::string what;        // the key or phrase matched, to count distinct words
    // Only a derivational neighbour of a key sought (what is its own key):
    // see MatchedTerms::add_neighbours_of.
    bool neighbour = false;
};

// Leaves out the neighbour matches.
void drop_neighbours(std::vector<Match>& matches);

// The matches in text, in order and not overlapping. Only the tokens with a
// part that can begin a sought word are read in full (PartStarts); with
// every_token, all of them: the slow reference of that quick scan.
std::vector<Match> find_matches(std::string_view text, const MatchedTerms& matched, Xapian::Stem& stem,
                                bool every_token = false);

}  // namespace vigie
