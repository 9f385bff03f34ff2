#include "query/parser.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

#include "query/lexer.hpp"
#include "util/utf8.hpp"
#include "vigie/error.hpp"

namespace vigie::query {

namespace {

using Op = Lexeme::Op;

// A query whose syntax cannot be read; caught by parse(), which then reads
// the words plainly.
struct SyntaxError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Xapian's reading of NEAR and ADJ: "a NEAR b" is a within 10 words of b.
constexpr unsigned kDefaultWindow = 10;

std::string day_bound(std::string_view part, bool last) {
    const DateParse parsed = parse_date(part);
    if (!parsed.date)
        throw Error(ExitCode::Error, fmt::format("invalid date '{}' in the query: {}",
                                                 utf8::sanitize_for_terminal(part, true), parsed.error));
    return last ? parsed.date->last_day() : parsed.date->first_day();
}

class Parser {
public:
    explicit Parser(std::vector<Lexeme> lexemes) : lexemes_(std::move(lexemes)) {}

    Node run() {
        Node root = parse_or();
        if (!at_end()) {
            if (peek().type == Lexeme::Type::Close) throw SyntaxError("unbalanced brackets");
            throw SyntaxError(fmt::format("unexpected {}", describe_lexeme(peek())));
        }
        if (root.kind != Node::Kind::Group) {
            Node group;
            group.children.push_back(std::move(root));
            root = std::move(group);
        }
        return root;
    }

    std::vector<std::string> notices;

private:
    bool at_end() const { return next_ >= lexemes_.size(); }
    const Lexeme& peek() const { return lexemes_[next_]; }
    bool peek_op(Op op) const { return !at_end() && peek().type == Lexeme::Type::Operator && peek().op == op; }
    bool peek_window_op() const { return peek_op(Op::Near) || peek_op(Op::Adj); }

    static std::string describe_lexeme(const Lexeme& l) {
        switch (l.type) {
            case Lexeme::Type::Close: return "')'";
            case Lexeme::Type::Open: return "'('";
            default: return "'" + l.text + "'";
        }
    }

    // What follows an operator must be something to search.
    void expect_operand(const char* op) const {
        if (at_end() || peek().type == Lexeme::Type::Close ||
            (peek().type == Lexeme::Type::Operator && peek().op != Op::Not))
            throw SyntaxError(fmt::format("{} without anything to search after it", op));
    }

    static Node combine(Node::Kind kind, Node left, Node right) {
        // a OR b OR c is one OR; a NOT b NOT c removes both b and c.
        if (left.kind == kind && (kind == Node::Kind::Or || kind == Node::Kind::And || kind == Node::Kind::AndNot)) {
            left.children.push_back(std::move(right));
            return left;
        }
        Node node;
        node.kind = kind;
        node.children.push_back(std::move(left));
        node.children.push_back(std::move(right));
        return node;
    }

    Node parse_or() {
        Node left = parse_xor();
        while (peek_op(Op::Or)) {
            ++next_;
            expect_operand("OR");
            left = combine(Node::Kind::Or, std::move(left), parse_xor());
        }
        return left;
    }

    Node parse_xor() {
        Node left = parse_and();
        while (peek_op(Op::Xor)) {
            ++next_;
            expect_operand("XOR");
            left = combine(Node::Kind::Xor, std::move(left), parse_and());
        }
        return left;
    }

    // a AND b, a NOT b, a AND NOT b.
    Node parse_and() {
        Node left = parse_group("a query");
        for (;;) {
            if (peek_op(Op::And)) {
                ++next_;
                expect_operand("AND");
                if (peek_op(Op::Not)) {
                    ++next_;
                    expect_operand("NOT");
                    left = combine(Node::Kind::AndNot, std::move(left), parse_group("NOT"));
                } else {
                    left = combine(Node::Kind::And, std::move(left), parse_group("AND"));
                }
            } else if (peek_op(Op::Not)) {
                ++next_;
                expect_operand("NOT");
                left = combine(Node::Kind::AndNot, std::move(left), parse_group("NOT"));
            } else {
                return left;
            }
        }
    }

