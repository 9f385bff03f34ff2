// Turns a communiqué into a Xapian document following the schema: French
// terms with positions, stem keys, joined compounds, identifier parts,
// date values and the stored data the searcher shows.
#pragma once

#include <xapian.h>

#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "document/communique.hpp"
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
    // Adds the terms of text to doc (schema.hpp, terms.hpp): key terms with
    // positions, for words, phrases and NEAR; folded forms for wildcards.
    void index_text(Xapian::Document& doc, std::string_view text, std::string_view prefix,
                    Xapian::termpos& position,
                    std::vector<std::pair<std::string, std::string>>* compounds);
    void add_scaled_terms(Xapian::Document& doc);

    const DictionarySlot* dictionary_;
    TermMaker terms_;
    TokenTerms token_terms_;
    // Of the document being built: each term's occurrences, and its words.
    std::unordered_map<std::string, Xapian::termcount> occurrences_;
    Xapian::termcount words_ = 0;
    // What one occurrence counts for: kTitleOccurrences in a given title.
    Xapian::termcount occurrence_weight_ = 1;
};

// The fields stored with each document (Xapian document data), unpacked.
StoredFields stored_fields(const Communique& communique);

}  // namespace vigie
