// How many documents go into one commit when the user does not say
// (--batch-size): small batches while the index is small, since Xapian's
// in-memory batch grows slower per document as it grows; large ones once
// the index is large, since every commit rewrites the blocks that end the
// posting lists of the batch's words, and there are ever more of them
// (measured in docs/design.md, "Allocator and batch size"). Either way a
// commit also comes every 16 MiB of text (index_writer.cpp).
#pragma once

#include <xapian.h>

#include <cstddef>

namespace vigie {

inline constexpr std::size_t kSmallIndexBatch = 2000;
inline constexpr std::size_t kLargeIndexBatch = 20000;
// From this many documents in the index on, commits are kLargeIndexBatch.
inline constexpr Xapian::doccount kLargeIndex = 250000;

// asked: --batch-size, 0 when not given; indexed: documents in the index.
constexpr std::size_t documents_per_commit(std::size_t asked, Xapian::doccount indexed) {
    if (asked > 0) return asked;
    return indexed < kLargeIndex ? kSmallIndexBatch : kLargeIndexBatch;
}

}  // namespace vigie
