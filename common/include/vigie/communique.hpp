// The document model: one communiqué as read from a text file or a JSON
// line, before analysis.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "vigie/dates.hpp"

namespace vigie {

struct Communique {
    std::string id;
    std::optional<PartialDate> date;
    std::string title;
    bool title_from_body = true;  // derived from the text, not given
    std::string body;             // repeated passages collapsed: indexed and shown
    std::string original;         // the text as read, when collapsing changed it
    std::string source;           // publisher (JSON "source")
    std::string url;              // JSON "url"
    std::string source_path;      // absolute path of the file; "" for stdin
};

// What a parser made of one input: a communiqué, or the reason it was
// skipped; warnings never stop indexing.
struct ParseOutcome {
    std::optional<Communique> communique;
    std::string error;
    std::vector<std::string> warnings;
};

// A text communiqué: optional leading spaces, "date 2020-06 " then the body
// on the same line. A missing or malformed date is a warning.
ParseOutcome parse_text_communique(std::string_view text, std::string id);

// One JSON Lines record: id, date, title, body (or text, or content),
// source, url. fallback_id is used when the record has no id.
ParseOutcome parse_json_communique(std::string_view line, std::string fallback_id);

// Drops sentences that already appeared earlier in the same text (real
// files repeat their paragraphs, sometimes glued without spaces).
std::string collapse_repeats(std::string_view text);

// The first sentence, shortened at a word boundary.
std::string make_title(std::string_view body);

// Whether a text looks like JSON Lines rather than a text communiqué.
bool looks_like_json_lines(std::string_view text);

}  // namespace vigie
