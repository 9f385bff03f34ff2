#include "analysis/tokenizer.hpp"

#include <algorithm>
#include <array>

#include "analysis/ascii_classes.hpp"
#include "analysis/fold.hpp"
#include "util/utf8.hpp"

namespace vigie {

namespace {

char32_t peek(std::string_view text, std::size_t pos, std::size_t* next = nullptr) {
    if (pos >= text.size()) return 0;
    std::size_t p = pos;
    const char32_t cp = utf8::decode(text, p);
    if (next) *next = p;
    return cp;
}

// Whether the connector between prev and after keeps one token going.
bool joins(char32_t connector, char32_t prev, char32_t after) {
    if (!is_word_char(after)) return false;
    if (is_apostrophe(connector)) return is_letter(prev) && is_letter(after);
    if (is_hyphen(connector) || connector == '_') return true;
    if (connector == '.') return is_digit(after);                    // 2.14.1, v1.2
    if (connector == ',') return is_digit(prev) && is_digit(after);  // 3,5
    return false;
}

// Appends text[from, to), all ASCII letters and digits, lowercased; says
// whether it held a digit. Setting bit 0x20 lowercases a letter and leaves
// a digit as it is; digits are the only ones below 0x40.
bool append_ascii_run(std::string& out, std::string_view text, std::size_t from, std::size_t to) {
    char buffer[64];
    bool has_digit = false;
    while (from < to) {
        const std::size_t n = std::min(to - from, sizeof buffer);
        const char* in = text.data() + from;
        for (std::size_t i = 0; i < n; ++i) {
            has_digit |= in[i] < 0x40;
            buffer[i] = static_cast<char>(in[i] | 0x20);
        }
        out.append(buffer, n);
        from += n;
    }
    return has_digit;
}

// Where the code point that ends just before pos starts.
std::size_t previous_code_point(std::string_view text, std::size_t pos) {
    std::size_t p = pos - 1;
    while (p > 0 && pos - p < 4 && (static_cast<unsigned char>(text[p]) & 0xC0) == 0x80) --p;
    return p;
}

}  // namespace

namespace {
// Where the word part that ends just before pos begins, or pos when no
// letter or digit ends there.
std::size_t part_begin_before(std::string_view text, std::size_t pos) {
    std::size_t start = pos;
    while (start > 0) {
        const std::size_t before = previous_code_point(text, start);
        std::size_t p = before;
        if (!is_word_char(utf8::decode(text, p))) break;
        start = before;
    }
    return start;
}
}  // namespace

std::size_t token_start(std::string_view text, std::size_t part_start) {
    std::size_t start = part_start;
    for (;;) {
        if (start == 0) return start;
        // Format characters between two word parts join them, as
        // Tokenizer::next skips them.
        std::size_t skipped = start;
        for (;;) {
            const std::size_t before = previous_code_point(text, skipped);
            std::size_t p = before;
            if (!is_ignorable(utf8::decode(text, p))) break;
            skipped = before;
            if (skipped == 0) break;
        }
        if (skipped != start) {
            const std::size_t part = part_begin_before(text, skipped);
            if (part == skipped) return start;
            start = part;
            continue;
        }
        // A connector, then the code point before it, as Tokenizer::next
        // sees them going forward.
        const std::size_t connector_at = previous_code_point(text, start);
        if (connector_at == 0) return start;
        const std::size_t prev_at = previous_code_point(text, connector_at);
        std::size_t p = connector_at;
        const char32_t connector = utf8::decode(text, p);
        p = prev_at;
        const char32_t prev = utf8::decode(text, p);
        p = start;
        const char32_t after = utf8::decode(text, p);
        if (!is_word_char(prev) || !joins(connector, prev, after)) return start;
        start = part_begin_before(text, connector_at);
    }
}

bool is_elision(std::string_view p) {
    static constexpr std::array<std::string_view, 13> kElisions = {
        "l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu"};
    for (const auto e : kElisions)
        if (p == e) return true;
    return false;
}

bool Tokenizer::next(Token& token) {
    // Skip to the next word character.
    std::size_t after = 0;
    char32_t cp = 0;
    while (pos_ < text_.size()) {
        const unsigned char byte = static_cast<unsigned char>(text_[pos_]);
        if (byte < 0x80) {  // ASCII fast path: most of French text
            if (is_ascii_alnum(static_cast<char>(byte))) break;
            ++pos_;
            continue;
        }
        cp = peek(text_, pos_, &after);
        if (is_word_char(cp)) break;
        pos_ = after;
    }
    if (pos_ >= text_.size()) return false;

    token.begin = token.word_begin = pos_;
    token.term.clear();
    bool has_hyphen = false;
    bool has_digit = false;
    std::size_t first_apostrophe = std::string::npos;  // in term
    std::size_t first_apostrophe_end = 0;              // in text
    char32_t prev = 0;
    while (pos_ < text_.size()) {
        // A run of ASCII letters and digits, most of French text, in one go.
        const std::string_view text = text_;
        std::size_t run_end = pos_;
        while (run_end < text.size() && is_ascii_alnum(text[run_end])) ++run_end;
        if (run_end > pos_) {
            has_digit |= append_ascii_run(token.term, text, pos_, run_end);
            prev = static_cast<unsigned char>(text[run_end - 1]);
            pos_ = run_end;
            if (pos_ >= text.size()) break;
        }
        const auto byte = static_cast<unsigned char>(text[pos_]);
        // Spaces and most punctuation end the word without further ado.
        if (byte < 0x80 && !(kAsciiClasses[byte] & kConnector)) break;
        cp = peek(text_, pos_, &after);
        if (is_word_char(cp)) {
            has_digit |= is_digit(cp);
            append_folded(token.term, cp);
            prev = cp;
            pos_ = after;
            continue;
        }
        if (is_ignorable(cp)) {
            // Invisible format characters inside a word (soft hyphen,
            // zero-width space...) are skipped, not a boundary.
            std::size_t resume = after;
            while (resume < text_.size() && is_ignorable(peek(text_, resume, &after))) resume = after;
            if (resume >= text_.size() || !is_word_char(peek(text_, resume))) break;
            pos_ = resume;
            continue;
        }
        std::size_t after_next = 0;
        const char32_t next_cp = peek(text_, after, &after_next);
        if (!joins(cp, prev, next_cp)) break;
        if (is_apostrophe(cp)) {
            if (first_apostrophe == std::string::npos) {
                first_apostrophe = token.term.size();
                first_apostrophe_end = after;
            }
            token.term += '\'';
        } else if (is_hyphen(cp)) {
            has_hyphen = true;
            token.term += '-';
        } else {
            token.term += static_cast<char>(cp);
        }
        pos_ = after;
    }
    token.end = pos_;

    if (first_apostrophe != std::string::npos &&
        is_elision(std::string_view(token.term).substr(0, first_apostrophe))) {
        token.term.erase(0, first_apostrophe + 1);
        token.word_begin = first_apostrophe_end;
    }
    token.kind = Token::Kind::Word;
    if (has_hyphen && token.term.find('-') != std::string::npos) {
        if (has_digit) {
            token.kind = Token::Kind::Identifier;
            for (char& c : token.term)
                if (c == '-') c = '_';
        } else {
            token.kind = Token::Kind::Compound;
        }
    }
    return true;
}

}  // namespace vigie
