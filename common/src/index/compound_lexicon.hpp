// What the index learnt of hyphenated compounds: the spaced spellings of
// each (cyberattaqu -> "cyber attaques"), in metadata by the key of the
// joined word, so that a query for cyberattaques also finds "cyber
// attaques"; and a Bloom filter of those keys, so that a query looks up
// only the words that may be one (a metadata lookup costs a B-tree walk,
// most words are none, and the lookups were a sixth of a search's time).
#pragma once

#include <xapian.h>

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace vigie {

class CompoundFilter {
public:
    // The filter stored in db; one that says "maybe" to every key when
    // there is none.
    static CompoundFilter load(const Xapian::Database& db);
    bool may_contain(std::string_view key) const;

    void add(std::string_view key);
    std::size_t keys() const { return keys_; }
    bool loaded() const { return !bits_.empty(); }
    // Whether more keys keep it at 10 bits a key or more (about 1% false
    // positives); past that it is rebuilt bigger.
    bool fits(std::size_t more) const { return loaded() && (keys_ + more) * 10 <= bits_.size() * 8; }
    std::string serialise() const;
    static CompoundFilter with_capacity(std::size_t keys);

private:
    std::vector<unsigned char> bits_;  // empty: "maybe" to everything
    std::size_t keys_ = 0;
};

// The spellings the index holds for the key of a joined word, with the
// number of documents that wrote each.
struct Spelling {
    std::string text;  // "cyber attaques"
    std::size_t documents = 0;
};
std::vector<Spelling> read_spellings(const Xapian::Database& db, const std::string& joined_key);

// The spellings a query for the joined word also looks for: those written
// in at least 1 document in 100 of those with the word's key, so that a
// typo (entre-prises) does not make every query for entreprises a phrase
// search as well.
std::vector<std::string> useful_spellings(const Xapian::Database& db, const std::string& joined_key);
// The same rule over spellings gathered from several shards, with_key
// documents holding the joined word's key.
std::vector<std::string> useful_spellings(const std::vector<Spelling>& all, Xapian::doccount with_key);

// Collects the compounds met while indexing, and merges them into the
// index at each commit.
class CompoundLexiconWriter {
public:
    void note(const std::string& joined_key, const std::string& spelling);
    void flush(Xapian::WritableDatabase& db);

private:
    // Key -> spelling -> documents of this run that wrote it.
    std::unordered_map<std::string, std::map<std::string, std::size_t>> pending_;
};

}  // namespace vigie
