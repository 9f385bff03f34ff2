// A candidate document of a query, as the tests of query/checks.hpp read
// it: its terms and its stored texts, each read once and only when asked.
#pragma once

#include <xapian.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "index/stored_dictionary.hpp"
#include "index/stored_fields.hpp"
#include "query/checks.hpp"

namespace vigie {

class StoredCandidate : public query::Candidate {
public:
    StoredCandidate(const Xapian::Database& db, Xapian::docid docid, const StoredDictionary* dictionary,
                    Xapian::Stem& stem)
        : db_(db), docid_(docid), dictionary_(dictionary), stem_(stem) {}

    bool has_term(const std::string& term) override;
    std::string_view text(query::TextField field) override;
    Xapian::Stem& stemmer() override { return stem_; }

private:
    const Xapian::Database& db_;
    Xapian::docid docid_;
    const StoredDictionary* dictionary_;
    Xapian::Stem& stem_;
    std::optional<std::vector<std::string>> terms_;  // sorted, as the termlist gives them
    std::optional<StoredFields> fields_;
};

// Whether docid truly matches: test run on it, when the query needs one.
bool confirmed(const Xapian::Database& db, Xapian::docid docid, const query::TestPtr& test,
               const StoredDictionary* dictionary, Xapian::Stem& stem);

}  // namespace vigie
