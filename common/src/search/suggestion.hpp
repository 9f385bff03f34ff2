// "Did you mean": corrections for a query's misspelt words, taken from the
// index's own vocabulary (its folded word forms, the unprefixed terms),
// read through the Database API, so that it works on several databases and
// remote ones, where Xapian's spelling table would not.
#pragma once

#include <xapian.h>

#include <algorithm>
#include <string>
#include <vector>

namespace vigie {

class Speller {
public:
    // Words shorter than this (in letters) are never corrected.
    static constexpr std::size_t kMinLetters = 5;
    // At most this many edits (a letter inserted, removed, replaced, or two
    // neighbours swapped) between a word and its correction.
    static constexpr int kMaxEdits = 2;
    // A word the index holds is corrected only to a neighbour this many
    // times more frequent.
    static constexpr Xapian::doccount kMoreFrequent = 20;
    // Words in more than one document in this many are never corrected:
    // common enough to be meant (and reading the neighbours of every word
    // would cost a fifth of a search).
    static constexpr Xapian::doccount kRareShare = 2000;

    explicit Speller(const Xapian::Database& db) : db_(db), rare_(std::max<Xapian::doccount>(1, db.get_doccount() / kRareShare)) {}

    // Whether the index never met the folded word as written.
    bool unknown(const std::string& folded) const;
    // The correction of a folded word, or "" when it needs none: the most
    // frequent word within kMaxEdits, when the word is absent or far rarer.
    // The first two letters are trusted, but for a swap of the two.
    std::string correct(const std::string& folded) const;

private:
    // The neighbours of folded among the words that start with prefix.
    void scan(const std::string& folded, const std::string& prefix, Xapian::doccount own, std::string& best,
              Xapian::doccount& best_frequency, int& best_edits) const;

    Xapian::Database db_;
    Xapian::doccount rare_;
};

// The query text with its corrected words replaced, or "" when no word of
// words (the query's plain words, folded) needs correcting.
std::string suggestion(const Speller& speller, const std::string& query, const std::vector<std::string>& words);

// Edits between two folded words, counting a swap of neighbours as one
// (optimal string alignment); more than limit gives limit + 1.
int edit_distance(const std::string& a, const std::string& b, int limit);

}  // namespace vigie
