#include "vigie/tokenizer.hpp"

#include <array>

#include "vigie/fold.hpp"
#include "vigie/utf8.hpp"

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

bool is_ascii_alnum(unsigned char c) {
    return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

// The ASCII characters joins() may accept between two word characters.
bool is_ascii_connector(unsigned char c) {
    return c == '\'' || c == '-' || c == '_' || c == '.' || c == ',';
}

}  // namespace

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
            if (is_ascii_alnum(byte)) break;
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
        std::size_t run_end = pos_;
        while (run_end < text_.size() && is_ascii_alnum(static_cast<unsigned char>(text_[run_end]))) ++run_end;
        if (run_end > pos_) {
            const std::size_t from = token.term.size();
            token.term.append(text_, pos_, run_end - pos_);
            for (std::size_t i = from; i < token.term.size(); ++i) {
                char& c = token.term[i];
                if (c <= '9') {
                    has_digit = true;
                } else if (c <= 'Z') {
                    c = static_cast<char>(c + ('a' - 'A'));
                }
            }
            prev = static_cast<unsigned char>(text_[run_end - 1]);
            pos_ = run_end;
            if (pos_ >= text_.size()) break;
        }
        const auto byte = static_cast<unsigned char>(text_[pos_]);
        // Spaces and most punctuation end the word without further ado.
        if (byte < 0x80 && !is_ascii_connector(byte)) break;
        cp = peek(text_, pos_, &after);
        if (is_word_char(cp)) {
            has_digit |= is_digit(cp);
            append_folded(token.term, cp);
            prev = cp;
            pos_ = after;
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
