#include "index/index_set.hpp"

#include <fmt/format.h>

#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "index/database.hpp"
#include "index/revision_retry.hpp"
#include "index/schema.hpp"
#include "index/sharded_index.hpp"
#include "util/utf8.hpp"
#include "vigie/error.hpp"

namespace vigie {

namespace fs = std::filesystem;

namespace {

// Remote databases: how long to wait for a shard to accept and to answer.
constexpr unsigned kConnectTimeoutMs = 5000;
constexpr unsigned kAnswerTimeoutMs = 30000;

// What tells that a local index changed: the folder itself (a rebuilt or
// swapped-in index is another folder) and its version file, which Xapian
// replaces on every commit. Two stat calls, where reopen() would open and
// read the version file.
struct IndexStamp {
    struct stat folder {};
    bool folder_valid = false;
    VersionStamp version;

    static IndexStamp of(const std::string& path) {
        IndexStamp s;
        s.folder_valid = ::stat(path.c_str(), &s.folder) == 0;
        s.version = VersionStamp::of(path);
        return s;
    }
    bool same_folder(const IndexStamp& o) const {
        return folder_valid == o.folder_valid &&
               (!folder_valid || (folder.st_dev == o.folder.st_dev && folder.st_ino == o.folder.st_ino));
    }
};

// A stub read: rewritten (resharded), everything is opened again.
struct FileStamp {
    std::string path;
    struct stat st {};
    bool valid = false;

    static FileStamp of(const std::string& path) {
        FileStamp s;
        s.path = path;
        s.valid = ::stat(path.c_str(), &s.st) == 0;
        return s;
    }
    bool same(const FileStamp& o) const {
        return valid == o.valid && (!valid || (st.st_ino == o.st.st_ino && st.st_size == o.st.st_size &&
                                               st.st_mtim.tv_sec == o.st.st_mtim.tv_sec &&
                                               st.st_mtim.tv_nsec == o.st.st_mtim.tv_nsec));
    }
};

struct Shard {
    Location where;
    std::string path;  // a local folder, normalised
    Xapian::Database db;
    IndexStamp stamp;
    // The filter of known compounds, read once this many words were looked
    // up one by one: reading it reads all of it (64 KiB at 100,000
    // communiqués, more with more), which the few words of a lone search
    // do not repay; a --batch of many queries does.
    static constexpr std::size_t kLookupsBeforeFilter = 64;
    mutable CompoundFilter compounds;
    mutable bool compounds_read = false;
    mutable std::size_t direct_lookups = 0;
    std::shared_ptr<const StoredDictionary> dictionary;
    // Whether it may hold metadata: a shard of vigie-index --shards other
    // than shard 0 holds none, and is not asked.
    bool home = true;

    // Whether the spellings of joined_key are worth a metadata lookup.
    bool may_hold_compound(std::string_view joined_key) const {
        if (!compounds_read) {
            if (direct_lookups < kLookupsBeforeFilter) {
                ++direct_lookups;
                return true;
            }
            compounds = CompoundFilter::load(db);
            compounds_read = true;
        }
        return compounds.may_contain(joined_key);
    }

    // What a local shard shows of a writer: a commit since stamp was
    // taken, Xapian's lock held. A remote one shows nothing.
    WriterSigns writer_signs() const {
        if (where.remote()) return {};
        return {committed_since_read(), writer_holds_lock(path)};
    }
    bool committed_since_read() const { return !where.remote() && VersionStamp::of(path) != stamp.version; }

    void load_metadata() {
        const std::string label = db.get_metadata(kShardKey);
        home = label.empty() || label.compare(0, 2, "0/") == 0;
        if (!home) return;
        if (compounds_read) compounds = CompoundFilter::load(db);
        // Kept once found: an index never changes its dictionary.
        if (!dictionary) dictionary = StoredDictionary::load(db);
    }
};

Xapian::Database open_remote(const Location& where) {
    try {
        Xapian::Database db = where.kind == Location::Kind::Tcp
                                  ? Xapian::Remote::open(where.host, where.port, kAnswerTimeoutMs, kConnectTimeoutMs)
                                  : Xapian::Remote::open(where.path, where.args);
        check_versions(db, where.name);
        return db;
    } catch (const Xapian::Error& e) {
        throw Error(ExitCode::Error,
                    fmt::format("cannot read the remote shard {}: {}", utf8::sanitize_for_terminal(where.name, true),
                                e.get_description()),
                    where.kind == Location::Kind::Tcp ? "check that xapian-tcpsrv serves the index there"
                                                      : "check that the program serves the index");
    }
}

Shard open_shard(const Location& where) {
    Shard s;
    s.where = where;
    if (where.remote()) {
        s.db = open_remote(where);
    } else {
        s.path = normalize_db_path(where.path);
        s.stamp = IndexStamp::of(s.path);
        s.db = open_index_for_reading(s.path);
    }
    try {
        read_latest_revision(
            [&] { s.load_metadata(); },
            [&] {
                if (!s.where.remote()) s.stamp.version = VersionStamp::of(s.path);
                s.db.reopen();
            },
            [&] { return s.committed_since_read(); }, [&] { return s.writer_signs(); });
    } catch (const Xapian::Error& e) {  // as the open's own errors are told
        throw index_error(where.remote() ? where.name : s.path, e);
    }
    return s;
}

}  // namespace

struct IndexSet::Impl {
    std::vector<std::string> given;
    std::vector<FileStamp> stubs;
    std::vector<Shard> shards;
    Xapian::Database all;
    Dictionaries dictionaries;

