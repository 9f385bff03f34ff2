#include "analysis/fold.hpp"

#include <utf8proc.h>

#include <array>
#include <memory>

#include "util/fill_once.hpp"
#include "util/utf8.hpp"

namespace vigie {

namespace {

constexpr char32_t kTableSize = 0x2100;  // Latin, Greek, Cyrillic, punctuation

std::string fold_uncached(char32_t cp) {
    switch (cp) {
        case 0x0152: case 0x0153: return "oe";                  // Œ œ
        case 0x00C6: case 0x00E6: return "ae";                  // Æ æ
        case 0x2018: case 0x2019: case 0x02BC: return "'";      // ‘ ’ ʼ
        case 0x2010: case 0x2011: return "-";                   // ‐ ‑
        case 0x00A0: case 0x202F: return " ";                   // no-break spaces
        default: break;
    }
    utf8proc_int32_t buffer[8];
    int last_boundclass = 0;
    const auto options = static_cast<utf8proc_option_t>(
        UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD);
    const utf8proc_ssize_t n = utf8proc_decompose_char(
        static_cast<utf8proc_int32_t>(cp), buffer, 8, options, &last_boundclass);
    std::string out;
    if (n < 0 || n > 8) {
        utf8::append(out, cp);
        return out;
    }
    for (utf8proc_ssize_t i = 0; i < n; ++i) utf8::append(out, static_cast<char32_t>(buffer[i]));
    return out;
}

// Letter or digit, for each code point of the table: utf8proc's lookup is
// too slow for a tokenizer that asks about every accented letter.
enum CharKind : unsigned char { kOther = 0, kLetter = 1, kDigit = 2, kIgnorable = 3 };

CharKind kind_uncached(char32_t cp) {
    // ʼ is a modifier letter for Unicode, but French texts use it as an
    // apostrophe (lʼalliance): it must join and elide like ’.
    if (cp == 0x02BC) return kOther;
    const auto category = utf8proc_category(static_cast<utf8proc_int32_t>(cp));
    if (category >= UTF8PROC_CATEGORY_LU && category <= UTF8PROC_CATEGORY_ME) return kLetter;
    if (category == UTF8PROC_CATEGORY_ND) return kDigit;
    if (category == UTF8PROC_CATEGORY_CF) return kIgnorable;
    return kOther;
}

// The table of the code points below kTableSize, made a block of 256 at a
// time on first use: a French text needs a few blocks, and filling all of
// them was a good part of a single search's start; so was making the whole
// table's strings at once (270 KiB, a sixth of the page faults of a
// one-search process). Each block is filled once (util/fill_once).
template <typename Value, Value (*compute)(char32_t)>
class LazyTable {
public:
    const Value& operator[](char32_t cp) {
        const std::size_t block = cp / kBlock;
        blocks_.ensure(block, [&] {
            auto values = std::make_unique<Value[]>(kBlock);
            for (std::size_t i = 0; i < kBlock; ++i) values[i] = compute(static_cast<char32_t>(block * kBlock + i));
            values_[block] = std::move(values);
        });
        return values_[block][cp % kBlock];
    }

private:
    static constexpr std::size_t kBlock = 256;
    static_assert(kTableSize % kBlock == 0);

    FillOnce<kTableSize / kBlock> blocks_;
    std::array<std::unique_ptr<Value[]>, kTableSize / kBlock> values_;
};

LazyTable<CharKind, kind_uncached>& kind_table() {
    static LazyTable<CharKind, kind_uncached> table;
    return table;
}

CharKind kind_of(char32_t cp) { return cp < kTableSize ? kind_table()[cp] : kind_uncached(cp); }

LazyTable<std::string, fold_uncached>& fold_table() {
    static LazyTable<std::string, fold_uncached> table;
    return table;
}

}  // namespace

void append_folded(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp >= 'A' && cp <= 'Z' ? cp + ('a' - 'A') : cp);
    } else if (cp < kTableSize) {
        out += fold_table()[cp];
    } else {
        out += fold_uncached(cp);
    }
}

std::string lowercase(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    std::size_t pos = 0;
    while (pos < text.size()) {
        const char32_t cp = utf8::decode(text, pos);
        if (is_ignorable(cp)) continue;
        utf8::append(out, static_cast<char32_t>(utf8proc_tolower(static_cast<utf8proc_int32_t>(cp))));
    }
    return out;
}

std::string fold(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    std::size_t pos = 0;
    while (pos < text.size()) append_folded(out, utf8::decode(text, pos));
    return out;
}

bool is_letter(char32_t cp) {
    if (cp < 0x80) return (cp | 0x20) >= 'a' && (cp | 0x20) <= 'z';
    return kind_of(cp) == kLetter;
}

bool is_digit(char32_t cp) {
    if (cp < 0x80) return cp >= '0' && cp <= '9';
    return kind_of(cp) == kDigit;
}

bool is_word_char(char32_t cp) {
    if (cp < 0x80) return is_letter(cp) || is_digit(cp);
    const CharKind kind = kind_of(cp);
    return kind == kLetter || kind == kDigit;
}

bool is_ignorable(char32_t cp) { return cp >= 0x80 && kind_of(cp) == kIgnorable; }

bool is_apostrophe(char32_t cp) {
    return cp == '\'' || cp == 0x2019 || cp == 0x2018 || cp == 0x02BC;
}

bool is_hyphen(char32_t cp) { return cp == '-' || cp == 0x2010 || cp == 0x2011; }

}  // namespace vigie
