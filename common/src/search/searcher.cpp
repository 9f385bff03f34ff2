#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <unordered_set>

#include "index/database.hpp"
#include "analysis/french_stem.hpp"
#include "query/query_builder.hpp"
#include "index/schema.hpp"
#include "search/snippet.hpp"
#include "index/stored_fields.hpp"
#include "vigie/vigie.hpp"
#include "index/weighting.hpp"

namespace vigie {

namespace {

// How far past the page the relaxed (partial-match) candidates are read
// before ranking them by how many words they contain.
constexpr Xapian::doccount kRelaxedPool = 50;

// What snippets highlight: the query's terms and prefix* words.
MatchedTerms highlighting_for(const BuiltQuery& built, const Xapian::Query& query) {
    MatchedTerms terms;
    for (auto t = query.get_unique_terms_begin(); t != query.get_unique_terms_end(); ++t)
        terms.add_index_term(*t);
    for (const auto& prefix : built.wildcards) terms.add_prefix(prefix);
    return terms;
}

std::string match_name(MatchMode mode) {
    switch (mode) {
        case MatchMode::All: return "all";
        case MatchMode::Any: return "any";
        case MatchMode::Auto: break;
    }
    return "auto";
}

struct RankedDoc {
    Xapian::docid docid;
    double weight;
    bool partial;
};

}  // namespace

struct Searcher::Impl {
    explicit Impl(const std::string& path) : path(path), db(open_index_for_reading(path)), stem(make_french_stem()) {}

    std::string path;
    Xapian::Database db;
    Xapian::Stem stem;

    BuiltQuery build(const SearchRequest& request) {
        QueryBuilder builder(db);
        BuiltQuery built = builder.build(request.query, date_range_from_options(request.since, request.until));
        const bool filtered = !built.date_filter.first_day.empty() || !built.date_filter.last_day.empty();
        if (!built.has_words && !filtered) {
            if (built.notices.empty() && request.query.find_first_not_of(" \t") == std::string::npos)
                throw Error(ExitCode::Error, "empty query", "give words to search, or --since/--until");
            // Only stopwords, or only syntax: nothing can match.
        }
        return built;
    }

    // Undated communiqués come last in both date orders.
    void set_order(Xapian::Enquire& enquire, SortOrder sort) {
        if (sort == SortOrder::Relevance) return;
        const bool newest = sort == SortOrder::Newest;
        auto* keys = new Xapian::MultiValueKeyMaker;
        keys->add_value(schema::kDateSort, newest, newest ? std::string() : std::string("~"));
        enquire.set_sort_by_key_then_relevance(keys->release(), false);
    }

    // Runs fn, reopening the index if a writer replaced what we read.
    // Xapian errors become vigie::Error here, at the library's edge.
    template <typename F>
    auto with_retry(F&& fn) {
        // A writer committing in quick succession can replace the revision
        // being read more than once: reopen and try again a few times.
        constexpr int kAttempts = 5;
        try {
            for (int attempt = 1;; ++attempt) {
                try {
                    return fn();
                } catch (const Xapian::DatabaseModifiedError&) {
                    if (attempt == kAttempts) throw;
                    db.reopen();
                }
            }
        } catch (const Xapian::Error& e) {
            throw Error(ExitCode::Error, fmt::format("index {}: {}", path, e.get_description()));
        }
    }

    SearchResult search(const SearchRequest& request) {
        return with_retry([&] { return search_once(request); });
    }

