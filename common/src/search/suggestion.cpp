#include "search/suggestion.hpp"

#include <algorithm>
#include <map>

#include "analysis/fold.hpp"
#include "analysis/tokenizer.hpp"
#include "index/schema.hpp"
#include "index/stored_fields.hpp"
#include "search/matched_terms.hpp"
#include "search/snippet_scan.hpp"

namespace vigie {

namespace {

bool letters_only(const std::string& word) {
    return !word.empty() && std::all_of(word.begin(), word.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (static_cast<unsigned char>(c) >= 0x80);
    });
}

std::size_t letters(const std::string& word) {
    // Code points: continuation bytes do not count.
    return static_cast<std::size_t>(
        std::count_if(word.begin(), word.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

}  // namespace

namespace {

// The optimal string alignment distances from each beginning a[0..i) of a
// to the whole of b, for i from 0 to a.size(), each capped at limit + 1:
// the one table that both edit_distance (its last entry) and the
// beginnings of a word read. A row past limit everywhere ends it: the
// later ones can only be worse (their entries stay limit + 1).
void distances_from_beginnings(std::string_view a, std::string_view b, int limit, std::vector<int>& to_whole) {
    const std::size_t n = a.size(), m = b.size();
    to_whole.assign(n + 1, limit + 1);
    // Three rows, reused from call to call: the scan of the vocabulary
    // asks for thousands of these.
    thread_local std::vector<int> rows;
    rows.assign(3 * (m + 1), 0);
    int* before = rows.data();
    int* previous = before + (m + 1);
    int* current = previous + (m + 1);
    for (std::size_t j = 0; j <= m; ++j) previous[j] = static_cast<int>(j);
    to_whole[0] = std::min(static_cast<int>(m), limit + 1);
    for (std::size_t i = 1; i <= n; ++i) {
        current[0] = static_cast<int>(i);
        int best = current[0];
        for (std::size_t j = 1; j <= m; ++j) {
            const int cost = a[i - 1] == b[j - 1] ? 0 : 1;
            int d = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d = std::min(d, before[j - 2] + 1);
            current[j] = d;
            best = std::min(best, d);
        }
        to_whole[i] = std::min(current[m], limit + 1);
        if (best > limit) return;
        int* const oldest = before;
        before = previous;
        previous = current;
        current = oldest;
    }
}

}  // namespace

int edit_distance(const std::string& a, const std::string& b, int limit) {
    const auto n = a.size(), m = b.size();
    if ((n > m ? n - m : m - n) > static_cast<std::size_t>(limit)) return limit + 1;
    thread_local std::vector<int> to_whole;
    distances_from_beginnings(a, b, limit, to_whole);
    return to_whole[n];
}

namespace {

// The fewest edits from key to some beginning of word: a key is its
// words' beginning, give or take the stemmer's rewriting of the end
// (vulner, of vulnerabilites, is 0 from vulnerabilitee).
int edits_to_a_beginning(const std::string& word, const std::string& key, int limit) {
    const std::size_t low = key.size() > static_cast<std::size_t>(limit) ? key.size() - limit : 0;
    const std::size_t high = std::min(word.size(), key.size() + limit);
    if (low > high) return limit + 1;
    thread_local std::vector<int> to_whole;
    distances_from_beginnings(std::string_view(word).substr(0, high), key, limit, to_whole);
    return *std::min_element(to_whole.begin() + static_cast<std::ptrdiff_t>(low), to_whole.end());
}

}  // namespace

namespace {

template <typename Form>
void keep(std::map<std::string, Form>& counts, std::vector<Form>& forms) {
    forms.clear();
    for (auto& entry : counts) forms.push_back(std::move(entry.second));
}

}  // namespace

bool Speller::unknown(const std::string& folded) const {
    return db_.get_termfreq(std::string(schema::kKeyPrefix) + terms_.key(folded)) == 0;
}

std::string Speller::correct(const std::string& folded) const {
    if (letters(folded) < kMinLetters || !letters_only(folded)) return "";
    const std::string key = terms_.key(folded);
    const Xapian::doccount own = db_.get_termfreq(std::string(schema::kKeyPrefix) + key);
    // A word its own key's texts write as typed is a word (halte, however
    // rarer than haut), unless in kTypoDocuments at most: read first, and
    // as few documents as that takes.
    std::vector<Form> own_forms;
    if (own > 0 && forms_of(key, kOwnDocumentsRead, folded, own_forms) && own > kTypoDocuments) return "";
    std::vector<Candidate> candidates;
    if (own > 0) candidates.push_back({key, own, 0});
    scan(folded, key, folded.substr(0, 2), own, candidates);
    if (folded[0] != folded[1]) scan(folded, key, {folded[1], folded[0]}, own, candidates);
    // The nearest keys first, the most frequent among equals (the word's
    // own key first among those): by frequency alone, short keys near a
    // beginning of the word (micro, minor for microsfot) kept the one
    // that holds its correction out of the few read.
    std::stable_sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
        return a.edits != b.edits ? a.edits < b.edits : a.frequency > b.frequency;
    });
    if (candidates.size() > kCandidateKeys) candidates.resize(kCandidateKeys);
    // The correction: of the forms within kMaxEdits of the word, the one
    // the texts write most often, as estimated from the documents read
    // (its key's frequency times its share of the key's occurrences).
    std::string best;
    double best_frequency = 0;
    std::vector<Form> forms;
    for (const Candidate& c : candidates) {
        if (c.key == key) {
            forms = own_forms;
        } else if (forms_of(c.key, kDocumentsRead, folded, forms)) {
            return "";  // the texts write it: a word
        }
        unsigned occurrences = 0;
        for (const Form& form : forms) occurrences += form.count;
        for (const Form& form : forms) {
            if (form.folded == folded || edit_distance(folded, form.folded, kMaxEdits) > kMaxEdits) continue;
            const double frequency = static_cast<double>(c.frequency) * form.count / occurrences;
            if (frequency > best_frequency) {
                best_frequency = frequency;
                best = form.shown();
            }
        }
    }
    return best;
}

void Speller::scan(const std::string& folded, const std::string& key, const std::string& prefix,
                   Xapian::doccount own, std::vector<Candidate>& out) const {
    const std::string start = std::string(schema::kKeyPrefix) + prefix;
    const Xapian::doccount needed = std::max<Xapian::doccount>(1, own * kMoreFrequent);
    for (auto it = db_.allterms_begin(start); it != db_.allterms_end(start); ++it) {
        const Xapian::doccount frequency = it.get_termfreq();
        if (frequency < needed) continue;
        // Body keys only: a field's keys have capitals after Z.
        const std::string candidate = (*it).substr(schema::kKeyPrefix.size());
        if (candidate == key || !letters_only(candidate)) continue;
        // Near the word's key, or near a beginning of the word (a stem);
        // a short beginning is near too many words (mai, man, mar for
        // manifestaton) and would crowd the frequent candidates out.
        const int to_key = edit_distance(key, candidate, kMaxEdits);
        const int to_beginning =
            letters(candidate) < kMinLetters ? kMaxEdits + 1 : edits_to_a_beginning(folded, candidate, kMaxEdits);
        const int edits = std::min(to_key, to_beginning);
        if (edits > kMaxEdits) continue;
        out.push_back({candidate, frequency, edits});
    }
}

const std::string& Speller::Form::shown() const {
    // The commonest spelling; the first in order among equals.
    auto best = written.begin();
    for (auto it = written.begin(); it != written.end(); ++it)
        if (it->second > best->second) best = it;
    return best == written.end() ? folded : best->first;
}

bool Speller::forms_of(const std::string& key, Xapian::doccount documents, const std::string& folded,
                       std::vector<Form>& forms) const {
    std::map<std::string, Form> counts;
    MatchedTerms sought;
    sought.add_key(key);
    const std::string term = std::string(schema::kKeyPrefix) + key;
    // Documents spread over the key's documents rather than its first
    // ones, when it has many: an index grows in time, and a word's forms
    // change with it (the first documents of confinement's key, years
    // before 2020, say confins). Each read goes on at the next share of
    // the docids left.
    const Xapian::docid last = db_.get_lastdocid();
    const bool spread = db_.get_termfreq(term) > 2 * documents;
    Token token;
    auto p = db_.postlist_begin(term);
    for (Xapian::doccount read = 0; p != db_.postlist_end(term) && read < documents; ++read) {
        const Xapian::docid at = *p;
        const StoredFields fields = StoredFields::unpack(db_.get_document(at).get_data(), dictionaries_);
        for (const std::string_view text : {fields.get("title"), fields.get("body")})
            for (const Match& m : find_matches(text, sought, terms_.stemmer())) {
                Tokenizer tokenizer(text, m.begin);
                if (!tokenizer.next(token) || token.kind != Token::Kind::Word || token.term.size() >= 64) continue;
                Form& form = counts[token.term];
                form.folded = token.term;
                ++form.count;
                ++form.written[lowercase(text.substr(token.word_begin, token.end - token.word_begin))];
                if (token.term == folded) {
                    keep(counts, forms);
                    return true;
                }
            }
        const Xapian::doccount left = documents - read - 1;
        const Xapian::docid step = spread && left > 0 ? (last - at) / (left + 1) : 0;
        if (step > 1) p.skip_to(at + step);
        else ++p;
    }
    keep(counts, forms);
    return false;
}

std::string suggestion(const Speller& speller, const std::string& query, const std::vector<std::string>& words,
                       const std::set<std::string>& written) {
    std::map<std::string, std::string> corrections;
    for (const std::string& word : words)
        if (!corrections.count(word)) corrections[word] = written.count(word) ? "" : speller.correct(word);
    std::string out;
    std::size_t copied = 0;
    bool changed = false;
    Tokenizer tokenizer(query);
    Token token;
    while (tokenizer.next(token)) {
        if (token.kind != Token::Kind::Word) continue;
        const auto it = corrections.find(token.term);
        if (it == corrections.end() || it->second.empty()) continue;
        out.append(query, copied, token.word_begin - copied);
        out += it->second;
        copied = token.end;
        changed = true;
    }
    if (!changed) return "";
    out.append(query, copied, std::string::npos);
    return out;
}

}  // namespace vigie
