#include "search/snippet_scan.hpp"

#include <algorithm>

#include "analysis/tokenizer.hpp"
#include "index/terms.hpp"
#include "search/neighbours.hpp"

namespace vigie {

namespace {

class TokenMatcher {
public:
    TokenMatcher(std::string_view text, const MatchedTerms& matched, Xapian::Stem& stem)
        : text_(text), matched_(matched), stem_(stem) {}

    // Adds what token matches: itself (its word, a compound's or
    // identifier's parts and joined form), and the phrases starting in it.
    void at(const Token& token, std::vector<Match>& matches) {
        std::string hit, neighbour;
        const auto try_term = [&](const std::string& term) {
            if (!hit.empty() || !matched_.may_match(term)) return;
            std::string key = stem_(term);
            if (matched_.matches(term, key))
                hit = std::move(key);
            else if (neighbour.empty() && key.size() >= kMinNeighbourPrefix && matched_.has_neighbours() &&
                     matched_.neighbour(key))
                neighbour = std::move(key);
        };
        try_term(token.term);
        if (token.kind != Token::Kind::Word) {
            joined_.clear();
            for_each_part(token.term, [&](std::string_view part) {
                joined_ += part;
                try_term(std::string(part));
            });
            if (token.kind == Token::Kind::Compound) try_term(joined_);
        }
        if (!hit.empty())
            matches.push_back({token.word_begin, token.end, std::move(hit)});
        else if (!neighbour.empty())
            matches.push_back({token.word_begin, token.end, std::move(neighbour), true});
        if (!matched_.phrases().empty()) match_phrases(token, matches);
    }

private:
    void match_phrases(const Token& token, std::vector<Match>& matches) {
        position_keys(token, stem_, keys_);
        for (const auto& phrase : matched_.phrases()) {
            for (std::size_t k = 0; k < keys_.size(); ++k) {
                if (keys_[k] != phrase[0]) continue;
                std::size_t end = 0;
                if (phrase_continues(token, k, phrase, end)) {
                    std::string what;
                    for (const auto& key : phrase) what += key + ' ';
                    matches.push_back({token.word_begin, end, std::move(what)});
                    break;
                }
            }
        }
    }

    // Whether phrase matches from position k of token on, across the
    // tokens that follow; end is then where its last token ends.
    bool phrase_continues(const Token& first, std::size_t k, const std::vector<std::string>& phrase,
                          std::size_t& end) {
        std::vector<std::string> keys = keys_;
        std::size_t at = k;
        Tokenizer rest(text_, first.end);
        Token next = first;
        for (std::size_t i = 0; i < phrase.size(); ++i, ++at) {
            if (at == keys.size()) {
                if (!rest.next(next)) return false;
                position_keys(next, stem_, keys);
                at = 0;
            }
            if (keys[at] != phrase[i]) return false;
        }
        end = next.end;
        return true;
    }

    std::string_view text_;
    const MatchedTerms& matched_;
    Xapian::Stem& stem_;
    std::string joined_;
    std::vector<std::string> keys_;
};

// Sorted by start; a match overlapping the one before (a word inside a
// matched phrase, two phrases sharing words) joins it.
void merge_overlaps(std::vector<Match>& matches) {
    std::stable_sort(matches.begin(), matches.end(),
                     [](const Match& a, const Match& b) { return a.begin < b.begin; });
    std::vector<Match> merged;
    for (auto& m : matches) {
        if (!merged.empty() && m.begin < merged.back().end) {
            Match& back = merged.back();
            // A phrase starting in a neighbour's token is the match.
            if (back.neighbour && !m.neighbour) {
                back.what = std::move(m.what);
                back.neighbour = false;
            }
            back.end = std::max(back.end, m.end);
            continue;
        }
        merged.push_back(std::move(m));
    }
    matches = std::move(merged);
}

std::vector<Match> find_in_every_token(std::string_view text, const MatchedTerms& matched, Xapian::Stem& stem) {
    std::vector<Match> matches;
    TokenMatcher matcher(text, matched, stem);
    Tokenizer tokenizer(text);
    Token token;
    while (tokenizer.next(token)) matcher.at(token, matches);
    return matches;
}

}  // namespace

void drop_neighbours(std::vector<Match>& matches) {
    matches.erase(std::remove_if(matches.begin(), matches.end(), [](const Match& m) { return m.neighbour; }),
                  matches.end());
}

std::vector<Match> find_matches(std::string_view text, const MatchedTerms& matched, Xapian::Stem& stem,
                                bool every_token) {
    std::vector<Match> matches;
    if (matched.empty()) return matches;
    if (every_token) {
        matches = find_in_every_token(text, matched, stem);
    } else {
        TokenMatcher matcher(text, matched, stem);
        PartStarts starts(text);
        std::size_t at = 0;
        Token token;
        while (starts.next(at, matched.heads())) {
            const std::size_t begin = token_start(text, at);
            Tokenizer tokenizer(text, begin);
            if (!tokenizer.next(token) || token.begin != begin || token.end <= at) {
                matches = find_in_every_token(text, matched, stem);  // only with broken UTF-8
                break;
            }
            matcher.at(token, matches);
            starts.resume_after_token(token);
        }
    }
    merge_overlaps(matches);
    return matches;
}

}  // namespace vigie
