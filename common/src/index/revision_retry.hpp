// Reading the last commit while a writer goes on committing. Xapian keeps
// a reader's revision only until the writer has committed past it; then a
// read throws DatabaseModifiedError, and the reader must reopen and read
// again. Glass checks the revision of every block but a table's root, so a
// root the writer reused shows instead as DatabaseCorruptError: that is
// damage only when no newer revision explains it. A writer that never
// pauses (a feed on standard input, a small --batch-size) can overtake a
// slow reader again and again, on a loaded machine most of all: the reads
// are retried for a while, not a fixed number of times.
#pragma once

#include <xapian.h>

#include <chrono>

namespace vigie {

// Returns read(). After a DatabaseModifiedError, or a DatabaseCorruptError
// when reopen() finds a newer revision, calls reopen() and reads again;
// gives up, letting the error through, after kMinTries and kPatience.
// reopen() returns whether it found a newer revision (Database::reopen).
template <typename Read, typename Reopen>
auto read_latest_revision(Read&& read, Reopen&& reopen) {
    constexpr int kMinTries = 5;
    constexpr auto kPatience = std::chrono::seconds(10);
    const auto give_up = std::chrono::steady_clock::now() + kPatience;
    const auto exhausted = [&](int tries) { return tries >= kMinTries && std::chrono::steady_clock::now() >= give_up; };
    bool reopen_first = false;
    for (int tries = 1;; ++tries) {
        try {
            if (reopen_first) reopen();
            return read();
        } catch (const Xapian::DatabaseModifiedError&) {
            if (exhausted(tries)) throw;
            reopen_first = true;
        } catch (const Xapian::DatabaseCorruptError&) {
            if (exhausted(tries)) throw;
            bool newer = true;
            try {
                newer = reopen();
                reopen_first = false;
            } catch (const Xapian::DatabaseModifiedError&) {
                reopen_first = true;
            }
            if (!newer) throw;
        }
    }
}

}  // namespace vigie
