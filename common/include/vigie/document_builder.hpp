// Turns a communiqué into a Xapian document following the schema: French
// terms with positions, stem keys, joined compounds, identifier parts,
// date values and the stored data the searcher shows.
#pragma once

#include <xapian.h>

#include <string>
#include <utility>
#include <vector>

#include "vigie/communique.hpp"

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
    DocumentBuilder();
    BuiltDocument build(const Communique& communique);

    // Adds the terms of text to doc: raw folded words with positions (for
    // phrases, NEAR and wildcards) and Z-prefixed keys (for plain words).
    void index_text(Xapian::Document& doc, std::string_view text, const std::string& prefix,
                    Xapian::termpos& position,
                    std::vector<std::pair<std::string, std::string>>* compounds);

private:
    void add_word(Xapian::Document& doc, const std::string& prefix, const std::string& term,
                  Xapian::termpos position);
    void add_unpositioned(Xapian::Document& doc, const std::string& prefix, const std::string& term);

    Xapian::Stem stem_;
};

// The fields stored with each document (Xapian document data).
std::string stored_data(const Communique& communique);

}  // namespace vigie
