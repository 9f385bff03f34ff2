// Case and accent folding: the one definition of "the same letters" that
// indexing, querying and highlighting all share.
#pragma once

#include <string>
#include <string_view>

namespace vigie {

// Appends the folded form of one code point: lowercase, accents removed,
// ligatures spelled out (œ -> oe), typographic apostrophes and hyphens made
// ASCII. Code points without letters fold to themselves.
void append_folded(std::string& out, char32_t cp);

// Folds a whole UTF-8 string code point by code point.
std::string fold(std::string_view text);

// Lowercase only, accents kept, format characters dropped: a word as a
// text writes it, shown back to a user (hôpitaux, not hopitaux).
std::string lowercase(std::string_view text);

// Letters and digits (combining marks count as letters, so that decomposed
// text stays in one word).
bool is_word_char(char32_t cp);
bool is_letter(char32_t cp);
bool is_digit(char32_t cp);

// Format characters (Unicode Cf: soft hyphen, zero-width space, word
// joiner, BOM...): invisible, so ignored inside a word (Forti<ZWSP>OS is
// fortios) rather than splitting it.
bool is_ignorable(char32_t cp);

bool is_apostrophe(char32_t cp);  // ' ’ ‘ ʼ
bool is_hyphen(char32_t cp);      // - ‐ ‑

}  // namespace vigie
