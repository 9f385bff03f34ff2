// Text communiqués (" date 2020-06 body...") and titles.
#include <fmt/format.h>

#include "document/sentences.hpp"
#include "document/text_format.hpp"
#include "document/repeats.hpp"
#include "util/utf8.hpp"

namespace vigie {

namespace {

constexpr std::size_t kMaxTitleChars = 100;

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\v'; }

std::string_view trim(std::string_view s) {
    while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_blank(s.back())) s.remove_suffix(1);
    return s;
}

bool starts_with_date_keyword(std::string_view s) {
    if (s.size() < 5) return false;
    const std::string_view word = s.substr(0, 4);
    const bool keyword = (word == "date" || word == "Date" || word == "DATE");
    return keyword && (s[4] == ' ' || s[4] == '\t' || s[4] == ':');
}

}  // namespace

ParseOutcome parse_text_communique(std::string_view text, std::string id) {
    ParseOutcome outcome;
    Communique doc;
    doc.id = std::move(id);
    std::string_view rest = trim(text);
    bool header = false;
    if (starts_with_date_keyword(rest)) {
        std::string_view after = rest.substr(5);
        while (!after.empty() && (after.front() == ' ' || after.front() == '\t')) after.remove_prefix(1);
        std::size_t end = 0;
        while (end < after.size() && !is_blank(after[end])) ++end;
        const std::string_view value = after.substr(0, end);
        if (looks_like_date(value)) {
            header = true;
            const DateParse parsed = parse_date(value);
            if (parsed.date) {
                doc.date = parsed.date;
            } else {
                outcome.warnings.push_back(
                    fmt::format("malformed date '{}' ({}); indexed without a date", value, parsed.error));
            }
            rest = trim(after.substr(end));
        }
    }
    if (!header && !rest.empty()) outcome.warnings.push_back("no 'date' header; indexed without a date");
    if (rest.empty()) {
        outcome.error = "empty communiqué (no text after the date)";
        return outcome;
    }
    doc.body = collapse_repeats(rest);
    if (doc.body.size() != rest.size()) doc.original = std::string(rest);
    doc.title = make_title(doc.body);
    outcome.communique = std::move(doc);
    return outcome;
}

std::string make_title(std::string_view body) {
    const auto sentences = detail::split_sentences(body);
    std::string_view first = sentences.empty()
                                 ? body
                                 : body.substr(sentences[0].begin, sentences[0].end - sentences[0].begin);
    std::string title = utf8::sanitize_for_terminal(trim(first), true);
    if (utf8::length(title) <= kMaxTitleChars) return title;
    // Cut at the last space before the limit, never inside a character.
    const std::size_t bytes = utf8::prefix_bytes(title, kMaxTitleChars);
    std::size_t cut = title.rfind(' ', bytes);
    if (cut == std::string::npos || cut < bytes / 2) cut = bytes;
    title.resize(cut);
    while (!title.empty() && (title.back() == ',' || title.back() == ' ' || title.back() == ';'))
        title.pop_back();
    return title + "…";
}

bool looks_like_json_lines(std::string_view text) {
    text = trim(text);
    return !text.empty() && text.front() == '{';
}

}  // namespace vigie
