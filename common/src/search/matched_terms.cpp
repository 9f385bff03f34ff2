#include "search/matched_terms.hpp"

#include "search/neighbours.hpp"

namespace vigie {

void MatchedTerms::add_key(const std::string& key) {
    if (key.empty() || !keys_.insert(key).second) return;
    heads_.add(key);
}

void MatchedTerms::add_prefix(const std::string& prefix) {
    if (prefix.empty()) return;
    prefixes_.push_back(prefix);
    heads_.add(prefix);
}

void MatchedTerms::add_phrase(std::vector<std::string> keys) {
    if (keys.empty()) return;
    if (keys.size() == 1) return add_key(keys[0]);
    for (const auto& phrase : phrases_)
        if (phrase == keys) return;
    heads_.add(keys[0]);
    phrases_.push_back(std::move(keys));
}

void MatchedTerms::add_neighbours_of(const std::string& key) {
    if (key.size() < kMinNeighbourPrefix) return;
    for (const auto& root : neighbour_roots_)
        if (root == key) return;
    neighbour_roots_.push_back(key);
    if (!keys_.count(key)) heads_.add(key);  // a neighbour begins as its root does
}

bool MatchedTerms::neighbour(const std::string& key) const {
    for (const auto& root : neighbour_roots_)
        if (neighbours(root, key)) return true;
    return false;
}

bool MatchedTerms::may_match(const std::string& folded) const {
    return heads_.may_start(std::string_view(folded).substr(0, 2));
}

bool MatchedTerms::matches(const std::string& folded, const std::string& key) const {
    if (keys_.count(key)) return true;
    for (const auto& p : prefixes_)
        if (folded.compare(0, p.size(), p) == 0) return true;
    return false;
}

}  // namespace vigie
