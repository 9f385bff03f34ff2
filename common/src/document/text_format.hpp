// Text communiqués: optional leading spaces, "date 2020-06 " then the body.
#pragma once

#include <string>
#include <string_view>

#include "document/communique.hpp"

namespace vigie {

// A text communiqué: optional leading spaces, "date 2020-06 " then the body
// on the same line. A missing or malformed date is a warning.
ParseOutcome parse_text_communique(std::string_view text, std::string id);

// The first sentence, shortened at a word boundary.
std::string make_title(std::string_view body);

// Whether a text looks like JSON Lines rather than a text communiqué.
bool looks_like_json_lines(std::string_view text);

}  // namespace vigie
