// Near-identical copies of a communiqué: the France 2 and France 3
// versions of one report, an advisory and its revision, a release carried
// by two sources. Searches show one of them, the others listed under it.
//
// The measure: two texts are copies when the Jaccard similarity of their
// sets of three-word shingles (folded words, in order) is at least 0.8.
// Finding candidates uses MinHash: 8 minimum hashes of the shingles, in 4
// bands of 2, each band a boolean term of the document; two texts of
// similarity 0.8 share a band 98% of the time, 0.5 only 68%, 0.3 31%; a
// candidate is then measured exactly on the stored texts. Copies share a
// copy key (a value slot, for Xapian's collapsing, and a term, to list
// them); a communiqué without copies has none.
#pragma once

#include <xapian.h>

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "analysis/tokenizer.hpp"

namespace vigie {

class StoredDictionary;

namespace copies {

inline constexpr double kThreshold = 0.8;
inline constexpr int kBands = 4;
inline constexpr int kRows = 2;

// Builds a text's MinHash from its tokens, one at a time.
class Shingler {
public:
    void add(const std::string& folded_word);
    // The band terms (XB...) of what was added; none for an empty text.
    std::vector<std::string> band_terms() const;
    void clear();

private:
    std::array<std::uint64_t, kBands * kRows> mins_{};
    std::uint64_t previous_[2] = {0, 0};
    std::size_t words_ = 0;
    bool any_ = false;
};

// The shingles of a text, for the exact measure.
std::vector<std::uint64_t> shingles(std::string_view text);
double jaccard(const std::vector<std::uint64_t>& a, const std::vector<std::uint64_t>& b);

// The term that lists a copy group, from its key.
std::string key_term(const std::string& key);

// Links the documents written in a run to their copies, in the run or
// already in the index: called before each commit with the documents
// written since the last one. A bulk build (bulk_build.hpp) notes each
// document as it goes to a segment instead, and links them once the
// segments are merged.
class Linker {
public:
    // existing: whether the index held documents when the run began (they
    // are then looked up by their band terms too).
    Linker(Xapian::WritableDatabase& db, bool existing) : db_(db), existing_(existing) {}
    void link(const std::vector<Xapian::docid>& written, const StoredDictionary* dictionary);
    // Bulk: the candidates of a document not in any database yet, among
    // the run's earlier ones, kept for link_noted.
    void note(Xapian::docid id, const Xapian::Document& document);
    // The database that holds a document (a bulk build's segment).
    using Holder = std::function<Xapian::WritableDatabase&(Xapian::docid)>;
    // Bulk: measures the noted candidates where they were written and links
    // the copies, as link would have, document by document in order.
    void link_noted(const Holder& holder, const StoredDictionary* dictionary);
    std::size_t linked() const { return linked_; }

private:
    std::vector<Xapian::docid> candidates_in_run(Xapian::docid id, const std::vector<std::string>& bands);
    void link_first_copy(const Holder& holder, Xapian::docid id, const std::vector<Xapian::docid>& candidates,
                         const StoredDictionary* dictionary);
    static std::string text_of(const Holder& holder, Xapian::docid id, const StoredDictionary* dictionary);
    void join(const Holder& holder, Xapian::docid copy, Xapian::docid of);

    Xapian::WritableDatabase& db_;
    bool existing_;
    // Hash of a band term -> the first document of this run that has it.
    std::unordered_map<std::size_t, Xapian::docid> first_with_band_;
    struct Noted {
        Xapian::docid id;
        std::vector<Xapian::docid> candidates;
    };
    std::vector<Noted> noted_;
    std::size_t linked_ = 0;
};

}  // namespace copies
}  // namespace vigie
