#include "query/highlights.hpp"

namespace vigie::query {

namespace {

class Collector {
public:
    Collector(WordAnalysis& words, bool keep_stopwords, MatchedTerms& out)
        : words_(words), keep_stopwords_(keep_stopwords), out_(out) {}

    void node(const Node& n, bool positive) {
        if (n.sign == Sign::Excluded || !positive) return;
        switch (n.kind) {
            case Node::Kind::Word: return word(n);
            case Node::Kind::Phrase: return in_a_row(words_.tokens(n.text));
            case Node::Kind::Wildcard: return wildcard(n);
            case Node::Kind::Near:
                // Each word of a NEAR on its own: the window is loose.
                for (const Node& child : n.children)
                    for (const Token& t : words_.tokens(child.text))
                        for (const auto& key : words_.position_keys(t)) out_.add_key(key);
                return;
            case Node::Kind::Exact:
            case Node::Kind::Date: return;  // filters: nothing in the text
            case Node::Kind::AndNot:
                if (!n.children.empty()) node(n.children[0], true);
                return;
            default:
                for (const Node& child : n.children) node(child, true);
        }
    }

private:
    void word(const Node& n) {
        const std::vector<Token> tokens = words_.tokens(n.text);
        if (!keep_stopwords_ && n.sign == Sign::None && WordAnalysis::all_stopwords(tokens)) return;
        if (tokens.size() != 1) return in_a_row(tokens);
        const Token& t = tokens[0];
        switch (t.kind) {
            case Token::Kind::Word:
                out_.add_key(words_.key(t.term));
                if (!n.field)
                    for (const std::string& spelling : words_.spellings(t.term)) in_a_row(words_.tokens(spelling));
                break;
            case Token::Kind::Compound: {
                // Its parts in a row, or the joined word.
                out_.add_phrase(words_.position_keys(t));
                std::string joined;
                for_each_part(t.term, [&](std::string_view part) { joined += part; });
                out_.add_key(words_.key(joined));
                break;
            }
            case Token::Kind::Identifier: out_.add_key(words_.key(t.term)); break;
        }
    }

    void wildcard(const Node& n) {
        const std::vector<Token> tokens = words_.tokens(n.text);
        if (tokens.empty()) return;
        for (std::size_t i = 0; i + 1 < tokens.size(); ++i)
            for (const auto& key : words_.position_keys(tokens[i])) out_.add_key(key);
        out_.add_prefix(WordAnalysis::wildcard_prefix(tokens.back()));
    }

    void in_a_row(const std::vector<Token>& tokens) {
        std::vector<std::string> keys;
        for (const Token& t : tokens)
            for (auto& key : words_.position_keys(t)) keys.push_back(std::move(key));
        out_.add_phrase(std::move(keys));
    }

    WordAnalysis& words_;
    bool keep_stopwords_;
    MatchedTerms& out_;
};

}  // namespace

MatchedTerms highlights(const Node& root, WordAnalysis& words, bool keep_stopwords) {
    MatchedTerms out;
    Collector(words, keep_stopwords, out).node(root, true);
    return out;
}

}  // namespace vigie::query
