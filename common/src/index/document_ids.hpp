// Choosing the id of each text file so that two files never share one:
// a/x.txt and b/x.txt indexed together stay two documents, and copies
// indexed from another folder never replace the originals. Ids are stable
// from run to run: once chosen, a file's id is the one the index records
// for its path.
#pragma once

#include <xapian.h>

#include <string>
#include <unordered_map>

#include "document/inputs.hpp"

namespace vigie {

class DocumentIds {
public:
    explicit DocumentIds(const Xapian::Database& db) : db_(db) {}

    // The id the index records for the file's path, else the first of its
    // path relative to its root (x.txt), the root's name joined to that
    // (b/x.txt) and its absolute path that no other file owns: another
    // file of this run, or one in the index that still exists.
    std::string choose(const InputFile& file);

private:
    std::string recorded(const std::string& path) const;
    bool owned_by_another(const std::string& id, const std::string& path) const;

    const Xapian::Database& db_;
    std::unordered_map<std::string, std::string> claimed_;  // id -> absolute path, this run
};

}  // namespace vigie
