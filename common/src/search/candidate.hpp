// A candidate document of a query, as the tests of query/checks.hpp read
// it: its terms and its stored texts, each read once and only when asked.
#pragma once

#include <xapian.h>

#include <memory>
#include <optional>
#include <unordered_map>
#include <string>
#include <vector>

#include "index/stored_dictionary.hpp"
#include "index/stored_fields.hpp"
#include "query/checks.hpp"

namespace vigie {

// Postings kept open across the candidates of one query, read forward:
// confirming candidates in docid order costs a step per term, not a seek.
class TermCursors {
public:
    explicit TermCursors(const Xapian::Database& db) : db_(db) {}
    bool has(const std::string& term, Xapian::docid docid);

private:
    struct Cursor {
        Xapian::PostingIterator at;
        Xapian::docid last = 0;  // the docid asked last: asking below it starts again
    };
    const Xapian::Database& db_;
    std::unordered_map<std::string, Cursor> cursors_;
};

class StoredCandidate : public query::Candidate {
public:
    // cursors: shared by the candidates of a query (null: one seek a term).
    StoredCandidate(const Xapian::Database& db, Xapian::docid docid, const Dictionaries& dictionaries,
                    Xapian::Stem& stem, TermCursors* cursors = nullptr)
        : db_(db), docid_(docid), dictionaries_(dictionaries), stem_(stem), cursors_(cursors) {}

    bool has_term(const std::string& term) override;
    std::string_view text(query::TextField field) override;
    Xapian::Stem& stemmer() override { return stem_; }

private:
    const Xapian::Database& db_;
    Xapian::docid docid_;
    const Dictionaries& dictionaries_;
    Xapian::Stem& stem_;
    TermCursors* cursors_;
    std::optional<StoredFields> fields_;
};

// Whether docid truly matches: test run on it, when the query needs one.
bool confirmed(const Xapian::Database& db, Xapian::docid docid, const query::TestPtr& test,
               const Dictionaries& dictionaries, Xapian::Stem& stem, TermCursors* cursors = nullptr);

}  // namespace vigie
