// Splits French text into the words that are indexed, queried and
// highlighted. Every place that needs "the words of a text" uses this, so a
// word found at indexing time is the same word found in a snippet.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace vigie {

struct Token {
    enum class Kind {
        Word,        // alliance, aujourd'hui, 2020, 2.14.1
        Compound,    // cyber-attaques: letters joined by hyphens
        Identifier,  // CVE-2021-44228, covid-19: hyphenated, with a digit
    };

    std::size_t begin = 0;       // byte offset of the token in the text
    std::size_t word_begin = 0;  // after an elision: l'|alliance
    std::size_t end = 0;         // one past the last byte
    Kind kind = Kind::Word;
    // Elision stripped, case and accents folded; an identifier's hyphens
    // become '_' so that it stays one term (cve_2021_44228).
    std::string term;
};

// Reads tokens one by one, reusing one Token to keep indexing allocation-free.
class Tokenizer {
public:
    explicit Tokenizer(std::string_view text) : text_(text) {}
    // Starts at from, which must be the start of a token (see token_start);
    // offsets stay relative to text.
    Tokenizer(std::string_view text, std::size_t from) : text_(text), pos_(from) {}
    bool next(Token& token);

private:
    std::string_view text_;
    std::size_t pos_ = 0;
};

// The start of the token that contains the part start at part_start: the
// apostrophes, hyphens and other connectors that join it to the parts
// before it are followed back, by the tokenizer's own rule.
std::size_t token_start(std::string_view text, std::size_t part_start);

// French elided articles and conjunctions (l' d' qu' jusqu' ...), folded.
bool is_elision(std::string_view folded_prefix);

// Parts of a compound or identifier term (split at '-' or '_').
template <typename F>
void for_each_part(std::string_view term, F&& f) {
    std::size_t start = 0;
    for (std::size_t i = 0; i <= term.size(); ++i) {
        if (i == term.size() || term[i] == '-' || term[i] == '_') {
            if (i > start) f(term.substr(start, i - start));
            start = i + 1;
        }
    }
}

}  // namespace vigie
