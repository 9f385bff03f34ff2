// The one table of what a Vigie index holds: every field, term prefix and
// value slot. The document builder and the query parser use its prefixes,
// `vigie-search --fields` prints its fields; nothing else spells a prefix or
// a slot number.
#pragma once

#include <xapian.h>

#include <array>
#include <string_view>

namespace vigie::schema {

// Bump on any change to prefixes, slots or stored data.
inline constexpr std::string_view kSchemaVersion = "4";
inline constexpr std::string_view kSchemaKey = "vigie.schema";
inline constexpr std::string_view kAnalyzerKey = "vigie.analyzer";
// Metadata key prefix recording the spellings of hyphenated compounds, so
// that a query for the joined word also finds the spaced spelling.
inline constexpr std::string_view kCompoundKeyPrefix = "vigie.compound:";
// Metadata: documents written since the index was last compacted.
inline constexpr std::string_view kWrittenSinceCompactionKey = "vigie.uncompacted";

enum Slot : Xapian::valueno {
    kDateSort = 0,    // compact date as written: 2020, 202006, 20200615
    kSourcePath = 1,  // absolute path of the source file
};

struct Field {
    std::string_view name;         // as in queries (title:) and JSON
    std::string_view term_prefix;  // Xapian term prefix, "" when not indexed
    bool boolean;                  // exact filter term rather than free text
    std::string_view query;        // how a query names it, "" when it cannot
    std::string_view description;
};

inline constexpr std::string_view kIdPrefix = "Q";
inline constexpr std::string_view kTitlePrefix = "S";
inline constexpr std::string_view kSourcePrefix = "XS";
inline constexpr std::string_view kFilePrefix = "XF";  // hash of the source file path
inline constexpr std::string_view kStemPrefix = "Z";
inline constexpr std::string_view kDatePrefix = "D";  // date filter terms, see date_terms.hpp

inline constexpr std::array<Field, 6> kFields = {{
    {"id", kIdPrefix, true, "id:ID", "document id: JSON id, else path relative to the indexed root"},
    {"title", kTitlePrefix, false, "title:WORD, title:\"a phrase\"", "title: JSON title, else the first sentence"},
    {"body", "", false, "plain words", "text of the communiqué (searched by default, with the title)"},
    {"date", kDatePrefix, true, "date:2020-06, date:2020-03..2020-06, date:..2019, date:2021..",
     "date as written: 2020, 2020-06 or 2020-06-15; periods overlap"},
    {"source", kSourcePrefix, false, "source:WORD", "publisher named in a JSON record (its words)"},
    {"url", "", false, "", "address given in a JSON record (shown, not searched)"},
}};

// Xapian terms are limited to about 245 bytes; longer ids are cut and
// suffixed with a hash so that they stay unique.
std::string id_term(std::string_view id);
std::string file_term(std::string_view absolute_path);
// Metadata key holding the size and modification time a file had when all
// its documents were written.
std::string file_state_key(std::string_view absolute_path);

}  // namespace vigie::schema
