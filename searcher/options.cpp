#include "options.hpp"

#include <fmt/format.h>

#include <map>
#include <vector>

#include "vigie/cli_support.hpp"
#include "index/database.hpp"
#include "search/request_words.hpp"

namespace vigie::cli {

namespace {
constexpr const char* kFooter = R"(
Query syntax: words (all required by default, relaxed to some of them when
too few documents have all), "phrases", AND OR NOT, -word, +word, (...),
a NEAR b, prefix*, and fields: title:word, id:ID, source:NAME,
date:2020-06, date:2020-03..2020-06, date:..2019, date:2021..
French rules apply to every word: elisions, accents, case, stems,
hyphenated compounds and identifiers such as CVE-2021-44228.

Exit status:
  0  hits found (or --explain/--batch answered with some hits)
  1  no hits
  2  usage error, invalid date, or other error
  3  no index at --db
  4  the index is locked
  5  the index was built by another version of Vigie

Examples:
  vigie-search "l'alliance militaire"
  vigie-search hopitaux --since 2020-03 --until 2020-06 --sort newest
  vigie-search 'CVE-2021-44228 OR log4shell' --format json
  vigie-search 'title:canicule date:2019..2020' --limit 5 --no-snippets
  vigie-search fortinet --timeline month --limit 0
  vigie-search crues --format tsv --header > crues.tsv
  echo -e "canicule\ncyberattaques" | vigie-search --batch

See vigie-search(1) for the whole query syntax and the JSON schema.)";
// CLI11 would read -1 into a size_t as a huge number.
const CLI::Validator kNotNegative(
    [](std::string& value) {
        return value.find('-') == std::string::npos ? std::string() : "must be 0 or more, got " + value;
    },
    "N>=0");
}  // namespace

bool parse_search_options(int argc, char** argv, SearchCommandOptions& o, int& exit_code) {
    CLI::App app{"vigie-search: searches an index of French communiqués built by vigie-index."};
    app.footer(kFooter);
    add_version_flag(app, "vigie-search");
    std::vector<std::string> words;
    app.add_option("query", words, "Query words (see below)");
    app.add_option("--db", o.databases,
                   "Index folder, stub of shards, or tcp://HOST:PORT (xapian-tcpsrv); repeat it to search several "
                   "as one (default: $VIGIE_DB, else ./vigie.db)")
        ->allow_extra_args(false)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    app.add_option("--since", o.request.since, "Only communiqués from DATE on (YYYY, YYYY-MM, YYYY-MM-DD)");
    app.add_option("--until", o.request.until, "Only communiqués up to DATE, inclusive");
    add_choice_option(app, "--sort", o.request.sort, request_words::sorts(),
                      "relevance (default), newest, oldest, or recent (relevance decayed by age)");
    add_choice_option(app, "--suggest", o.request.suggest, request_words::suggests(),
                      "auto (default): 'did you mean' when few communiqués match; never");
    app.add_option("--synonyms", o.request.synonyms_file,
                   "A synonyms file whose groups add to (or replace) the shipped ones (README, Synonyms)");
    bool no_synonyms = false;
    app.add_flag("--no-synonyms", no_synonyms, "Search the words as typed, without synonyms");
    add_choice_option(app, "--match", o.request.match, request_words::matches(),
                      "all: every word; any: some words; auto (default): all, relaxed when too few");
    app.add_option("-n,--limit", o.request.limit, "Number of hits (default 10, no upper cap)")
        ->check(kNotNegative);
    app.add_option("--offset", o.request.offset, "Hits to skip, for paging")->check(kNotNegative);
    app.add_option("--snippet-length", o.request.snippet_chars, "Snippet length in characters (default 200)")
        ->check(CLI::Range(20, 100000));
    const std::map<std::string, OutputFormat> formats{{"text", OutputFormat::Text},
                                                      {"json", OutputFormat::Json},
                                                      {"jsonl", OutputFormat::Jsonl},
                                                      {"tsv", OutputFormat::Tsv}};
    add_choice_option(app, "-f,--format", o.format, formats, "text (default), json, jsonl (a hit per line) or tsv");
    add_choice_option(app, "--color,--colour", o.color, auto_always_never(),
                      "auto (terminal, no NO_COLOR), always or never");
    app.add_option("--markers", o.markers, "Highlight markers without colour, as OPEN,CLOSE (default [,])");
    add_choice_option(app, "--timeline", o.request.timeline, request_words::timeline_units(),
                      "Matches per day, month or year, over all the matches (with --limit 0: alone)");
    app.add_option("--facet", o.request.facets,
                   "The commonest values among all the matches: cve, ref, source or year (repeatable)")
        ->check(CLI::IsMember(Searcher::facet_names()))
        ->option_text("cve|ref|source|year")
        ->allow_extra_args(false);  // one value each time: the words after it are the query
    app.add_option("--facet-limit", o.request.facet_limit, "Values per facet (default 10)")->check(kNotNegative);
    app.add_option("--like", o.request.like, "The communiqués most similar to the one with this id (with a query: among its matches)");
    app.add_flag("--no-collapse", [&o](std::int64_t) { o.request.collapse = false; },
                 "Show every copy of a republished communiqué as its own hit");
    app.add_flag("--no-snippets", [&o](std::int64_t) { o.request.snippets = false; },
                 "Hits without snippets, in every format (JSON: no snippet nor highlights keys)");
    app.add_flag("--header", o.header, "--format tsv: a first line naming the columns");
    app.add_option("--show", o.show, "Print one communiqué whole, by its id, and exit");
    app.add_flag("-c,--count", o.count, "Print only the number of matching documents");
    app.add_flag("--explain", o.explain, "Print the query as understood, without searching");
    app.add_flag("--batch", o.batch, "Read queries from stdin, one per line; answer each with a JSON line");
    app.add_option("--threads", o.threads,
                   "--batch: queries answered at once when several wait, answers still in input order; a lone query "
                   "gets a second thread (default: one per core; 1: one thread only)")
        ->check(CLI::Range(0, 256));
    app.add_flag("--fields", o.list_fields, "List the fields a query can name (title:, id:, date:...) and exit");
    if (!parse_command_line(app, argc, argv, "vigie-search", exit_code)) return false;
    o.request.synonyms = !no_synonyms;
    if (o.markers.find(',') == std::string::npos) {
        fmt::print(stderr, "vigie-search: --markers wants OPEN,CLOSE (got '{}')\n", o.markers);
        exit_code = 2;
        return false;
    }
    for (const auto& w : words) {
        if (!o.request.query.empty()) o.request.query += ' ';
        o.request.query += w;
    }
    if (!o.batch && !o.list_fields && o.show.empty() && o.request.like.empty() && o.request.query.empty() &&
        o.request.since.empty() && o.request.until.empty()) {
        fmt::print(stderr, "vigie-search: no query given\nRun with --help for usage.\n");
        exit_code = 2;
        return false;
    }
    return true;
}

}  // namespace vigie::cli
