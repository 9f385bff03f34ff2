#include "index/bulk_build.hpp"

#include <fmt/format.h>

#include <sys/resource.h>

#include <algorithm>
#include <filesystem>

#include "index/compaction.hpp"
#include "index/database.hpp"
#include "index/disk_room.hpp"
#include "index/glass_version_file.hpp"
#include "index/index_folder.hpp"
#include "util/crash_point.hpp"
#include "vigie/error.hpp"

namespace fs = std::filesystem;

namespace vigie {

std::string BulkBuild::folder_of(const std::string& db_path) { return db_path + ".bulk"; }

std::string BulkBuild::in_the_way(const std::string& db_path) {
    std::error_code ec;
    const std::string folder = folder_of(db_path);
    if (fs::exists(fs::symlink_status(folder, ec)) && !index_folder::is_leftover_of_ours(folder))
        return fmt::format("{} is in the way and is not Vigie's", folder);
    return siblings_in_the_way(db_path);
}

void BulkBuild::remove_leftover(const std::string& db_path) {
    const std::string folder = folder_of(db_path);
    if (!index_folder::is_leftover_of_ours(folder)) return;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(folder, ec))
        if (index_folder::is_leftover_of_ours(entry.path().string())) index_folder::remove_own(entry.path().string());
    index_folder::remove_own(folder);
}

namespace {

// The merge opens every segment at once, three or four files each: the
// soft limit on open files is raised as far as the hard one allows.
void allow_open_files() {
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur >= limit.rlim_max) return;
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
}

}  // namespace

bool BulkBuild::room_for(const std::string& db_path, std::uintmax_t input_bytes) {
    std::error_code ec;
    const fs::path parent = fs::absolute(db_path, ec).parent_path();
    const auto space = fs::space(parent, ec);
    return ec || space.available / 5 >= input_bytes;  // cannot tell: try
}

std::size_t BulkBuild::segment_bytes_for(std::uintmax_t input_bytes) {
    allow_open_files();
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) return kSegmentBytes;
    constexpr std::uintmax_t kFilesPerSegment = 5, kFilesBesides = 64;
    const std::uintmax_t segments =
        std::max<std::uintmax_t>(8, (limit.rlim_cur > kFilesBesides ? limit.rlim_cur - kFilesBesides : 0) / kFilesPerSegment);
    return static_cast<std::size_t>(std::max<std::uintmax_t>(kSegmentBytes, input_bytes / segments + 1));
}

BulkBuild::BulkBuild(const std::string& db_path, Xapian::docid first, unsigned writers, std::size_t segment_bytes)
    : db_path_(db_path), folder_(folder_of(db_path)), first_(first), next_(first), segment_bytes_(segment_bytes) {
    remove_leftover(db_path);
    index_folder::make(folder_);
    // The home database is made as an index is, so that the merged copy
    // has its schema and analyzer versions.
    home_ = open_index_for_writing(folder_ + "/home");
    filling_.first = next_;
    for (unsigned i = 0; i < std::max(1u, writers); ++i) writers_.emplace_back([this] { write_segments(); });
}

BulkBuild::~BulkBuild() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        finishing_ = true;
        waiting_.clear();
    }
    changed_.notify_all();
    for (auto& t : writers_)
        if (t.joinable()) t.join();
    try {
        remove();
    } catch (...) {
        // A destructor does not throw: the next run removes what is left.
    }
}

Xapian::docid BulkBuild::add(Xapian::Document&& document, std::size_t weight) {
    const Xapian::docid id = next_++;
    filling_.documents.push_back(std::move(document));
    filling_.bytes += weight;
    // Segments grow with the run, so that a large one has a few hundred.
    const std::size_t documents = std::max<std::size_t>(kSegmentDocuments, (next_ - first_) / 64);
    if (filling_.documents.size() >= documents || filling_.bytes >= segment_bytes_) hand_over();
    return id;
}

bool BulkBuild::waiting(Xapian::docid id) const {
    return id >= filling_.first && id < filling_.first + filling_.documents.size();
}

void BulkBuild::replace_waiting(Xapian::docid id, Xapian::Document&& document, std::size_t weight) {
    filling_.documents.at(id - filling_.first) = std::move(document);
    filling_.bytes += weight;  // the replaced one's stay counted: a bound
}