    SearchResult search_once(const SearchRequest& request) {
        BuiltQuery built = build(request);
        SearchResult result;
        result.notices = built.notices;
        // Xapian counts in 32 bits: a larger page is "everything".
        constexpr std::size_t kMaxWanted = std::numeric_limits<Xapian::doccount>::max() - 1;
        const std::size_t asked = request.limit > kMaxWanted - std::min(request.offset, kMaxWanted)
                                      ? kMaxWanted
                                      : request.offset + request.limit;
        const auto wanted = static_cast<Xapian::doccount>(asked);

        Xapian::Enquire enquire(db);
        enquire.set_weighting_scheme(weighting::relevance());
        set_order(enquire, request.sort);
        const Xapian::Query& primary = request.match == MatchMode::Any ? built.any : built.all;
        enquire.set_query(primary);
        Xapian::MSet mset = enquire.get_mset(0, wanted, wanted + 1);
        const MatchedTerms highlighting = highlighting_for(built, primary);
        std::vector<RankedDoc> ranked;
        for (auto it = mset.begin(); it != mset.end(); ++it)
            ranked.push_back({*it, it.get_weight(), false});
        result.estimated_total = mset.get_matches_estimated();

        const bool can_relax = request.match == MatchMode::Auto && built.has_words &&
                               mset.size() < wanted &&
                               built.any.get_description() != built.all.get_description();
        if (can_relax) {
            Xapian::Enquire relaxed_enquire(db);
            relaxed_enquire.set_weighting_scheme(weighting::relevance());
            // The OR query, skipping the documents already listed: cheaper
            // than (any AND_NOT all), which evaluates both.
            relaxed_enquire.set_query(built.any);
            set_order(relaxed_enquire, request.sort);
            const Xapian::doccount need = wanted - mset.size();
            // With two words, every partial match has one: no need to count.
            const bool count_words = request.sort == SortOrder::Relevance && built.word_terms > 2;
            Xapian::MSet extra =
                relaxed_enquire.get_mset(0, mset.size() + need + (count_words ? kRelaxedPool : 0));
            std::unordered_set<Xapian::docid> listed;
            for (const auto& r : ranked) listed.insert(r.docid);
            std::vector<std::pair<std::size_t, RankedDoc>> partial;
            for (auto it = extra.begin(); it != extra.end(); ++it) {
                if (listed.count(*it)) continue;
                std::size_t words = 0;
                if (count_words)
                    words = static_cast<std::size_t>(std::distance(relaxed_enquire.get_matching_terms_begin(it),
                                                                   relaxed_enquire.get_matching_terms_end(it)));
                partial.push_back({words, {*it, it.get_weight(), true}});
            }
            // Most words first; the engine's order (relevance or date) next.
            if (count_words)
                std::stable_sort(partial.begin(), partial.end(),
                                 [](const auto& a, const auto& b) { return a.first > b.first; });
            for (std::size_t i = 0; i < partial.size() && ranked.size() < wanted; ++i)
                ranked.push_back(partial[i].second);
            if (!partial.empty()) {
                result.relaxed = true;
                result.estimated_total = std::max<std::size_t>(result.estimated_total, extra.get_matches_estimated());
                result.notices.push_back(fmt::format(
                    "relaxed: {} document{} contain{} every word; the others contain some of them",
                    mset.size(), mset.size() == 1 ? "" : "s", mset.size() == 1 ? "s" : ""));
            }
        }

        for (std::size_t i = request.offset; i < ranked.size(); ++i) {
            result.hits.push_back(make_hit(ranked[i], i + 1, request, highlighting));
        }
        return result;
    }

    Hit make_hit(const RankedDoc& ranked, std::size_t rank, const SearchRequest& request,
                 const MatchedTerms& highlighting) {
        Hit hit;
        hit.rank = rank;
        hit.score = ranked.weight;
        hit.partial = ranked.partial;
        // The MSet was just read from this revision: no need to check again
        // that the document exists (a B-tree lookup per hit).
        const Xapian::Document doc = db.get_document(ranked.docid, Xapian::DOC_ASSUME_VALID);
        const StoredFields data = StoredFields::unpack(doc.get_data());
        hit.id = data.get("id");
        hit.date = data.get("date");
        hit.title = data.get("title");
        hit.source = data.get("source");
        hit.url = data.get("url");
        if (request.snippets) {
            Snippet snippet = make_snippet(data.get("body"), highlighting, request.snippet_chars, stem);
            hit.snippet = std::move(snippet.text);
            hit.highlights = std::move(snippet.highlights);
        }
        return hit;
    }

    std::size_t count(const SearchRequest& request) {
        return with_retry([&] {
            BuiltQuery built = build(request);
            Xapian::Enquire enquire(db);
            enquire.set_weighting_scheme(Xapian::BoolWeight());  // counting needs no ranking
            enquire.set_query(request.match == MatchMode::Any ? built.any : built.all);
            const Xapian::doccount all = db.get_doccount();
            return static_cast<std::size_t>(enquire.get_mset(0, 0, all).get_matches_estimated());
        });
    }

    Explanation explain(const SearchRequest& request) {
        return with_retry([&] { return explain_once(request); });
    }

    Explanation explain_once(const SearchRequest& request) {
        BuiltQuery built = build(request);
        Explanation e;
        e.query = request.query;
        e.rewritten = built.rewritten;
        e.xapian = (request.match == MatchMode::Any ? built.any : built.all).get_description();
        const DateRange& shown = built.all_dates ? *built.all_dates : built.date_filter;
        if (!shown.first_day.empty() || !shown.last_day.empty()) e.date_range = shown.describe();
        e.match = match_name(request.match);
        e.notices = built.notices;
        if (!built.all_dates)
            e.notices.push_back("date: terms combined with OR or NOT are shown in the Xapian query only");
        return e;
    }
};

Searcher::Searcher(const std::string& db_path) : impl_(std::make_unique<Impl>(db_path)) {}
Searcher::~Searcher() = default;
Searcher::Searcher(Searcher&&) noexcept = default;
Searcher& Searcher::operator=(Searcher&&) noexcept = default;

SearchResult Searcher::search(const SearchRequest& request) { return impl_->search(request); }
std::size_t Searcher::count(const SearchRequest& request) { return impl_->count(request); }
Explanation Searcher::explain(const SearchRequest& request) { return impl_->explain(request); }
std::size_t Searcher::document_count() const { return impl_->db.get_doccount(); }

}  // namespace vigie
