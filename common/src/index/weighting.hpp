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

}  // namespace vigie::weighting
