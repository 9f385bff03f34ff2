// The best BM25 matches re-ranked on their stored text, which schema 6
// keeps instead of positions and word forms:
//
// - proximity, BM25TP (Büttcher, Clarke & Lushman, "Term proximity scoring
//   for ad-hoc retrieval on very large text collections", SIGIR 2006): BM25
//   alone scores a communiqué where the words are scattered like one where
//   they make the sentence asked for;
// - exact forms: among the occurrences of a word's key, those written as
//   the query writes the word weigh half again ("fondé" also finds
//   "fondateur" by its key, but a text that says "fondé" ranks first);
// - spans: the query words found close together (the sentence that
//   answers), by their idf;
// - derivational neighbours (neighbours.hpp): a word the stemmer keeps
//   apart from a query word though it derives from it (Brésil for
//   brésiliennes) counts as a fraction of an occurrence of it.
//
// The words are found by the snippet's own scan (snippet_scan), the
// distances between them counted in positions as the index counted them
// (query/checks' NEAR does the same), in the title and the body. It reads
// the pool's documents through the Database API only, so it works on
// shards and remote databases alike.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "index/stored_dictionary.hpp"
#include "index/stored_fields.hpp"
#include "index/terms.hpp"
#include "search/matched_terms.hpp"
#include "search/pool_helper.hpp"
#include "search/snippet_scan.hpp"

namespace vigie::proximity {

// How many of the best BM25 matches are re-ranked: fixed, so that every
// page of one query is cut from the same order. Each is read from its
// stored text: 50 made two-word searches twice as slow as 20, for 0.0002
// of PIAF's MRR@10 (docs/design.md).
inline constexpr Xapian::doccount kPool = 20;

// A word of the query as the re-ranking reads it.
struct Word {
    std::string key;                 // its key, without a prefix (hopital)
    std::vector<std::string> forms;  // its folded forms as typed (hopitaux); none for a synonym's
    double idf = 0;                  // log(documents / documents with the key)
    bool rewards_exact = false;      // its exact form weighs in here (not already in the query)
};

// What one document's texts say of the query's words.
struct Evidence {
    explicit Evidence(std::size_t words)
        : occurrences(words, 0), exact(words, 0), gathered(words, 0.0), neighbours(words, 0) {}
    // Per word: its occurrences and those of them written as typed (a
    // given title's counting weighting::kTitleOccurrences times, as in
    // the index), and the idf it gathers from the other words next to it.
    std::vector<Xapian::termcount> occurrences;
    std::vector<Xapian::termcount> exact;
    std::vector<double> gathered;
    // Per word: the occurrences of its neighbours (neighbours.hpp), a
    // title's counting as above.
    std::vector<Xapian::termcount> neighbours;
    // The most idf of distinct words found within a few words of one
    // another (one text at a time).
    double span = 0;
};

// Adds what text says to evidence: each occurrence of a word counting
// `weight` times, and each two different words next to each other, the
// idf of one gathered by the other over their distance squared. matches:
// find_matches(text, sought) for the words' keys.
void read_text(std::string_view text, const std::vector<Match>& matches, const std::vector<Word>& words,
               Xapian::termcount weight, Evidence& evidence);
// The same, finding the words' keys (sought) in text first.
void read_text(std::string_view text, const std::vector<Word>& words, const MatchedTerms& sought, Xapian::Stem& stem,
               Xapian::termcount weight, Evidence& evidence);

// BM25TP's proximity score of evidence, saturated as BM25 saturates a
// word's frequency (without the length factor: reading a document's
// length is what weighting.hpp avoids), in the units of
// weighting::relevance().
double proximity_score(const std::vector<Word>& words, const Evidence& evidence);

// The span's weight, in the units of weighting::relevance(): its idf
// times weighting::kSpanWeight.
double span_score(const Evidence& evidence);

// What a word's neighbours (their occurrences) add to its BM25 score, in
// the units of weighting::relevance(), each counting as
// weighting::kNeighbourWeight of an occurrence beside the word's own
// occurrences, in a document of about `length` words.
double neighbour_score(Xapian::termcount occurrences, double neighbours, double length, Xapian::doccount documents,
                       Xapian::doccount key_frequency);

// The weight of a word's exact form beside its key, in the units of
// weighting::relevance(): its share of the key's occurrences (wdf is the
// key's, as indexed) scored by BM25 with the key's idf, times
// weighting::kExactFormWeight.
double exact_score(Xapian::termcount key_wdf, Xapian::termcount occurrences, Xapian::termcount exact,
                   Xapian::doccount documents, Xapian::doccount key_frequency);

// Whether a stored title was made from the body's first sentence (the
// index then reads it as body words only once).
bool title_from_body(std::string_view title, std::string_view body);

// What the re-ranking read of a pooled document: its stored fields, and
// where the words it looked for are in the body, for the page's hit to
// reuse.
struct PooledText {
    StoredFields fields;
    std::vector<Match> body_matches;
};

class Scorer {
public:
    // The body-word keys of query (title and source words are read apart),
    // with typed, the query's plain words (folded), for their exact forms;
    // words whose exact form the query weighs already (the stemmer leaves
    // them whole: query/xapianizer) are not weighed again.
    Scorer(const Xapian::Database& db, const Xapian::Query& query, const std::vector<std::string>& typed,
           TermMaker& terms, const Dictionaries& dictionaries);

    // Whether there is anything to score.
    bool active() const { return !words_.empty(); }
    // The keys the scan looks for in the texts.
    const MatchedTerms& sought() const { return sought_; }
    // The bonus of each document, in the units of weighting::relevance();
    // what it read of each document goes into read, when given (the page's
    // hits need it again).
    // With a helper, the documents are read on two threads.
    std::vector<double> bonuses(const std::vector<Xapian::docid>& docids,
                                std::unordered_map<Xapian::docid, PooledText>* read = nullptr,
                                PoolHelper* helper = nullptr);

private:
    // Reads document d of the pool through db: its text into text, what it
    // says of the words into evidence, its proximity and neighbour bonus
    // into bonus. Called on either thread for distinct documents.
    void read_document(Xapian::docid docid, const Xapian::Database& db, const Dictionaries& dictionaries,
                       Xapian::Stem& stem, PooledText& text, Evidence& evidence, double& bonus) const;

    Xapian::Database db_;
    TermMaker& terms_;
    const Dictionaries& dictionaries_;
    std::vector<Word> words_;
    std::vector<Xapian::doccount> frequencies_;
    MatchedTerms sought_;
    bool proximity_ = false;  // two distinct words in the documents or more
    bool exact_ = false;      // a word whose exact form weighs here
    bool neighbours_ = false; // a word long enough to have neighbours
};

}  // namespace vigie::proximity
