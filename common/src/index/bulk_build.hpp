// A new index built on every core. Xapian allows one writer per database,
// and one writer merging batches into posting lists that keep growing was
// the build's bottleneck (docs/design.md, "Bulk build"). So the documents
// of a run that starts on a new index go, in input order, into segments:
// private Xapian databases of a few thousand documents each, each over its
// own range of document numbers, written without sync by a thread per
// core. Metadata (file states, compound spellings, the stored-fields
// dictionary) goes to a home database beside them. When the run ends,
// Xapian's compaction merges home and segments, numbers kept, into the new
// index, which is swapped in.
//
// Nothing reaches the index before the swap: a run killed before it leaves
// the index as it was (new, empty), and the next run removes the leftover
// folder and starts over.
#pragma once

#include <xapian.h>

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace vigie {

class BulkBuild {
public:
    // A segment ends at kSegmentDocuments documents (or a 64th of those
    // written so far, when more) or kSegmentBytes of input, whichever
    // comes first, and is flushed every kFlushDocuments. Xapian's
    // in-memory batch costs more per document as it grows (over the TV
    // news, segments written in one flush of 1,000 documents took 61 s of
    // CPU, of 10,000 77 s), while the merge keeps each segment's piece of
    // a posting list as a chunk of its own: with segments of 1,000 the
    // merged posting lists were 30% larger than one database's, and 200
    // two-word searches took 7.8% more instructions; with these sizes
    // (17 segments), 12% and 1.3%. The bytes bound the memory: about 15
    // times the text of a segment, writers + 2 segments at most.
    static constexpr std::size_t kSegmentDocuments = 10000;
    static constexpr std::size_t kSegmentBytes = 8 << 20;
    static constexpr std::size_t kFlushDocuments = 1000;

    // The folder of the segments: "<db>.bulk".
    static std::string folder_of(const std::string& db_path);
    // Why a run on the index at db_path cannot build in bulk ("" when it
    // can): a folder of the user's where the segments or the merged copy
    // would go.
    static std::string in_the_way(const std::string& db_path);
    // Removes the folder a run cut short left (with the writer lock held).
    static void remove_leftover(const std::string& db_path);
    // Whether the disk of the index at db_path has room for the segments
    // and the merged copy of input_bytes of input at once: measured at
    // 3.4 times the input over the TV news, 5 asked.
    static bool room_for(const std::string& db_path, std::uintmax_t input_bytes);
    // The input bytes of a segment for input_bytes in all: kSegmentBytes,
    // or more when the merge, which opens every segment at once (four
    // files each), would need more files open than the system allows (the
    // soft limit is raised to the hard one first).
    static std::size_t segment_bytes_for(std::uintmax_t input_bytes);

    // first: the number of the first document (one past the index's last).
    BulkBuild(const std::string& db_path, Xapian::docid first, unsigned writers, std::size_t segment_bytes);
    ~BulkBuild();
    BulkBuild(const BulkBuild&) = delete;
    BulkBuild& operator=(const BulkBuild&) = delete;

    // Where the run's metadata goes.
    Xapian::WritableDatabase& home() { return home_; }
    // The number the next document added gets.
    Xapian::docid next_id() const { return next_; }
    // Adds a document (weight: its input bytes) and returns its number.
    // Blocks while every writer is busy; rethrows a writer's error. The
    // document is moved: Xapian's handles count their references without
    // atomics, so none may stay behind in this thread.
    Xapian::docid add(Xapian::Document&& document, std::size_t weight);
    // Whether document id still waits in the segment being filled.
    bool waiting(Xapian::docid id) const;
    // Replaces document id, which still waits (weight as for add).
    void replace_waiting(Xapian::docid id, Xapian::Document&& document, std::size_t weight);
    // Writes the last segment and waits for every writer.
    void finish();
    // Once finished: the segment that holds document id, open for
    // writing (edits before the merge, which compacts them away).
    Xapian::WritableDatabase& segment_of(Xapian::docid id);
    // Merges home and segments into the new folder into (made and marked
    // here; the caller swaps it in).
    void merge_into(const std::string& into);
    // Removes the segments' folder.
    void remove();

private:
    struct Segment {
        Xapian::docid first = 0;
        std::vector<Xapian::Document> documents;
        std::size_t bytes = 0;
    };
    void hand_over();
    void write_segments();
    void write(Segment& segment);
    // The folder of the segment whose first document is first.
    std::string segment_path(Xapian::docid first) const;

    std::string db_path_;
    std::string folder_;
    Xapian::WritableDatabase home_;
    Xapian::docid first_;
    Xapian::docid next_;
    std::size_t segment_bytes_;
    Segment filling_;
    std::vector<Xapian::docid> written_firsts_;  // the first number of every segment, in order
    std::vector<std::unique_ptr<Xapian::WritableDatabase>> opened_;  // by segment_of

    std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<Segment> waiting_;
    std::size_t busy_ = 0;
    bool finishing_ = false;
    std::exception_ptr error_;
    std::vector<std::thread> writers_;
};

}  // namespace vigie
