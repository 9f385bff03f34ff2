#include "document/sentences.hpp"

#include "analysis/fold.hpp"
#include "util/utf8.hpp"

namespace vigie::detail {

namespace {

bool is_sentence_end(char32_t cp) { return cp == '.' || cp == '!' || cp == '?' || cp == 0x2026; }
bool is_closing(char32_t cp) { return cp == '"' || cp == 0x201D || cp == 0xBB || cp == ')'; }
bool is_opening(char32_t cp) { return cp == '"' || cp == 0x201C || cp == 0xAB || cp == '('; }
bool is_space(char32_t cp) { return cp == ' ' || cp == '\t' || cp == 0xA0 || cp == 0x202F; }

bool starts_sentence(char32_t cp) {
    if (is_opening(cp)) return true;
    if (!is_letter(cp)) return false;
    std::string folded;
    append_folded(folded, cp);
    std::string raw;
    utf8::append(raw, cp);
    return folded != raw;  // an uppercase letter
}

}  // namespace

std::vector<Segment> split_sentences(std::string_view text) {
    std::vector<Segment> segments;
    std::size_t start = 0;
    std::size_t pos = 0;
    const auto close_at = [&](std::size_t end) {
        // Take the following whitespace into this segment.
        while (end < text.size()) {
            std::size_t next = end;
            const char32_t cp = utf8::decode(text, next);
            if (!is_space(cp) && cp != '\n') break;
            end = next;
        }
        if (end > start) segments.push_back({start, end});
        start = end;
        return end;
    };
    while (pos < text.size()) {
        std::size_t next = pos;
        const char32_t cp = utf8::decode(text, next);
        if (cp == '\n') {
            pos = close_at(next);
            continue;
        }
        if (!is_sentence_end(cp)) {
            pos = next;
            continue;
        }
        // Swallow repeated marks and closing quotes: ?!  ." .»
        std::size_t end = next;
        while (end < text.size()) {
            std::size_t after = end;
            const char32_t c = utf8::decode(text, after);
            if (!is_sentence_end(c) && !is_closing(c)) break;
            // A straight quote glued to a capital opens the next sentence.
            if (c == '"' && after < text.size()) {
                std::size_t peek = after;
                if (starts_sentence(utf8::decode(text, peek))) break;
            }
            end = after;
        }
        std::size_t look = end;
        char32_t following = 0;
        while (look < text.size()) {
            std::size_t after = look;
            following = utf8::decode(text, after);
            if (!is_space(following)) break;
            look = after;
        }
        const bool spaced = look > end;
        if (look >= text.size() || following == '\n' || starts_sentence(following) ||
            (spaced && is_digit(following))) {
            pos = close_at(end);
        } else {
            pos = end;
        }
    }
    if (start < text.size()) segments.push_back({start, text.size()});
    return segments;
}

}  // namespace vigie::detail
