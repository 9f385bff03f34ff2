#include "search/similar.hpp"

#include <fmt/format.h>

#include <unordered_set>

#include "analysis/french_stem.hpp"
#include "index/schema.hpp"
#include "index/terms.hpp"
#include "search/lookup.hpp"
#include "vigie/error.hpp"

namespace vigie {

namespace {

// Terms feedback draws from the communiqué: enough to characterise it,
// few enough to stay quick.
constexpr Xapian::termcount kExpandTerms = 30;

// The key terms of the text (Z<key>), not of a field (ZS.., ZXS..), nor
// those of stopwords, nor those no other communiqué has (they would rank
// first, being rarest, and find nothing).
class TextKeys : public Xapian::ExpandDecider {
public:
    explicit TextKeys(const Xapian::Database& db) : db_(db) {
        TermMaker terms;
        for (const std::string& word : stopwords()) stop_keys_.insert(terms.key_term("", word));
    }
    bool operator()(const std::string& term) const override {
        if (term.size() < schema::kKeyPrefix.size() + 3 || term.compare(0, schema::kKeyPrefix.size(), schema::kKeyPrefix) != 0)
            return false;
        const char first = term[schema::kKeyPrefix.size()];
        if (first >= 'A' && first <= 'Z') return false;  // a field's
        return !stop_keys_.count(term) && db_.get_termfreq(term) >= 2;
    }

private:
    const Xapian::Database& db_;
    std::unordered_set<std::string> stop_keys_;
};

}  // namespace

SimilarQuery similar_to(const Xapian::Database& db, const std::string& id) {
    const Xapian::docid docid = find_by_id(db, id);
    if (!docid) throw Error(ExitCode::Error, fmt::format("no communiqué with id '{}' for --like", id));
    Xapian::RSet rset;
    rset.add_document(docid);
    Xapian::Enquire enquire(db);
    const TextKeys decider(db);
    // Exact term frequencies: over shards Xapian would otherwise estimate
    // them, and choose other terms than one database would.
    const Xapian::ESet eset = enquire.get_eset(kExpandTerms, rset, Xapian::Enquire::USE_EXACT_TERMFREQ, &decider);
    SimilarQuery similar;
    std::vector<Xapian::Query> terms;
    for (auto it = eset.begin(); it != eset.end(); ++it) {
        terms.emplace_back(*it);
        similar.keys.push_back((*it).substr(schema::kKeyPrefix.size()));
    }
    Xapian::Query any(Xapian::Query::OP_OR, terms.begin(), terms.end());
    // The communiqué itself is not similar to itself.
    const Xapian::Document doc = db.get_document(docid);
    auto t = doc.termlist_begin();
    t.skip_to(std::string(schema::kIdPrefix));
    if (t != doc.termlist_end()) any = Xapian::Query(Xapian::Query::OP_AND_NOT, any, Xapian::Query(*t));
    similar.query = any;
    return similar;
}

}  // namespace vigie
