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
};

struct SearchResult {
    std::vector<Hit> hits;
    // Matching documents in all: exact when total_exact (always when there
    // are at most 10,000), else Xapian's estimate. With relaxed matching,
    // those with some of the words.
    std::size_t total = 0;
    bool total_exact = false;
    bool relaxed = false;             // filled up with partial matches
    std::vector<std::string> notices; // relaxed, syntax fallback...
    // The query with its misspelt words corrected ("microsoft exchange"),
    // "" when none (see SearchRequest::suggest).
    std::string suggestion;
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

class Searcher {
public:
    // Opens the index read-only; throws Error (IndexMissing,
    // IndexIncompatible...).
    explicit Searcher(const std::string& db_path);
    ~Searcher();
    Searcher(Searcher&&) noexcept;
    Searcher& operator=(Searcher&&) noexcept;

    SearchResult search(const SearchRequest& request);
    // Number of matching documents, exactly.
    std::size_t count(const SearchRequest& request);
    Explanation explain(const SearchRequest& request);
    std::size_t document_count() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace vigie
