// Relevance: BM25, with its document-length normalisation done once, at
// indexing time, by scaling each term's wdf. The searcher then runs BM25
// with b = 0 and never reads a document length: Xapian reads lengths from a
// list it scans linearly, which was half of the matching time of a
// two-word query.
#pragma once

#include <xapian.h>

namespace vigie::weighting {

// Okapi BM25's k1 (term-frequency saturation) and b (length normalisation):
// Robertson's usual values, also Lucene's and Sphinx's bm25a defaults
// (Xapian's 1 and 0.5 ranked PIAF 0.001 lower: docs/design.md).
inline constexpr double kK1 = 1.2;
inline constexpr double kB = 0.75;
// Shorter documents than this share of the reference length are not boosted
// further (Xapian's BM25 uses half; a quarter lets passages of 50 to 100
// words be told apart).
inline constexpr double kMinNormalisedLength = 0.25;
// The length, in words, that counts as "average": fixed rather than measured,
// so that a document's weights never depend on when it was indexed.
inline constexpr double kReferenceWords = 200.0;
// Xapian stores wdf as an integer, so scaled wdfs round: they stay within
// 3% of the exact value up to about 2,000 words, 20% around 5,000, and past
// about 8,000 words one occurrence always counts as 1/32. A larger scale
// would round less but costs capacity: Xapian sums a term's wdfs over the
// collection in 32 bits, and at 32 the commonest words of the TV news corpus
// (about 470 per document) reach that limit near 9 million documents.
inline constexpr Xapian::termcount kWdfScale = 32;

// The wdf to index for a term seen `occurrences` times in a document of
// `words` words: occurrences / ((1 - b) + b * words / reference), times
// kWdfScale, and never 0 for a term present.
Xapian::termcount scaled_wdf(Xapian::termcount occurrences, Xapian::termcount words);

// The weighting scheme for scaled wdfs: gives the same ranking as BM25
// (k1, b) on raw wdfs, up to the rounding of scaled_wdf (see kWdfScale).
Xapian::BM25Weight relevance();
// The same, but a term's weight is one however often the query names it
// (BM25's k3 = 0): for a query that repeats terms by construction, such as
// relaxation's "all the words but one" (each word in all its ANDs but
// one), so that a document scores as under relevance() for a query that
// names each term once.
Xapian::BM25Weight relevance_once_per_term();

// relevance()'s scores are plain BM25's times this factor, (S k1 + 1) /
// (k1 + 1) with S = kWdfScale: what a score added to them is scaled by.
double score_scale();

// A given title's words count this many times among the document's words
// (BM25F's field weight, paid once at indexing): a communiqué about
// Exchange says so in its title.
inline constexpr Xapian::termcount kTitleOccurrences = 3;

// The weight of a word's exact (folded, unstemmed) form beside its key:
// "fondé" also finds "fondateur" by its stem, but a text that says "fondé"
// ranks first.
inline constexpr double kExactFormWeight = 0.5;

// How much of an occurrence of a query word a derivational neighbour of it
// counts for (search/neighbours.hpp: Brésil for brésiliennes), in the
// re-ranking.
inline constexpr double kNeighbourWeight = 0.5;

// The weight of the query words found together within a few words, by the
// sum of their idfs, in the re-ranking (search/proximity.hpp).
inline constexpr double kSpanWeight = 0.5;

}  // namespace vigie::weighting
