// Where a search reads: what --db names, resolved into the databases to
// open. A --db is an index folder, a Xapian stub database (a file, or a
// folder holding one named XAPIANDB, as vigie-index --shards writes), or a
// remote database served by xapian-tcpsrv, tcp://HOST:PORT.
#pragma once

#include <string>
#include <vector>

namespace vigie {

struct Location {
    enum class Kind {
        Folder,   // a local index folder
        Tcp,      // xapian-tcpsrv at host:port
        Program,  // xapian-progsrv spawned with args (e.g. through ssh)
    };
    Kind kind = Kind::Folder;
    std::string path;  // Folder: the folder; Program: the program
    std::string host;  // Tcp
    unsigned port = 0;
    std::string args;  // Program
    // As the user wrote it, or as the stub listed it, for messages.
    std::string name;
    // The stub it was listed in, "" when given directly.
    std::string stub;

    bool remote() const { return kind != Kind::Folder; }
};

// The name of a stub database in a folder.
inline constexpr const char* kStubFileName = "XAPIANDB";

// The databases one --db names, in order. Throws Error naming the stub and
// its line when a stub cannot be read; a folder that does not exist is
// left for the opening to report.
std::vector<Location> resolve_location(const std::string& given);

// Whether path is a stub: a regular file, or a folder with XAPIANDB.
bool is_stub(const std::string& path);

// The path of the stub file a --db names (the folder's XAPIANDB, or the
// file itself).
std::string stub_file_of(const std::string& path);

}  // namespace vigie
