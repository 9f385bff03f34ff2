// "Did you mean": corrections for a query's misspelt words, taken from the
// index's own vocabulary. Schema 7 holds keys (stems, folded), not the
// words as written: candidates are the keys near the word's, by their
// document frequencies, and the word offered is a form of the key as the
// stored text of a few documents holding it writes it (in lowercase,
// accents as written: hôpitaux for hopitale). All of it
// goes through the Database API, so that it works on several databases and
// remote ones, where Xapian's spelling table would not.
#pragma once

#include <xapian.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "index/stored_dictionary.hpp"
#include "index/terms.hpp"

namespace vigie {

class Speller {
public:
    // Words shorter than this (in letters) are never corrected.
    static constexpr std::size_t kMinLetters = 5;
    // At most this many edits (a letter inserted, removed, replaced, or two
    // neighbours swapped) between a word and its correction.
    static constexpr int kMaxEdits = 2;
    // A word whose key the index holds is corrected to another key's form
    // only when that key is this many times more frequent.
    static constexpr Xapian::doccount kMoreFrequent = 20;
    // The most frequent candidate keys whose texts are read, and the
    // documents read per key: a bound on what one suggestion costs.
    static constexpr std::size_t kCandidateKeys = 8;
    static constexpr Xapian::doccount kDocumentsRead = 6;
    // The documents read for the word's own key: a form written in none of
    // them is taken for a misspelling (hopitale, of hôpital's key).
    static constexpr Xapian::doccount kOwnDocumentsRead = 30;
    // A word written in this many documents at most may be a typo of a
    // far more frequent neighbour (microsfot once, microsoft 40 times).
    static constexpr Xapian::doccount kTypoDocuments = 1;

    Speller(const Xapian::Database& db, TermMaker& terms, const Dictionaries& dictionaries)
        : db_(db), terms_(terms), dictionaries_(dictionaries) {}

    // Whether no document has the folded word's key.
    bool unknown(const std::string& folded) const;
    // The correction of a folded word, or "" when it needs none: the form
    // (as the texts write it, in lowercase),
    // within kMaxEdits, of the most frequent key near the word's, when the
    // word's key is absent or far rarer, or when the texts of its own key
    // never write it so. The first two letters are trusted, but for a swap
    // of the two.
    std::string correct(const std::string& folded) const;

private:
    struct Candidate {
        std::string key;
        Xapian::doccount frequency;
        int edits;  // from the word's key, or from a beginning of the word
    };
    // A folded form of a key, how often the texts read write it, and how
    // (lowercase, accents kept: the commonest is what a user is shown).
    struct Form {
        std::string folded;
        unsigned count = 0;
        std::map<std::string, unsigned> written;
        const std::string& shown() const;
    };
    // The keys near folded (key: its own) among those starting with prefix.
    void scan(const std::string& folded, const std::string& key, const std::string& prefix, Xapian::doccount own,
              std::vector<Candidate>& out) const;
    // How often each folded form of key is written in the first documents
    // holding it (into forms); true, and no more read, once one is folded.
    bool forms_of(const std::string& key, Xapian::doccount documents, const std::string& folded,
                  std::vector<Form>& forms) const;

    Xapian::Database db_;
    TermMaker& terms_;
    const Dictionaries& dictionaries_;
};

// The query text with its corrected words replaced, or "" when no word of
// words (the query's plain words, folded) needs correcting. Words in
// written (folded) were seen as typed in the texts found: never corrected.
std::string suggestion(const Speller& speller, const std::string& query, const std::vector<std::string>& words,
                       const std::set<std::string>& written = {});

// Edits between two folded words, counting a swap of neighbours as one
// (optimal string alignment); more than limit gives limit + 1.
int edit_distance(const std::string& a, const std::string& b, int limit);

}  // namespace vigie
