// Reading the last commit while a writer goes on committing. Xapian keeps
// a reader's revision only until the writer has committed past it; then a
// read throws DatabaseModifiedError, and the reader must reopen and read
// again. Glass checks the revision of every block but a table's root, so a
// root the writer reused shows instead as DatabaseCorruptError (or a read
// past the end of a file), even while no newer revision is there yet (the
// writer is in the middle of a commit): that is damage only when no writer
// explains it. A writer that never pauses (a feed on standard input, a
// small --batch-size) can overtake a slow reader again and again, on a
// loaded machine most of all: the reads are retried for a while, not a
// fixed number of times.
#pragma once

#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <thread>
#include <type_traits>

namespace vigie {

// What tells a reader that a writer may explain an error.
struct WriterSigns {
    bool committed = false;  // a commit since the revision read was opened
    bool locked = false;     // a writer holds the database (maybe committing)
};

// Returns read(). After a DatabaseModifiedError, calls reopen() and reads
// again, for at least kMinTries and kPatience. After another database
// error (not an opening one), does the same while signs() explains it: a
// commit since the revision read was opened, or, for kCommitWindow after
// the last such commit, a writer holding the database (the commit that
// reused the blocks may not have ended). Else the error goes through: an
// index nobody commits to reports its damage at once, one an idle writer
// holds within kCommitWindow.
//
// A read that ended well is read again too, up to kRereads times, when
// committed() says a commit came meanwhile: the writer may then have
// reused blocks it went through, and Glass does not always notice (a block
// read while the writer rewrites it holds other keys, and a lookup finds
// nothing). Blocks of the revision read are reused only once a later
// revision is committed, so a read with no commit meanwhile is sound. A
// writer that commits faster than a read ends gets the last answer after
// kRereads, rather than holding every reader back.
template <typename Read, typename Reopen, typename Committed, typename Signs>
auto read_latest_revision(Read&& read, Reopen&& reopen, Committed&& committed, Signs&& signs) {
    using Clock = std::chrono::steady_clock;
    constexpr int kMinTries = 5;
    constexpr int kRereads = 2;
    constexpr auto kPatience = std::chrono::seconds(10);
    constexpr auto kCommitWindow = std::chrono::milliseconds(250);
    constexpr auto kLongestPause = std::chrono::microseconds(20000);
    const auto give_up = Clock::now() + kPatience;
    auto window_ends = Clock::now() + kCommitWindow;
    auto pause = std::chrono::microseconds(500);
    int rereads = 0;
    const auto read_again = [&] {
        if (rereads == kRereads || !committed()) return false;
        ++rereads;
        return true;
    };
    for (int tries = 1;; ++tries) {
        try {
            if (tries > 1) reopen();
            if constexpr (std::is_void_v<decltype(read())>) {
                read();
                if (!read_again()) return;
            } else {
                auto result = read();
                if (!read_again()) return result;
            }
        } catch (const Xapian::DatabaseModifiedError&) {
            if (tries >= kMinTries && Clock::now() >= give_up) throw;
        } catch (const Xapian::DatabaseOpeningError&) {
            throw;  // no index there (or not one Xapian can open): nothing to wait for
        } catch (const Xapian::DatabaseError&) {
            const WriterSigns now = signs();
            if (now.committed) window_ends = Clock::now() + kCommitWindow;
            const bool explained = now.committed || (now.locked && Clock::now() < window_ends);
            if (!explained || Clock::now() >= give_up) throw;
            // A commit in progress ends soon; one after another, later.
            std::this_thread::sleep_for(pause);
            pause = std::min(2 * pause, kLongestPause);
        }
    }
}

}  // namespace vigie