    void open_all() {
        std::vector<Location> where;
        std::vector<FileStamp> read;
        for (const auto& g : given) {
            if (is_stub(g)) read.push_back(FileStamp::of(stub_file_of(g)));
            for (auto& l : resolve_location(g)) where.push_back(std::move(l));
        }
        refuse_repeats(where);
        std::vector<Shard> opened;
        opened.reserve(where.size());
        for (const auto& l : where) opened.push_back(open_shard(l));
        shards = std::move(opened);
        stubs = std::move(read);
        if (shards.size() == 1) {
            all = shards.front().db;
        } else {
            all = Xapian::Database();
            for (const auto& s : shards) all.add_database(s.db);
        }
        collect_dictionaries();
    }

    // The same database twice would count each of its communiqués twice.
    static void refuse_repeats(const std::vector<Location>& where) {
        std::set<std::string> seen;
        for (const auto& l : where) {
            std::error_code ec;
            const std::string key = l.remote() ? l.name : fs::weakly_canonical(l.path, ec).string();
            if (!seen.insert(key).second)
                throw Error(ExitCode::Error,
                            fmt::format("{} is named twice{}", utf8::sanitize_for_terminal(l.name, true),
                                        l.stub.empty() ? "" : " (in " + l.stub + ")"),
                            "give each index once: each communiqué would be counted twice");
        }
    }

    void collect_dictionaries() {
        dictionaries = Dictionaries();
        for (const auto& s : shards) dictionaries.add(s.dictionary);
    }

    void refresh() {
        for (const auto& stub : stubs)
            if (!FileStamp::of(stub.path).same(stub)) return open_all();
        bool changed = false;
        for (auto& s : shards) {
            if (!s.where.remote()) {
                const IndexStamp now = IndexStamp::of(s.path);
                if (!now.same_folder(s.stamp)) return open_all();
                const bool same = now.version == s.stamp.version;
                s.stamp = now;
                if (same) continue;
            }
            if (s.db.reopen()) {
                s.load_metadata();
                changed = true;
            }
        }
        if (changed) collect_dictionaries();
    }
};

IndexSet::IndexSet(std::vector<std::string> given) : impl_(std::make_unique<Impl>()) {
    if (given.empty()) given.push_back(default_db_path());
    impl_->given = std::move(given);
    impl_->open_all();
}

IndexSet::~IndexSet() = default;
IndexSet::IndexSet(IndexSet&&) noexcept = default;
IndexSet& IndexSet::operator=(IndexSet&&) noexcept = default;

const Xapian::Database& IndexSet::db() const { return impl_->all; }
const Dictionaries& IndexSet::dictionaries() const { return impl_->dictionaries; }
std::size_t IndexSet::shard_count() const { return impl_->shards.size(); }
bool IndexSet::has_remote() const {
    return std::any_of(impl_->shards.begin(), impl_->shards.end(), [](const Shard& s) { return s.where.remote(); });
}

std::vector<std::string> IndexSet::compound_spellings(const std::string& joined_key) const {
    std::map<std::string, std::size_t> merged;
    for (const auto& s : impl_->shards) {
        if (!s.home || !s.may_hold_compound(joined_key)) continue;
        for (const Spelling& spelling : read_spellings(s.db, joined_key)) merged[spelling.text] += spelling.documents;
    }
    if (merged.empty()) return {};
    std::vector<Spelling> all;
    for (auto& [text, documents] : merged) all.push_back({text, documents});
    return useful_spellings(all, impl_->all.get_termfreq(std::string(schema::kKeyPrefix) + joined_key));
}

void IndexSet::refresh() { impl_->refresh(); }

void IndexSet::reopen() {
    // The version stamped before: a commit between the two makes the next
    // refresh reopen again. The folder's is kept, for refresh to see a
    // folder swapped in meanwhile and open it anew.
    for (auto& s : impl_->shards)
        if (!s.where.remote()) s.stamp.version = VersionStamp::of(s.path);
    impl_->all.reopen();
    for (auto& s : impl_->shards) s.load_metadata();
    impl_->collect_dictionaries();
}

bool IndexSet::committed_since_read() const {
    return std::any_of(impl_->shards.begin(), impl_->shards.end(),
                       [](const Shard& s) { return s.committed_since_read(); });
}

WriterSigns IndexSet::writer_signs() const {
    WriterSigns all;
    for (const auto& s : impl_->shards) {
        const WriterSigns one = s.writer_signs();
        all.committed |= one.committed;
        all.locked |= one.locked;
    }
    return all;
}

std::string IndexSet::describe() const {
    const auto& given = impl_->given;
    if (given.size() == 1) return given.front();
    std::string out;
    for (const auto& g : given) out += (out.empty() ? "" : ", ") + g;
    return out;
}

}  // namespace vigie
