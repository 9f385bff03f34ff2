// JSON Lines communiqués.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "document/json_format.hpp"
#include "document/repeats.hpp"
#include "document/text_format.hpp"

namespace vigie {

namespace {

using nlohmann::json;

// Reads an optional string field; numbers are accepted for ids.
bool read_string(const json& record, const char* key, std::string& out, std::string& error,
                 bool allow_number = false) {
    const auto it = record.find(key);
    if (it == record.end() || it->is_null()) return true;
    if (it->is_string()) {
        out = it->get<std::string>();
        return true;
    }
    if (allow_number && it->is_number_integer()) {
        out = it->dump();
        return true;
    }
    error = fmt::format("field \"{}\" must be a string", key);
    return false;
}

}  // namespace

ParseOutcome parse_json_communique(std::string_view line, std::string fallback_id) {
    ParseOutcome outcome;
    json record;
    try {
        record = json::parse(line.begin(), line.end());
    } catch (const json::parse_error& e) {
        outcome.error = fmt::format("invalid JSON at byte {}", e.byte);
        return outcome;
    } catch (const json::exception& e) {
        // Valid syntax the parser still refuses, such as 1e999 (out of a
        // double's range): nlohmann's message without its "[json...]" tag.
        const std::string what = e.what();
        const std::size_t tag_end = what.find("] ");
        outcome.error = "invalid JSON: " + (tag_end == std::string::npos ? what : what.substr(tag_end + 2));
        return outcome;
    }
    if (!record.is_object()) {
        outcome.error = "expected a JSON object";
        return outcome;
    }
    Communique doc;
    std::string date_text;
    std::string& error = outcome.error;
    if (!read_string(record, "id", doc.id, error, true) ||
        !read_string(record, "date", date_text, error) ||
        !read_string(record, "title", doc.title, error) ||
        !read_string(record, "source", doc.source, error) ||
        !read_string(record, "url", doc.url, error))
        return outcome;
    std::string body;
    for (const char* key : {"body", "text", "content"}) {
        if (!read_string(record, key, body, error)) return outcome;
        if (!body.empty()) break;
    }
    if (body.empty()) {
        error = "no text (expected a non-empty \"body\", \"text\" or \"content\")";
        return outcome;
    }
    if (doc.id.empty()) doc.id = std::move(fallback_id);
    if (!date_text.empty()) {
        const DateParse parsed = parse_date(date_text);
        if (parsed.date) {
            doc.date = parsed.date;
        } else {
            outcome.warnings.push_back(fmt::format("malformed date '{}' ({}); indexed without a date",
                                                   date_text, parsed.error));
        }
    } else {
        outcome.warnings.push_back("no \"date\"; indexed without a date");
    }
    doc.body = collapse_repeats(body);
    if (doc.body.size() != body.size()) doc.original = body;
    doc.title_from_body = doc.title.empty();
    if (doc.title_from_body) doc.title = make_title(doc.body);
    outcome.communique = std::move(doc);
    return outcome;
}

}  // namespace vigie
