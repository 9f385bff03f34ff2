// What Vigie may write into and delete: its index folders, told apart from
// the user's folders by a marker file. vigie-index writes only into a
// folder that is missing, empty or marked, and deletes only the files it
// made (Xapian's tables and the marker), so that a mistyped --db can never
// cost the user a file.
#pragma once

#include <string>
#include <vector>

namespace vigie::index_folder {

// The marker's name, in every index folder Vigie makes.
inline constexpr const char* kMarker = "vigie.marker";

// Throws Error (exit 2) unless path is missing, an empty folder, or a Vigie
// index (marked, or made by a Vigie from before the marker: only Xapian's
// files, with Vigie's schema recorded). Reads, never writes.
void check_can_write(const std::string& path);

// Creates the folder if needed and marks it as Vigie's.
void make(const std::string& path);

// Whether path is a folder holding Vigie's marker.
bool is_marked(const std::string& path);

// Whether a leftover folder (of a compaction or a swap cut short) is
// Vigie's to remove: marked, or empty (what a kill between creating it
// and marking it leaves).
bool is_leftover_of_ours(const std::string& path);

// Deletes the files Vigie made in a folder of its own, then the folder if
// nothing else is left. Returns what was left (the user's files).
std::vector<std::string> remove_own(const std::string& path);

// Moves the entries Vigie did not make from one index folder into another
// (across a compaction swap), so that a file the user put there stays.
void move_foreign_entries(const std::string& from, const std::string& to);

}  // namespace vigie::index_folder
