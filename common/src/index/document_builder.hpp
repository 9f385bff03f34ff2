// Turns a communiqué into a Xapian document following the schema: the
// French keys of its words (without positions), joined compounds,
// identifier parts, identifiers, copy bands, dates and the stored data the
// searcher shows (and confirms phrases on).
#pragma once

#include <xapian.h>

#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "document/communique.hpp"
#include "index/copies.hpp"
#include "index/identifiers.hpp"
#include "index/stored_dictionary.hpp"
#include "index/stored_fields.hpp"
#include "index/terms.hpp"

namespace vigie {

struct BuiltDocument {
    Xapian::Document document;
    // Hyphenated compounds met: (key of the joined word, spaced spelling),
    // e.g. ("cyberattaqu", "cyber attaques").
    std::vector<std::pair<std::string, std::string>> compounds;
};

// One per thread: it owns a memoising stemmer.
class DocumentBuilder {
public:
    // dictionary: what the stored fields are packed with, when the index
    // has one (null: packed without).
    explicit DocumentBuilder(const DictionarySlot* dictionary = nullptr);
    BuiltDocument build(const Communique& communique);

private:
    // Counts the terms of text (schema.hpp, terms.hpp), to be added with
    // their weights once the document's length is known.
    // What reading the text teaches besides its terms, when asked: its
    // compounds, its MinHash (copies.hpp), its identifiers.
    struct Learners {
        std::vector<std::pair<std::string, std::string>>* compounds = nullptr;
        copies::Shingler* shingler = nullptr;
        Identifiers* identifiers = nullptr;
    };
    void index_text(std::string_view text, std::string_view prefix, const Learners& learners);
    void add_scaled_terms(Xapian::Document& doc);

    const DictionarySlot* dictionary_;
    TermMaker terms_;
    TokenTerms token_terms_;
    copies::Shingler shingler_;
    Identifiers identifiers_;
    // Of the document being built: each term's occurrences, and its words.
    std::unordered_map<std::string, Xapian::termcount> occurrences_;
    Xapian::termcount words_ = 0;
    // What one occurrence counts for: kTitleOccurrences in a given title.
    Xapian::termcount occurrence_weight_ = 1;
};

// The fields stored with each document (Xapian document data), unpacked.
StoredFields stored_fields(const Communique& communique, const Identifiers& identifiers);

}  // namespace vigie
