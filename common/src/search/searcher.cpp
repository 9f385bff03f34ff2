#include <fmt/format.h>

#include <sys/stat.h>

#include <algorithm>
#include <limits>
#include <map>
#include <unordered_set>

#include "index/database.hpp"
#include "index/schema.hpp"
#include "index/stored_dictionary.hpp"
#include "index/stored_fields.hpp"
#include "index/terms.hpp"
#include "index/weighting.hpp"
#include "query/query_builder.hpp"
#include "search/proximity.hpp"
#include "search/recency.hpp"
#include "search/snippet.hpp"
#include "search/suggestion.hpp"
#include "vigie/vigie.hpp"

namespace vigie {

namespace {

// How far past the page the relaxed (partial-match) candidates are read
// before ranking them by how many words they contain.
constexpr Xapian::doccount kRelaxedPool = 50;
// Totals are exact up to this many matches (Xapian is asked to check them
// all); past it they are estimates, and say so.
constexpr Xapian::doccount kExactTotalUpTo = 10000;

std::string match_name(MatchMode mode) {
    switch (mode) {
        case MatchMode::All: return "all";
        case MatchMode::Any: return "any";
        case MatchMode::Auto: break;
    }
    return "auto";
}

// "Did you mean" is worked out when fewer communiqués than this match.
constexpr std::size_t kFewMatches = 5;

struct RankedDoc {
    Xapian::docid docid;
    double weight;
    bool partial;
};

// What tells that the index at a path changed: the folder itself (a
// rebuilt or swapped-in index is another folder) and its version file,
// which Xapian replaces on every commit. Two stat calls, where reopen()
// would open and read the version file for every query of a --batch.
struct IndexStamp {
    struct stat folder {};
    struct stat version {};
    bool folder_valid = false;
    bool version_valid = false;

    static IndexStamp of(const std::string& path) {
        IndexStamp s;
        s.folder_valid = ::stat(path.c_str(), &s.folder) == 0;
        s.version_valid = ::stat((path + "/iamglass").c_str(), &s.version) == 0;
        return s;
    }
    bool same_folder(const IndexStamp& o) const {
        return folder_valid == o.folder_valid &&
               (!folder_valid || (folder.st_dev == o.folder.st_dev && folder.st_ino == o.folder.st_ino));
    }
    bool same_version(const IndexStamp& o) const {
        return version_valid && o.version_valid && version.st_ino == o.version.st_ino &&
               version.st_size == o.version.st_size && version.st_mtim.tv_sec == o.version.st_mtim.tv_sec &&
               version.st_mtim.tv_nsec == o.version.st_mtim.tv_nsec;
    }
};

}  // namespace

struct Searcher::Impl {
    explicit Impl(const std::string& path)
        : path(normalize_db_path(path)),
          stamp(IndexStamp::of(this->path)),
          db(open_index_for_reading(this->path)),
          compounds(CompoundFilter::load(db)),
          dictionary(StoredDictionary::load(db)) {}

    std::string path;
    IndexStamp stamp;
    Xapian::Database db;
    CompoundFilter compounds;  // of the revision read
    std::shared_ptr<const StoredDictionary> dictionary;
    TermMaker terms;
    std::map<std::string, query::Synonyms> synonyms;  // by --synonyms file ("": the shipped ones)

    // Sees the last commit, and an index rebuilt or swapped in at the same
    // path since it was opened (a long --batch outlives both).
    void refresh() {
        const IndexStamp now = IndexStamp::of(path);
        if (!now.same_folder(stamp)) {
            db = open_index_for_reading(path);
            dictionary = StoredDictionary::load(db);
        } else if (now.same_version(stamp) || !db.reopen()) {
            stamp = now;
            return;
        }
        stamp = now;
        compounds = CompoundFilter::load(db);
        if (!dictionary) dictionary = StoredDictionary::load(db);  // the first bulk load trained one
    }

    // The synonyms a request asks for, read once per file.
    const query::Synonyms* synonyms_for(const SearchRequest& request) {
        if (!request.synonyms) return nullptr;
        auto it = synonyms.find(request.synonyms_file);
        if (it == synonyms.end()) {
            query::Synonyms s = query::Synonyms::shipped();
            if (!request.synonyms_file.empty()) s.read_file(request.synonyms_file);
            it = synonyms.emplace(request.synonyms_file, std::move(s)).first;
        }
        return &it->second;
    }

