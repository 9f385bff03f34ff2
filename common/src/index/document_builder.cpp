#include "index/document_builder.hpp"

#include "index/date_terms.hpp"
#include "analysis/fold.hpp"
#include "analysis/french_stem.hpp"
#include "index/schema.hpp"
#include "analysis/tokenizer.hpp"
#include "index/weighting.hpp"

namespace vigie {

namespace {
// Title positions are kept apart from body positions so that a phrase
// never spans the two.
constexpr Xapian::termpos kFieldGap = 100;
}  // namespace

DocumentBuilder::DocumentBuilder(const DictionarySlot* dictionary) : dictionary_(dictionary) {}

void DocumentBuilder::index_text(Xapian::Document& doc, std::string_view text, std::string_view prefix,
                                 Xapian::termpos& position,
                                 std::vector<std::pair<std::string, std::string>>* compounds) {
    Tokenizer tokenizer(text);
    Token token;
    while (tokenizer.next(token)) {
        terms_.terms_of(token, prefix, token_terms_);
        // Positions go on keys, so that a phrase matches every form of its
        // words ("vigilance orange" finds "vigilances orange"); stopwords
        // get a key too, since phrases keep them.
        for (auto& term : token_terms_.positional) {
            doc.add_posting(term, ++position, 0);
            occurrences_[std::move(term)] += occurrence_weight_;
            if (prefix.empty()) ++words_;
        }
        for (auto& term : token_terms_.unpositioned) occurrences_[std::move(term)] += occurrence_weight_;
        for (auto& term : token_terms_.wildcard) occurrences_[std::move(term)] += occurrence_weight_;
        if (compounds && token.kind == Token::Kind::Compound) {
            // cyber-attaques: its spaced spelling, for a query of the joined word.
            std::string joined, spaced;
            for_each_part(token.term, [&](std::string_view part) {
                joined += part;
                if (!spaced.empty()) spaced += ' ';
                spaced += part;
            });
            compounds->emplace_back(terms_.key(joined), std::move(spaced));
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
    BuiltDocument built;
    Xapian::Document& doc = built.document;
    Xapian::termpos position = 0;
    index_text(doc, c.title, schema::kTitlePrefix, position, nullptr);
    // A given title is also searched as text; a derived one already is.
    if (!c.title_from_body) {
        position = 0;
        occurrence_weight_ = weighting::kTitleOccurrences;
        index_text(doc, c.title, "", position, &built.compounds);
        occurrence_weight_ = 1;
        position += kFieldGap;
    }
    index_text(doc, c.body, "", position, &built.compounds);

    doc.add_boolean_term(schema::id_term(c.id));
    position = 0;
    index_text(doc, c.source, schema::kSourcePrefix, position, nullptr);
    if (!c.source_path.empty()) {
        doc.add_boolean_term(schema::file_term(c.source_path));
        doc.add_value(schema::kSourcePath, c.source_path);
    }
    if (c.date) {
        doc.add_value(schema::kDateSort, c.date->compact());
        add_date_terms(doc, *c.date);
    }
    add_scaled_terms(doc);
    const auto dictionary = dictionary_ ? dictionary_->get() : nullptr;
    doc.set_data(stored_fields(c).packed(dictionary.get()));
    return built;
}

StoredFields stored_fields(const Communique& c) {
    StoredFields fields;
    fields.add("id", c.id);
    fields.add("date", c.date ? c.date->to_string() : std::string());
    fields.add("title", c.title);
    fields.add("source", c.source);
    fields.add("url", c.url);
    fields.add("path", c.source_path);
    fields.add("body", c.body);
    fields.add("original", c.original);  // only when repeats were collapsed
    return fields;
}

}  // namespace vigie
