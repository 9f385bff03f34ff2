// A writer that commits small documents into an index without pause, for
// the tests that search while an index changes under them.
#pragma once

#include <xapian.h>

#include <atomic>
#include <string>
#include <thread>

// Commits small documents into db, as fast as it can, until stopped:
// 50 a commit, vigie-index's pace at --batch-size 50 (the e2e test that
// failed in CI). One a commit goes further than Glass holds: there a
// reader also reads reused blocks that raise no error at all (empty
// metadata, no matches), which no retry can see.
class BusyWriter {
public:
    explicit BusyWriter(const std::string& db) : thread_([this, db] { run(db); }) {}
    ~BusyWriter() {
        stop_ = true;
        thread_.join();
    }
    long commits() const { return commits_; }

private:
    void run(const std::string& db) {
        Xapian::WritableDatabase w(db, Xapian::DB_OPEN | Xapian::DB_NO_SYNC);
        for (long i = 0; !stop_; ++i) {
            Xapian::Document doc;
            // Terms no query below asks for, spread over many postlists
            // and metadata, so that each commit rewrites blocks readers use.
            doc.add_term("Zfiller" + std::to_string(i % 97));
            doc.add_term("Zalliance" + std::to_string(i));
            w.add_document(doc);
            w.set_metadata("busy-writer", std::to_string(i));
            if (i % kPerCommit != kPerCommit - 1) continue;
            w.commit();
            ++commits_;
        }
    }
    static constexpr long kPerCommit = 50;
    std::atomic<bool> stop_{false};
    std::atomic<long> commits_{0};
    std::thread thread_;
};
