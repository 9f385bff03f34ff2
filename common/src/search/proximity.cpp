#include "search/proximity.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>

#include "index/schema.hpp"
#include "index/weighting.hpp"

namespace vigie::proximity {

namespace {

// Z<key> without a field prefix: prefixes are capitals, keys are not.
bool is_body_key(const std::string& term) {
    const std::string_view key_prefix = schema::kKeyPrefix;
    return term.size() > key_prefix.size() && term.compare(0, key_prefix.size(), key_prefix) == 0 &&
           !std::isupper(static_cast<unsigned char>(term[key_prefix.size()]));
}

}  // namespace

Scorer::Scorer(const Xapian::Database& db, const Xapian::Query& query) : db_(db) {
    const double documents = std::max<double>(db_.get_doccount(), 1);
    for (auto it = query.get_unique_terms_begin(); it != query.get_unique_terms_end(); ++it) {
        if (!is_body_key(*it)) continue;
        const Xapian::doccount frequency = db_.get_termfreq(*it);
        if (frequency == 0) continue;
        terms_.push_back(*it);
        idf_.push_back(std::log(documents / frequency));
    }
}

double Scorer::bonus(Xapian::docid docid) {
    occurrences_.clear();
    for (unsigned i = 0; i < terms_.size(); ++i)
        for (auto p = db_.positionlist_begin(docid, terms_[i]); p != db_.positionlist_end(docid, terms_[i]); ++p)
            occurrences_.emplace_back(*p, i);
    if (occurrences_.size() < 2) return 0;
    std::sort(occurrences_.begin(), occurrences_.end());
    // Two different words next in the text: each gathers the other's idf
    // over their distance squared.
    accumulated_.assign(terms_.size(), 0.0);
    for (std::size_t i = 1; i < occurrences_.size(); ++i) {
        const auto [p, a] = occurrences_[i - 1];
        const auto [q, b] = occurrences_[i];
        if (a == b) continue;
        const double gap = static_cast<double>(q - p);
        accumulated_[a] += idf_[b] / (gap * gap);
        accumulated_[b] += idf_[a] / (gap * gap);
    }
    // Saturated as BM25 saturates a word's frequency (without the length
    // factor: reading a document's length is what weighting.hpp avoids).
    const double k1 = weighting::kK1;
    double score = 0;
    for (std::size_t t = 0; t < terms_.size(); ++t)
        score += std::min(1.0, idf_[t]) * accumulated_[t] * (k1 + 1) / (accumulated_[t] + k1);
    return weighting::score_scale() * score;
}

}  // namespace vigie::proximity
