// Finding one communiqué by its id, as results show it (a text file's id
// also without its .txt).
#pragma once

#include <xapian.h>

#include <string>

namespace vigie {

// Its document, or 0 when no communiqué has that id.
Xapian::docid find_by_id(const Xapian::Database& db, const std::string& id);

}  // namespace vigie
