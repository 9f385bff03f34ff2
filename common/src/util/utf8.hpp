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

// Windows-1252 (a superset of Latin-1 in practice) to UTF-8.
std::string from_windows1252(std::string_view text);

enum class Encoding { Utf8, Windows1252, Binary };

struct DecodedText {
    std::string text;  // UTF-8, without BOM, line ends as LF
    Encoding source_encoding = Encoding::Utf8;
};

// Turns raw file bytes into UTF-8 text: strips a BOM, converts CRLF/CR to LF,
// transcodes legacy 8-bit text, and flags binary data (NUL bytes or mostly
// control characters) so that callers can skip it.
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
