// A bulk build's segments (index/bulk_build.hpp): documents numbered in
// the order they are added, across segments; a document still waiting in
// the segment being filled replaced where it is; each document found in
// its segment; the merge keeps every number; nothing left behind.
#include <catch2/catch.hpp>

#include <fmt/format.h>
#include <xapian.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <sys/resource.h>
#include <unistd.h>

#include "index/bulk_build.hpp"
#include "index/index_folder.hpp"

namespace fs = std::filesystem;
using vigie::BulkBuild;

namespace {

Xapian::Document document(const std::string& text) {
    Xapian::Document d;
    d.set_data(text);
    d.add_term("Z" + text);
    return d;
}

struct Folder {
    fs::path path = fs::temp_directory_path() / fmt::format("vigie-bulk-{}", ::getpid());
    Folder() { fs::remove_all(path); fs::create_directories(path); }
    ~Folder() { fs::remove_all(path); }
};

}  // namespace

TEST_CASE("bulk build: numbers in order across segments, replacements, segments found, numbers kept by the merge") {
    const Folder folder;
    const std::string db = (folder.path / "db").string();
    // What a run killed earlier left: removed when a build starts.
    vigie::index_folder::make(BulkBuild::folder_of(db));
    vigie::index_folder::make(BulkBuild::folder_of(db) + "/seg-0000000001");
    constexpr Xapian::docid kCount = BulkBuild::kSegmentDocuments + 500;
    {
        BulkBuild bulk(db, 1, 2, BulkBuild::kSegmentDocuments * 1000);
        CHECK_FALSE(fs::exists(BulkBuild::folder_of(db) + "/seg-0000000001"));
        for (Xapian::docid id = 1; id <= kCount; ++id) {
            CHECK(bulk.next_id() == id);
            CHECK(bulk.add(document(fmt::format("d{}", id)), 10) == id);
        }
        // The first segment went to be written at kSegmentDocuments; the
        // rest waits.
        CHECK_FALSE(bulk.waiting(5));
        CHECK(bulk.waiting(10400));
        CHECK_FALSE(bulk.waiting(kCount + 1));
        bulk.replace_waiting(10400, document("d10400-again"), 10);
        bulk.home().set_metadata("vigie.test", "home");
        bulk.finish();
        CHECK(&bulk.segment_of(1) == &bulk.segment_of(BulkBuild::kSegmentDocuments));
        CHECK(&bulk.segment_of(1) != &bulk.segment_of(BulkBuild::kSegmentDocuments + 1));
        CHECK(bulk.segment_of(7).get_document(7).get_data() == "d7");
        bulk.segment_of(8).delete_document(8);
        const std::string merged = db + ".merged";
        bulk.merge_into(merged);
        Xapian::Database index(merged);
        CHECK(index.get_doccount() == kCount - 1);
        CHECK(index.get_lastdocid() == kCount);
        CHECK(index.get_document(BulkBuild::kSegmentDocuments + 1).get_data() ==
              fmt::format("d{}", BulkBuild::kSegmentDocuments + 1));
        CHECK(index.get_document(10400).get_data() == "d10400-again");
        CHECK(index.get_document(5).get_data() == "d5");
        CHECK(index.get_termfreq("Zd8") == 0);
        CHECK(index.get_metadata("vigie.test") == "home");
        CHECK_FALSE(index.get_metadata("vigie.schema").empty());  // made as an index is
        bulk.remove();
        CHECK_FALSE(fs::exists(BulkBuild::folder_of(db)));
        vigie::index_folder::remove_own(merged);
    }
    // A build given up (an error, a signal) leaves nothing either.
    {
        BulkBuild bulk(db, 1, 2, BulkBuild::kSegmentDocuments * 1000);
        for (Xapian::docid id = 1; id <= kCount; ++id) bulk.add(document("x"), 10);
    }
    CHECK_FALSE(fs::exists(BulkBuild::folder_of(db)));
}

TEST_CASE("bulk build: segments grow when the merge would open more files than allowed") {
    CHECK(BulkBuild::segment_bytes_for(1 << 20) == BulkBuild::kSegmentBytes);
    rlimit limit{};
    REQUIRE(getrlimit(RLIMIT_NOFILE, &limit) == 0);
    const std::uintmax_t huge = std::uintmax_t{1} << 50;
    const std::size_t bytes = BulkBuild::segment_bytes_for(huge);
    CHECK(bytes > BulkBuild::kSegmentBytes);
    CHECK(huge / bytes * 5 < limit.rlim_cur);  // the files of every segment fit
}

TEST_CASE("bulk build: a folder of the user's where the segments would go rules the bulk build out") {
    const Folder folder;
    const std::string db = (folder.path / "db").string();
    CHECK(BulkBuild::in_the_way(db).empty());
    fs::create_directories(BulkBuild::folder_of(db));
    CHECK(BulkBuild::in_the_way(db).empty());  // empty: what a kill before its marker leaves
    std::ofstream(BulkBuild::folder_of(db) + "/mine.txt") << "x";
    CHECK_FALSE(BulkBuild::in_the_way(db).empty());
    fs::create_directories(db + ".old");
    CHECK_FALSE(BulkBuild::in_the_way(db).empty());
}
