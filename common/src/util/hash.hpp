// The 64-bit hashes Vigie's index layout and its filters are built on.
// Their values are part of the index (id terms, file terms, MinHash bands,
// the compound filter): changing them means a new schema version.
#pragma once

#include <cstdint>
#include <string_view>

namespace vigie::hash {

// FNV-1a over the bytes.
inline std::uint64_t fnv1a(std::string_view s) {
    std::uint64_t h = 1469598103934665603ULL;
    for (const char c : s) {
        h ^= static_cast<unsigned char>(c);
        h *= 1099511628211ULL;
    }
    return h;
}

// MurmurHash3's 64-bit finalizer: every input bit reaches every output bit.
inline std::uint64_t mix(std::uint64_t h) {
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return h;
}

}  // namespace vigie::hash
