// What a snippet highlights: the keys of the query's words, its prefix*
// words and its phrases, as the query tree gives them (query/highlights).
#pragma once

#include <string>
#include <unordered_set>
#include <vector>

#include "search/part_starts.hpp"

namespace vigie {

class MatchedTerms {
public:
    // A word's key (allianc, cve_2021_44228): every form of the word.
    void add_key(const std::string& key);
    // Any word starting with prefix (folded): a prefix* query word.
    void add_prefix(const std::string& prefix);
    // Keys that match only in a row, as a phrase matches: a phrase's words
    // are highlighted where the phrase is, not elsewhere.
    void add_phrase(std::vector<std::string> keys);
    // Also finds the derivational neighbours of key (neighbours.hpp), as
    // matches marked so, each giving its own key: the re-ranking weighs
    // them a little, the snippets never see them.
    void add_neighbours_of(const std::string& key);

    bool empty() const {
        return keys_.empty() && prefixes_.empty() && phrases_.empty() && neighbour_roots_.empty();
    }
    // Whether a folded word (with its key) matches on its own.
    bool matches(const std::string& folded, const std::string& key) const;
    // Whether a key is a neighbour of one given to add_neighbours_of.
    bool neighbour(const std::string& key) const;
    bool has_neighbours() const { return !neighbour_roots_.empty(); }
    // A cheap test that rules most words out before they are stemmed: a
    // key keeps the first two letters of its word (see WordHeads).
    bool may_match(const std::string& folded) const;
    const std::vector<std::vector<std::string>>& phrases() const { return phrases_; }
    // Whether two sets match the same words: a scan made for one serves
    // the other, once its neighbour matches are left out.
    bool operator==(const MatchedTerms& other) const {
        return keys_ == other.keys_ && prefixes_ == other.prefixes_ && phrases_ == other.phrases_;
    }
    // How the matched terms begin, to skip the words that cannot be one.
    const WordHeads& heads() const { return heads_; }

private:
    std::unordered_set<std::string> keys_;
    std::vector<std::string> prefixes_;
    std::vector<std::vector<std::string>> phrases_;
    std::vector<std::string> neighbour_roots_;
    WordHeads heads_;  // of every key, prefix and phrase start
};

}  // namespace vigie