// The segment being filled goes to the writers; at most one waits for a
// writer, so that at most writers + 2 segments are in memory.
void BulkBuild::hand_over() {
    if (filling_.documents.empty()) return;
    Segment segment;
    std::swap(segment, filling_);
    filling_.first = next_;
    written_firsts_.push_back(segment.first);
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [&] { return waiting_.empty() || error_; });
    if (error_) std::rethrow_exception(error_);
    waiting_.push_back(std::move(segment));
    changed_.notify_all();
}

void BulkBuild::write_segments() {
    for (;;) {
        Segment segment;
        {
            std::unique_lock<std::mutex> lock(mutex_);
            changed_.wait(lock, [&] { return !waiting_.empty() || finishing_; });
            if (waiting_.empty()) return;
            segment = std::move(waiting_.front());
            waiting_.pop_front();
            ++busy_;
        }
        changed_.notify_all();
        try {
            write(segment);
        } catch (...) {
            std::lock_guard<std::mutex> lock(mutex_);
            if (!error_) error_ = std::current_exception();
            waiting_.clear();
        }
        {
            std::lock_guard<std::mutex> lock(mutex_);
            --busy_;
        }
        changed_.notify_all();
    }
}

std::string BulkBuild::segment_path(Xapian::docid first) const { return fmt::format("{}/seg-{:010}", folder_, first); }

void BulkBuild::write(Segment& segment) {
    const std::string path = segment_path(segment.first);
    ensure_room_for_commit(db_path_, folder_, segment.bytes);
    index_folder::make(path);
    // The documents' data are zstd's already: Xapian is told not to try
    // zlib on them (glass_version_file.hpp), in the file of a database
    // created and closed, before it is opened again to be written.
    Xapian::WritableDatabase(path, Xapian::DB_CREATE | Xapian::DB_NO_SYNC).close();
    glass_version_file::set_compress_min(path, glass_version_file::Table::Docdata, 0);
    // A private folder, merged then removed: nothing to sync.
    Xapian::WritableDatabase db(path, Xapian::DB_OPEN | Xapian::DB_NO_SYNC);
    Xapian::docid id = segment.first;
    std::size_t unflushed = 0;
    for (auto& document : segment.documents) {
        db.replace_document(id++, document);
        document = Xapian::Document();
        if (++unflushed == kFlushDocuments) {
            db.commit();
            unflushed = 0;
        }
    }
    crash_point("bulk-segment");
    db.commit();
    db.close();
}

void BulkBuild::finish() {
    hand_over();
    {
        std::unique_lock<std::mutex> lock(mutex_);
        changed_.wait(lock, [&] { return (waiting_.empty() && busy_ == 0) || error_; });
        finishing_ = true;
    }
    changed_.notify_all();
    for (auto& t : writers_) t.join();
    writers_.clear();
    if (error_) std::rethrow_exception(error_);  // the writers are gone: no lock needed
    home_.commit();
}

Xapian::WritableDatabase& BulkBuild::segment_of(Xapian::docid id) {
    const auto after = std::upper_bound(written_firsts_.begin(), written_firsts_.end(), id);
    if (after == written_firsts_.begin()) throw Xapian::DocNotFoundError(fmt::format("document {} not in a segment", id));
    const auto k = static_cast<std::size_t>(after - written_firsts_.begin() - 1);
    opened_.resize(written_firsts_.size());
    if (!opened_[k])
        opened_[k] = std::make_unique<Xapian::WritableDatabase>(segment_path(written_firsts_[k]),
                                                                Xapian::DB_OPEN | Xapian::DB_NO_SYNC);
    return *opened_[k];
}

void BulkBuild::merge_into(const std::string& into) {
    for (auto& segment : opened_)
        if (segment) segment->commit(), segment->close();
    opened_.clear();
    Xapian::Database sources(folder_ + "/home");
    for (const Xapian::docid first : written_firsts_) sources.add_database(Xapian::Database(segment_path(first)));
    index_folder::make(into);
    crash_point("bulk-merging");
    try {
        // Numbers kept: the segments' ranges follow each other, and a
        // document has the number one database would have given it.
        sources.compact(into, Xapian::DBCOMPACT_NO_RENUMBER);
    } catch (...) {
        index_folder::remove_own(into);
        throw;
    }
}

void BulkBuild::remove() {
    home_.close();
    remove_leftover(db_path_);
}

}  // namespace vigie
