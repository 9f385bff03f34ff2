#include "query/plain_words.hpp"

namespace vigie::query {

namespace {

void collect(const Node& n, WordAnalysis& words, std::vector<std::string>& out) {
    if (n.sign == Sign::Excluded || n.field) return;
    switch (n.kind) {
        case Node::Kind::Word:
        case Node::Kind::Phrase:
            for (const Token& t : words.tokens(n.text))
                if (t.kind == Token::Kind::Word && !WordAnalysis::is_stopword(t)) out.push_back(t.term);
            return;
        case Node::Kind::AndNot:
            if (!n.children.empty()) collect(n.children[0], words, out);
            return;
        default:
            for (const Node& child : n.children) collect(child, words, out);
    }
}

}  // namespace

std::vector<std::string> plain_words(const Node& root, WordAnalysis& words) {
    std::vector<std::string> out;
    collect(root, words, out);
    return out;
}

}  // namespace vigie::query
