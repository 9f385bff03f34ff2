// Proximity: the best BM25 matches re-ranked by how closely the query's
// words stand together in them, BM25TP (Büttcher, Clarke & Lushman, "Term
// proximity scoring for ad-hoc retrieval on very large text collections",
// SIGIR 2006). BM25 alone scores a communiqué where the words are
// scattered like one where they make the sentence asked for. It reads the
// positions of the pool's documents only, through the Database API, so it
// works on shards and remote databases alike.
#pragma once

#include <xapian.h>

#include <string>
#include <utility>
#include <vector>

namespace vigie::proximity {

// How many of the best BM25 matches are re-ranked: fixed, so that every
// page of one query is cut from the same order.
inline constexpr Xapian::doccount kPool = 50;

class Scorer {
public:
    // The body-word keys of query (title and source words have positions
    // of their own, which cannot be compared with the body's).
    Scorer(const Xapian::Database& db, const Xapian::Query& query);

    // Whether there is anything to score: two distinct words or more.
    bool active() const { return terms_.size() >= 2; }
    // The bonus of a document, in the units of weighting::relevance().
    double bonus(Xapian::docid docid);

private:
    Xapian::Database db_;
    std::vector<std::string> terms_;
    std::vector<double> idf_;
    // Scratch space: every occurrence of a query word in the document, and
    // what each word gathers from its neighbours.
    std::vector<std::pair<Xapian::termpos, unsigned>> occurrences_;
    std::vector<double> accumulated_;
};

}  // namespace vigie::proximity
