// The JSON contract for scripts (documented in README.md, "JSON output").
// Bump kJsonSchemaVersion on any incompatible change. Keys are written in
// alphabetical order, as they always have been.
#pragma once

#include <string>

#include "vigie/indexer.hpp"
#include "vigie/vigie.hpp"

namespace vigie {

inline constexpr int kJsonSchemaVersion = 1;

// indent < 0: one line (--format jsonl, --batch); 2 for --format json.
std::string hit_json(const Hit& hit);
// One object for a whole answer: --format json, and each --batch line, which
// carries an "error" instead of hits when its query failed.
std::string result_json(const std::string& query, const SearchResult& result, double took_ms, int indent = -1,
                        const std::string* error = nullptr);
std::string explanation_json(const Explanation& explanation, int indent = -1);
std::string count_json(const std::string& query, std::size_t count);
// One communiqué whole (--show).
std::string document_json(const Document& document, int indent = -1);
std::string summary_json(const IndexSummary& summary);

}  // namespace vigie
