#include "search/lookup.hpp"

#include "index/schema.hpp"

namespace vigie {

Xapian::docid find_by_id(const Xapian::Database& db, const std::string& id) {
    for (const std::string& candidate : {id, id + ".txt"}) {
        const std::string term = schema::id_term(candidate);
        const auto it = db.postlist_begin(term);
        if (it != db.postlist_end(term)) return *it;
    }
    return 0;
}

}  // namespace vigie
