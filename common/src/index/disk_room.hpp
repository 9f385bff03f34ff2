// Room on disk before a commit. Xapian 1.4 can end the process
// (std::terminate, from inside WritableDatabase::commit) when the disk
// fills in the middle of a commit rather than throw, so a commit is not
// begun without room for it.
#pragma once

#include <cstdint>
#include <string>

namespace vigie {

// Throws Error (naming the index at db_path) unless the disk holding
// folder has room to commit what text_bytes of text became: a commit
// rewrites the B-tree blocks its changes touch, measured at a few times
// the text they came from.
void ensure_room_for_commit(const std::string& db_path, const std::string& folder, std::uintmax_t text_bytes);

}  // namespace vigie