    BuiltQuery build(const SearchRequest& request, bool explain = false) {
        QueryBuilder builder(db, terms, compounds);
        builder.set_synonyms(synonyms_for(request));
        BuiltQuery built =
            builder.build(request.query, date_range_from_options(request.since, request.until), explain);
        if (!built.has_words && request.query.find_first_not_of(" \t\r\n") == std::string::npos &&
            request.since.empty() && request.until.empty())
            throw Error(ExitCode::Error, "empty query", "give words to search, or --since/--until");
        return built;
    }

    // Undated communiqués come last in both date orders.
    void set_order(Xapian::Enquire& enquire, SortOrder sort) {
        if (sort == SortOrder::Relevance || sort == SortOrder::Recent) return;
        const bool newest = sort == SortOrder::Newest;
        auto* keys = new Xapian::MultiValueKeyMaker;
        keys->add_value(schema::kDateSort, newest, newest ? std::string() : std::string("~"));
        enquire.set_sort_by_key_then_relevance(keys->release(), false);
    }

    // Runs fn on the last commit, reopening the index if a writer replaced
    // what is being read. Xapian errors become vigie::Error here, at the
    // library's edge, never an abort.
    template <typename F>
    auto with_retry(F&& fn) {
        // A writer committing in quick succession can replace the revision
        // being read more than once: reopen and try again a few times.
        constexpr int kAttempts = 5;
        try {
            refresh();
            for (int attempt = 1;; ++attempt) {
                try {
                    return fn();
                } catch (const Xapian::DatabaseModifiedError&) {
                    if (attempt == kAttempts) throw;
                    db.reopen();
                    compounds = CompoundFilter::load(db);
                }
            }
        } catch (const Xapian::DatabaseCorruptError& e) {
            throw Error(ExitCode::Error, fmt::format("index {} is damaged: {}", path, e.get_msg()),
                        "rebuild it with vigie-index");
        } catch (const Xapian::DatabaseError& e) {
            throw Error(ExitCode::Error, fmt::format("index {} cannot be read: {}", path, e.get_description()),
                        "if it was removed or rebuilt meanwhile, search again");
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
        const Xapian::doccount check = std::max(kExactTotalUpTo, wanted);

        Xapian::Enquire enquire(db);
        enquire.set_weighting_scheme(weighting::relevance());
        set_order(enquire, request.sort);
        const Xapian::Query& primary = request.match == MatchMode::Any ? built.any : built.all;
        enquire.set_query(primary);
        // Only relevance orders are re-ranked (an empty query scores nothing).
        const bool recent = request.sort == SortOrder::Recent;
        const bool by_relevance = request.sort == SortOrder::Relevance || recent;
        proximity::Scorer proximity(db, by_relevance ? primary : Xapian::Query());
        const bool rerank = proximity.active();
        Xapian::doccount pool = wanted;
        if (rerank) pool = std::max(pool, proximity::kPool);
        if (recent) pool = std::max(pool, recency::kPool);
        Xapian::MSet mset = enquire.get_mset(0, pool, check);
        std::vector<RankedDoc> ranked;
        for (auto it = mset.begin(); it != mset.end(); ++it) ranked.push_back({*it, it.get_weight(), false});
        if (rerank) rerank_by_proximity(proximity, ranked);
        if (recent) rerank_by_recency(ranked);
        if (ranked.size() > wanted) ranked.resize(wanted);
        result.total = mset.get_matches_estimated();
        result.total_exact = mset.get_matches_lower_bound() == mset.get_matches_upper_bound();

        const bool can_relax = request.match == MatchMode::Auto && built.relaxable && mset.size() < wanted;
        if (can_relax) relax(built, request, wanted, ranked, result);

        for (std::size_t i = request.offset; i < ranked.size(); ++i)
            result.hits.push_back(make_hit(ranked[i], i + 1, request, built.highlights));
        if (request.suggest) result.suggestion = suggest(built, request.query, result);
        return result;
    }

    // The first kPool matches by BM25 plus their proximity bonus; every
    // one of them keeps at least its BM25 score, so none falls below a
    // match outside the pool.
    static void rerank_by_proximity(proximity::Scorer& proximity, std::vector<RankedDoc>& ranked) {
        const std::size_t pool = std::min<std::size_t>(ranked.size(), proximity::kPool);
        for (std::size_t i = 0; i < pool; ++i) ranked[i].weight += proximity.bonus(ranked[i].docid);
        sort_by_weight(ranked, pool);
    }

    // --sort recent: the first recency::kPool matches, their scores times
    // the decay on their age (recency.hpp).
    void rerank_by_recency(std::vector<RankedDoc>& ranked) {
        const std::size_t pool = std::min<std::size_t>(ranked.size(), recency::kPool);
        const long today = recency::today();
        for (std::size_t i = 0; i < pool; ++i) {
            const Xapian::Document doc = db.get_document(ranked[i].docid, Xapian::DOC_ASSUME_VALID);
            ranked[i].weight *= recency::factor(doc.get_value(schema::kDateSort), today);
        }
        sort_by_weight(ranked, pool);
    }

    static void sort_by_weight(std::vector<RankedDoc>& ranked, std::size_t first) {
        std::stable_sort(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(first),
                         [](const RankedDoc& a, const RankedDoc& b) { return a.weight > b.weight; });
    }

    // "Did you mean", when the query finds few communiqués or has a word
    // the index never met as written.
    std::string suggest(const BuiltQuery& built, const std::string& query, const SearchResult& result) {
        const Speller speller(db);
        const bool few = result.total < kFewMatches;
        if (!few && std::none_of(built.plain_words.begin(), built.plain_words.end(),
                                 [&](const std::string& w) { return w.size() >= Speller::kMinLetters && speller.unknown(w); }))
            return "";
        return suggestion(speller, query, built.plain_words);
    }

    // Fills the page with documents that have some of the words, most
    // words first.
    void relax(const BuiltQuery& built, const SearchRequest& request, Xapian::doccount wanted,
               std::vector<RankedDoc>& ranked, SearchResult& result) {
        const std::size_t complete = ranked.size();
        Xapian::Enquire enquire(db);
        enquire.set_weighting_scheme(weighting::relevance());
        // The OR query, skipping the documents already listed: cheaper
        // than (any AND_NOT all), which evaluates both.
        enquire.set_query(built.any);
        set_order(enquire, request.sort);
        const auto need = static_cast<Xapian::doccount>(wanted - complete);
        // With two words, every partial match has one: no need to count.
        const bool count_words = request.sort == SortOrder::Relevance && built.words > 2;
        const Xapian::doccount size = static_cast<Xapian::doccount>(complete) + need + (count_words ? kRelaxedPool : 0);
        Xapian::MSet extra = enquire.get_mset(0, size);
        std::unordered_set<Xapian::docid> listed;
        for (const auto& r : ranked) listed.insert(r.docid);
        std::vector<std::pair<std::size_t, RankedDoc>> partial;
        for (auto it = extra.begin(); it != extra.end(); ++it) {
            if (listed.count(*it)) continue;
            std::size_t words = 0;
            if (count_words)
                words = static_cast<std::size_t>(
                    std::distance(enquire.get_matching_terms_begin(it), enquire.get_matching_terms_end(it)));
            partial.push_back({words, {*it, it.get_weight(), true}});
        }
        // Most words first; the engine's order (relevance or date) next.
        if (count_words)
            std::stable_sort(partial.begin(), partial.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
        for (std::size_t i = 0; i < partial.size() && ranked.size() < wanted; ++i) ranked.push_back(partial[i].second);
        if (partial.empty()) return;
        // The total stays that of the query as asked (every word), as
        // --count gives it: the partial hits come on top.
        result.relaxed = true;
        result.notices.push_back(fmt::format("relaxed: {} document{} contain{} every word; the others contain some of them",
                                             complete, complete == 1 ? "" : "s", complete == 1 ? "s" : ""));
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
        const StoredFields data = StoredFields::unpack(doc.get_data(), dictionary.get());
        hit.id = data.get("id");
        hit.date = data.get("date");
        hit.title = data.get("title");
        hit.source = data.get("source");
        hit.url = data.get("url");
        hit.path = data.get("path");
        if (request.snippets) {
            Snippet snippet = make_snippet(data.get("body"), highlighting, request.snippet_chars, terms.stemmer());
            hit.snippet = std::move(snippet.text);
            hit.highlights = std::move(snippet.highlights);
        }
        return hit;
    }

    std::size_t count(const SearchRequest& request) {
        return with_retry([&] {
            BuiltQuery built = build(request);
            Xapian::Enquire enquire(db);
            // Not BoolWeight, whose unweighted terms meet the Xapian defect
            // worked round in xapianizer.hpp; asked to check every document,
            // the count is exact.
            enquire.set_weighting_scheme(weighting::relevance());
            enquire.set_query(request.match == MatchMode::Any ? built.any : built.all);
            const Xapian::doccount all = db.get_doccount();
            return static_cast<std::size_t>(enquire.get_mset(0, 0, all).get_matches_estimated());
        });
    }

    Explanation explain(const SearchRequest& request) {
        return with_retry([&] { return explain_once(request); });
    }

    Explanation explain_once(const SearchRequest& request) {
        BuiltQuery built = build(request, true);
        Explanation e;
        e.query = request.query;
        e.rewritten = built.rewritten;
        e.tree = built.tree;
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
