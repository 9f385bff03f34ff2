// The communiqués most similar to one: Xapian's relevance feedback over its
// own terms (the French keys of its text, stopwords and fields aside), the
// communiqué itself excluded.
#pragma once

#include <xapian.h>

#include <string>
#include <vector>

namespace vigie {

struct SimilarQuery {
    Xapian::Query query;            // the expanded terms, ORed, without the communiqué itself
    std::vector<std::string> keys;  // their keys, to highlight
};

// Throws Error (exit 2) naming an unknown id.
SimilarQuery similar_to(const Xapian::Database& db, const std::string& id);

}  // namespace vigie
