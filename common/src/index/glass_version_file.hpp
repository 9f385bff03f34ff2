// Glass's version file ("iamglass"): per table, the size from which Xapian
// tries zlib on an entry (compress_min, 18 bytes by default). Vigie packs
// the documents' data with zstd itself (stored_fields.cpp), which zlib
// never shrinks, yet Xapian tries it on every document. Xapian 1.4 has no
// setting for it: the threshold is read from, and written into, the file
// that a closed database keeps it in. Used on the bulk build's private
// segments only; the merge copies their entries as they are, so the index
// it makes is an ordinary one.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace vigie::glass_version_file {

// Glass's tables, in the file's order.
enum class Table : unsigned { Postlist = 0, Docdata, Termlist, Position, Spelling, Synonym, Count };

// The compress_min of a table of the Glass database in folder, or nothing
// when its version file cannot be read or is not laid out as Xapian 1.4's.
std::optional<std::uint32_t> compress_min(const std::string& folder, Table table);

// Sets it, in a database nobody has open: the file is written anew beside
// the old one and renamed over it (not synced: the segments never are).
// Returns false, changing nothing, when the file is not laid out as
// expected, this Xapian is not 1.4, or the file cannot be written.
bool set_compress_min(const std::string& folder, Table table, std::uint32_t value);

}  // namespace vigie::glass_version_file