    // Items side by side. A NOT that starts a group excludes the next item
    // (NOT x alone means every document but those with x).
    Node parse_group(const char* after) {
        Node group;
        const std::size_t start = next_;
        while (!at_end()) {
            const Lexeme& l = peek();
            if (l.type == Lexeme::Type::Close) break;
            if (l.type == Lexeme::Type::Operator) {
                if (l.op == Op::Not && group.children.empty()) {
                    ++next_;
                    expect_operand("NOT");
                    Node item = parse_near();
                    item.sign = Sign::Excluded;
                    group.children.push_back(std::move(item));
                    continue;
                }
                if (l.op == Op::Near || l.op == Op::Adj)
                    throw SyntaxError(fmt::format("{} without a word before it", l.text));
                break;
            }
            Node item = parse_near();
            if (item.kind == Node::Kind::Group && item.children.empty() && item.sign == Sign::None) continue;
            group.children.push_back(std::move(item));
        }
        if (group.children.empty() && next_ == start) {
            if (at_end()) throw SyntaxError(fmt::format("nothing to search for {}", after));
            if (peek().type == Lexeme::Type::Close) throw SyntaxError("unbalanced brackets");
            throw SyntaxError(fmt::format("{} without anything to search before it", peek().text));
        }
        if (group.children.size() == 1 && group.children[0].sign == Sign::None) return std::move(group.children[0]);
        return group;
    }

    // a NEAR b NEAR/3 c: words only, as Xapian's parser takes them.
    Node parse_near() {
        const Sign sign = peek().sign;
        Node left = parse_primary();
        if (!peek_window_op()) {
            left.sign = sign;
            return left;
        }
        Node near;
        near.kind = Node::Kind::Near;
        near.sign = sign;
        near.ordered = peek_op(Op::Adj);
        unsigned given = 0;
        const auto add = [&](Node word) {
            if (word.kind != Node::Kind::Word)
                throw SyntaxError(fmt::format("{} takes words on both sides", near.ordered ? "ADJ" : "NEAR"));
            word.sign = Sign::None;
            near.children.push_back(std::move(word));
        };
        add(std::move(left));
        while (peek_window_op()) {
            if (peek_op(Op::Adj) != near.ordered) throw SyntaxError("NEAR and ADJ mixed without brackets");
            given = std::max(given, peek().window);
            ++next_;
            if (at_end() || peek().type == Lexeme::Type::Operator || peek().type == Lexeme::Type::Close)
                throw SyntaxError(fmt::format("{} without a word after it", near.ordered ? "ADJ" : "NEAR"));
            add(parse_primary());
        }
        near.window = (given ? given : kDefaultWindow) - 1 + static_cast<unsigned>(near.children.size());
        return near;
    }

    Node parse_primary() {
        const Lexeme& l = lexemes_[next_++];
        const schema::Field* field = nullptr;
        if (!l.field.empty()) {
            field = schema::find_queryable(l.field);
            if (l.field_empty) {
                notices.push_back(fmt::format("empty field '{}:' ignored", l.field));
                return Node{};
            }
            if (!field) {
                notices.push_back(fmt::format("unknown field '{}:' read as words (fields: {})", l.field, field_names()));
                Node word;
                word.kind = Node::Kind::Word;
                word.text = l.field + ":" + l.text;
                return count(word);
            }
        }
        switch (l.type) {
            case Lexeme::Type::Open: {
                // A field before brackets applies to the words inside:
                // title:(canicule OR chaleur).
                // Each level of brackets costs a few stack frames here and
                // in every walk of the tree: a deep nest is broken syntax.
                if (++depth_ > kMaxDepth)
                    throw SyntaxError(fmt::format("brackets nested more than {} deep", kMaxDepth));
                const schema::Field* saved = field_;
                if (field) field_ = field;
                Node inner = at_end() || peek().type != Lexeme::Type::Close ? parse_or() : Node{};
                field_ = saved;
                --depth_;
                if (at_end() || peek().type != Lexeme::Type::Close) throw SyntaxError("unbalanced brackets");
                ++next_;
                return inner;
            }
            case Lexeme::Type::Close: throw SyntaxError("unbalanced brackets");
            case Lexeme::Type::Operator: throw SyntaxError(fmt::format("unexpected {}", l.text));
            case Lexeme::Type::Phrase: {
                const schema::Field* f = field ? field : field_;
                // id:"a b" is an id, date:"2020" a date.
                if (f && f->kind != schema::FieldKind::Text) return word_leaf(f, l.text);
                return leaf(Node::Kind::Phrase, f, l.text);
            }
            case Lexeme::Type::Word: break;
        }
        return word_leaf(field ? field : field_, l.text);
    }

