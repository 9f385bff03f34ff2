// Where word parts begin, and a quick test of whether a sought word may
// begin there: the snippet's quick scan reads in full only the tokens that
// can hold a query word, a few in a hundred.
#pragma once

#include <bitset>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/tokenizer.hpp"

namespace vigie {

// Where word parts begin: a letter or digit after anything else (the start
// of the text, a space, punctuation, an apostrophe, a hyphen). Every term a
// token gives (its word, its compound parts, the joined compound) starts at
// one, so a reader looking for a few words can skip the tokens whose part
// starts cannot begin any of them, without building their terms.
class WordHeads;
class PartStarts {
public:
    // How the text is read: 16 bytes at a time where the processor can
    // (SSE2), or byte by byte. Both find the same starts; the second is
    // what the first falls back to on broken UTF-8, and tests compare them.
    enum class Scan { Blocks, Bytes };
    explicit PartStarts(std::string_view text, Scan scan = Scan::Blocks) : text_(text), bytes_only_(scan == Scan::Bytes) {}
    // The next part start whose first folded bytes may begin one of heads'
    // words; false at the end of the text.
    bool next(std::size_t& start, const WordHeads& heads);
    // Goes on after a token read in full by a Tokenizer.
    void resume_after_token(const Token& token);

private:
    bool next_by_bytes(std::size_t& start, const WordHeads& heads);
    bool next_by_blocks(std::size_t& start, const WordHeads& heads);
    // What next_by_blocks does at a byte that may be a part start (a letter
    // or digit, or a multi-byte lead, not after an ASCII letter or digit).
    enum class Verdict { No, Yes, Broken };
    Verdict check(std::size_t at, const WordHeads& heads);
    bool found(std::size_t at, std::size_t& start);
    // Broken UTF-8: the rest of the text is read byte by byte, from pos_.
    bool fall_back_to_bytes(std::size_t& start, const WordHeads& heads);

    std::string_view text_;
    std::size_t pos_ = 0;
    bool after_word_char_ = false;
    bool bytes_only_ = false;
    std::string scratch_;
};

// How the words sought begin: the first two bytes of each (folded), and its
// first byte, since a one-letter part may be joined to the next (e-mail).
class WordHeads {
public:
    void add(std::string_view folded_word);
    // head: the first folded bytes (at most 2) of a word part.
    bool may_start(std::string_view head) const {
        if (any_ || head.empty()) return true;
        const auto first = static_cast<unsigned char>(head[0]);
        if (head.size() == 1) return first_[first];
        return first_two_[(first << 8) | static_cast<unsigned char>(head[1])];
    }
    // A quicker test on two ASCII bytes as written (before folding): false
    // only where may_start would be false.
    bool may_start_as_written(unsigned first, unsigned second) const { return as_written_[(first << 8) | second]; }
    // The ASCII bytes a sought word may begin with as written, when they
    // are few (a quick scan compares 16 bytes with each at once); empty
    // when they are many or anything may match.
    const std::vector<unsigned char>& few_first_bytes() const { return few_first_bytes_; }
    static constexpr std::size_t kFewFirstBytes = 8;

private:
    void add_first_byte(unsigned char byte);
    std::bitset<1 << 16> first_two_;
    std::bitset<256> first_;
    std::bitset<1 << 16> as_written_;
    bool any_ = false;  // an empty word: everything may match
    std::bitset<256> first_bytes_;  // as written
    bool many_first_bytes_ = false;
    std::vector<unsigned char> few_first_bytes_;
};

}  // namespace vigie
