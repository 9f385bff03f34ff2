#include "query/analysed_text.hpp"

#include <fmt/format.h>

namespace vigie::query {

namespace {

class Writer {
public:
    Writer(WordAnalysis& words, bool keep_stopwords) : words_(words), keep_stopwords_(keep_stopwords) {}

    std::string node(const Node& n) {
        std::string sign = n.sign == Sign::Required ? "+" : n.sign == Sign::Excluded ? "-" : "";
        const std::string field = n.field ? std::string(n.field->name) + ":" : "";
        switch (n.kind) {
            case Node::Kind::Word: {
                const std::vector<Token> tokens = words_.tokens(n.text);
                if (!keep_stopwords_ && n.sign == Sign::None && WordAnalysis::all_stopwords(tokens)) return "";
                const std::string words = terms(tokens);
                if (words.empty()) return "";
                return sign + field + (tokens.size() > 1 ? '"' + words + '"' : words);
            }
            case Node::Kind::Phrase: {
                const std::string words = terms(words_.tokens(n.text));
                return words.empty() ? "" : sign + field + '"' + words + '"';
            }
            case Node::Kind::Wildcard: {
                const std::string words = terms(words_.tokens(n.text));
                return words.empty() ? "" : sign + field + words + "*";
            }
            case Node::Kind::Exact: return sign + field + n.text;
            case Node::Kind::Date: return sign + field + n.range.describe();
            case Node::Kind::Group: {
                const std::string items = join(n, " ", !sign.empty());
                return items.empty() ? "" : sign + items;
            }
            case Node::Kind::And: return join(n, " AND ", false);
            case Node::Kind::Or: return join(n, " OR ", false);
            case Node::Kind::Xor: return join(n, " XOR ", false);
            case Node::Kind::AndNot: return join(n, " NOT ", false);
            case Node::Kind::Near: {
                std::vector<std::string> words;  // stopwords kept: NEAR takes them as written
                for (const Node& child : n.children)
                    words.push_back((child.field ? std::string(child.field->name) + ":" : "") +
                                    terms(words_.tokens(child.text)));
                return sign + fmt::format("{}", fmt::join(words, fmt::format(" {}/{} ", n.ordered ? "ADJ" : "NEAR",
                                                                            n.window + 1 - n.children.size())));
            }
        }
        return "";
    }

private:
    std::string terms(const std::vector<Token>& tokens) {
        std::string out;
        for (const Token& t : tokens) {
            if (!out.empty()) out += ' ';
            out += t.term;
        }
        return out;
    }

    std::string join(const Node& n, const char* separator, bool bracket) {
        std::vector<std::pair<const Node*, std::string>> parts;
        for (const Node& child : n.children) {
            std::string text = node(child);
            if (!text.empty()) parts.emplace_back(&child, std::move(text));
        }
        std::string out;
        for (auto& [child, text] : parts) {
            if (!child->is_leaf() && child->kind != Node::Kind::Near && parts.size() > 1) text = '(' + text + ')';
            if (!out.empty()) out += separator;
            out += text;
        }
        // A signed group of one branch (-(a OR b)) keeps its brackets too.
        const bool several = parts.size() > 1 || (parts.size() == 1 && !parts[0].first->is_leaf());
        return bracket && several ? '(' + out + ')' : out;
    }

    WordAnalysis& words_;
    bool keep_stopwords_;
};

}  // namespace

std::string analysed_text(const Node& root, WordAnalysis& words, bool keep_stopwords) {
    return Writer(words, keep_stopwords).node(root);
}

}  // namespace vigie::query
