#include "index/document_builder.hpp"

#include <algorithm>

#include "index/date_terms.hpp"
#include "analysis/fold.hpp"
#include "analysis/french_stem.hpp"
#include "index/schema.hpp"
#include "analysis/tokenizer.hpp"
#include "index/weighting.hpp"

namespace vigie {

DocumentBuilder::DocumentBuilder(const DictionarySlot* dictionary) : dictionary_(dictionary) {}

void DocumentBuilder::index_text(std::string_view text, std::string_view prefix, const Learners& learners) {
    Tokenizer tokenizer(text);
    Token token;
    auto* const compounds = learners.compounds;
    while (tokenizer.next(token)) {
        if (learners.shingler) learners.shingler->add(token.term);
        if (learners.identifiers) note_identifier(token, *learners.identifiers);
        terms_.terms_of(token, prefix, token_terms_);
        // Keys only, no positions: phrases are confirmed on the stored
        // text (query/checks.hpp), which halves the index. Stopwords get a
        // key too, since phrases keep them.
        for (auto& term : token_terms_.positional) {
            occurrences_[std::move(term)] += occurrence_weight_;
            if (prefix.empty()) ++words_;
        }
        for (auto& term : token_terms_.unpositioned) occurrences_[std::move(term)] += occurrence_weight_;
        if (compounds && token.kind == Token::Kind::Compound) {
            // cyber-attaques: its spaced spelling, for a query of the joined word.
            std::string joined, spaced;
            for_each_part(token.term, [&](std::string_view part) {
                joined += part;
                if (!spaced.empty()) spaced += ' ';
                spaced += part;
            });
            // Once per document: the lexicon counts the documents that
            // write it so.
            std::pair<std::string, std::string> seen{terms_.key(joined), std::move(spaced)};
            if (std::find(compounds->begin(), compounds->end(), seen) == compounds->end())
                compounds->push_back(std::move(seen));
        }
    }
}

// Terms get their wdf once the document's length is known (weighting.hpp).
void DocumentBuilder::add_scaled_terms(Xapian::Document& doc) {
    for (const auto& [term, occurrences] : occurrences_)
        doc.add_term(term, weighting::scaled_wdf(occurrences, words_));
}

BuiltDocument DocumentBuilder::build(const Communique& c) {
    // Reset here rather than after use, so that a document whose building
    // threw leaves nothing to the next.
    occurrences_.clear();
    words_ = 0;
    occurrence_weight_ = 1;
    shingler_.clear();
    identifiers_ = {};
    BuiltDocument built;
    Xapian::Document& doc = built.document;
    index_text(c.title, schema::kTitlePrefix, {nullptr, nullptr, &identifiers_});
    // A given title is also searched as text; a derived one already is.
    if (!c.title_from_body) {
        occurrence_weight_ = weighting::kTitleOccurrences;
        index_text(c.title, "", {&built.compounds, nullptr, nullptr});
        occurrence_weight_ = 1;
    }
    index_text(c.body, "", {&built.compounds, &shingler_, &identifiers_});
    for (const auto& band : shingler_.band_terms()) doc.add_boolean_term(band);

    doc.add_boolean_term(schema::id_term(c.id));
    for (const auto& cve : identifiers_.cves)
        doc.add_boolean_term(schema::bounded_term(std::string(schema::kCvePrefix) + cve));
    for (const auto& ref : identifiers_.refs)
        doc.add_boolean_term(schema::bounded_term(std::string(schema::kRefPrefix) + ref));
    if (!c.source.empty()) doc.add_value(schema::kSource, c.source);
    index_text(c.source, schema::kSourcePrefix, {});
    if (!c.source_path.empty()) {
        doc.add_boolean_term(schema::file_term(c.source_path));
        doc.add_value(schema::kSourcePath, c.source_path);
    }
    const std::string compact_date = c.date ? c.date->compact() : std::string();
    if (c.date) {
        doc.add_value(schema::kDateSort, compact_date);
        add_date_terms(doc, *c.date);
    }
    doc.add_value(schema::kOldestFirst, schema::oldest_first_key(compact_date));
    add_scaled_terms(doc);
    const auto dictionary = dictionary_ ? dictionary_->get() : nullptr;
    doc.set_data(stored_fields(c, identifiers_).packed(dictionary.get()));
    return built;
}

StoredFields stored_fields(const Communique& c, const Identifiers& identifiers) {
    const auto lines = [](const std::vector<std::string>& values) {
        std::string out;
        for (const auto& v : values) out += (out.empty() ? "" : "\n") + v;
        return out;
    };
    StoredFields fields;
    fields.add("id", c.id);
    fields.add("date", c.date ? c.date->to_string() : std::string());
    fields.add("title", c.title);
    fields.add("source", c.source);
    fields.add("url", c.url);
    fields.add("path", c.source_path);
    fields.add("body", c.body);
    fields.add("original", c.original);  // only when repeats were collapsed
    fields.add("cves", lines(identifiers.cves));
    fields.add("refs", lines(identifiers.refs));
    return fields;
}

}  // namespace vigie
