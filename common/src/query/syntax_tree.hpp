// The query as Vigie's parser reads it: a tree of words, phrases, fields
// and operators, before any French analysis. Everything the searcher does
// with a query (its Xapian query, the words to highlight, --explain, the
// date range shown) is read from this tree.
#pragma once

#include <string>
#include <vector>

#include "document/dates.hpp"
#include "index/schema.hpp"

namespace vigie::query {

// +word, -word, or neither.
enum class Sign { None, Required, Excluded };

struct Node {
    enum class Kind {
        Word,      // one chunk of text as typed (l'Alliance, cyber-attaques, L.2212-2)
        Phrase,    // "words in this order"
        Wildcard,  // prefix*: text is the prefix as typed
        Exact,     // an exact field: id:VALUE
        Date,      // date:VALUE or date:A..B, parsed into range
        Group,     // items side by side, joined by the default operator
        And,
        Or,
        Xor,
        AndNot,    // children[0] without any of the others (a NOT b)
        Near,      // a NEAR/n b: words within window positions (ordered for ADJ)
    };

    Kind kind = Kind::Group;
    Sign sign = Sign::None;                  // for the items of a Group
    const schema::Field* field = nullptr;    // nullptr: the text (title and body)
    std::string text;                        // Word, Phrase, Wildcard, Exact, Date as typed
    DateRange range;                         // Date
    unsigned window = 0;                     // Near
    bool ordered = false;                    // Near written ADJ
    std::vector<Node> children;

    bool is_leaf() const {
        return kind == Kind::Word || kind == Kind::Phrase || kind == Kind::Wildcard || kind == Kind::Exact ||
               kind == Kind::Date;
    }
    // Exact and date fields filter: they select documents without
    // weighing in their relevance.
    bool is_filter() const { return kind == Kind::Exact || kind == Kind::Date; }
};

// The tree as one line, for --explain: (and (word alliance) (date 2020-01-01..2020-12-31)).
std::string describe(const Node& node);

}  // namespace vigie::query
