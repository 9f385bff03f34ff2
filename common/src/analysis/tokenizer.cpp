#include "analysis/tokenizer.hpp"

#include <algorithm>
#include <array>

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

// What an ASCII byte is, looked up rather than computed: the tokenizer asks
// for every byte of every text it reads.
enum AsciiClass : unsigned char {
    kDigit = 1,
    kLower = 2,
    kUpper = 4,
    kConnector = 8,  // what joins() may accept between two word characters
};

constexpr std::array<unsigned char, 256> make_ascii_classes() {
    std::array<unsigned char, 256> classes{};
    for (int c = '0'; c <= '9'; ++c) classes[c] = kDigit;
    for (int c = 'a'; c <= 'z'; ++c) classes[c] = kLower;
    for (int c = 'A'; c <= 'Z'; ++c) classes[c] = kUpper;
    for (const char c : {'\'', '-', '_', '.', ','}) classes[static_cast<unsigned char>(c)] = kConnector;
    return classes;
}
constexpr std::array<unsigned char, 256> kAsciiClasses = make_ascii_classes();

bool is_ascii_alnum(char c) { return kAsciiClasses[static_cast<unsigned char>(c)] & (kDigit | kLower | kUpper); }

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

// The first folded bytes (at most 2) of the word part at pos, into
// head[0..2); returns how many.
std::size_t fold_head(std::string_view text, std::size_t pos, char (&head)[2], std::string& scratch) {
    const auto first = static_cast<unsigned char>(text[pos]);
    const auto second = pos + 1 < text.size() ? static_cast<unsigned char>(text[pos + 1]) : 0;
    if (first < 0x80 && second < 0x80) {  // as append_ascii_run folds
        head[0] = static_cast<char>(first | 0x20);
        if (!is_ascii_alnum(static_cast<char>(second))) return 1;
        head[1] = static_cast<char>(second | 0x20);
        return 2;
    }
    scratch.clear();
    while (pos < text.size() && scratch.size() < 2) {
        std::size_t next = pos;
        const char32_t cp = utf8::decode(text, next);
        if (!is_word_char(cp)) break;
        append_folded(scratch, cp);
        pos = next;
    }
    const std::size_t n = std::min<std::size_t>(scratch.size(), 2);
    scratch.copy(head, n);
    return n;
}

}  // namespace

void WordHeads::add(std::string_view word) {
    if (word.empty()) {
        any_ = true;
        as_written_.set();
        return;
    }
    const auto first = static_cast<unsigned char>(word[0]);
    first_[first] = true;
    if (word.size() >= 2) {
        first_two_[(first << 8) | static_cast<unsigned char>(word[1])] = true;
    } else {
        for (unsigned second = 0; second < 256; ++second) first_two_[(first << 8) | second] = true;
    }
    // The same, for the two bytes as written: either case, and any second
    // byte that may_start would not reject from one byte alone.
    if (!is_ascii_alnum(static_cast<char>(first))) return;  // never an ASCII start
    const auto spellings = [](unsigned char folded) {
        const unsigned char upper = kAsciiClasses[folded] & kLower ? folded - ('a' - 'A') : folded;
        return std::array<unsigned char, 2>{folded, upper};
    };
    for (const unsigned char b0 : spellings(first)) {
        for (unsigned b1 = 0; b1 < 256; ++b1) {
            // A one-letter part (then a space, a connector...), a letter
            // written as more than one byte: checked by may_start.
            if (b1 >= 0x80 || !is_ascii_alnum(static_cast<char>(b1)) || word.size() == 1)
                as_written_[(b0 << 8) | b1] = true;
        }
        if (word.size() >= 2 && is_ascii_alnum(word[1]))
            for (const unsigned char b1 : spellings(static_cast<unsigned char>(word[1])))
                as_written_[(b0 << 8) | b1] = true;
    }
}

bool PartStarts::next(std::size_t& start, const WordHeads& heads) {
    const std::string_view text = text_;
    const auto byte_at = [&](std::size_t i) { return i < text.size() ? static_cast<unsigned char>(text[i]) : 0u; };
    std::size_t pos = pos_;
    bool after_word = after_word_char_;
    while (pos < text.size()) {
        const unsigned byte = byte_at(pos);
        std::size_t after = pos + 1;
        bool word = false;
        bool candidate = false;
        if (byte < 0x80) {
            // Most of the text: one table lookup per byte, and a branch
            // taken only where a sought word may begin.
            word = is_ascii_alnum(static_cast<char>(byte));
            candidate = word & !after_word & heads.may_start_as_written(byte, byte_at(pos + 1));
        } else {
            after = pos;
            word = is_word_char(utf8::decode(text, after));
            candidate = word && !after_word;
        }
        if (candidate) {
            char head[2];
            const std::size_t head_size = fold_head(text, pos, head, scratch_);
            if (heads.may_start(std::string_view(head, head_size))) {
                start = pos;
                pos_ = after;
                after_word_char_ = true;
                return true;
            }
        }
        after_word = word;
        pos = after;
    }
    pos_ = pos;
    after_word_char_ = after_word;
    return false;
}

void PartStarts::resume_after_token(const Token& token) {
    pos_ = token.end;
    after_word_char_ = true;  // a token ends with a letter or digit
}

std::size_t token_start(std::string_view text, std::size_t part_start) {
    std::size_t start = part_start;
    for (;;) {
        if (start == 0) return start;
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
        // Back to the first letter or digit of the part before.
        start = prev_at;
        while (start > 0) {
            const std::size_t before = previous_code_point(text, start);
            p = before;
            if (!is_word_char(utf8::decode(text, p))) break;
            start = before;
        }
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
