// Reading the last commit while a writer goes on committing. Xapian keeps
// a reader's revision only until the writer has committed past it; then a
// read throws DatabaseModifiedError, and the reader must reopen and read
// again. Glass checks the revision of every block but a table's root, so a
// root the writer reused shows instead as DatabaseCorruptError (or a read
// past the end of a file), even while no newer revision is there yet (the
// writer is in the middle of a commit): that is damage only when no writer
// explains it. A writer that
// never pauses (a feed on standard input, a small --batch-size) can
// overtake a slow reader again and again, on a loaded machine most of all:
// the reads are retried for a while, not a fixed number of times.
#pragma once

#include <xapian.h>

#include <chrono>
#include <thread>

namespace vigie {

// Returns read(). After a DatabaseModifiedError, or another database
// error that writing() says a writer may explain, calls reopen() and reads
// again; gives up, letting the error through, after kMinTries and
// kPatience. writing(): whether a writer holds the database or has
// committed since it was opened.
template <typename Read, typename Reopen, typename Writing>
auto read_latest_revision(Read&& read, Reopen&& reopen, Writing&& writing) {
    constexpr int kMinTries = 5;
    constexpr auto kPatience = std::chrono::seconds(10);
    // A commit in progress ends soon: the next try waits that much first.
    constexpr auto kCommitPause = std::chrono::microseconds(500);
    const auto give_up = std::chrono::steady_clock::now() + kPatience;
    const auto exhausted = [&](int tries) { return tries >= kMinTries && std::chrono::steady_clock::now() >= give_up; };
    for (int tries = 1;; ++tries) {
        try {
            if (tries > 1) reopen();
            return read();
        } catch (const Xapian::DatabaseModifiedError&) {
            if (exhausted(tries)) throw;
        } catch (const Xapian::DatabaseOpeningError&) {
            throw;  // no index there (or not one Xapian can open): nothing to wait for
        } catch (const Xapian::DatabaseError&) {
            // Corrupt blocks, blocks past the end of a file: what reading
            // blocks a writer is reusing looks like.
            if (exhausted(tries) || !writing()) throw;
            std::this_thread::sleep_for(kCommitPause);
        }
    }
}

}  // namespace vigie
