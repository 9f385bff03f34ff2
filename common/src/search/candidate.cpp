#include "search/candidate.hpp"


namespace vigie {

bool TermCursors::has(const std::string& term, Xapian::docid docid) {
    auto it = cursors_.find(term);
    if (it == cursors_.end() || docid < it->second.last)
        it = cursors_.insert_or_assign(term, Cursor{db_.postlist_begin(term), 0}).first;
    Cursor& c = it->second;
    c.last = docid;
    const Xapian::PostingIterator end = db_.postlist_end(term);
    if (c.at == end) return false;
    c.at.skip_to(docid);
    return c.at != end && *c.at == docid;
}

bool StoredCandidate::has_term(const std::string& term) {
    if (cursors_) return cursors_->has(term, docid_);
    // One seek in the term's postings: cheaper than the document's whole
    // termlist, since tests ask for a term or two.
    auto it = db_.postlist_begin(term);
    it.skip_to(docid_);
    return it != db_.postlist_end(term) && *it == docid_;
}

std::string_view StoredCandidate::text(query::TextField field) {
    if (!fields_) fields_ = StoredFields::unpack(db_.get_document(docid_).get_data(), dictionaries_);
    switch (field) {
        case query::TextField::Title: return fields_->get("title");
        case query::TextField::Body: return fields_->get("body");
        case query::TextField::Source: return fields_->get("source");
    }
    return {};
}

bool confirmed(const Xapian::Database& db, Xapian::docid docid, const query::TestPtr& test,
               const Dictionaries& dictionaries, Xapian::Stem& stem, TermCursors* cursors) {
    StoredCandidate candidate(db, docid, dictionaries, stem, cursors);
    return test->matches(candidate);
}

}  // namespace vigie
