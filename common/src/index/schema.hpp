// The one table of what a Vigie index holds: every field with its term
// prefix, value slot and stored name, the metadata keys and the term-length
// limit. The document builder writes by it, the query parser reads fields
// from it, `vigie-search --fields` prints it; nothing else spells a prefix,
// a slot number or a metadata key.
#pragma once

#include <xapian.h>

#include <array>
#include <cstddef>
#include <string>
#include <string_view>

namespace vigie::schema {

// Bump on any change to prefixes, slots, terms or stored data.
inline constexpr std::string_view kSchemaVersion = "7";

// Metadata keys.
inline constexpr std::string_view kSchemaKey = "vigie.schema";
inline constexpr std::string_view kAnalyzerKey = "vigie.analyzer";
// The spellings of hyphenated compounds, by the key of the joined word, so
// that a query for the joined word also finds the spaced spelling.
inline constexpr std::string_view kCompoundKeyPrefix = "vigie.compound:";
// A Bloom filter of those keys (compound_lexicon.hpp).
inline constexpr std::string_view kCompoundFilterKey = "vigie.compound-filter";
// The zstd dictionary the stored fields are packed with (stored_dictionary.hpp).
inline constexpr std::string_view kStoredDictionaryKey = "vigie.stored-dictionary";
// The size and modification time a file had when all its documents were
// written, by a hash of its path.
inline constexpr std::string_view kFileStateKeyPrefix = "vigie.file:";
// A JSON Lines file read by a run without --prune while it held documents
// of records it no longer has: the next --prune run reads it again.
inline constexpr std::string_view kVanishedRecordsKeyPrefix = "vigie.vanished:";
// Metadata: documents written since the index was last compacted.
inline constexpr std::string_view kWrittenSinceCompactionKey = "vigie.uncompacted";

// Value slots.
enum Slot : Xapian::valueno {
    kDateSort = 0,    // compact date as written: 2020, 202006, 20200615
    kSourcePath = 1,  // absolute path of the source file
    kSource = 2,      // the source as written, for --facet source
    kCopyKey = 3,     // shared by near-identical copies (copies.hpp); empty when none
    kOldestFirst = 4, // the compact date, "~" when undated: --sort oldest puts those last
};

// Xapian's glass backend takes terms of at most 245 bytes: longer ones are
// cut and suffixed with a hash (bounded_term), in documents and queries
// alike, so that every word stays findable.
inline constexpr std::size_t kMaxTermBytes = 240;

// Term prefixes.
inline constexpr std::string_view kKeyPrefix = "Z";    // before a field's prefix: French keys (no positions)
inline constexpr std::string_view kIdPrefix = "Q";
inline constexpr std::string_view kTitlePrefix = "S";
inline constexpr std::string_view kSourcePrefix = "XS";
inline constexpr std::string_view kFilePrefix = "XF";  // hash of the source file path
inline constexpr std::string_view kDatePrefix = "D";   // date filter terms, see date_terms.hpp
inline constexpr std::string_view kCvePrefix = "XC";   // CVE-2021-44228, as written in capitals
inline constexpr std::string_view kRefPrefix = "XR";   // CERTFR-2021-AVI-001, CERTA-2008-AVI-001
inline constexpr std::string_view kBandPrefix = "XB";  // MinHash bands, to find near-identical copies

enum class FieldKind {
    Text,   // words: key terms Z<prefix><key>, without positions
    Exact,  // one boolean term <prefix><value>, matched as written
    Date,   // date filter terms (date_terms.hpp) and the sort slot
    Shown,  // stored and shown, not searched
};

struct Field {
    std::string_view name;         // as in queries (title:) and JSON
    FieldKind kind;
    std::string_view term_prefix;  // "" for the text searched by default
    bool queryable;                // a query can name it: name:value
    std::string_view stored;       // its name in the stored fields, "" when not stored
    std::string_view query;        // how a query names it, "" when it cannot
    std::string_view description;
};

inline constexpr std::array<Field, 10> kFields = {{
    {"id", FieldKind::Exact, kIdPrefix, true, "id", "id:ID",
     "document id: JSON id, else path relative to the indexed root (id:x also finds x.txt)"},
    {"title", FieldKind::Text, kTitlePrefix, true, "title", "title:WORD, title:\"a phrase\", title:pre*",
     "title: JSON title, else the first sentence"},
    {"body", FieldKind::Text, "", false, "body", "plain words",
     "text of the communiqué (searched by default, with the title)"},
    {"date", FieldKind::Date, kDatePrefix, true, "date", "date:2020-06, date:2020-03..2020-06, date:..2019, date:2021..",
     "date as written: 2020, 2020-06 or 2020-06-15; periods overlap"},
    {"source", FieldKind::Text, kSourcePrefix, true, "source", "source:WORD",
     "publisher named in a JSON record (its words)"},
    {"cve", FieldKind::Exact, kCvePrefix, true, "cves", "cve:CVE-2021-44228",
     "CVE identifiers found in the text"},
    {"ref", FieldKind::Exact, kRefPrefix, true, "refs", "ref:CERTFR-2021-AVI-001, ref:CERTA-2008-AVI-001",
     "CERT-FR and CERTA references found in the text"},
    {"url", FieldKind::Shown, "", false, "url", "", "address given in a JSON record (shown, not searched)"},
    {"path", FieldKind::Shown, kFilePrefix, false, "path", "", "file the communiqué was read from (shown)"},
    {"original", FieldKind::Shown, "", false, "original", "",
     "the text as read, kept when repeated passages were collapsed (shown whole)"},
}};

// The field a query names (title, date...); nullptr when there is none.
const Field* find_queryable(std::string_view name);
const Field& field(std::string_view name);  // by name; the name must exist

// term, or its first bytes and a hash when longer than kMaxTermBytes.
std::string bounded_term(std::string term);
std::string id_term(std::string_view id);
std::string file_term(std::string_view absolute_path);
std::string file_state_key(std::string_view absolute_path);
std::string vanished_records_key(std::string_view absolute_path);
// The file state recorded for a file of this signature (size and mtime),
// indexed only up to cut_at bytes (0: whole): a file cut short is read
// again when --max-document-size changes.
std::string file_state(std::string_view signature, std::size_t cut_at);

// The value of kOldestFirst: kDateSort's, undated documents last.
std::string oldest_first_key(std::string_view compact_date);

}  // namespace vigie::schema
