#include "search/snippet.hpp"

#include <algorithm>
#include <unordered_map>

#include "search/snippet_scan.hpp"
#include "util/utf8.hpp"

namespace vigie {

namespace {

bool is_boundary_space(char c) { return c == ' ' || c == '\n' || c == '\t'; }

}  // namespace

Snippet make_snippet(std::string_view text, const MatchedTerms& matched, std::size_t max_chars,
                     Xapian::Stem& stem) {
    return make_snippet(text, find_matches(text, matched, stem), max_chars);
}

Snippet make_snippet(std::string_view text, const std::vector<Match>& matches, std::size_t max_chars) {
    const std::size_t budget = std::max<std::size_t>(max_chars, 20);

    // Best window: most distinct words, then most matches, earliest first;
    // one sliding pass, so that huge texts stay linear.
    std::size_t best_first = 0, best_last = 0, best_score = 0;
    std::unordered_map<std::string_view, std::size_t> in_window;
    std::size_t j = 0;
    for (std::size_t i = 0; i < matches.size(); ++i) {
        if (j < i) j = i;
        for (; j < matches.size() && matches[j].end - matches[i].begin <= budget; ++j) ++in_window[matches[j].what];
        const std::size_t score = in_window.size() * 1000 + (j - i);
        if (score > best_score) best_score = score, best_first = i, best_last = j;
        if (j > i) {
            auto it = in_window.find(matches[i].what);
            if (--it->second == 0) in_window.erase(it);
        }
    }
    // A single match longer than the budget still anchors the window.
    if (!matches.empty() && best_last <= best_first) best_last = best_first + 1;

    // Place the window: some context before the first match, starting at a
    // sentence or word boundary.
    std::size_t start = 0;
    if (!matches.empty()) {
        const std::size_t span = matches[best_last - 1].end - matches[best_first].begin;
        const std::size_t lead = std::min<std::size_t>((budget - std::min(span, budget)) / 3, 60);
        start = matches[best_first].begin > lead ? matches[best_first].begin - lead : 0;
        const std::size_t sentence = text.rfind(". ", matches[best_first].begin);
        if (sentence != std::string_view::npos && sentence + 2 >= start &&
            sentence + 2 <= matches[best_first].begin)
            start = sentence + 2;
        while (start > 0 && start < text.size() && !is_boundary_space(text[start - 1])) ++start;
        if (start > matches[best_first].begin) start = matches[best_first].begin;
    }
    while (start < text.size() && is_boundary_space(text[start])) ++start;
    // The budget counts characters, the "… " and " …" marks included.
    const auto after_chars = [&](std::size_t from, std::size_t chars) {
        return from + utf8::prefix_bytes(text.substr(from), chars);
    };
    const std::size_t avail = budget - (start > 0 ? 2 : 0);
    std::size_t end = after_chars(start, avail);
    if (end < text.size()) end = after_chars(start, avail - 2);
    if (end < text.size()) {
        std::size_t cut = end;
        while (cut > start && !is_boundary_space(text[cut])) --cut;
        if (cut > start) end = cut;
    }

    // Copy the window, collapsing whitespace and replacing control
    // characters, while recording where the highlights land.
    Snippet snippet;
    std::size_t chars = 0;
    snippet.text.reserve(end - start + 8);
    const auto put = [&](char32_t cp) {
        utf8::append(snippet.text, cp);
        ++chars;
    };
    if (start > 0) put(0x2026), put(' ');
    std::size_t m = static_cast<std::size_t>(
        std::lower_bound(matches.begin(), matches.end(), start,
                         [](const Match& match, std::size_t at) { return match.begin < at; }) -
        matches.begin());
    bool open = false;
    bool pending_space = false;
    std::size_t pos = start;
    const auto printable_ascii = [](char c) { return c > ' ' && c < 0x7F; };
    while (pos < end) {
        const std::size_t at = pos;
        if (open && at >= matches[m].end) {
            snippet.highlights.back().second = chars;
            open = false;
            ++m;
        }
        const bool ascii_run = printable_ascii(text[at]);
        const char32_t cp = ascii_run ? static_cast<unsigned char>(text[at]) : utf8::decode(text, pos);
        if (cp == ' ' || cp == '\n' || cp == '\t' || cp == 0xA0) {
            pending_space = true;
            continue;
        }
        if (pending_space) put(' '), pending_space = false;
        if (!open && m < matches.size() && at >= matches[m].begin) {
            if (matches[m].end <= end) {
                snippet.highlights.emplace_back(chars, chars);
                open = true;
            } else {
                m = matches.size();  // the match runs past the window
            }
        }
        if (ascii_run) {
            // Printable ASCII, most of the text, copied at once up to the
            // next highlight boundary.
            const std::size_t boundary =
                open ? matches[m].end : m < matches.size() ? std::min(matches[m].begin, end) : end;
            std::size_t run = at + 1;
            while (run < boundary && run < end && printable_ascii(text[run])) ++run;
            snippet.text.append(text, at, run - at);
            chars += run - at;
            pos = run;
            continue;
        }
        put(utf8::is_control(cp) ? 0xFFFD : cp);
    }
    if (open) snippet.highlights.back().second = chars;
    if (end < text.size()) put(' '), put(0x2026);
    return snippet;
}

}  // namespace vigie
