// Relevance: BM25, with its document-length normalisation done once, at
// indexing time, by scaling each term's wdf. The searcher then runs BM25
// with b = 0 and never reads a document length: Xapian reads lengths from a
// list it scans linearly, which was half of the matching time of a
// two-word query.
#pragma once

#include <xapian.h>

namespace vigie::weighting {

// Okapi BM25's k1 (term-frequency saturation) and b (length normalisation),
// Xapian's defaults.
inline constexpr double kK1 = 1.0;
inline constexpr double kB = 0.5;
// The length, in words, that counts as "average": fixed rather than measured,
// so that a document's weights never depend on when it was indexed.
inline constexpr double kReferenceWords = 200.0;
// Xapian stores wdf as an integer: scaled wdfs keep 1/kWdfScale precision.
inline constexpr Xapian::termcount kWdfScale = 32;

// The wdf to index for a term seen `occurrences` times in a document of
// `words` words: occurrences / ((1 - b) + b * words / reference), times
// kWdfScale, and never 0 for a term present.
Xapian::termcount scaled_wdf(Xapian::termcount occurrences, Xapian::termcount words);

// The weighting scheme for scaled wdfs: gives the same ranking as BM25
// (k1, b) on raw wdfs, up to the rounding of scaled_wdf.
Xapian::BM25Weight relevance();

}  // namespace vigie::weighting
