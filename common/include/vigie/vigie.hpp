// Vigie's public search API: what a C++ program needs to search an index
// built by vigie-index.
//
//   vigie::Searcher searcher("vigie.db");
//   vigie::SearchRequest request;
//   request.query = "cyberattaques hôpitaux";
//   request.since = "2020-03";
//   for (const auto& hit : searcher.search(request).hits)
//       std::cout << hit.date << ' ' << hit.title << '\n';
//
// Errors are thrown as vigie::Error, whose code() is the exit code the
// vigie-search command would return.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "vigie/error.hpp"

namespace vigie {

enum class MatchMode {
    Auto,  // every word; filled up with partial matches when too few (relaxed)
    All,   // every word
    Any,   // some of the words
};

// Recent: relevance times a decay on the communiqué's age (README, "Dates").
enum class SortOrder { Relevance, Newest, Oldest, Recent };

// The periods of a timeline of the matches.
enum class TimelineUnit { None, Day, Month, Year };

struct SearchRequest {
    std::string query;  // words, "phrases", AND OR NOT, -w, +w, NEAR, w*, title: id: date: source:
    std::string since;  // inclusive: 2020, 2020-06 or 2020-06-15; "" for none
    std::string until;  // inclusive: --until 2020-06 includes 30 June
    MatchMode match = MatchMode::Auto;
    SortOrder sort = SortOrder::Relevance;
    std::size_t offset = 0;
    std::size_t limit = 10;
    std::size_t snippet_chars = 200;
    bool snippets = true;
    // "Did you mean": a correction for misspelt words when the query finds
    // few communiqués, or has a word the index never met (SearchResult::suggestion).
    bool suggest = true;
    // Synonyms: the shipped ones unless !synonyms; synonyms_file adds
    // groups to them (README, "Synonyms").
    bool synonyms = true;
    std::string synonyms_file;
    // Analyst views, over the whole match set (not only the page of hits).
    TimelineUnit timeline = TimelineUnit::None;  // matches per day, month or year
    std::vector<std::string> facets;             // cve, ref, source, year: the commonest values
    std::size_t facet_limit = 10;
    bool collapse = true;  // near-identical copies shown once, the others listed under it
    std::string like;      // an id: the communiqués most similar to it (with query: matching it too)
};

// Another copy of a hit: the same communiqué published again (a near-
// identical text under another id or date).
struct Copy {
    std::string id;
    std::string date;
};

struct Hit {
    std::size_t rank = 0;  // 1-based, across pages
    std::string id;
    std::string date;      // as written: 2020, 2020-06, 2020-06-15; "" if none
    std::string title;
    std::string source;
    std::string url;
    std::string path;      // file it was read from; "" for standard input
    double score = 0;
    bool partial = false;  // matches only some of the words (relaxed)
    std::string snippet;
    // Highlighted spans: [begin, end) offsets in code points into snippet.
    std::vector<std::pair<std::size_t, std::size_t>> highlights;
    std::vector<std::string> cves;  // CVE-2021-44228... found in its text
    std::vector<std::string> refs;  // CERTFR-2021-AVI-001, CERTA-2008-AVI-001...
    std::vector<Copy> copies;       // its other copies that match, most relevant first
};

struct TimelinePeriod {
    std::string period;  // 2021, 2021-12 or 2021-12-14
    std::size_t count = 0;
};

struct Timeline {
    TimelineUnit unit = TimelineUnit::Year;
    // Every period from the first to the last of the range (the date
    // filters', else the matches'), those without a match included.
    std::vector<TimelinePeriod> periods;
    std::size_t undated = 0;  // matches without a date
    std::size_t coarser = 0;  // dated by a whole year (or month) in a month (or day) view
};

struct FacetValue {
    std::string value;
    std::size_t count = 0;
};

struct Facet {
    std::string name;  // cve, ref, source, year
    std::vector<FacetValue> values;  // commonest first, then by value
};

struct SearchResult {
    std::vector<Hit> hits;
    // Matching documents in all: exact when total_exact (always when there
    // are at most 10,000), else Xapian's estimate; the same for every
    // --offset. With relaxed matching still those with every word (as
    // --count gives it): the partial hits come on top.
    std::size_t total = 0;
    bool total_exact = false;
    bool relaxed = false;             // filled up with partial matches
    std::vector<std::string> notices; // relaxed, syntax fallback...
    // The query with its misspelt words corrected ("microsoft exchange"),
    // "" when none (see SearchRequest::suggest).
    std::string suggestion;
    std::optional<Timeline> timeline;
    std::vector<Facet> facets;        // in the order asked

    // Whether the search found something, as the commands' exit status says
    // it (0, else 1): hits, or with a limit of 0 (counts, a timeline,
    // facets) matches counted.
    bool found(std::size_t limit) const { return !hits.empty() || (limit == 0 && total > 0); }
};

// One communiqué as indexed, for reading it whole.
struct Document {
    std::string id;
    std::string date;   // as written; "" if none
    std::string title;
    std::string source;
    std::string url;
    std::string path;   // file it was read from; "" for standard input
    std::string text;   // the full text as read, paragraphs and line breaks kept
    std::vector<std::string> cves;
    std::vector<std::string> refs;
};

// The query as understood, for --explain.
struct Explanation {
    std::string query;       // as given
    std::string rewritten;   // after French analysis, in the query language
    std::string tree;        // the query as parsed: (group (word "alliance") ...)
    std::string xapian;      // Xapian's description of the final query
    std::string date_range;  // "2020-06-01..2020-06-30", "" when none
    std::string match;       // all, any, auto
    std::vector<std::string> notices;
};

// The versions a build of Vigie answers to (--version of the commands).
struct VersionInfo {
    std::string vigie;         // the project's version: 0.1.0
    std::string xapian;        // Xapian's, of the library linked: 1.4.22
    std::string analyzer;      // the French analyzer's, recorded in each index: fr-key-4
    std::string index_schema;  // the index layout's, recorded in each index: 7
    int json_schema = 0;       // schema_version of the JSON output
};
VersionInfo version_info();

class Searcher {
public:
    // Opens the index read-only; throws Error (IndexMissing,
    // IndexIncompatible...). db_path: an index folder, a Xapian stub
    // database listing shards (what vigie-index --shards writes), or
    // tcp://HOST:PORT for a database served by xapian-tcpsrv.
    explicit Searcher(const std::string& db_path);
    // Several of those searched as one: same results as one index holding
    // all their communiqués.
    explicit Searcher(const std::vector<std::string>& databases);
    ~Searcher();
    Searcher(Searcher&&) noexcept;
    Searcher& operator=(Searcher&&) noexcept;

    SearchResult search(const SearchRequest& request);
    // Number of matching documents, exactly.
    std::size_t count(const SearchRequest& request);
    Explanation explain(const SearchRequest& request);
    // One communiqué by its id (a text file's also without .txt); throws
    // Error (exit 2) naming an unknown id.
    Document document(const std::string& id);
    std::size_t document_count() const;

    // Whether searches count their matches and read the best matches'
    // stored texts (re-ranking, snippets) on a second thread of the
    // searcher's own as well (off by default; a remote or sharded index,
    // or a process allowed one CPU, stays on one). For a program that asks
    // one question at a time on a machine with a core to spare: that
    // thread spins for up to 1 ms from a search's start and 0.4 ms after
    // its last work, then sleeps (vigie-search --batch turns it on while
    // it answers lines one by one). The answers are the same.
    void use_second_thread(bool on);

    // The facets a request can ask for.
    static const std::vector<std::string>& facet_names();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace vigie
