// Snippets: the best passage of a communiqué's text, as written, with every
// word that matched the query marked, whatever its form (stem, accents,
// elision, compound or identifier), and phrases where they match.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "search/matched_terms.hpp"
#include "search/snippet_scan.hpp"

namespace vigie {

struct Snippet {
    std::string text;  // whitespace collapsed, control characters replaced
    // Highlighted spans as [begin, end) offsets in code points into text.
    std::vector<std::pair<std::size_t, std::size_t>> highlights;
};

// Picks the window of at most max_chars characters with the most distinct
// matches (the start of the text when nothing matches), cut at word
// boundaries and never inside a UTF-8 character.
Snippet make_snippet(std::string_view text, const MatchedTerms& matched, std::size_t max_chars,
                     Xapian::Stem& stem);
// The same from the matches find_matches gave for text (the re-ranking
// scanned the page's texts already).
Snippet make_snippet(std::string_view text, const std::vector<Match>& matches, std::size_t max_chars);

}  // namespace vigie
