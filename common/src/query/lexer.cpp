#include "query/lexer.hpp"

#include "util/utf8.hpp"

namespace vigie::query {

namespace {

bool is_space(char32_t cp) {
    // No-break spaces too: French typography puts them inside « ».
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0xA0 || cp == 0x202F || cp == 0x2009;
}
bool opens_phrase(char32_t cp) { return cp == '"' || cp == 0xAB || cp == 0x201C; }   // " « “
bool closes_phrase(char32_t cp) { return cp == '"' || cp == 0xBB || cp == 0x201D; }  // " » ”

bool is_field_char(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }

// AND, NEAR/5...: the operator, or Op::None.
Lexeme::Op operator_of(const std::string& word, unsigned& window) {
    window = 0;
    if (word == "AND") return Lexeme::Op::And;
    if (word == "OR") return Lexeme::Op::Or;
    if (word == "NOT") return Lexeme::Op::Not;
    if (word == "XOR") return Lexeme::Op::Xor;
    for (const auto& [name, op] : {std::pair{std::string("NEAR"), Lexeme::Op::Near},
                                   std::pair{std::string("ADJ"), Lexeme::Op::Adj}}) {
        if (word == name) return op;
        if (word.size() > name.size() + 1 && word.compare(0, name.size() + 1, name + "/") == 0) {
            const std::string digits = word.substr(name.size() + 1);
            if (digits.size() > 4 || digits.find_first_not_of("0123456789") != std::string::npos) continue;
            window = static_cast<unsigned>(std::stoul(digits));
            if (window == 0) continue;
            return op;
        }
    }
    return Lexeme::Op::None;
}

class Lexer {
public:
    explicit Lexer(std::string_view text) : text_(text) {}

    LexedQuery run() {
        LexedQuery out;
        while (skip_spaces()) {
            Lexeme lexeme;
            read_sign(lexeme);
            read_field(lexeme);
            const char32_t cp = peek();
            if (cp == ')' && !lexeme.field.empty()) {  // (title:)
                lexeme.field_empty = true;
                out.lexemes.push_back(std::move(lexeme));
                continue;
            }
            if (cp == '(') {
                advance();
                lexeme.type = Lexeme::Type::Open;
            } else if (cp == ')') {
                advance();
                lexeme.type = Lexeme::Type::Close;
            } else if (opens_phrase(cp)) {
                advance();
                if (!read_phrase(lexeme.text)) {
                    out.error = "unbalanced quote";
                    return out;
                }
                lexeme.type = Lexeme::Type::Phrase;
            } else if (at_end() || is_space(cp)) {
                lexeme.field_empty = !lexeme.field.empty();
                if (!lexeme.field_empty && lexeme.sign == Sign::None) continue;
            } else {
                lexeme.text = read_word();
                if (lexeme.sign == Sign::None && lexeme.field.empty()) {
                    lexeme.op = operator_of(lexeme.text, lexeme.window);
                    if (lexeme.op != Lexeme::Op::None) lexeme.type = Lexeme::Type::Operator;
                }
            }
            out.lexemes.push_back(std::move(lexeme));
        }
        return out;
    }

private:
    bool at_end() const { return pos_ >= text_.size(); }
    char32_t peek() const {
        if (at_end()) return 0;
        std::size_t p = pos_;
        return utf8::decode(text_, p);
    }
    void advance() { utf8::decode(text_, pos_); }

    // Skips spaces; false at the end of the text.
    bool skip_spaces() {
        while (!at_end() && is_space(peek())) advance();
        return !at_end();
    }

    // +word, -word, -"phrase", -(group): a sign followed by something.
    void read_sign(Lexeme& lexeme) {
        const char32_t cp = peek();
        if (cp != '+' && cp != '-') return;
        std::size_t next = pos_ + 1;
        if (next >= text_.size()) return;
        std::size_t p = next;
        const char32_t after = utf8::decode(text_, p);
        if (is_space(after) || after == ')') return;
        lexeme.sign = cp == '+' ? Sign::Required : Sign::Excluded;
        pos_ = next;
    }

    // name: before a value, a phrase or a bracket.
    void read_field(Lexeme& lexeme) {
        std::size_t end = pos_;
        while (end < text_.size() && is_field_char(text_[end])) ++end;
        if (end == pos_ || end >= text_.size() || text_[end] != ':') return;
        for (std::size_t i = pos_; i < end; ++i)
            lexeme.field += static_cast<char>(text_[i] >= 'A' && text_[i] <= 'Z' ? text_[i] + ('a' - 'A') : text_[i]);
        pos_ = end + 1;
    }

    // After the opening quote; false when no closing quote follows.
    bool read_phrase(std::string& out) {
        while (!at_end()) {
            const std::size_t at = pos_;
            const char32_t cp = utf8::decode(text_, pos_);
            if (closes_phrase(cp)) return true;
            out.append(text_.substr(at, pos_ - at));
        }
        return false;
    }

    // Up to a space, a bracket or a quote.
    std::string read_word() {
        const std::size_t start = pos_;
        while (!at_end()) {
            const char32_t cp = peek();
            if (is_space(cp) || cp == '(' || cp == ')' || opens_phrase(cp)) break;
            advance();
        }
        return std::string(text_.substr(start, pos_ - start));
    }

    std::string_view text_;
    std::size_t pos_ = 0;
};

}  // namespace

LexedQuery lex(std::string_view text) { return Lexer(text).run(); }

}  // namespace vigie::query
