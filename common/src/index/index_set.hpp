// The databases one search reads, as one: an index folder, or the shards a
// stub lists or several --db name, local or served by xapian-tcpsrv.
// Xapian merges their matches (docid d of the whole is docid (d-1)/n+1 of
// shard (d-1)%n); what Xapian keeps per database and does not merge, Vigie
// reads shard by shard here: the stored-fields dictionaries, the compound
// spellings and their filters, the schema and analyzer versions.
#pragma once

#include <xapian.h>

#include <memory>
#include <string>
#include <vector>

#include "index/compound_lexicon.hpp"
#include "index/locations.hpp"
#include "index/revision_retry.hpp"
#include "index/stored_dictionary.hpp"

namespace vigie {

class IndexSet {
public:
    // Opens every database the given --db values name (see locations.hpp).
    // Throws Error: missing (3), incompatible (5), unreachable, damaged.
    explicit IndexSet(std::vector<std::string> given);
    ~IndexSet();
    IndexSet(IndexSet&&) noexcept;
    IndexSet& operator=(IndexSet&&) noexcept;

    const Xapian::Database& db() const;
    const Dictionaries& dictionaries() const;
    // The spaced spellings a query for a joined word also looks for, over
    // every shard (compound_lexicon.hpp).
    std::vector<std::string> compound_spellings(const std::string& joined_key) const;

    // Sees the last commits, and an index rebuilt or swapped in at a path
    // since it was opened (a long --batch outlives both): two stat calls
    // per local database, a round trip per remote one.
    void refresh();
    // After Xapian's DatabaseModifiedError: the revision read was replaced.
    void reopen();
    // What the local databases show of a writer: a commit to one since it
    // was last reopened, Xapian's lock held on one (revision_retry.hpp).
    WriterSigns writer_signs() const;
    // The first of them alone: one stat call per local database.
    bool committed_since_read() const;

    // For messages: the one --db given, else "the shards a, b, c".
    std::string describe() const;
    std::size_t shard_count() const;
    // Whether a shard is served by xapian-tcpsrv or xapian-progsrv, whose
    // Xapian 1.4 backend reads a value stream a document at a time.
    bool has_remote() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace vigie
