// A second thread that reads documents beside a Searcher's own. The
// re-ranking reads the stored text of its pool (proximity.hpp), twenty
// documents a query, most of a two-word search's time: a program that asks
// one question at a time (vigie-search --batch on a pipe) has its answer
// sooner when a spare core reads half of them. The helper has its own
// Database (one is used by one thread at a time) and its own stemmer, and
// reads only the revision the searcher reads.
//
// Waking a sleeping thread costs about 0.1 ms on a virtual machine, as much
// as the half of the pool it would read: so the helper is woken when a
// search starts (prepare), waits for its part awake for a few milliseconds,
// and a search whose helper is not awake by then reads everything itself.
#pragma once

#include <xapian.h>

#include <functional>
#include <memory>
#include <string>

namespace vigie {

class ReadingHelper {
public:
    // Work for either thread, on its own database and stemmer.
    using Work = std::function<void(const Xapian::Database&, Xapian::Stem&)>;

    // path: the local index folder the searcher reads (opened by the
    // helper as it first wakes).
    explicit ReadingHelper(std::string path);
    ~ReadingHelper();  // stops and joins the thread
    ReadingHelper(const ReadingHelper&) = delete;
    ReadingHelper& operator=(const ReadingHelper&) = delete;

    // A search begins: wakes the helper, if it sleeps, to wait for work.
    void prepare();
    // Runs theirs on the helper's thread and mine on this one, and returns
    // once both are done, rethrowing what either threw (this thread's
    // first). When the helper is not awake, cannot read db's revision (a
    // commit came in between) or could not open the index, this thread
    // runs theirs too.
    void run_beside(const Xapian::Database& db, Xapian::Stem& stem, const Work& theirs, const Work& mine);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace vigie
