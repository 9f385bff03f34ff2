// The document model: one communiqué as read from a text file or a JSON
// line, before analysis.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "document/dates.hpp"

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

}  // namespace vigie
