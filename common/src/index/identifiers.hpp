// The identifiers an analyst pulls communiqués by: CVE ids and CERT-FR /
// CERTA references, found in the text with the indexer's tokenizer (so
// CVE‑2021‑44228 with non-breaking hyphens is found too) and written in
// capitals with hyphens, as the bulletins write them.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "analysis/tokenizer.hpp"

namespace vigie {

struct Identifiers {
    std::vector<std::string> cves;  // CVE-2021-44228, each once, in order of appearance
    std::vector<std::string> refs;  // CERTFR-2021-AVI-001, CERTA-2008-AVI-001
};

// Adds those of text to found (each once).
void find_identifiers(std::string_view text, Identifiers& found);
// Adds token's, if it is one (for a reader that tokenizes anyway).
void note_identifier(const Token& token, Identifiers& found);

// A value typed after cve: or ref: as the index holds it
// (cve-2021-44228 -> CVE-2021-44228).
std::string identifier_value(std::string_view written);

}  // namespace vigie
