#include "analysis/french_stem.hpp"

#include <algorithm>
#include <array>
#include <memory>
#include <unordered_set>

#include "analysis/fold.hpp"

namespace vigie {

namespace {

// Snowball's French list (BSD licence, see french-stopwords.txt beside this
// file); folded at start-up like every other term.
constexpr std::string_view kStopwords =
    "au aux avec ce ces dans de des du elle en et eux il je la le leur lui ma "
    "mais me même mes moi mon ne nos notre nous on ou par pas pour qu que qui "
    "sa se ses sur ta te tes toi ton tu un une vos votre vous c d j l à m n s "
    "t y étée étées étant suis es êtes sont serai seras sera serons serez "
    "seront serais serait serions seriez seraient étais était étions étiez "
    "étaient fus fut fûmes fûtes furent sois soit soyons soyez soient fusse "
    "fusses fussions fussiez fussent ayant eu eue eues eus ai avons avez ont "
    "aurai aurons aurez auront aurais aurait aurions auriez auraient avais "
    "avait aviez avaient eut eûmes eûtes eurent aie aies ait ayons ayez aient "
    "eusse eusses eût eussions eussiez eussent ceci cela celà cet cette ici "
    "ils les leurs quel quels quelle quelles sans soi";

// Snowball French reads accents (sécurité -> sécur, but securite ->
// securit); putting them back on the commonest suffixes of a folded word
// makes both spellings reach one stem.
std::string reaccent(const std::string& w) {
    struct Rule {
        std::string_view folded, accented;
    };
    static constexpr std::array<Rule, 8> kRules = {{{"erent", "èrent"},
                                                    {"ees", "ées"},
                                                    {"ee", "ée"},
                                                    {"ites", "ités"},
                                                    {"ite", "ité"},
                                                    {"eres", "ères"},
                                                    {"ere", "ère"},
                                                    {"", ""}}};
    for (const auto& rule : kRules) {
        if (rule.folded.empty()) break;
        if (w.size() > rule.folded.size() + 2 &&
            std::string_view(w).substr(w.size() - rule.folded.size()) == rule.folded) {
            return w.substr(0, w.size() - rule.folded.size()) + std::string(rule.accented);
        }
    }
    return w;
}

bool is_own_key(const std::string& term) {
    for (const char c : term)
        if ((c >= '0' && c <= '9') || c == '_') return true;
    return false;
}

constexpr std::size_t kMaxCacheEntries = 1 << 18;

const std::unordered_set<std::string>& stopword_set() {
    static const std::unordered_set<std::string> words = [] {
        std::unordered_set<std::string> set;
        std::size_t start = 0;
        while (start < kStopwords.size()) {
            std::size_t end = kStopwords.find(' ', start);
            if (end == std::string_view::npos) end = kStopwords.size();
            set.insert(fold(kStopwords.substr(start, end - start)));
            start = end + 1;
        }
        return set;
    }();
    return words;
}

}  // namespace

void FrenchKeyStem::grow_recent() {
    if (++misses_ <= 2 * recent_.size() || recent_.size() == kMaxRecentSlots) return;
    recent_ = std::vector<Recent>(recent_.empty() ? kFirstRecentSlots : std::min(kMaxRecentSlots, 4 * recent_.size()));
    misses_ = 0;
}

std::string FrenchKeyStem::operator()(const std::string& word) {
    if (is_own_key(word)) return word;
    const std::size_t hash = std::hash<std::string>{}(word);
    if (!recent_.empty() && recent_slot(hash).word == word) return recent_slot(hash).key;
    grow_recent();
    Recent& recent = recent_slot(hash);
    const auto hit = cache_.find(word);
    if (hit != cache_.end()) {
        recent.word = hit->first;
        recent.key = hit->second;
        return hit->second;
    }
    std::string key = fold(snowball_(reaccent(word)));
    if (cache_.size() >= kMaxCacheEntries) cache_.clear();
    cache_.emplace(word, key);
    recent = {word, key};
    return key;
}

Xapian::Stem make_french_stem() { return Xapian::Stem(new FrenchKeyStem); }

const Xapian::Stopper& french_stopper() {
    // Never destroyed: query parsers may hold it until exit.
    static const Xapian::SimpleStopper* const stopper = [] {
        auto* s = new Xapian::SimpleStopper;
        for (const auto& w : stopword_set()) s->add(w);
        return s;
    }();
    return *stopper;
}

bool is_stopword(const std::string& folded_term) { return stopword_set().count(folded_term) > 0; }

const std::unordered_set<std::string>& stopwords() { return stopword_set(); }

}  // namespace vigie
