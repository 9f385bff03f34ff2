// Collapsing repeated passages inside one communiqué.
#include <unordered_set>

#include "sentences.hpp"
#include "vigie/communique.hpp"
#include "vigie/tokenizer.hpp"

namespace vigie {

namespace {

// Sentences shorter than this (in folded letters) may repeat on purpose
// ("Oui.", "Fin.") and are never dropped.
constexpr std::size_t kMinRepeatKey = 40;

std::string sentence_key(std::string_view sentence) {
    std::string key;
    Tokenizer tokenizer(sentence);
    Token token;
    while (tokenizer.next(token)) {
        if (!key.empty()) key += ' ';
        key += token.term;
    }
    return key;
}

}  // namespace

std::string collapse_repeats(std::string_view text) {
    std::unordered_set<std::string> seen;
    std::string out;
    out.reserve(text.size());
    for (const auto& segment : detail::split_sentences(text)) {
        const std::string_view sentence = text.substr(segment.begin, segment.end - segment.begin);
        std::string key = sentence_key(sentence);
        if (key.size() >= kMinRepeatKey && !seen.insert(std::move(key)).second) continue;
        // A sentence glued to the previous one ("ensemble.Des") gets the
        // space it lacked.
        if (!out.empty() && out.back() != ' ' && out.back() != '\n') out += ' ';
        out += sentence;
    }
    while (!out.empty() && (out.back() == ' ' || out.back() == '\n')) out.pop_back();
    return out;
}

}  // namespace vigie
