// The JSON contract for scripts (documented in README.md, "JSON output").
// Bump kJsonSchemaVersion on any incompatible change.
#pragma once

#include <nlohmann/json.hpp>

#include "vigie/indexer.hpp"
#include "vigie/vigie.hpp"

namespace vigie {

inline constexpr int kJsonSchemaVersion = 1;

nlohmann::json hit_to_json(const Hit& hit);
// One object for a whole answer: --format json, and each --batch line.
nlohmann::json result_to_json(const std::string& query, const SearchResult& result, double took_ms);
nlohmann::json explanation_to_json(const Explanation& explanation);
nlohmann::json summary_to_json(const IndexSummary& summary);

// Serialises with control characters escaped and invalid UTF-8 replaced.
std::string dump_json(const nlohmann::json& value, int indent = -1);

}  // namespace vigie
