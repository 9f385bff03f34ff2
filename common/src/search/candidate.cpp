#include "search/candidate.hpp"

#include <algorithm>

namespace vigie {

bool StoredCandidate::has_term(const std::string& term) {
    if (!terms_) {
        terms_.emplace();
        for (auto t = db_.termlist_begin(docid_); t != db_.termlist_end(docid_); ++t) terms_->push_back(*t);
    }
    return std::binary_search(terms_->begin(), terms_->end(), term);
}

std::string_view StoredCandidate::text(query::TextField field) {
    if (!fields_) fields_ = StoredFields::unpack(db_.get_document(docid_).get_data(), dictionary_);
    switch (field) {
        case query::TextField::Title: return fields_->get("title");
        case query::TextField::Body: return fields_->get("body");
        case query::TextField::Source: return fields_->get("source");
    }
    return {};
}

bool confirmed(const Xapian::Database& db, Xapian::docid docid, const query::TestPtr& test,
               const StoredDictionary* dictionary, Xapian::Stem& stem) {
    StoredCandidate candidate(db, docid, dictionary, stem);
    return test->matches(candidate);
}

}  // namespace vigie
