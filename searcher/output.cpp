#include "output.hpp"

#include <fmt/format.h>

#include "output/json_writer.hpp"
#include "output/result_json.hpp"
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

void print_text(const OutputStyle& style, const SearchResult& result) {
    for (const Hit& hit : result.hits) {
        const std::string date = hit.date.empty() ? "(no date)" : hit.date;
        fmt::print("{}{:<10}{} {}{}{}{}\n", style.color ? kDim : "", date, style.color ? kReset : "",
                   style.color ? kBold : "", safe(hit.title), style.color ? kReset : "",
                   hit.partial ? " (partial match)" : "");
        fmt::print("  {}{}{}\n", style.color ? kDim : "", safe(hit.id), style.color ? kReset : "");
        if (!hit.snippet.empty()) fmt::print("  {}\n", highlighted(style, hit));
        fmt::print("\n");
    }
    const std::size_t shown = result.hits.size();
    fmt::print("{} hit{} shown, {}{} match{}\n", shown, shown == 1 ? "" : "s", result.total_exact ? "" : "about ",
               thousands(result.total), result.total == 1 ? "" : "es");
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
            fmt::print("{}\n", result_json(query, result, took_ms, 2));
            break;
        case OutputFormat::Jsonl:
            print_notices(result.notices);
            print_suggestion(result);
            for (const Hit& hit : result.hits) fmt::print("{}\n", hit_json(hit));
            break;
        case OutputFormat::Tsv:
            print_notices(result.notices);
            print_suggestion(result);
            for (const Hit& hit : result.hits) {
                OutputStyle plain = style;
                plain.color = false;
                fmt::print("{}\t{}\t{}\t{:.4f}\t{}\t{}\n", hit.rank, tsv_field(hit.id), hit.date,
                           hit.score, tsv_field(hit.title), tsv_field(highlighted(plain, hit)));
            }
            break;
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

void print_count(const OutputStyle& style, const std::string& query, std::size_t count) {
    if (style.format == OutputFormat::Json || style.format == OutputFormat::Jsonl) {
        fmt::print("{}\n", count_json(query, count));
    } else {
        fmt::print("{}\n", count);
    }
}

}  // namespace vigie::cli
