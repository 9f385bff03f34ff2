#include "output/result_json.hpp"

#include "output/json_writer.hpp"

#include <algorithm>

namespace vigie {

std::string_view date_precision(const std::string& date) {
    switch (date.size()) {
        case 0: return {};
        case 4: return "year";
        case 7: return "month";
        default: return "day";
    }
}

namespace {

void write_strings(JsonWriter& w, const std::vector<std::string>& strings);

void write_hit(JsonWriter& w, const Hit& hit, bool snippets) {
    w.begin_object();
    w.key("copies").begin_array();
    for (const Copy& c : hit.copies) {
        w.begin_object();
        w.key("date").string_or_null(c.date);
        w.field("id", c.id);
        w.end_object();
    }
    w.end_array();
    w.key("cves");
    write_strings(w, hit.cves);
    w.key("date").string_or_null(hit.date);
    w.key("date_precision");
    if (hit.date.empty()) w.null();
    else w.value(date_precision(hit.date));
    if (snippets) {
        w.key("highlights").begin_array();
        for (const auto& [begin, end] : hit.highlights) w.begin_array().value(begin).value(end).end_array();
        w.end_array();
    }
    w.field("id", hit.id);
    w.field("partial", hit.partial);
    w.key("path").string_or_null(hit.path);
    w.field("rank", hit.rank);
    w.key("refs");
    write_strings(w, hit.refs);
    w.field("score", hit.score);
    if (snippets) w.field("snippet", hit.snippet);
    w.key("source").string_or_null(hit.source);
    w.field("title", hit.title);
    w.key("url").string_or_null(hit.url);
    w.end_object();
}

std::string_view unit_name(TimelineUnit unit) {
    switch (unit) {
        case TimelineUnit::Day: return "day";
        case TimelineUnit::Month: return "month";
        default: return "year";
    }
}

void write_timeline(JsonWriter& w, const Timeline& t) {
    w.begin_object();
    w.field("coarser", t.coarser);
    w.key("periods").begin_array();
    for (const auto& p : t.periods) w.begin_object().field("count", p.count).field("period", p.period).end_object();
    w.end_array();
    w.field("undated", t.undated);
    w.field("unit", unit_name(t.unit));
    w.end_object();
}

void write_facets(JsonWriter& w, const std::vector<Facet>& facets) {
    w.begin_object();
    // Alphabetical, as every object's keys.
    std::vector<const Facet*> sorted;
    for (const auto& f : facets) sorted.push_back(&f);
    std::sort(sorted.begin(), sorted.end(), [](const Facet* a, const Facet* b) { return a->name < b->name; });
    for (const Facet* f : sorted) {
        w.key(f->name).begin_array();
        for (const auto& v : f->values) w.begin_object().field("count", v.count).field("value", v.value).end_object();
        w.end_array();
    }
    w.end_object();
}

void write_strings(JsonWriter& w, const std::vector<std::string>& strings) {
    w.begin_array();
    for (const auto& s : strings) w.value(s);
    w.end_array();
}

}  // namespace

std::string hit_json(const Hit& hit, bool snippets) {
    JsonWriter w;
    write_hit(w, hit, snippets);
    return w.text();
}

std::string result_json(const std::string& query, const SearchResult& result, double took_ms, int indent,
                        const std::string* error, bool snippets) {
    JsonWriter w(indent);
    w.begin_object();
    if (error) w.field("error", *error);
    if (!result.facets.empty()) {
        w.key("facets");
        write_facets(w, result.facets);
    }
    w.key("hits").begin_array();
    for (const auto& hit : result.hits) write_hit(w, hit, snippets);
    w.end_array();
    w.key("notices");
    write_strings(w, result.notices);
    w.field("query", query);
    w.field("relaxed", result.relaxed);
    w.field("schema_version", kJsonSchemaVersion);
    w.key("suggestion").string_or_null(result.suggestion);
    if (result.timeline) {
        w.key("timeline");
        write_timeline(w, *result.timeline);
    }
    w.field("took_ms", took_ms);
    w.field("total", result.total);
    w.field("total_exact", result.total_exact);
    w.end_object();
    return w.text();
}

std::string explanation_json(const Explanation& e, int indent) {
    JsonWriter w(indent);
    w.begin_object();
    w.key("date_range").string_or_null(e.date_range);
    w.field("match", e.match);
    w.key("notices");
    write_strings(w, e.notices);
    w.field("query", e.query);
    w.field("rewritten", e.rewritten);
    w.field("schema_version", kJsonSchemaVersion);
    w.field("tree", e.tree);
    w.field("xapian_query", e.xapian);
    w.end_object();
    return w.text();
}

std::string document_json(const Document& d, int indent) {
    JsonWriter w(indent);
    w.begin_object();
    w.key("cves");
    write_strings(w, d.cves);
    w.key("date").string_or_null(d.date);
    w.key("date_precision");
    if (d.date.empty()) w.null();
    else w.value(date_precision(d.date));
    w.field("id", d.id);
    w.key("path").string_or_null(d.path);
    w.key("refs");
    write_strings(w, d.refs);
    w.field("schema_version", kJsonSchemaVersion);
    w.key("source").string_or_null(d.source);
    w.field("text", d.text);
    w.field("title", d.title);
    w.key("url").string_or_null(d.url);
    w.end_object();
    return w.text();
}

std::string count_json(const std::string& query, std::size_t count) {
    JsonWriter w;
    w.begin_object();
    w.field("count", count);
    w.field("query", query);
    w.field("schema_version", kJsonSchemaVersion);
    w.end_object();
    return w.text();
}

std::string summary_json(const IndexSummary& s) {
    JsonWriter w;
    w.begin_object();
    w.field("bytes", s.bytes);
    w.field("compacted", s.compacted);
    w.field("documents_in_index", s.documents_in_index);
    w.field("documents_per_second", s.seconds > 0 ? (s.indexed + s.updated) / s.seconds : 0.0);
    w.field("files", s.files);
    w.field("indexed", s.indexed);
    w.field("interrupted", s.interrupted);
    w.field("removed", s.removed);
    w.field("schema_version", kJsonSchemaVersion);
    w.field("seconds", s.seconds);
    w.field("skipped", s.skipped);
    w.key("skipped_inputs").begin_array();
    for (const auto& d : s.skipped_reasons)
        w.begin_object().field("input", d.location).field("reason", d.message).end_object();
    w.end_array();
    w.field("transcoded_files", s.transcoded);
    w.field("unchanged", s.unchanged);
    w.field("updated", s.updated);
    w.field("warnings", s.warnings);
    w.end_object();
    return w.text();
}

}  // namespace vigie
