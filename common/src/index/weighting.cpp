#include "index/weighting.hpp"

#include <algorithm>
#include <cmath>

namespace vigie::weighting {

Xapian::termcount scaled_wdf(Xapian::termcount occurrences, Xapian::termcount words) {
    if (occurrences == 0) return 0;
    const double normalised_length = std::max(words / kReferenceWords, kMinNormalisedLength);
    const double length_factor = (1.0 - kB) + kB * normalised_length;
    const double scaled = std::round(kWdfScale * occurrences / length_factor);
    // One term's wdf, capped well below Xapian's 32-bit counts.
    constexpr double kMax = 1u << 30;
    return static_cast<Xapian::termcount>(std::clamp(scaled, 1.0, kMax));
}

Xapian::BM25Weight relevance() {
    // BM25's term part is (k1 + 1) wdf / (k1 L + wdf), L the length factor.
    // With wdf' = S wdf / L, k1' = S k1 and L' = 1 (b = 0) it becomes
    // (S k1 + 1) wdf / (k1 L + wdf): the same but for a factor common to all
    // terms, (S k1 + 1) / (k1 + 1), so the ranking is unchanged.
    return Xapian::BM25Weight(kK1 * kWdfScale, /*k2=*/0, /*k3=*/1, /*b=*/0, kMinNormalisedLength);
}

Xapian::BM25Weight relevance_once_per_term() {
    // With k3 = 1 a term named once has the factor (k3 + 1) / (k3 + 1) = 1,
    // which k3 = 0 gives whatever the query.
    return Xapian::BM25Weight(kK1 * kWdfScale, /*k2=*/0, /*k3=*/0, /*b=*/0, kMinNormalisedLength);
}

double score_scale() { return (kK1 * kWdfScale + 1) / (kK1 + 1); }

}  // namespace vigie::weighting
