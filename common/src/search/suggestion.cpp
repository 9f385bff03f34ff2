#include "search/suggestion.hpp"

#include <algorithm>
#include <map>

#include "analysis/tokenizer.hpp"

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

int edit_distance(const std::string& a, const std::string& b, int limit) {
    const auto n = a.size(), m = b.size();
    if ((n > m ? n - m : m - n) > static_cast<std::size_t>(limit)) return limit + 1;
    // Three rows of the optimal string alignment table.
    std::vector<int> before(m + 1), previous(m + 1), current(m + 1);
    for (std::size_t j = 0; j <= m; ++j) previous[j] = static_cast<int>(j);
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
        if (best > limit) return limit + 1;  // every later row is worse
        std::swap(before, previous);
        std::swap(previous, current);
    }
    return std::min(previous[m], limit + 1);
}

bool Speller::unknown(const std::string& folded) const { return db_.get_termfreq(folded) == 0; }

std::string Speller::correct(const std::string& folded) const {
    if (letters(folded) < kMinLetters || !letters_only(folded)) return "";
    const Xapian::doccount own = db_.get_termfreq(folded);
    if (own > rare_) return "";
    std::string best;
    Xapian::doccount best_frequency = 0;
    int best_edits = kMaxEdits + 1;
    scan(folded, folded.substr(0, 2), own, best, best_frequency, best_edits);
    if (folded[0] != folded[1]) scan(folded, {folded[1], folded[0]}, own, best, best_frequency, best_edits);
    return best;
}

void Speller::scan(const std::string& folded, const std::string& prefix, Xapian::doccount own, std::string& best,
                   Xapian::doccount& best_frequency, int& best_edits) const {
    // Unprefixed terms only: field prefixes are capitals.
    for (auto it = db_.allterms_begin(prefix); it != db_.allterms_end(prefix); ++it) {
        const Xapian::doccount frequency = it.get_termfreq();
        if (frequency < std::max<Xapian::doccount>(1, own * kMoreFrequent) || frequency < best_frequency) continue;
        const std::string& term = *it;
        if (term == folded || !letters_only(term)) continue;
        const int edits = edit_distance(folded, term, kMaxEdits);
        if (edits > kMaxEdits) continue;
        // The most frequent first; then the nearest.
        if (frequency > best_frequency || edits < best_edits) {
            best = term;
            best_frequency = frequency;
            best_edits = edits;
        }
    }
}

std::string suggestion(const Speller& speller, const std::string& query, const std::vector<std::string>& words) {
    std::map<std::string, std::string> corrections;
    for (const std::string& word : words)
        if (!corrections.count(word)) corrections[word] = speller.correct(word);
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
