#include "output.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include "output/json_writer.hpp"
#include "output/result_json.hpp"
#include "output/terminal.hpp"
#include "index/schema.hpp"
#include "util/utf8.hpp"

namespace vigie::cli {

namespace {

constexpr const char* kBold = "\033[1m";
constexpr const char* kDim = "\033[2m";
constexpr const char* kHighlight = "\033[1;31m";
constexpr const char* kReset = "\033[0m";

// Document text never reaches the terminal raw: control characters (escape
// sequences) become U+FFFD and whitespace one space.
std::string safe(const std::string& text) { return utf8::sanitize_for_terminal(text, true); }

// The snippet with its highlights, as colour or as markers.
std::string highlighted(const OutputStyle& style, const Hit& hit) {
    std::string out;
    std::size_t pos = 0;
    std::size_t chars = 0;
    const auto copy_until = [&](std::size_t char_offset) {
        while (pos < hit.snippet.size() && chars < char_offset) {
            std::size_t next = pos;
            utf8::decode(hit.snippet, next);
            out.append(hit.snippet, pos, next - pos);
            pos = next;
            ++chars;
        }
    };
    for (const auto& [begin, end] : hit.highlights) {
        copy_until(begin);
        out += style.color ? kHighlight : style.open_marker;
        copy_until(end);
        out += style.color ? kReset : style.close_marker;
    }
    copy_until(std::string::npos);
    return out;
}

// 1697 -> 1,697
std::string thousands(std::size_t n) {
    std::string digits = std::to_string(n);
    for (std::size_t i = digits.size(); i > 3; i -= 3) digits.insert(i - 3, ",");
    return digits;
}

std::string tsv_field(const std::string& text) {
    std::string out = safe(text);
    for (char& c : out)
        if (c == '\t') c = ' ';
    return out;
}

// Notices go to stderr whatever the format (and into the JSON object).
void print_notices(const std::vector<std::string>& notices) {
    for (const std::string& notice : notices) fmt::print(stderr, "vigie-search: note: {}\n", safe(notice));
}

// "Did you mean" goes to stderr too, beside the notices (and into JSON).
void print_suggestion(const SearchResult& result) {
    if (!result.suggestion.empty()) fmt::print(stderr, "did you mean: {}?\n", safe(result.suggestion));
}

// Where a user can open the communiqué: its file (relative to here when
// below it), else its id.
std::string location_of(const Hit& hit) {
    if (hit.path.empty()) return hit.id;
    std::error_code ec;
    const auto here = std::filesystem::current_path(ec);
    const std::filesystem::path path(hit.path);
    if (!ec) {
        const auto relative = path.lexically_relative(here);
        if (!relative.empty() && relative.native().rfind("..", 0) != 0) return relative.string();
    }
    return hit.path;
}

void print_timeline(const OutputStyle& style, const Timeline& t) {
    const char* unit = t.unit == TimelineUnit::Day ? "day" : t.unit == TimelineUnit::Month ? "month" : "year";
    fmt::print("matches per {}:\n", unit);
    std::size_t most = 0, count_width = 1;
    for (const auto& p : t.periods) most = std::max(most, p.count);
    count_width = thousands(most).size();
    // Bars fill what the terminal leaves after the period and the count.
    const unsigned columns = style.width ? style.width : 80;
    const std::size_t label = (t.periods.empty() ? 4 : t.periods[0].period.size()) + 2 + count_width + 1;
    const std::size_t room = columns > label + 10 ? columns - label - 1 : 10;
    for (const auto& p : t.periods) {
        const std::size_t length = most ? (p.count * room + most - 1) / most : 0;
        std::string bar;
        for (std::size_t i = 0; i < length; ++i) bar += style.width ? "\u2588" : "#";
        fmt::print("  {}  {:>{}} {}\n", p.period, thousands(p.count), count_width, bar);
    }
    if (t.coarser)
        fmt::print("  dated by a whole {}: {}\n", t.unit == TimelineUnit::Day ? "month or year" : "year", thousands(t.coarser));
    if (t.undated) fmt::print("  undated: {}\n", thousands(t.undated));
}

void print_facets(const std::vector<Facet>& facets) {
    for (const auto& f : facets) {
        fmt::print("{}:\n", f.name);
        std::size_t width = 0;
        for (const auto& v : f.values) width = std::max(width, utf8::length(safe(v.value)));
        for (const auto& v : f.values) {
            const std::string value = safe(v.value);
            fmt::print("  {}{}  {}\n", value, std::string(width - utf8::length(value), ' '), thousands(v.count));
        }
        if (f.values.empty()) fmt::print("  (none)\n");
    }
}

void print_text(const OutputStyle& style, const SearchResult& result) {
    for (const Hit& hit : result.hits) {
        const std::string date = hit.date.empty() ? "(no date)" : hit.date;
        // On a terminal, lines are wrapped at words and keep their indent:
        // the title under itself, the rest two columns in.
        const std::string lead = fmt::format("{}{:<10}{} ", style.color ? kDim : "", date, style.color ? kReset : "");
        const std::string title = fmt::format("{}{}{}{}", style.color ? kBold : "", safe(hit.title),
                                              style.color ? kReset : "", hit.partial ? " (partial match)" : "");
        fmt::print("{}\n", wrap_text(lead, title, style.width, std::max<std::size_t>(11, date.size() + 1)));
        // A path stays whole on its line, to be copied.
        fmt::print("  {}{}{}\n", style.color ? kDim : "", safe(location_of(hit)), style.color ? kReset : "");
        if (style.snippets && !hit.snippet.empty())
            fmt::print("{}\n", wrap_text("  ", highlighted(style, hit), style.width, 2));
        if (!hit.copies.empty()) {
            std::string also;
            for (const Copy& c : hit.copies)
                also += (also.empty() ? "" : ", ") + safe(c.id) + (c.date.empty() ? "" : " (" + c.date + ")");
            fmt::print("{}{}\n", wrap_text("  ", std::string(style.color ? kDim : "") + "also published as: " + also,
                                           style.width, 4),
                       style.color ? kReset : "");
        }
        fmt::print("\n");
    }
    const std::size_t shown = result.hits.size();
    fmt::print("{} hit{} shown, {}{} match{}\n", shown, shown == 1 ? "" : "s", result.total_exact ? "" : "about ",
               thousands(result.total), result.total == 1 ? "" : "es");
    if (result.timeline) print_timeline(style, *result.timeline);
    print_facets(result.facets);
}

}  // namespace

void print_result(const OutputStyle& style, const std::string& query, const SearchResult& result,
                  double took_ms) {
    switch (style.format) {
        case OutputFormat::Text:
            print_notices(result.notices);
            print_suggestion(result);
            print_text(style, result);
            break;
        case OutputFormat::Json:
            print_notices(result.notices);
            fmt::print("{}\n", result_json(query, result, took_ms, 2, nullptr, style.snippets));
            break;
        case OutputFormat::Jsonl:
            print_notices(result.notices);
            print_suggestion(result);
            for (const Hit& hit : result.hits) fmt::print("{}\n", hit_json(hit, style.snippets));
            break;
        case OutputFormat::Tsv: {
            print_notices(result.notices);
            print_suggestion(result);
            // Never wrapped, never coloured: one hit per line.
            OutputStyle plain = style;
            plain.color = false;
            if (style.header) fmt::print("rank\tid\tdate\tscore\ttitle{}\n", style.snippets ? "\tsnippet" : "");
            for (const Hit& hit : result.hits) {
                fmt::print("{}\t{}\t{}\t{:.4f}\t{}", hit.rank, tsv_field(hit.id), hit.date, hit.score,
                           tsv_field(hit.title));
                if (style.snippets) fmt::print("\t{}", tsv_field(highlighted(plain, hit)));
                fmt::print("\n");
            }
            break;
        }
    }
}

void print_explanation(const OutputStyle& style, const Explanation& e) {
    if (style.format == OutputFormat::Json || style.format == OutputFormat::Jsonl) {
        fmt::print("{}\n", explanation_json(e, style.format == OutputFormat::Json ? 2 : -1));
        return;
    }
    fmt::print("query:      {}\n", safe(e.query));
    fmt::print("rewritten:  {}\n", safe(e.rewritten));
    fmt::print("tree:       {}\n", safe(e.tree));
    fmt::print("match:      {}\n", e.match);
    fmt::print("date range: {}\n", e.date_range.empty() ? "none" : e.date_range);
    fmt::print("xapian:     {}\n", safe(e.xapian));
    for (const auto& n : e.notices) fmt::print("notice:     {}\n", safe(n));
}

void print_fields(const OutputStyle& style) {
    if (style.format == OutputFormat::Json || style.format == OutputFormat::Jsonl) {
        JsonWriter w(style.format == OutputFormat::Json ? 2 : -1);
        w.begin_object().key("fields").begin_array();
        for (const auto& f : schema::kFields) {
            w.begin_object().field("description", f.description).field("name", f.name);
            w.key("query").string_or_null(f.query);
            w.end_object();
        }
        w.end_array().field("schema_version", kJsonSchemaVersion).end_object();
        fmt::print("{}\n", w.text());
        return;
    }
    fmt::print("Fields of a communiqué, and how a query names them:\n");
    for (const auto& f : schema::kFields) {
        fmt::print("  {:<7} {}\n", f.name, f.description);
        fmt::print("          {}\n", f.query.empty() ? std::string_view("(not searchable)") : f.query);
    }
}

void print_document(const OutputStyle& style, const Document& d) {
    if (style.format == OutputFormat::Json || style.format == OutputFormat::Jsonl) {
        fmt::print("{}\n", document_json(d, style.format == OutputFormat::Json ? 2 : -1));
        return;
    }
    const auto line = [](const char* name, const std::string& value) {
        if (!value.empty()) fmt::print("{:<7} {}\n", name, safe(value));
    };
    line("id:", d.id);
    if (!d.date.empty())
        line("date:", d.date + (d.date.size() == 4 ? " (year)" : d.date.size() == 7 ? " (month)" : " (day)"));
    line("title:", d.title);
    line("source:", d.source);
    line("url:", d.url);
    line("path:", d.path);
    std::string cves, refs;
    for (const auto& c : d.cves) cves += (cves.empty() ? "" : " ") + c;
    for (const auto& r : d.refs) refs += (refs.empty() ? "" : " ") + r;
    line("cves:", cves);
    line("refs:", refs);
    // Paragraphs and line breaks kept; control characters made safe.
    fmt::print("\n{}\n", utf8::sanitize_for_terminal(d.text, false));
}

void print_count(const OutputStyle& style, const std::string& query, std::size_t count) {
    if (style.format == OutputFormat::Json || style.format == OutputFormat::Jsonl) {
        fmt::print("{}\n", count_json(query, count));
    } else {
        fmt::print("{}\n", count);
    }
}

}  // namespace vigie::cli
