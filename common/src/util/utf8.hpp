// UTF-8 helpers: validation, decoding, legacy-encoding repair, and making
// document text safe to show on a terminal.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace vigie::utf8 {

// The multi-byte cases of decode() and append(), out of line.
char32_t decode_multibyte(std::string_view text, std::size_t& pos);
void append_multibyte(std::string& out, char32_t cp);

// Decodes the code point starting at text[pos] and advances pos past it.
// An invalid byte decodes as U+FFFD and advances by one byte. ASCII is
// handled inline: tokenizers and snippets call this for every character.
inline char32_t decode(std::string_view text, std::size_t& pos) {
    const auto lead = static_cast<unsigned char>(text[pos]);
    if (lead < 0x80) {
        ++pos;
        return lead;
    }
    return decode_multibyte(text, pos);
}

inline void append(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else {
        append_multibyte(out, cp);
    }
}

bool is_valid(std::string_view text);

// Number of code points in text (text is assumed valid UTF-8).
std::size_t length(std::string_view text);

// Largest prefix length <= max_bytes that does not cut a UTF-8 sequence.
std::size_t safe_cut(std::string_view text, std::size_t max_bytes);

// Bytes taken by the first `chars` code points of text (all of it if shorter).
std::size_t prefix_bytes(std::string_view text, std::size_t chars);

// Utf8: valid UTF-8. Windows1252: no byte sequence of UTF-8 beyond ASCII,
// a legacy 8-bit text. Mixed: UTF-8 but for some bytes (a stray Latin-1
// "é", pasted lines). Binary: not text.
enum class Encoding { Utf8, Windows1252, Mixed, Binary };

struct DecodedText {
    std::string text;  // UTF-8
    Encoding source_encoding = Encoding::Utf8;
    std::size_t foreign_bytes = 0;  // bytes that were not UTF-8
    std::size_t first_foreign = 0;  // offset of the first, in the bytes given
};

// Decides the encoding by evidence, byte by byte: every valid UTF-8
// sequence is kept, and every other byte is read as Windows-1252 (a
// superset of Latin-1 in practice), so that one stray byte costs only
// itself, never the rest of a file.
DecodedText decode_text(std::string_view bytes);

// Turns raw file bytes into UTF-8 text: strips a BOM, flags binary data
// (NUL bytes or mostly control characters) so that callers can skip it,
// decodes as decode_text does, and converts CRLF/CR to LF.
DecodedText decode_file_bytes(std::string_view bytes);

// C0 and C1 control characters other than tab and newline.
inline bool is_control(char32_t cp) {
    if (cp == '\t' || cp == '\n') return false;
    return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0);
}

// Replaces control characters (escape sequences included) with U+FFFD so
// that a document can never drive the terminal; with collapse_space, runs of
// whitespace (newlines included) become one space.
std::string sanitize_for_terminal(std::string_view text, bool collapse_space);

}  // namespace vigie::utf8
