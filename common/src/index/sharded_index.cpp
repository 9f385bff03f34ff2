#include "index/sharded_index.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>

#include "index/compaction.hpp"
#include "index/database.hpp"
#include "index/index_folder.hpp"
#include "index/locations.hpp"
#include "vigie/error.hpp"

namespace fs = std::filesystem;

namespace vigie {

namespace {

constexpr std::size_t kMaxShards = 256;

std::string shard_name(std::size_t k) { return fmt::format("shard-{}", k); }

// Written to a temporary and renamed: a reader never sees half a stub.
void write_stub(const std::string& path, std::size_t shards) {
    const fs::path stub = fs::path(path) / kStubFileName;
    const fs::path tmp = fs::path(path) / (std::string(kStubFileName) + ".tmp");
    {
        std::ofstream out(tmp);
        out << "# Vigie index of " << shards << " shards (vigie-index --shards); a Xapian stub database\n";
        for (std::size_t k = 0; k < shards; ++k) out << "glass " << shard_name(k) << '\n';
        out.close();
        if (!out) throw Error(ExitCode::Error, fmt::format("cannot write {}", tmp.string()));
    }
    std::error_code ec;
    fs::rename(tmp, stub, ec);
    if (ec) throw Error(ExitCode::Error, fmt::format("cannot write {}: {}", stub.string(), ec.message()));
}

Xapian::WritableDatabase open_shard(const std::string& path, std::size_t k, std::size_t n) {
    Xapian::WritableDatabase db = open_index_for_writing(path);
    const std::string label = fmt::format("{}/{}", k, n);
    if (db.get_metadata(kShardKey) != label) {
        db.set_metadata(kShardKey, label);
        db.commit();
    }
    return db;
}

}  // namespace

bool is_sharded(const std::string& path) {
    std::error_code ec;
    return fs::is_regular_file(fs::path(path) / kStubFileName, ec);
}

std::vector<std::string> shard_paths_of(const std::string& path) {
    std::vector<std::string> out;
    for (const Location& l : resolve_location(path)) {
        if (l.remote())
            throw Error(ExitCode::Error,
                        fmt::format("{} lists the remote shard {}: vigie-index writes local shards only", path, l.name),
                        "index into each shard where it is served, or into a local copy");
        out.push_back(l.path);
    }
    return out;
}

WritableIndex open_for_writing(const std::string& path, std::size_t shards) {
    if (shards > kMaxShards)
        throw Error(ExitCode::Error, fmt::format("--shards {}: at most {} shards", shards, kMaxShards));
    WritableIndex index;
    const bool sharded = is_sharded(path);
    std::error_code ec;
    const bool exists = fs::exists(fs::path(path) / "iamglass", ec) || sharded;
    // One shard written alone would hold copies of documents its siblings
    // have (ids are looked up in the whole index), which no run repairs.
    if (!sharded && exists) {
        const std::string label = Xapian::Database(path).get_metadata(kShardKey);
        if (!label.empty())
            throw Error(ExitCode::Error,
                        fmt::format("{} is shard {} of a sharded index: vigie-index writes the whole index", path, label),
                        fmt::format("give the sharded index's folder: --db {}", fs::path(path).parent_path().string()));
    }
    if (!sharded && (shards <= 1 || exists)) {
        if (exists && shards > 1)
            throw Error(ExitCode::Error,
                        fmt::format("index {} is not sharded: --shards {} cannot split it", path, shards),
                        "build a new index with --shards, into another --db");
        index.db = open_index_for_writing(path);
        return index;
    }
    if (!sharded) {
        // The stub first: a run cut short before every shard exists makes
        // them on the next run.
        index_folder::make(path);
        write_stub(path, shards);
    }
    index.shard_paths = shard_paths_of(path);
    const std::size_t n = index.shard_paths.size();
    if (shards > 1 && shards != n)
        throw Error(ExitCode::Error, fmt::format("index {} has {} shards, not {}", path, n, shards),
                    "an index keeps the sharding it was built with: build a new one into another --db");
    for (std::size_t k = 0; k < n; ++k) {
        recover_interrupted_swap(index.shard_paths[k]);
        index.db.add_database(open_shard(index.shard_paths[k], k, n));
    }
    return index;
}

std::string compact_index(WritableIndex& index, const std::string& path) {
    if (index.shard_paths.empty()) return compact_in_place(index.db, path);
    index.db.close();
    std::string problems;
    // The home shard (0), which holds the count of documents written since
    // the last compaction, last: a run cut short before it leaves the
    // count, and the next run compacts every shard again.
    for (auto it = index.shard_paths.rbegin(); it != index.shard_paths.rend(); ++it) {
        const std::string& shard = *it;
        Xapian::WritableDatabase db(shard, Xapian::DB_OPEN);
        const std::string problem = compact_in_place(db, shard);
        if (!problem.empty()) problems += (problems.empty() ? "" : "; ") + problem;
    }
    return problems;
}

}  // namespace vigie
