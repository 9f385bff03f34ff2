// The fields stored with each document (its Xapian data): a flat list of
// name and value, each value prefixed by its length, so that the searcher
// reads them without a JSON parser (the costliest step per hit otherwise).
//
// The list is packed with zstd. Xapian would otherwise deflate it with zlib,
// and inflating was a quarter of the time a search spends per hit; zstd
// decodes three times faster at the same size, and Xapian stores its output
// as is, since zlib cannot shrink it.
#pragma once

#include <string>
#include <string_view>
#include <cstddef>
#include <utility>
#include <vector>

namespace vigie {

class StoredDictionary;
class Dictionaries;

class StoredFields {
public:
    void add(std::string_view name, std::string_view value);
    // The fields as stored: a format byte, then the list, packed (with the
    // index's dictionary when it has one) when that makes it smaller.
    std::string packed(const StoredDictionary* dictionary = nullptr) const;

    // Reads what packed() made; damaged or foreign data, or data packed
    // with a dictionary not given, yields no fields.
    static StoredFields unpack(std::string_view packed, const StoredDictionary* dictionary = nullptr);
    // The same, with the dictionary the data names among several (shards).
    static StoredFields unpack(std::string_view packed, const Dictionaries& dictionaries);
    // The list as packed: what a dictionary is trained on.
    std::string_view list() const { return list_; }
    // "" when absent.
    std::string_view get(std::string_view name) const;

private:
    static StoredFields decode(std::string list);

    struct Span {
        std::size_t pos, size;
    };
    std::string list_;
    // Offsets into list_ rather than views, which a move could invalidate.
    std::vector<std::pair<Span, Span>> fields_;
};

}  // namespace vigie
