#include "search/proximity.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>

#include "analysis/tokenizer.hpp"
#include "index/schema.hpp"
#include "index/terms.hpp"
#include "index/stored_fields.hpp"
#include "index/weighting.hpp"
#include "search/neighbours.hpp"
#include "search/snippet_scan.hpp"

namespace vigie::proximity {

namespace {

// Two words further apart than this, in bytes, gather nothing from each
// other: at ten positions or more a neighbour adds a hundredth of its idf,
// and counting the positions between them is what costs.
constexpr std::size_t kNearBytes = 96;

// The span (Evidence::span): about ten words. Longer spans gain less
// (docs/design.md); the whole text is a coordination factor, no gain.
constexpr std::size_t kSpanBytes = 60;
// The most words a span is read back over (60 bytes hold fewer).
constexpr std::size_t kSpanMatches = 16;

// French text's bytes per word, spaces and punctuation included (PIAF's
// passages: 6.1), to guess a document's length from its stored text.
constexpr double kBytesPerWord = 6;

// Z<key> without a field prefix: prefixes are capitals, keys are not.
bool is_body_key(const std::string& term) {
    const std::string_view key_prefix = schema::kKeyPrefix;
    return term.size() > key_prefix.size() && term.compare(0, key_prefix.size(), key_prefix) == 0 &&
           !std::isupper(static_cast<unsigned char>(term[key_prefix.size()]));
}

// Xapian's BM25 idf (bm25weight.cc), which weighting::relevance() scores with.
double bm25_idf(Xapian::doccount documents, Xapian::doccount frequency) {
    double tw = (documents - static_cast<double>(frequency) + 0.5) / (frequency + 0.5);
    if (tw < 2) tw = tw * 0.5 + 1;
    return std::log(tw);
}

}  // namespace

void read_text(std::string_view text, const std::vector<Word>& words, const MatchedTerms& sought, Xapian::Stem& stem,
               Xapian::termcount weight, Evidence& evidence) {
    read_text(text, find_matches(text, sought, stem), words, weight, evidence);
}

void read_text(std::string_view text, const std::vector<Match>& matches, const std::vector<Word>& words,
               Xapian::termcount weight, Evidence& evidence) {
    // The word a match is of (-1: a phrase, or a neighbour, counted here).
    const auto word_of = [&](const Match& m) {
        if (m.neighbour) return -1;
        for (std::size_t w = 0; w < words.size(); ++w)
            if (words[w].key == m.what) return static_cast<int>(w);
        return -1;
    };
    // The last words found (start, word), for the span: a ring, no
    // allocation.
    using Ring = std::array<std::pair<std::size_t, int>, kSpanMatches>;
    Ring last{};
    // The idf of the distinct words of the span ending at end.
    const auto span_before = [&](std::size_t end, const Ring& ring, std::size_t count) {
        std::array<int, kSpanMatches> in_span;
        std::size_t distinct = 0;
        double span = 0;
        for (std::size_t k = 0; k < std::min(count, kSpanMatches); ++k) {
            const auto& [begin, word] = ring[(count - 1 - k) % kSpanMatches];
            if (end - begin > kSpanBytes) break;
            if (std::find(in_span.begin(), in_span.begin() + distinct, word) != in_span.begin() + distinct) continue;
            in_span[distinct++] = word;
            span += words[word].idf;
        }
        return span;
    };
    std::size_t found = 0;
    double whole = 0;  // every word's idf: no span holds more
    for (const Word& w : words) whole += w.idf;
    Token token;
    for (std::size_t i = 0; i < matches.size(); ++i) {
        const int w = word_of(matches[i]);
        if (w < 0) {
            if (matches[i].neighbour)
                for (std::size_t n = 0; n < words.size(); ++n)
                    if (neighbours(words[n].key, matches[i].what)) evidence.neighbours[n] += weight;
            continue;
        }
        last[found++ % kSpanMatches] = {matches[i].begin, w};
        if (evidence.span < whole * (1 - 1e-9))
            evidence.span = std::max(evidence.span, span_before(matches[i].begin, last, found));
        Tokenizer tokenizer(text, matches[i].begin);
        if (!tokenizer.next(token)) continue;
        evidence.occurrences[w] += weight;
        const auto& forms = words[w].forms;
        if (token.kind == Token::Kind::Word && std::find(forms.begin(), forms.end(), token.term) != forms.end())
            evidence.exact[w] += weight;
        // The next word, if near: its distance in positions, counted from
        // this one's.
        if (i + 1 == matches.size() || matches[i + 1].begin - matches[i].begin > kNearBytes) continue;
        const int next = word_of(matches[i + 1]);
        if (next < 0 || next == w) continue;
        Xapian::termpos distance = position_count(token);
        while (tokenizer.next(token) && token.begin < matches[i + 1].begin) distance += position_count(token);
        if (distance == 0) continue;
        const double squared = static_cast<double>(distance) * distance;
        evidence.gathered[w] += words[next].idf / squared;
        evidence.gathered[next] += words[w].idf / squared;
    }
}

double proximity_score(const std::vector<Word>& words, const Evidence& evidence) {
    const double k1 = weighting::kK1;
    double score = 0;
    for (std::size_t w = 0; w < words.size(); ++w) {
        const double a = evidence.gathered[w];
        score += std::min(1.0, words[w].idf) * a * (k1 + 1) / (a + k1);
    }
    return weighting::score_scale() * score;
}

double span_score(const Evidence& evidence) { return weighting::kSpanWeight * weighting::score_scale() * evidence.span; }

double neighbour_score(Xapian::termcount occurrences, double neighbours, double length, Xapian::doccount documents,
                       Xapian::doccount key_frequency) {
    if (neighbours == 0) return 0;
    // What BM25 (k1, b, the reference length) would add to the word's
    // score if each neighbour were kNeighbourWeight of an occurrence.
    const double factor = 1 - weighting::kB + weighting::kB * std::max(length / weighting::kReferenceWords,
                                                                       weighting::kMinNormalisedLength);
    const double k1 = weighting::kK1;
    const auto saturated = [&](double tf) { return (k1 + 1) * tf / (k1 + tf); };
    const double tf = occurrences / factor;
    const double more = weighting::kNeighbourWeight * neighbours / factor;
    return weighting::score_scale() * bm25_idf(documents, key_frequency) * (saturated(tf + more) - saturated(tf));
}

double exact_score(Xapian::termcount key_wdf, Xapian::termcount occurrences, Xapian::termcount exact,
                   Xapian::doccount documents, Xapian::doccount key_frequency) {
    if (occurrences == 0 || exact == 0 || key_wdf == 0) return 0;
    // The exact form's share of the key's (scaled) wdf, scored as Xapian
    // scores a term: (k1 + 1) wdf / (k1 + wdf), k1 scaled as the wdfs are.
    const double wdf = static_cast<double>(key_wdf) * std::min(exact, occurrences) / occurrences;
    const double k1 = weighting::kK1 * weighting::kWdfScale;
    return weighting::kExactFormWeight * bm25_idf(documents, key_frequency) * (k1 + 1) * wdf / (k1 + wdf);
}

bool title_from_body(std::string_view title, std::string_view body) {
    // make_title: the first sentence, maybe cut at a word and ended by "…".
    constexpr std::string_view kEllipsis = "…";
    if (title.size() >= kEllipsis.size() && title.substr(title.size() - kEllipsis.size()) == kEllipsis)
        title.remove_suffix(kEllipsis.size());
    const auto start = body.find_first_not_of(" \t\r\n");
    return start != std::string_view::npos && body.substr(start, title.size()) == title;
}

Scorer::Scorer(const Xapian::Database& db, const Xapian::Query& query, const std::vector<std::string>& typed,
               TermMaker& terms, const Dictionaries& dictionaries)
    : db_(db), terms_(terms), dictionaries_(dictionaries) {
    const double documents = std::max<double>(db_.get_doccount(), 1);
    const std::string_view key_prefix = schema::kKeyPrefix;
    std::size_t present = 0;
    for (auto it = query.get_unique_terms_begin(); it != query.get_unique_terms_end(); ++it) {
        if (!is_body_key(*it)) continue;
        Xapian::doccount frequency = db_.get_termfreq(*it);
        Word word;
        word.key = (*it).substr(key_prefix.size());
        // A word no document has may still have neighbours in them
        // (brésiliennes, Brésil): weighed as if one document had it.
        if (frequency == 0 && word.key.size() < kMinNeighbourPrefix) continue;
        const bool absent = frequency == 0;
        frequency = std::max<Xapian::doccount>(frequency, 1);
        for (const std::string& form : typed) {
            if (terms_.key(form) != word.key) continue;
            word.forms.push_back(form);
            // A word the stemmer leaves whole is its own exact form: the
            // query weighs it already.
            if (form != word.key && !absent) word.rewards_exact = true;
        }
        word.idf = std::log(documents / frequency);
        exact_ |= word.rewards_exact;
        if (!absent) sought_.add_key(word.key);
        present += !absent;
        sought_.add_neighbours_of(word.key);
        neighbours_ |= word.key.size() >= kMinNeighbourPrefix;
        words_.push_back(std::move(word));
        frequencies_.push_back(frequency);
    }
    // Two words in the documents or more: with fewer, and no exact form to
    // weigh, the pool is not read for neighbours alone.
    proximity_ = present >= 2;
    if (!proximity_ && !exact_) words_.clear();
}

void Scorer::read_document(Xapian::docid docid, const Xapian::Database& db, const Dictionaries& dictionaries,
                           Xapian::Stem& stem, PooledText& text, Evidence& evidence, double& bonus) const {
    const Xapian::Document doc = db.get_document(docid, Xapian::DOC_ASSUME_VALID);
    text = PooledText{StoredFields::unpack(doc.get_data(), dictionaries), {}};
    const std::string_view title = text.fields.get("title"), body = text.fields.get("body");
    const bool title_read = !title_from_body(title, body);
    if (title_read) read_text(title, words_, sought_, stem, weighting::kTitleOccurrences, evidence);
    text.body_matches = find_matches(body, sought_, stem);
    read_text(body, text.body_matches, words_, 1, evidence);
    if (proximity_) bonus = proximity_score(words_, evidence) + span_score(evidence);
    if (neighbours_) {
        const double length =
            (body.size() + (title_read ? weighting::kTitleOccurrences * title.size() : 0)) / kBytesPerWord;
        const Xapian::doccount documents = db.get_doccount();
        for (std::size_t w = 0; w < words_.size(); ++w)
            bonus += neighbour_score(evidence.occurrences[w], evidence.neighbours[w], length, documents,
                                     frequencies_[w]);
    }
    if (sought_.has_neighbours()) drop_neighbours(text.body_matches);  // the snippet's are the keys
}

std::vector<double> Scorer::bonuses(const std::vector<Xapian::docid>& docids,
                                    std::unordered_map<Xapian::docid, PooledText>* read, PoolHelper* helper) {
    std::vector<double> out(docids.size(), 0.0);
    std::vector<Evidence> evidence(docids.size(), Evidence(words_.size()));
    std::vector<PooledText> texts(docids.size());
    const Xapian::doccount documents = db_.get_doccount();
    share_work(helper, docids.size(), db_, dictionaries_, terms_.stemmer(),
               [&](std::size_t d, const Xapian::Database& db, const Dictionaries& dictionaries, Xapian::Stem& stem) {
                   read_document(docids[d], db, dictionaries, stem, texts[d], evidence[d], out[d]);
               });
    if (read)
        for (std::size_t d = 0; d < docids.size(); ++d) read->emplace(docids[d], std::move(texts[d]));
    if (!exact_) return out;
    // The keys' wdfs, as indexed: one posting list per word, read forward
    // in docid order (a document's whole term list was a third of the
    // re-ranking's time).
    std::vector<std::size_t> order(docids.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return docids[a] < docids[b]; });
    const std::string prefix(schema::kKeyPrefix);
    for (std::size_t w = 0; w < words_.size(); ++w) {
        if (!words_[w].rewards_exact) continue;
        const std::string key = prefix + words_[w].key;
        Xapian::PostingIterator p = db_.postlist_begin(key);
        const Xapian::PostingIterator end = db_.postlist_end(key);
        for (const std::size_t d : order) {
            if (evidence[d].exact[w] == 0) continue;
            p.skip_to(docids[d]);
            if (p == end) break;
            if (*p != docids[d]) continue;
            out[d] += exact_score(p.get_wdf(), evidence[d].occurrences[w], evidence[d].exact[w], documents,
                                  frequencies_[w]);
        }
    }
    return out;
}

}  // namespace vigie::proximity
