#include "vigie/result_json.hpp"

namespace vigie {

using nlohmann::json;

json hit_to_json(const Hit& hit) {
    json spans = json::array();
    for (const auto& [begin, end] : hit.highlights) spans.push_back({begin, end});
    return {
        {"rank", hit.rank},
        {"id", hit.id},
        {"date", hit.date.empty() ? json(nullptr) : json(hit.date)},
        {"date_precision", hit.date.empty()         ? json(nullptr)
                           : hit.date.size() == 4   ? json("year")
                           : hit.date.size() == 7   ? json("month")
                                                    : json("day")},
        {"title", hit.title},
        {"source", hit.source.empty() ? json(nullptr) : json(hit.source)},
        {"url", hit.url.empty() ? json(nullptr) : json(hit.url)},
        {"score", hit.score},
        {"partial", hit.partial},
        {"snippet", hit.snippet},
        {"highlights", spans},
    };
}

json result_to_json(const std::string& query, const SearchResult& result, double took_ms) {
    json hits = json::array();
    for (const auto& hit : result.hits) hits.push_back(hit_to_json(hit));
    return {
        {"schema_version", kJsonSchemaVersion},
        {"query", query},
        {"total", result.estimated_total},
        {"relaxed", result.relaxed},
        {"notices", result.notices},
        {"took_ms", took_ms},
        {"hits", hits},
    };
}

json explanation_to_json(const Explanation& e) {
    return {
        {"schema_version", kJsonSchemaVersion},
        {"query", e.query},
        {"rewritten", e.rewritten},
        {"xapian_query", e.xapian},
        {"date_range", e.date_range.empty() ? json(nullptr) : json(e.date_range)},
        {"match", e.match},
        {"notices", e.notices},
    };
}

json summary_to_json(const IndexSummary& s) {
    json reasons = json::array();
    for (const auto& d : s.skipped_reasons) reasons.push_back({{"input", d.location}, {"reason", d.message}});
    return {
        {"schema_version", kJsonSchemaVersion},
        {"indexed", s.indexed},
        {"updated", s.updated},
        {"unchanged", s.unchanged},
        {"removed", s.removed},
        {"skipped", s.skipped},
        {"warnings", s.warnings},
        {"files", s.files},
        {"bytes", s.bytes},
        {"transcoded_files", s.transcoded},
        {"seconds", s.seconds},
        {"documents_per_second", s.seconds > 0 ? (s.indexed + s.updated) / s.seconds : 0.0},
        {"interrupted", s.interrupted},
        {"compacted", s.compacted},
        {"documents_in_index", s.documents_in_index},
        {"skipped_inputs", reasons},
    };
}

std::string dump_json(const json& value, int indent) {
    return value.dump(indent, ' ', false, json::error_handler_t::replace);
}

}  // namespace vigie
