// vigie-index --shards N: an index folder that holds N Xapian databases
// (shard-0 ... shard-N-1, each an index folder of its own) and the Xapian
// stub database XAPIANDB that lists them, so that vigie-search, Xapian's
// own tools and xapian-tcpsrv read the folder as one database.
//
// Written as one: Xapian's WritableDatabase over the shards numbers new
// documents round robin across them, exactly as one database would number
// them, finds a document to replace in whichever shard holds it, and
// writes metadata (file states, compound spellings, the stored-fields
// dictionary) into shard-0, the home shard.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <string>
#include <vector>

namespace vigie {

struct WritableIndex {
    Xapian::WritableDatabase db;            // one database, or the shards as one
    std::vector<std::string> shard_paths;   // empty when not sharded
};

// Metadata key of a shard: "K/N" (shard K of N); the home shard is 0.
inline constexpr const char* kShardKey = "vigie.shard";

// Whether the index folder at path is sharded (holds a stub).
bool is_sharded(const std::string& path);

// Opens (or creates) the index at path for writing, with the writer lock
// held. shards: 0 to take the index as it is (a new one unsharded), N to
// create N shards or check that an existing index has N. Throws Error for
// a mismatch: an index keeps the sharding it was built with.
WritableIndex open_for_writing(const std::string& path, std::size_t shards);

// Compacts the index (each shard of a sharded one) and swaps the copies
// in; index.db is closed then. Returns "" when done, else why not
// (compaction.hpp).
std::string compact_index(WritableIndex& index, const std::string& path);

// The shard folders a sharded index lists, in order.
std::vector<std::string> shard_paths_of(const std::string& path);

}  // namespace vigie
