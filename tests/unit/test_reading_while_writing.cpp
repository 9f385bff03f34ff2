// A searcher reading an index that a writer keeps committing to: Xapian
// discards the revision being read (DatabaseModifiedError) and the
// searcher must reopen and answer, whether the error comes while it opens
// the index, reads its metadata, or walks the matches and snippets.
#include <catch2/catch.hpp>

#include <xapian.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "busy_writer.hpp"
#include "index/database.hpp"
#include "index/revision_retry.hpp"
#include "samples_index.hpp"
#include "vigie/vigie.hpp"

namespace fs = std::filesystem;

TEST_CASE("searches answer while a writer commits without pause") {
    const fs::path dir = samples_db_copy("busy");
    const std::string db = (dir / "db").string();

    std::size_t expected = 0;
    {
        vigie::Searcher searcher(db);
        vigie::SearchRequest request;
        request.query = "alliance";
        expected = searcher.search(request).total;
    }
    REQUIRE(expected > 0);

    int failures = 0;
    std::string last_error;
    {
        BusyWriter writer(db);
        vigie::Searcher kept(db);  // one searcher reused, as vigie-serve does
        for (int i = 0; i < 300; ++i) {
            try {
                vigie::SearchRequest request;
                request.query = "alliance";
                request.limit = 10;
                vigie::Searcher fresh(db);  // and one opened while commits go on
                CHECK(fresh.search(request).total == expected);
                CHECK(kept.search(request).total == expected);
            } catch (const std::exception& e) {
                ++failures;
                last_error = e.what();
            }
        }
        INFO("commits meanwhile: " << writer.commits());
    }
    INFO("last error: " << last_error);
    CHECK(failures == 0);
    fs::remove_all(dir);
}

TEST_CASE("read_latest_revision retries what a writer explains, and lets damage through") {
    int reads = 0, reopens = 0;
    const auto reopen = [&] { ++reopens; };
    const auto no_commit = [] { return false; };
    const auto failing = [&](int times, auto error) {
        return [&reads, times, error] {
            if (++reads <= times) throw error;
            return 42;
        };
    };
    SECTION("a discarded revision: reopened and read again") {
        CHECK(vigie::read_latest_revision(failing(3, Xapian::DatabaseModifiedError("discarded")), reopen, no_commit,
                                          [] { return vigie::WriterSigns{}; }) == 42);
        CHECK(reads == 4);
        CHECK(reopens == 3);
    }
    SECTION("blocks read as damaged while commits go on: read again") {
        CHECK(vigie::read_latest_revision(failing(2, Xapian::DatabaseCorruptError("level")), reopen, no_commit,
                                          [] { return vigie::WriterSigns{true, true}; }) == 42);
        CHECK(reads == 3);
    }
    SECTION("damage in an index nobody writes: told at once") {
        CHECK_THROWS_AS(vigie::read_latest_revision(failing(1000, Xapian::DatabaseCorruptError("level")), reopen, no_commit,
                                                    [] { return vigie::WriterSigns{}; }),
                        Xapian::DatabaseCorruptError);
        CHECK(reads == 1);
        CHECK(reopens == 0);
    }
    SECTION("damage while an idle writer holds the lock: told once a commit would have ended") {
        // Without a commit, the lock alone explains the error only for the
        // commit window, with growing pauses: a handful of tries, not ten
        // seconds of them.
        CHECK_THROWS_AS(vigie::read_latest_revision(failing(100000, Xapian::DatabaseCorruptError("level")), reopen, no_commit,
                                                    [] { return vigie::WriterSigns{false, true}; }),
                        Xapian::DatabaseCorruptError);
        CHECK(reads > 1);
        CHECK(reads < 40);
    }
    SECTION("an answer read while a commit came: read again from the last commit, twice at most") {
        // Glass may have read blocks the writer reused without noticing.
        int commits_seen = 0;
        const auto commit_during = [&](int reads_overtaken) {
            return [&commits_seen, &reads, reads_overtaken] {
                ++commits_seen;
                return reads <= reads_overtaken;
            };
        };
        const auto read = [&] { return ++reads; };
        const auto quiet = [] { return vigie::WriterSigns{}; };
        CHECK(vigie::read_latest_revision(read, reopen, commit_during(1), quiet) == 2);
        CHECK(reopens == 1);
        reads = reopens = commits_seen = 0;
        // A writer faster than every read: the third answer, not a wait.
        CHECK(vigie::read_latest_revision(read, reopen, commit_during(1000), quiet) == 3);
        CHECK(reopens == 2);
        CHECK(commits_seen == 2);
        reads = reopens = commits_seen = 0;
        CHECK(vigie::read_latest_revision(read, reopen, no_commit, quiet) == 1);
        CHECK(reopens == 0);
        // A read that returns nothing is read again the same way.
        int void_reads = 0;
        vigie::read_latest_revision([&] { ++void_reads; }, reopen, commit_during(-1), quiet);
        CHECK(void_reads == 1);
        vigie::read_latest_revision([&] { ++void_reads; ++reads; }, reopen, commit_during(1000), quiet);
        CHECK(void_reads == 4);
    }
    SECTION("no index: nothing to wait for") {
        CHECK_THROWS_AS(vigie::read_latest_revision(failing(1000, Xapian::DatabaseOpeningError("none")), reopen, no_commit,
                                                    [] { return vigie::WriterSigns{true, true}; }),
                        Xapian::DatabaseOpeningError);
        CHECK(reads == 1);
    }
}

TEST_CASE("a writer's lock is seen without taking it, and without write access to it") {
    const fs::path dir = fs::temp_directory_path() / ("vigie-unit-lock-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    const std::string db = (dir / "db").string();
    CHECK_FALSE(vigie::writer_holds_lock(db));  // no index at all
    {
        Xapian::WritableDatabase w(db, Xapian::DB_CREATE);
        CHECK(vigie::writer_holds_lock(db));
        // A reader asks on a read-only descriptor: the lock file's
        // permissions do not matter, and asking does not release it.
        fs::permissions(dir / "db" / "flintlock", fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
        CHECK(vigie::writer_holds_lock(db));
        CHECK(vigie::writer_holds_lock(db));
        CHECK_THROWS_AS(Xapian::WritableDatabase(db, Xapian::DB_OPEN), Xapian::DatabaseLockError);
    }
    CHECK_FALSE(vigie::writer_holds_lock(db));
    fs::remove_all(dir);
}
