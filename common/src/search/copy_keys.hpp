// The copy keys (schema::kCopyKey, copies.hpp) of a search's candidates,
// read for a batch of them at once. Reading a candidate's document for its
// key costs a B-tree lookup or two, often a read from disk, for each one,
// though few communiqués have a key; the slot's value stream holds only
// those that do, and is walked once, in docid order, for the whole batch.
// Xapian 1.4's remote backend has no value streams (it would fetch every
// document's value, from the first): over a remote shard the keys are
// still read document by document, when asked for.
#pragma once

#include <xapian.h>

#include <string>
#include <unordered_map>
#include <vector>

namespace vigie {

class CopyKeys {
public:
    // streamed: whether the value stream may be read (no remote shard).
    CopyKeys(const Xapian::Database& db, bool streamed) : db_(db), streamed_(streamed) {}

    // Reads the keys of these candidates (any order, those already read
    // skipped) in one pass over the stream; nothing without it.
    void read(std::vector<Xapian::docid> docids);

    // The key of a candidate: "" when it has none. One not read (and any,
    // without the stream) is read from its document: doc, when the caller
    // has it.
    std::string of(Xapian::docid docid) const;
    std::string of(Xapian::docid docid, const Xapian::Document& doc) const;

private:
    const Xapian::Database& db_;
    bool streamed_;
    std::unordered_map<Xapian::docid, std::string> keys_;  // every candidate read, "" for none
};

}  // namespace vigie
