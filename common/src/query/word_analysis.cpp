#include "query/word_analysis.hpp"

#include <algorithm>

#include "analysis/french_stem.hpp"

namespace vigie::query {

namespace {

// The subject pronouns of a question's inverted verb, and the euphonic t
// (expose-t-il, peut-on, est-ce, existe-t-elle).
bool is_inverted_pronoun(std::string_view part) {
    return part == "t" || part == "il" || part == "elle" || part == "on" || part == "ils" || part == "elles" ||
           part == "ce";
}

// A verb inverted with its subject is a question's grammar, not a
// compound: expose-t-il is the word expose (which finds expose, exposer,
// exposé), where its parts in a row would find only expose-t-il.
void drop_inverted_pronouns(Token& token) {
    if (token.kind != Token::Kind::Compound) return;
    std::vector<std::string_view> parts;
    for_each_part(token.term, [&](std::string_view part) { parts.push_back(part); });
    std::size_t kept = parts.size();
    while (kept > 1 && is_inverted_pronoun(parts[kept - 1])) --kept;
    if (kept == parts.size()) return;
    std::string term(parts[0]);
    for (std::size_t i = 1; i < kept; ++i) term += '-' + std::string(parts[i]);
    token.term = std::move(term);
    if (kept == 1) token.kind = Token::Kind::Word;
}

// Interrogatives: they say what is asked, not what the answer's text holds
// (quel, qui, que, où are already stopwords). Dropped from queries only, like
// stopwords; the index keeps them.
bool is_question_word(const std::string& folded) {
    return folded == "combien" || folded == "comment" || folded == "pourquoi" || folded == "quand" ||
           folded == "quoi" || folded == "lequel" || folded == "laquelle" || folded == "lesquels" ||
           folded == "lesquelles";
}

}  // namespace

std::vector<Token> WordAnalysis::tokens(std::string_view text) const {
    std::vector<Token> out;
    Tokenizer tokenizer(text);
    Token token;
    // A token of combining marks only (or their hyphens) folds to nothing.
    while (tokenizer.next(token)) {
        if (token.term.empty() || TermMaker::parts(token).empty()) continue;
        drop_inverted_pronouns(token);
        out.push_back(token);
    }
    return out;
}

bool WordAnalysis::is_stopword(const Token& token) {
    return token.kind == Token::Kind::Word && (vigie::is_stopword(token.term) || is_question_word(token.term));
}

std::string WordAnalysis::wildcard_prefix(const Token& token) {
    if (token.kind == Token::Kind::Identifier) return token.term;
    std::string folded;
    for (const std::string& part : TermMaker::parts(token)) folded += part;
    return folded;
}

bool WordAnalysis::all_stopwords(const std::vector<Token>& tokens) {
    for (const Token& t : tokens)
        if (!is_stopword(t)) return false;
    return !tokens.empty();
}

std::vector<std::string> WordAnalysis::position_keys(const Token& token) {
    std::vector<std::string> keys;
    vigie::position_keys(token, terms_.stemmer(), keys);
    return keys;
}

const std::vector<std::string>& WordAnalysis::spellings(const std::string& joined_folded) {
    static const std::vector<std::string> kNone;
    if (!lexicon_) return kNone;
    const std::string joined_key = terms_.key(joined_folded);
    auto it = spellings_.find(joined_key);
    if (it == spellings_.end()) {
        // cyber attaque and cyber attaques have the same keys: one phrase.
        std::vector<std::string> unique;
        std::vector<std::vector<std::string>> seen;
        for (std::string& spelling : lexicon_(joined_key)) {
            const std::vector<Token> spelt = tokens(spelling);
            // "est elle" for estelle (a text wrote est-elle): a verb with
            // its subject, not a spelling of the word, and in a row it
            // finds every "c'est elle".
            if (spelt.size() > 1 && is_inverted_pronoun(spelt.back().term)) continue;
            std::vector<std::string> keys;
            for (const Token& t : spelt)
                for (auto& k : position_keys(t)) keys.push_back(std::move(k));
            if (std::find(seen.begin(), seen.end(), keys) != seen.end()) continue;
            // "garde a" for garder (gardea has garder's key): a phrase
            // that holds the word itself adds nothing to it.
            if (std::find(keys.begin(), keys.end(), joined_key) != keys.end()) continue;
            seen.push_back(std::move(keys));
            unique.push_back(std::move(spelling));
        }
        it = spellings_.emplace(joined_key, std::move(unique)).first;
    }
    return it->second;
}

}  // namespace vigie::query
