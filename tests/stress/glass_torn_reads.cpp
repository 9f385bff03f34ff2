// Glass under a writer that commits without pause, with Xapian calls alone:
// a reader reopens and reads 43 metadata keys that never change, and counts
// the answers that come back wrong without any error. With "reread", a read
// during which the version file changed is read again (twice at most), as
// index/revision_retry.hpp does. Not built by CMake; docs/design.md quotes
// two of them run side by side on the 2-core machine:
//   g++ -O2 -o /tmp/torn tests/stress/glass_torn_reads.cpp -lxapian
//   /tmp/torn /dev/shm/t1.db 90 & /tmp/torn /dev/shm/t2.db 90 reread; wait
// Built with -fsanitize=address, the plain reader also shows Glass's memcmp
// running past its block buffer (tests/sanitizers/asan.supp).
#include <sys/stat.h>
#include <xapian.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <utility>

namespace {

// What a commit changes: the version file's inode and modification time.
std::pair<long, long> version_stamp(const std::string& db) {
    struct stat st {};
    ::stat((db + "/iamglass").c_str(), &st);
    return {long(st.st_ino), st.st_mtim.tv_nsec + 1000000000L * st.st_mtim.tv_sec};
}

std::size_t expected_size(int key) { return std::size_t(20 + key % 50); }

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: %s DB SECONDS [reread]\n", argv[0]);
        return 2;
    }
    const std::string db = argv[1];
    const int seconds = std::atoi(argv[2]);
    const bool reread = argc > 3;
    {
        Xapian::WritableDatabase w(db, Xapian::DB_CREATE_OR_OVERWRITE);
        for (int k = 0; k < 300; ++k) w.set_metadata("compound:" + std::to_string(k), std::string(expected_size(k), 'x'));
        w.commit();
    }
    std::atomic<bool> stop{false};
    std::atomic<long> commits{0};
    std::thread writer([&] {
        Xapian::WritableDatabase w(db, Xapian::DB_OPEN | Xapian::DB_NO_SYNC);
        for (long i = 0; !stop; ++i) {
            Xapian::Document doc;
            doc.add_term("Zfiller" + std::to_string(i % 97));
            doc.add_term("Zall" + std::to_string(i));
            w.add_document(doc);
            w.set_metadata("busy-writer", std::to_string(i));
            if (i % 50 == 49) {
                w.commit();
                ++commits;
            }
        }
    });
    long rereads = 0, lookups = 0, modified = 0, other = 0, wrong = 0;
    Xapian::Database reader(db);
    const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    while (std::chrono::steady_clock::now() < end) {
        try {
            for (int attempt = 0; attempt < 3; ++attempt) {
                const auto before = version_stamp(db);
                reader.reopen();
                long bad = 0;
                for (int k = 0; k < 300; k += 7) {
                    ++lookups;
                    bad += reader.get_metadata("compound:" + std::to_string(k)).size() != expected_size(k);
                }
                if (reread && attempt < 2 && version_stamp(db) != before) {
                    ++rereads;
                    continue;
                }
                wrong += bad;
                break;
            }
        } catch (const Xapian::DatabaseModifiedError&) {
            ++modified;
        } catch (const Xapian::Error& e) {
            if (++other < 5) std::fprintf(stderr, "%s\n", e.get_description().c_str());
        }
    }
    stop = true;
    writer.join();
    std::printf("commits %ld lookups %ld rereads %ld modified-errors %ld other-errors %ld wrong %ld\n", commits.load(),
                lookups, rereads, modified, other, wrong);
}
