#include "search/part_starts.hpp"

#include <algorithm>
#include <array>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

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
        many_first_bytes_ = true;
        few_first_bytes_.clear();
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
        add_first_byte(b0);
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

void WordHeads::add_first_byte(unsigned char byte) {
    if (many_first_bytes_ || first_bytes_[byte]) return;
    first_bytes_[byte] = true;
    if (few_first_bytes_.size() == kFewFirstBytes) {
        many_first_bytes_ = true;
        few_first_bytes_.clear();
        return;
    }
    few_first_bytes_.push_back(byte);
}

bool PartStarts::next(std::size_t& start, const WordHeads& heads) {
#if defined(__SSE2__)
    if (!bytes_only_) return next_by_blocks(start, heads);
#endif
    return next_by_bytes(start, heads);
}

bool PartStarts::next_by_bytes(std::size_t& start, const WordHeads& heads) {
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

// A part start is a word character after anything else. next_by_bytes
// follows that state character by character, with a branch at every word
// boundary that the processor cannot foresee; next_by_blocks finds, 16
// bytes at a time, the letters, digits and multi-byte leads that do not
// follow an ASCII letter or digit, and checks only those one by one.
bool PartStarts::next_by_blocks(std::size_t& start, const WordHeads& heads) {
#if defined(__SSE2__)
    const char* const data = text_.data();
    const std::size_t size = text_.size();
    std::size_t i = pos_;
    // Whether the byte before i is an ASCII letter or digit; the first byte
    // is left to check(), which knows the state at pos_.
    unsigned after_alnum = 0;
    // x < n, unsigned, for bytes: SSE2 compares signed, so both are biased.
    const __m128i bias = _mm_set1_epi8(static_cast<char>(0x80));
    const auto below = [&](__m128i x, int n) {
        return _mm_cmplt_epi8(_mm_xor_si128(x, bias), _mm_set1_epi8(static_cast<char>(n ^ 0x80)));
    };
    // An ASCII letter or digit that no sought word begins with is no
    // candidate: with few such first bytes, compared 16 at a time.
    const std::vector<unsigned char>& firsts = heads.few_first_bytes();
    __m128i first_bytes[WordHeads::kFewFirstBytes];
    const std::size_t first_count = firsts.size();
    for (std::size_t k = 0; k < first_count; ++k) first_bytes[k] = _mm_set1_epi8(static_cast<char>(firsts[k]));
    for (; i + 16 <= size; i += 16) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + i));
        const __m128i digit = below(_mm_sub_epi8(v, _mm_set1_epi8('0')), 10);
        const __m128i letter = below(_mm_sub_epi8(_mm_or_si128(v, _mm_set1_epi8(0x20)), _mm_set1_epi8('a')), 26);
        const __m128i high2 = _mm_set1_epi8(static_cast<char>(0xC0));
        const __m128i lead = _mm_cmpeq_epi8(_mm_and_si128(v, high2), high2);
        const auto alnum = static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(digit, letter)));
        const auto leads = static_cast<unsigned>(_mm_movemask_epi8(lead));
        unsigned sought = alnum;
        if (first_count > 0) {
            __m128i first = _mm_cmpeq_epi8(v, first_bytes[0]);
            for (std::size_t k = 1; k < first_count; ++k) first = _mm_or_si128(first, _mm_cmpeq_epi8(v, first_bytes[k]));
            sought = static_cast<unsigned>(_mm_movemask_epi8(first));
        }
        unsigned candidates = (sought | leads) & ~((alnum << 1) | after_alnum) & 0xFFFFu;
        after_alnum = (alnum >> 15) & 1u;
        while (candidates) {
            const std::size_t at = i + static_cast<std::size_t>(__builtin_ctz(candidates));
            candidates &= candidates - 1;
            const Verdict verdict = check(at, heads);
            if (verdict == Verdict::Yes) return found(at, start);
            if (verdict == Verdict::Broken) return fall_back_to_bytes(start, heads);
        }
    }
    for (; i < size; ++i) {
        const auto byte = static_cast<unsigned char>(data[i]);
        const unsigned alnum = is_ascii_alnum(static_cast<char>(byte)) ? 1u : 0u;
        const bool candidate = (alnum || byte >= 0xC0) && !after_alnum;
        after_alnum = alnum;
        if (!candidate) continue;
        const Verdict verdict = check(i, heads);
        if (verdict == Verdict::Yes) return found(i, start);
        if (verdict == Verdict::Broken) return fall_back_to_bytes(start, heads);
    }
    pos_ = size;
    return false;
#else
    return next_by_bytes(start, heads);
#endif
}

PartStarts::Verdict PartStarts::check(std::size_t at, const WordHeads& heads) {
    const std::string_view text = text_;
    const auto byte_at = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    bool after_word = false;
    if (at == pos_) {
        after_word = after_word_char_;
    } else if (byte_at(at - 1) >= 0x80) {
        // The code point before: its lead is at most 3 bytes back. Every
        // lead and ASCII byte begins a code point as decode() reads them
        // forward; a sequence that does not end at `at` is broken UTF-8,
        // read byte by byte instead.
        std::size_t lead = at - 1;
        while (lead > pos_ && at - lead < 4 && (byte_at(lead) & 0xC0) == 0x80) --lead;
        std::size_t end = lead;
        const char32_t before = utf8::decode(text, end);
        if (end != at) return Verdict::Broken;
        after_word = is_word_char(before);
    }
    if (after_word) return Verdict::No;
    const unsigned byte = byte_at(at);
    if (byte < 0x80) {
        if (!heads.may_start_as_written(byte, at + 1 < text.size() ? byte_at(at + 1) : 0u)) return Verdict::No;
    } else {
        std::size_t after = at;
        if (!is_word_char(utf8::decode(text, after))) return Verdict::No;
    }
    char head[2];
    const std::size_t head_size = fold_head(text, at, head, scratch_);
    return heads.may_start(std::string_view(head, head_size)) ? Verdict::Yes : Verdict::No;
}

bool PartStarts::fall_back_to_bytes(std::size_t& start, const WordHeads& heads) {
    bytes_only_ = true;
    return next_by_bytes(start, heads);
}

bool PartStarts::found(std::size_t at, std::size_t& start) {
    std::size_t after = at;
    utf8::decode(text_, after);
    start = at;
    pos_ = after;
    after_word_char_ = true;
    return true;
}

void PartStarts::resume_after_token(const Token& token) {
    pos_ = token.end;
    after_word_char_ = true;  // a token ends with a letter or digit
}


}  // namespace vigie
