// A new index is written without syncing each commit to disk (Xapian's
// DB_NO_SYNC), and synced once, when the run that builds it ends.
//
// Syncing every commit made the kernel write the same pages again and
// again: a bulk build of the TV news wrote 1.9 GB for an index of 0.2 GB,
// 0.6 GB without. A process killed meanwhile loses nothing (its writes are
// in the page cache), so every commit stays usable and a re-run completes
// the work; only a machine that stops before the end of the run can leave
// the new index damaged, which the marker file then says. An existing
// index is updated with a sync at every commit, as before.
#pragma once

#include <string>

namespace vigie::deferred_sync {

// In the index folder while it holds commits not yet synced.
inline constexpr const char* kMarker = "vigie.unsynced";

// The Xapian flag to open the index folder at path with: DB_NO_SYNC when
// the index is being created (the marker is then written, and synced,
// before anything else) or was created by a run that did not end; 0
// otherwise. The folder exists and is Vigie's.
int open_flags(const std::string& path, bool creating);

// Whether the index folder at path holds commits not yet synced.
bool pending(const std::string& path);

// Syncs every file of the index folder and the folder itself, then removes
// the marker. Nothing to do when nothing is pending. Throws Error naming
// the folder when a sync fails.
void finish(const std::string& path);

}  // namespace vigie::deferred_sync