    Node word_leaf(const schema::Field* field, const std::string& text) {
        if (field && field->kind == schema::FieldKind::Date) {
            Node node = leaf(Node::Kind::Date, field, text);
            node.range = parse_date_value(text);
            return node;
        }
        if (field && field->kind == schema::FieldKind::Exact) return leaf(Node::Kind::Exact, field, text);
        std::size_t stars = 0;
        while (stars < text.size() && text[text.size() - 1 - stars] == '*') ++stars;
        if (stars > 0 && stars < text.size()) {
            if (++wildcards_ > kMaxWildcards) {
                if (wildcards_ == kMaxWildcards + 1)
                    notices.push_back(fmt::format("more than {} prefix* words: the others are read as words",
                                                  kMaxWildcards));
            } else {
                return leaf(Node::Kind::Wildcard, field, text.substr(0, text.size() - stars));
            }
        }
        return leaf(Node::Kind::Word, field, text);
    }

    Node leaf(Node::Kind kind, const schema::Field* field, std::string text) {
        Node node;
        node.kind = kind;
        node.field = field;
        node.text = std::move(text);
        return count(node);
    }

    // Leaves past the limit are dropped (an empty group), with one notice.
    Node count(Node node) {
        if (++leaves_ <= kMaxLeaves) return node;
        if (leaves_ == kMaxLeaves + 1)
            notices.push_back(fmt::format("query too long: only its first {} words are searched", kMaxLeaves));
        return Node{};
    }

    static std::string field_names() {
        std::string names;
        for (const auto& f : schema::kFields) {
            if (!f.queryable) continue;
            if (!names.empty()) names += ", ";
            names += std::string(f.name) + ":";
        }
        return names;
    }

    std::vector<Lexeme> lexemes_;
    std::size_t next_ = 0;
    const schema::Field* field_ = nullptr;  // of the brackets being read
    std::size_t leaves_ = 0;
    std::size_t wildcards_ = 0;
    std::size_t depth_ = 0;  // of the brackets being read
};

// Every word of the text, syntax aside: the reading of a query whose syntax
// is broken. Operators stay words; quotes and brackets go.
Node plain_words(std::string_view text, std::vector<std::string>& notices) {
    Node group;
    std::string chunk;
    std::size_t leaves = 0;
    const auto flush = [&] {
        if (!chunk.empty() && ++leaves == kMaxLeaves + 1)
            notices.push_back(fmt::format("query too long: only its first {} words are searched", kMaxLeaves));
        if (!chunk.empty() && leaves <= kMaxLeaves) {
            Node word;
            word.kind = Node::Kind::Word;
            word.text = chunk;
            group.children.push_back(std::move(word));
        }
        chunk.clear();
    };
    std::size_t pos = 0;
    while (pos < text.size()) {
        const std::size_t at = pos;
        const char32_t cp = utf8::decode(text, pos);
        if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '"' || cp == '(' || cp == ')' || cp == 0xA0 ||
            cp == 0xAB || cp == 0xBB || cp == 0x201C || cp == 0x201D)
            flush();
        else
            chunk.append(text.substr(at, pos - at));
    }
    flush();
    return group;
}

}  // namespace

DateRange parse_date_value(std::string_view value) {
    const std::size_t dots = value.find("..");
    if (dots == std::string_view::npos) {
        if (value.empty()) throw Error(ExitCode::Error, "empty date: in the query");
        return {day_bound(value, false), day_bound(value, true)};
    }
    const std::string_view first = value.substr(0, dots);
    const std::string_view last = value.substr(dots + 2);
    if (first.empty() && last.empty()) throw Error(ExitCode::Error, "empty date range date:.. in the query");
    return {first.empty() ? std::string() : day_bound(first, false),
            last.empty() ? std::string() : day_bound(last, true)};
}

ParsedQuery parse(std::string_view text) {
    ParsedQuery parsed;
    if (utf8::length(text) > kMaxQueryChars) {
        text = text.substr(0, utf8::prefix_bytes(text, kMaxQueryChars));
        parsed.notices.push_back(fmt::format("query too long: only its first {} characters are read", kMaxQueryChars));
    }
    LexedQuery lexed = lex(text);
    if (lexed.error.empty() && lexed.lexemes.empty()) return parsed;  // nothing but spaces
    std::string error = lexed.error;
    if (error.empty()) {
        Parser parser(std::move(lexed.lexemes));
        try {
            parsed.root = parser.run();
            parsed.notices.insert(parsed.notices.end(), parser.notices.begin(), parser.notices.end());
            return parsed;
        } catch (const SyntaxError& e) {
            error = e.what();
        }
    }
    parsed.plain = true;
    parsed.root = plain_words(text, parsed.notices);
    parsed.notices.push_back(fmt::format("{}: read as plain words", error));
    return parsed;
}

}  // namespace vigie::query
