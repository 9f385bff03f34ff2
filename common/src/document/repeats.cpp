// Collapsing repeated passages inside one communiqué.
#include <unordered_set>

#include "document/sentences.hpp"
#include "document/repeats.hpp"
#include "analysis/tokenizer.hpp"

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
    bool dropped = false;
    for (const auto& segment : detail::split_sentences(text)) {
        const std::string_view sentence = text.substr(segment.begin, segment.end - segment.begin);
        std::string key = sentence_key(sentence);
        if (key.size() >= kMinRepeatKey && !seen.insert(std::move(key)).second) {
            dropped = true;
            continue;
        }
        // Where a repeat was cut out of glued text, the sentences on each
        // side get a space between them. Otherwise the text stays as
        // written, so that an unrepeated text needs no second copy.
        if (dropped && !out.empty() && out.back() != ' ' && out.back() != '\n') out += ' ';
        dropped = false;
        out += sentence;
    }
    while (!out.empty() && (out.back() == ' ' || out.back() == '\n')) out.pop_back();
    return out;
}

}  // namespace vigie
