#include "search/part_starts.hpp"

#include <algorithm>
#include <array>

#include "analysis/ascii_classes.hpp"
#include "analysis/fold.hpp"
#include "util/utf8.hpp"

namespace vigie {

namespace {

// The first folded bytes (at most 2) of the word part at pos, into
// head[0..2); returns how many.
std::size_t fold_head(std::string_view text, std::size_t pos, char (&head)[2], std::string& scratch) {
    const auto first = static_cast<unsigned char>(text[pos]);
    const auto second = pos + 1 < text.size() ? static_cast<unsigned char>(text[pos + 1]) : 0;
    if (first < 0x80 && second < 0x80) {  // as append_ascii_run folds
        head[0] = static_cast<char>(first | 0x20);
        if (!is_ascii_alnum(static_cast<char>(second))) return 1;
        head[1] = static_cast<char>(second | 0x20);
        return 2;
    }
    scratch.clear();
    while (pos < text.size() && scratch.size() < 2) {
        std::size_t next = pos;
        const char32_t cp = utf8::decode(text, next);
        if (!is_word_char(cp)) break;
        append_folded(scratch, cp);
        pos = next;
    }
    const std::size_t n = std::min<std::size_t>(scratch.size(), 2);
    scratch.copy(head, n);
    return n;
}

}  // namespace

void WordHeads::add(std::string_view word) {
    if (word.empty()) {
        any_ = true;
        as_written_.set();
        return;
    }
    const auto first = static_cast<unsigned char>(word[0]);
    first_[first] = true;
    if (word.size() >= 2) {
        first_two_[(first << 8) | static_cast<unsigned char>(word[1])] = true;
    } else {
        for (unsigned second = 0; second < 256; ++second) first_two_[(first << 8) | second] = true;
    }
    // The same, for the two bytes as written: either case, and any second
    // byte that may_start would not reject from one byte alone.
    if (!is_ascii_alnum(static_cast<char>(first))) return;  // never an ASCII start
    const auto spellings = [](unsigned char folded) {
        const unsigned char upper = kAsciiClasses[folded] & kLower ? folded - ('a' - 'A') : folded;
        return std::array<unsigned char, 2>{folded, upper};
    };
    for (const unsigned char b0 : spellings(first)) {
        for (unsigned b1 = 0; b1 < 256; ++b1) {
            // A one-letter part (then a space, a connector...), a letter
            // written as more than one byte: checked by may_start.
            if (b1 >= 0x80 || !is_ascii_alnum(static_cast<char>(b1)) || word.size() == 1)
                as_written_[(b0 << 8) | b1] = true;
        }
        if (word.size() >= 2 && is_ascii_alnum(word[1]))
            for (const unsigned char b1 : spellings(static_cast<unsigned char>(word[1])))
                as_written_[(b0 << 8) | b1] = true;
    }
}

bool PartStarts::next(std::size_t& start, const WordHeads& heads) {
    const std::string_view text = text_;
    const std::size_t size = text.size();
    const auto byte_at = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    std::size_t pos = pos_;
    bool after_word = after_word_char_;
    // Two tight loops over most of the text, a word's ASCII letters and
    // digits and the ASCII between words; a sought word's head is looked
    // up once per word start, non-ASCII characters decoded one by one.
    while (pos < size) {
        if (after_word) {
            while (pos < size && is_ascii_alnum(text[pos])) ++pos;
            if (pos == size) break;
            if (byte_at(pos) < 0x80) {
                after_word = false;
                ++pos;
            } else {
                // decode() takes its position by reference: a copy keeps
                // pos in a register in the loops above.
                std::size_t next = pos;
                after_word = is_word_char(utf8::decode(text, next));
                pos = next;
            }
            continue;
        }
        while (pos < size && byte_at(pos) < 0x80 && !is_ascii_alnum(text[pos])) ++pos;
        if (pos == size) break;
        const unsigned byte = byte_at(pos);
        std::size_t after = pos + 1;
        bool candidate = true;
        if (byte < 0x80) {
            candidate = heads.may_start_as_written(byte, after < size ? byte_at(after) : 0u);
        } else {
            after = pos;
            if (!is_word_char(utf8::decode(text, after))) {
                pos = after;
                continue;
            }
        }
        after_word = true;
        if (candidate) {
            char head[2];
            const std::size_t head_size = fold_head(text, pos, head, scratch_);
            if (heads.may_start(std::string_view(head, head_size))) {
                start = pos;
                pos_ = after;
                after_word_char_ = true;
                return true;
            }
        }
        pos = after;
    }
    pos_ = pos;
    after_word_char_ = after_word;
    return false;
}

void PartStarts::resume_after_token(const Token& token) {
    pos_ = token.end;
    after_word_char_ = true;  // a token ends with a letter or digit
}


}  // namespace vigie
