// The French "key" of a word: what indexing, querying and highlighting
// compare. key(w) = fold(snowball_french(reaccent(fold(w)))), so that
// securite and sécurité, hopitaux and hôpital share one key.
#pragma once

#include <xapian.h>

#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace vigie {

// Analyzer version stored in every index: bump it whenever a key or token
// changes, so that old indexes are refused instead of silently missing.
inline constexpr std::string_view kAnalyzerVersion = "fr-key-4";

// A Xapian stemmer over already folded words. It memoises keys because
// Snowball is the costliest step of indexing. Not thread-safe: give each
// thread its own (see make_french_stem()).
class FrenchKeyStem : public Xapian::StemImplementation {
public:
    std::string operator()(const std::string& word) override;
    std::string get_description() const override { return std::string(kAnalyzerVersion); }

private:
    // The commonest words in a small table looked up first, one slot per
    // hash: the large map's nodes are scattered in memory, and finding a
    // word there waited on the memory for about a tenth of a build. The
    // table grows with the words stemmed: made whole at once, its half
    // megabyte was a tenth of a one-search process's time.
    struct Recent {
        std::string word;
        std::string key;
    };
    static constexpr std::size_t kFirstRecentSlots = 1 << 6;
    static constexpr std::size_t kMaxRecentSlots = 1 << 13;
    Recent& recent_slot(std::size_t hash) { return recent_[hash & (recent_.size() - 1)]; }
    // After a miss: a larger table once the misses outnumber its slots twice.
    void grow_recent();
    std::vector<Recent> recent_;
    std::size_t misses_ = 0;
    Xapian::Stem snowball_{"french"};
    std::unordered_map<std::string, std::string> cache_;
};

Xapian::Stem make_french_stem();

// Snowball's French stop list, folded (shared, read-only, thread-safe).
const Xapian::Stopper& french_stopper();
bool is_stopword(const std::string& folded_term);
// The stop list itself, folded.
const std::unordered_set<std::string>& stopwords();

}  // namespace vigie
