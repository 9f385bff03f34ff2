#include <fmt/format.h>

#include <sched.h>
#include <sys/stat.h>

#include <algorithm>
#include <functional>
#include <tuple>
#include <limits>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "index/database.hpp"
#include "index/index_set.hpp"
#include "index/revision_retry.hpp"
#include "index/schema.hpp"
#include "index/stored_dictionary.hpp"
#include "index/stored_fields.hpp"
#include "index/terms.hpp"
#include "index/copies.hpp"
#include "index/weighting.hpp"
#include "query/query_builder.hpp"
#include "search/candidate.hpp"
#include "search/copy_keys.hpp"
#include "search/lookup.hpp"
#include "search/match_set.hpp"
#include "search/pool_helper.hpp"
#include "search/proximity.hpp"
#include "search/recency.hpp"
#include "search/similar.hpp"
#include "search/snippet.hpp"
#include "search/suggestion.hpp"
#include "analysis/tokenizer.hpp"
#include "util/lines.hpp"
#include "util/utf8.hpp"
#include "vigie/vigie.hpp"

namespace vigie {

namespace {

// How far past the page the relaxed (partial-match) candidates are read
// before ranking them by how many words they contain.
constexpr Xapian::doccount kRelaxedPool = 50;
// Totals are exact up to this many matches (Xapian is asked to check them
// all); past it they are estimates, and say so.
constexpr Xapian::doccount kExactTotalUpTo = 10000;
// Candidates of a phrase, NEAR or prefix* confirmed on their text at most,
// for one answer: past it the total is an estimate from their share.
constexpr Xapian::doccount kMaxConfirmed = 200000;

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

}  // namespace

struct Searcher::Impl {
    explicit Impl(std::vector<std::string> databases) : given(databases), index(std::move(databases)) {}

    std::vector<std::string> given;  // the --db values
    IndexSet index;
    TermMaker terms;
    // Reads part of each re-ranking pool, when turned on (pool_helper.hpp).
    std::unique_ptr<PoolHelper> helper;
    bool helper_on = false;
    // The helper during one search, when its index is at the commit read.
    PoolHelper* aligned_helper = nullptr;
    std::map<std::string, query::Synonyms> synonyms;  // by --synonyms file ("": the shipped ones)

    const Xapian::Database& db() const { return index.db(); }

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
        QueryBuilder builder(db(), terms, [this](const std::string& key) { return index.compound_spellings(key); });
        builder.set_synonyms(synonyms_for(request));
        BuiltQuery built =
            builder.build(request.query, date_range_from_options(request.since, request.until), explain);
        if (!built.has_words && request.query.find_first_not_of(" \t\r\n") == std::string::npos &&
            request.since.empty() && request.until.empty() && request.like.empty())
            throw Error(ExitCode::Error, "empty query", "give words to search, or --since/--until");
        return built;
    }

    // Orders that Xapian sorts by on every backend, remote ones included
    // (a KeyMaker it cannot send). Equal scores and equal dates come in
    // document number order: the order communiqués were first indexed,
    // which vigie-index --shards keeps (its shards number them as one
    // index would).
    static void set_order(Xapian::Enquire& enquire, SortOrder sort) {
        switch (sort) {
            // Recent: relevance, re-ranked by age afterwards (search/recency).
            case SortOrder::Relevance: case SortOrder::Recent: return;
            // Undated documents have no kDateSort value: last when reversed.
            case SortOrder::Newest: enquire.set_sort_by_value_then_relevance(schema::kDateSort, true); return;
            case SortOrder::Oldest: enquire.set_sort_by_value_then_relevance(schema::kOldestFirst, false); return;
        }
    }

    // Runs fn on the last commit, reopening the index if a writer replaced
    // what is being read. Xapian errors become vigie::Error here, at the
    // library's edge, never an abort.
    template <typename F>
    auto with_retry(F&& fn) {
        try {
            return read_latest_revision(
                [&] {
                    index.refresh();
                    return fn();
                },
                [&] { index.reopen(); }, [&] { return index.committed_since_read(); },
                [&] { return index.writer_signs(); });
        } catch (const Xapian::DatabaseModifiedError&) {
            throw modified_while_read(index.describe());
        } catch (const Xapian::DatabaseCorruptError& e) {
            throw Error(ExitCode::Error, fmt::format("index {} is damaged: {}", index.describe(), e.get_msg()),
                        "rebuild it with vigie-index");
        } catch (const Xapian::NetworkError& e) {
            throw Error(ExitCode::Error,
                        fmt::format("a remote shard of {} stopped answering: {}", index.describe(), e.get_description()),
                        "check that xapian-tcpsrv still serves it, and search again");
        } catch (const Xapian::DatabaseError& e) {
            throw Error(ExitCode::Error, fmt::format("index {} cannot be read: {}", index.describe(), e.get_description()),
                        "if it was removed or rebuilt meanwhile, search again");
        } catch (const Xapian::Error& e) {
            throw Error(ExitCode::Error, fmt::format("index {}: {}", index.describe(), e.get_description()));
        }
    }

    SearchResult search(const SearchRequest& request) {
        if (helper_on) helper->prewake();
        return with_retry([&] { return search_once(request); });
    }

    // The second thread, when searches use it.
    PoolHelper* second_thread() { return aligned_helper; }

    void use_second_thread(bool on) {
        // A remote or sharded index is read on this thread alone, and so
        // is any index when this process may run on one CPU only.
        if (on && !helper && index.shard_count() == 1 && !index.has_remote() && usable_cpus() >= 2) {
            try {
                helper = std::make_unique<PoolHelper>(given);
            } catch (const std::exception&) {
                helper.reset();  // searches go on, on one thread; their own errors say what is wrong
            }
        }
        helper_on = on && helper;
    }

    // The CPUs this process may run on (taskset, a container's cpuset).
    static int usable_cpus() {
        cpu_set_t set;
        if (sched_getaffinity(0, sizeof set, &set) != 0) return 1;
        return CPU_COUNT(&set);
    }

    // The test a query's candidates must pass; null when none is needed.
    static query::TestPtr checked_test(const BuiltQuery& built, bool any) {
        if (!built.checked) return nullptr;
        return any ? built.any_test : built.all_test;
    }

    // Confirms one candidate against test (none: every candidate matches).
    std::function<bool(Xapian::docid)> confirmer(const query::TestPtr& test) {
        if (!test) return nullptr;
        return [this, test](Xapian::docid docid) {
            return confirmed(db(), docid, test, index.dictionaries(), terms.stemmer());
        };
    }

    // An MSet's count of the matches, and whether it is exact.
    static std::pair<std::size_t, bool> total_of(const Xapian::MSet& m) {
        return {m.get_matches_estimated(), m.get_matches_lower_bound() == m.get_matches_upper_bound()};
    }

    // How get_mset(0, size, check) counts query's matches in db.
    static std::pair<std::size_t, bool> counted_matches(const Xapian::Database& db, const Xapian::Query& query,
                                                        SortOrder sort, Xapian::doccount size, Xapian::doccount check) {
        Xapian::Enquire counting(db);
        counting.set_weighting_scheme(weighting::relevance());
        set_order(counting, sort);
        counting.set_query(query);
        return total_of(counting.get_mset(0, size, check));
    }

    // A query handed to the second thread, for one search.
    struct SecondJob {
        PoolHelper* helper = nullptr;
        PoolHelper::Job job;
        std::string query;  // serialised: Xapian's objects are not shared between threads
        bool pending = false;  // queued, not finished
        SecondJob() = default;
        SecondJob(const SecondJob&) = delete;
        SecondJob& operator=(const SecondJob&) = delete;
        // An error unwinding past it must not leave the job running.
        ~SecondJob() {
            if (!pending) return;
            try {
                helper->finish(job);
            } catch (...) {
            }
        }
    };

    // The count of a query's matches, on the second thread.
    struct SecondCount : SecondJob {
        SortOrder sort = SortOrder::Relevance;
        Xapian::doccount size = 0, check = 0;
        std::pair<std::size_t, bool> counted;
    };

    struct Walk {
        std::vector<RankedDoc> ranked;
        std::size_t total = 0;
        bool exact = false;
        std::unique_ptr<SecondCount> count;  // the total, when counted on the second thread
    };

    // Starts counting enquire's matches on the second thread, as
    // get_mset(0, size, check) counts them here.
    void count_on_second_thread(const Xapian::Enquire& enquire, SortOrder sort, Xapian::doccount size,
                                Xapian::doccount check, Walk& w) {
        auto count = std::make_unique<SecondCount>();
        SecondCount& c = *count;
        c.helper = second_thread();
        c.query = enquire.get_query().serialise();
        c.sort = sort;
        c.size = size;
        c.check = check;
        w.count = std::move(count);
        c.helper->start(c.job, [&c](const IndexSet& index, Xapian::Stem&) {
            c.counted = counted_matches(index.db(), Xapian::Query::unserialise(c.query), c.sort, c.size, c.check);
        });
        c.pending = true;
    }

    // The walk's total, once its count on the second thread is done; here,
    // through the walk's enquire, if that thread had not begun it yet.
    void settle_total(Walk& w, Xapian::Enquire& enquire) {
        if (!w.count) return;
        SecondCount& c = *w.count;
        c.pending = false;
        if (!c.helper->finish(c.job)) c.counted = total_of(enquire.get_mset(0, c.size, c.check));
        w.total = c.counted.first;
        w.exact = c.counted.second;
        w.count.reset();
    }

    // The MSet size walk asks for first, for `wanted` matches.
    static Xapian::doccount first_pool(Xapian::doccount wanted, bool collapse, bool tested) {
        return collapse || tested ? wanted + wanted / 4 + 10 : wanted;
    }

    // The matches in the engine's order, up to wanted of them: confirmed one
    // by one when the query has a test, copies of a listed hit (and the
    // documents in skip) passed over, more read when that leaves the page
    // short. With a test, the total is the count of confirmed candidates
    // among the first `check` (exact when they were all the candidates).
    // total_wanted: what wanted is on the first page (--offset 0), whose
    // total every page gives.
    Walk walk(Xapian::Enquire& enquire, SortOrder sort, const query::TestPtr& test, const Xapian::Query& sure,
              Xapian::doccount wanted, Xapian::doccount total_wanted, bool collapse, CopyKeys& copy_keys,
              std::unordered_set<std::string>& shown_copies) {
        constexpr Xapian::doccount kMaxPool = std::numeric_limits<Xapian::doccount>::max() / 2;
        const Xapian::doccount check = kExactTotalUpTo;
        Walk w;
        const auto is_confirmed = confirmer(test);
        Xapian::MSet mset, first;  // first: the first MSet read
        bool read_first = false;
        Xapian::doccount examined = 0;
        Xapian::doccount pool = first_pool(wanted, collapse, test != nullptr);
        // With a second thread, it counts (the MSet below, asked to check
        // that many) while this one ranks the page without counting.
        const Xapian::doccount total_pool = first_pool(total_wanted, collapse, false);
        if (!test && second_thread()) count_on_second_thread(enquire, sort, total_pool, std::max(check, total_pool), w);
        const bool counting_here = !test && !w.count;
        // The page, in the engine's order. Xapian counts the matches only
        // when no test must (count_matches).
        for (;;) {
            mset = enquire.get_mset(0, pool, counting_here ? std::max(check, pool) : pool);
            if (!read_first) {
                first = mset;
                read_first = true;
            }
            if (collapse) copy_keys.read(docids_of(mset, examined));
            for (; examined < mset.size() && w.ranked.size() < wanted; ++examined) {
                const Xapian::MSetIterator it = mset[examined];
                if (is_confirmed && !is_confirmed(*it)) continue;
                if (collapse) {
                    const std::string key = copy_keys.of(*it);
                    if (!key.empty() && !shown_copies.insert(key).second) continue;
                }
                w.ranked.push_back({*it, it.get_weight(), false});
            }
            if (w.ranked.size() >= wanted || mset.size() < pool || pool >= kMaxPool) break;
            pool = pool > kMaxPool / 2 ? kMaxPool : pool * 2;
        }
        if (w.count) return w;  // counted by the second thread
        if (!test) {
            // Xapian's estimate depends on how many matches it ranked: the
            // total is the first page's, so that --offset never moves it.
            const Xapian::MSet counted = total_pool == first_pool(wanted, collapse, false)
                                             ? first
                                             : enquire.get_mset(0, total_pool, std::max(check, total_pool));
            std::tie(w.total, w.exact) = total_of(counted);
            return w;
        }
        // The total: the sure candidates, counted by Xapian, and those of
        // the others that pass the test (exact while at most `check`).
        const Counted counted = count_matches(enquire.get_query(), sure, test, check);
        w.total = counted.total;
        w.exact = counted.exact;
        return w;
    }

    // The documents of an MSet, from its first'th.
    static std::vector<Xapian::docid> docids_of(const Xapian::MSet& mset, Xapian::doccount first) {
        std::vector<Xapian::docid> out;
        for (Xapian::doccount i = first; i < mset.size(); ++i) out.push_back(*mset[i]);
        return out;
    }

    struct Counted {
        std::size_t total = 0;
        bool exact = false;
        std::vector<Xapian::docid> uncertain_matches;  // confirmed candidates outside sure
    };

    // The matches of candidates under test: those of sure (Xapian's count,
    // exact up to check) and those of the other candidates that pass the
    // test, read in docid order so that the postings a test reads are read
    // forward once; up to kMaxConfirmed of them.
    Counted count_matches(const Xapian::Query& candidates, const Xapian::Query& sure, const query::TestPtr& test,
                          Xapian::doccount check, bool keep_matches = false) {
        Counted c;
        Xapian::Enquire enquire(db());
        enquire.set_weighting_scheme(weighting::relevance());
        std::size_t sure_total = 0;
        bool sure_exact = true;
        if (!sure.empty()) {
            enquire.set_query(sure);
            std::tie(sure_total, sure_exact) = total_of(enquire.get_mset(0, 0, check));
        }
        enquire.set_query(sure.empty() ? candidates : Xapian::Query(Xapian::Query::OP_AND_NOT, candidates, sure));
        const Xapian::MSet others = enquire.get_mset(0, kMaxConfirmed, kMaxConfirmed);
        std::vector<Xapian::docid> ids;
        for (auto it = others.begin(); it != others.end(); ++it) ids.push_back(*it);
        std::sort(ids.begin(), ids.end());
        TermCursors cursors(db());
        std::size_t confirmed_count = 0, read = 0;
        for (const Xapian::docid id : ids) {
            if (!keep_matches && sure_total + confirmed_count > check) break;
            ++read;
            if (confirmed(db(), id, test, index.dictionaries(), terms.stemmer(), &cursors)) {
                ++confirmed_count;
                if (keep_matches) c.uncertain_matches.push_back(id);
            }
        }
        const bool all_read = read >= others.get_matches_upper_bound();
        c.total = sure_total + (all_read ? confirmed_count
                                         : static_cast<std::size_t>(static_cast<double>(confirmed_count) *
                                                                    others.get_matches_estimated() / std::max<std::size_t>(read, 1)));
        c.exact = sure_exact && all_read;
        return c;
    }

    SearchResult search_once(const SearchRequest& request) {
        // Every job handed to the helper ends within this search.
        aligned_helper = helper_on && helper->aligned_with(db()) ? helper.get() : nullptr;
        struct Unalign {
            PoolHelper*& helper;
            ~Unalign() { helper = nullptr; }
        } unalign{aligned_helper};
        for (const auto& facet : request.facets)
            if (std::find(Searcher::facet_names().begin(), Searcher::facet_names().end(), facet) ==
                Searcher::facet_names().end())
                throw Error(ExitCode::Error, fmt::format("unknown facet '{}' (cve, ref, source or year)", facet));
        BuiltQuery built = build(request);
        SearchResult result;
        result.notices = built.notices;
        // Xapian counts in 32 bits: a larger page is "everything".
        constexpr std::size_t kMaxWanted = std::numeric_limits<Xapian::doccount>::max() - 1;
        const std::size_t asked = request.limit > kMaxWanted - std::min(request.offset, kMaxWanted)
                                      ? kMaxWanted
                                      : request.offset + request.limit;
        const auto wanted = static_cast<Xapian::doccount>(asked);

        const Xapian::Query primary = primary_query(request, built);
        const query::TestPtr test = checked_test(built, request.match == MatchMode::Any);
        Xapian::Enquire enquire(db());
        enquire.set_weighting_scheme(weighting::relevance());
        set_order(enquire, request.sort);
        enquire.set_query(primary);
        // Copies are collapsed here rather than by Xapian, whose counts
        // of the uncollapsed matches are not exact.
        const bool collapse = request.collapse && db().get_value_freq(schema::kCopyKey) > 0;
        std::unordered_set<std::string> shown_copies;  // copy keys of the hits
        CopyKeys copy_keys(db(), !index.has_remote());
        const Xapian::Query& sure = request.match == MatchMode::Any ? built.any_sure : built.all_sure;
        // Relevance orders re-rank the first matches: read them all.
        const bool recent = request.sort == SortOrder::Recent;
        const bool by_relevance = (request.sort == SortOrder::Relevance || recent) && !is_filter_only(built);
        Xapian::doccount pool = wanted;
        if (by_relevance) pool = std::max(pool, proximity::kPool);
        if (recent) pool = std::max(pool, recency::kPool);
        // The first page's wanted, for the total.
        Xapian::doccount first_page = static_cast<Xapian::doccount>(std::min(request.limit, kMaxWanted));
        if (by_relevance) first_page = std::max(first_page, proximity::kPool);
        if (recent) first_page = std::max(first_page, recency::kPool);
        Walk walked = walk(enquire, request.sort, test, sure, pool, first_page, collapse, copy_keys, shown_copies);
        std::vector<RankedDoc>& ranked = walked.ranked;
        // The stored fields the re-ranking read, for the page's hits.
        std::unordered_map<Xapian::docid, proximity::PooledText> read;
        // Whether the matches it found in the bodies are those the
        // snippets look for.
        bool read_matches_fit = false;
        if (by_relevance) read_matches_fit = rerank_by_proximity(primary, built.plain_words, built.highlights, ranked, read);
        if (recent) rerank_by_recency(ranked);
        if (ranked.size() > wanted) ranked.resize(wanted);

        const bool can_relax = request.match == MatchMode::Auto && built.relaxable && ranked.size() < wanted;
        if (can_relax) relax(built, request, wanted, collapse, copy_keys, ranked, shown_copies, result);

        // The hits' keys were read with the candidates': this reads those of
        // none, unless a hit came from elsewhere. Without values in the slot,
        // no hit has copies.
        if (collapse) {
            std::vector<Xapian::docid> page;
            for (std::size_t i = request.offset; i < ranked.size(); ++i) page.push_back(ranked[i].docid);
            copy_keys.read(std::move(page));
        }
        std::vector<HitText> texts = hit_texts(ranked, request.offset, request, built.highlights, read, read_matches_fit);
        for (std::size_t i = request.offset; i < ranked.size(); ++i)
            result.hits.push_back(make_hit(ranked[i], i + 1, std::move(texts[i - request.offset]), primary, test,
                                           collapse ? &copy_keys : nullptr));
        // As late as can be: the second thread may still be counting.
        settle_total(walked, enquire);
        result.total = walked.total;
        result.total_exact = walked.exact;
        if (request.suggest) result.suggestion = suggest(built, request.query, result);

        if (request.timeline != TimelineUnit::None || !request.facets.empty()) {
            MatchSetRequest views;
            views.timeline = request.timeline;
            views.facets = request.facets;
            views.facet_limit = request.facet_limit;
            views.range = built.all_dates;
            MatchSetViews counted = match_set_views(db(), primary, views, confirmer(test));
            result.timeline = std::move(counted.timeline);
            result.facets = std::move(counted.facets);
        }
        return result;
    }

    // The query as asked: every word or some (--match), and with --like
    // those most like one communiqué (with words, those matching them,
    // ranked by both).
    Xapian::Query primary_query(const SearchRequest& request, BuiltQuery& built) {
        Xapian::Query primary = request.match == MatchMode::Any ? built.any : built.all;
        if (request.like.empty()) return primary;
        SimilarQuery similar = similar_to(db(), request.like);
        primary = built.has_words && !is_filter_only(built)
                      ? Xapian::Query(Xapian::Query::OP_AND_MAYBE, primary, similar.query)
                      : built.has_words ? Xapian::Query(Xapian::Query::OP_FILTER, similar.query, primary)
                                        : similar.query;
        for (const auto& key : similar.keys) built.highlights.add_key(key);
        built.relaxable = false;
        return primary;
    }

    // A query of filters only (date:, id:, --since): it selects, it does
    // not rank.
    static bool is_filter_only(const BuiltQuery& built) { return built.words == 0; }

    // The first kPool matches by BM25 plus their proximity bonus; every
    // one of them keeps at least its BM25 score, so none falls below a
    // match outside the pool.
    // The texts it read are kept in read for the page's hits; the matches
    // found in their bodies too, when they are what the snippets look for
    // (highlighting: the same terms): the result says whether they are.
    bool rerank_by_proximity(const Xapian::Query& query, const std::vector<std::string>& typed,
                             const MatchedTerms& highlighting, std::vector<RankedDoc>& ranked,
                             std::unordered_map<Xapian::docid, proximity::PooledText>& read) {
        proximity::Scorer proximity(db(), query, typed, terms, index.dictionaries());
        if (!proximity.active()) return false;
        const std::size_t pool = std::min<std::size_t>(ranked.size(), proximity::kPool);
        std::vector<Xapian::docid> docids(pool);
        for (std::size_t i = 0; i < pool; ++i) docids[i] = ranked[i].docid;
        const std::vector<double> bonus = proximity.bonuses(docids, &read, second_thread());
        for (std::size_t i = 0; i < pool; ++i) ranked[i].weight += bonus[i];
        sort_by_weight(ranked, pool);
        return proximity.sought() == highlighting;
    }

    // --sort recent: the first recency::kPool matches, their scores times
    // the decay on their age (recency.hpp).
    void rerank_by_recency(std::vector<RankedDoc>& ranked) {
        const std::size_t pool = std::min<std::size_t>(ranked.size(), recency::kPool);
        const long today = recency::today();
        for (std::size_t i = 0; i < pool; ++i) {
            const Xapian::Document doc = db().get_document(ranked[i].docid, Xapian::DOC_ASSUME_VALID);
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
        const Speller speller(db(), terms, index.dictionaries());
        const bool few = result.total < kFewMatches;
        if (!few && std::none_of(built.plain_words.begin(), built.plain_words.end(),
                                 [&](const std::string& w) { return w.size() >= Speller::kMinLetters && speller.unknown(w); }))
            return "";
        return suggestion(speller, query, built.plain_words, highlighted_words(result));
    }

    // The words the hits' snippets highlight as typed, folded, in more
    // documents than a typo's (Speller::kTypoDocuments): such a query word is
    // written in the texts found, whatever the few documents the speller
    // reads say (ordonnances, among ordonner's forms).
    static std::set<std::string> highlighted_words(const SearchResult& result) {
        std::map<std::string, std::size_t> hits_with;
        Token token;
        for (const Hit& hit : result.hits) {
            std::set<std::string> in_hit;
            for (const auto& [begin, end] : hit.highlights) {
                const std::size_t from = utf8::prefix_bytes(hit.snippet, begin);
                const std::size_t to = utf8::prefix_bytes(hit.snippet, end);
                if (to <= from) continue;
                const std::string span = hit.snippet.substr(from, to - from);
                Tokenizer tokenizer(span);
                while (tokenizer.next(token))
                    if (token.kind == Token::Kind::Word) in_hit.insert(token.term);
            }
            // A hit's copies (collapsed under it) write the same.
            for (const auto& word : in_hit) hits_with[word] += 1 + hit.copies.size();
        }
        std::set<std::string> words;
        for (const auto& [word, hits] : hits_with)
            if (hits > Speller::kTypoDocuments) words.insert(word);
        return words;
    }

    // Fills the page with documents that have some of the words, most
    // words first.
    void relax(const BuiltQuery& built, const SearchRequest& request, Xapian::doccount wanted, bool collapse,
               CopyKeys& copy_keys, std::vector<RankedDoc>& ranked, std::unordered_set<std::string>& shown_copies,
               SearchResult& result) {
        const std::size_t complete = ranked.size();
        Partials partials{built, wanted, collapse ? &copy_keys : nullptr, ranked, {}, shown_copies};
        for (const auto& r : ranked) partials.listed.insert(r.docid);
        // Most words first: with two, every partial match has one.
        const bool by_words = request.sort == SortOrder::Relevance && built.words > 2;
        // Those missing one word first, all as good by that measure: in
        // the engine's order. The OR's best alone would leave out documents
        // whose words are all common, behind those with one rare word; and
        // the OR reads every document with any of the words, where this
        // reads those with all but one.
        bool all_but_one_listed = false;
        if (by_words && !built.any_but_one.empty())
            all_but_one_listed = take_partials(partials, best_of_halves(built.any_but_one, partials.size(0)), false);
        // Then the others, counting their words where they may differ:
        // with three words, those left have one each.
        const bool count_words = by_words && !(all_but_one_listed && built.words == 3);
        if (ranked.size() < wanted)
            take_partials(partials,
                          best_matches(db(), built.any, weighting::relevance(), request.sort,
                                       partials.size(count_words ? kRelaxedPool : 0)),
                          count_words);
        if (ranked.size() == complete) return;
        // The total stays that of the query as asked (every word), as
        // --count gives it: the partial hits come on top.
        result.relaxed = true;
        result.notices.push_back(fmt::format("relaxed: {} document{} contain{} every word; the others contain some of them",
                                             complete, complete == 1 ? "" : "s", complete == 1 ? "s" : ""));
    }

    // What relax() has listed, as it asks one query after another.
    struct Partials {
        const BuiltQuery& built;
        Xapian::doccount wanted;
        CopyKeys* copy_keys;  // null: copies are not collapsed
        std::vector<RankedDoc>& ranked;
        std::unordered_set<Xapian::docid> listed;
        std::unordered_set<std::string>& shown_copies;

        // The matches to read for the page's rest, the listed ones among
        // them, and more to choose from.
        Xapian::doccount size(Xapian::doccount more) const {
            return static_cast<Xapian::doccount>(listed.size() + (wanted - ranked.size()) + more);
        }
    };

    // A query's best matches, in the engine's order; all: every match.
    struct Best {
        std::vector<std::pair<Xapian::docid, double>> matches;
        bool all = true;
    };

    static Best best_matches(const Xapian::Database& d, const Xapian::Query& query, const Xapian::Weight& weighting,
                             SortOrder sort, Xapian::doccount size) {
        Xapian::Enquire enquire(d);
        enquire.set_weighting_scheme(weighting);
        enquire.set_query(query);
        set_order(enquire, sort);
        const Xapian::MSet mset = enquire.get_mset(0, size);
        Best best;
        for (auto it = mset.begin(); it != mset.end(); ++it) best.matches.emplace_back(*it, it.get_weight());
        best.all = mset.size() < size;
        return best;
    }

    // The first half's best matches, read on the second thread.
    struct SecondHalf : SecondJob {
        Xapian::doccount size = 0;
        Best best;
    };

    // The best matches of the OR of the halves (BuiltQuery::any_but_one),
    // by relevance_once_per_term(): each half read alone (the first on the
    // second thread when there is one), a document's weights in both added,
    // as the OR would.
    Best best_of_halves(const std::vector<Xapian::Query>& halves, Xapian::doccount size) {
        const Xapian::BM25Weight once = weighting::relevance_once_per_term();
        SecondHalf first;
        first.helper = second_thread();
        first.size = size;
        if (first.helper) {
            first.query = halves[0].serialise();
            first.helper->start(first.job, [&first](const IndexSet& index, Xapian::Stem&) {
                first.best = best_matches(index.db(), Xapian::Query::unserialise(first.query),
                                          weighting::relevance_once_per_term(), SortOrder::Relevance, first.size);
            });
            first.pending = true;
        }
        std::vector<Best> halves_best;
        for (std::size_t i = 1; i < halves.size(); ++i)
            halves_best.push_back(best_matches(db(), halves[i], once, SortOrder::Relevance, size));
        first.pending = false;
        if (!first.helper || !first.helper->finish(first.job))
            first.best = best_matches(db(), halves[0], once, SortOrder::Relevance, size);
        halves_best.push_back(std::move(first.best));

        std::unordered_map<Xapian::docid, double> weights;
        Best out;
        for (const Best& b : halves_best) {
            out.all = out.all && b.all;
            for (const auto& [docid, weight] : b.matches) weights[docid] += weight;
        }
        out.matches.assign(weights.begin(), weights.end());
        // Xapian's order: by weight, then by docid.
        std::sort(out.matches.begin(), out.matches.end(), [](const auto& a, const auto& b) {
            return a.second != b.second ? a.second > b.second : a.first < b.first;
        });
        if (out.matches.size() >= size) out.all = false;
        if (out.matches.size() > size) out.matches.resize(size);
        return out;
    }

    // Appends best's matches not listed yet, as far as wanted: most of the
    // query's terms first when count_words, best's order next. Returns
    // whether every match of best's query is listed now.
    bool take_partials(Partials& p, const Best& best, bool count_words) {
        std::vector<std::pair<std::size_t, RankedDoc>> partial;
        std::vector<Xapian::docid> unlisted;
        for (const auto& [docid, weight] : best.matches)
            if (!p.listed.count(docid)) unlisted.push_back(docid);
        const std::unordered_set<Xapian::docid> passed = passing(unlisted, checked_test(p.built, true));
        if (p.copy_keys) {
            std::vector<Xapian::docid> candidates;
            for (const Xapian::docid id : unlisted)
                if (passed.count(id)) candidates.push_back(id);
            p.copy_keys->read(std::move(candidates));
        }
        for (const auto& [docid, weight] : best.matches) {
            if (p.listed.count(docid) || !passed.count(docid)) continue;
            // A copy of a hit already listed is listed under it.
            if (p.copy_keys) {
                const std::string key = p.copy_keys->of(docid);
                if (!key.empty() && !p.shown_copies.insert(key).second) continue;
            }
            partial.push_back({0, {docid, weight, true}});
        }
        if (count_words) {
            count_matching_terms(p.built.any, partial);
            std::stable_sort(partial.begin(), partial.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
        }
        std::size_t taken = 0;
        for (; taken < partial.size() && p.ranked.size() < p.wanted; ++taken) {
            p.ranked.push_back(partial[taken].second);
            p.listed.insert(partial[taken].second.docid);
        }
        // Those read but not taken are matches not listed; those not read
        // too, when best is not all.
        return taken == partial.size() && best.all;
    }

    // The candidates that pass test (all of them when there is none),
    // confirmed in docid order so that the postings the test reads are
    // read forward once rather than sought anew for each candidate.
    std::unordered_set<Xapian::docid> passing(std::vector<Xapian::docid> candidates, const query::TestPtr& test) {
        if (!test) return {candidates.begin(), candidates.end()};
        std::sort(candidates.begin(), candidates.end());
        TermCursors cursors(db());
        std::unordered_set<Xapian::docid> out;
        for (const Xapian::docid id : candidates)
            if (confirmed(db(), id, test, index.dictionaries(), terms.stemmer(), &cursors)) out.insert(id);
        return out;
    }

    // How many of the query's terms each candidate holds, as Xapian's
    // get_matching_terms counts them, from the terms' postings, in docid
    // order: reading each candidate's whole term list (inflated by zlib)
    // was most of a relaxed three-word query's time.
    void count_matching_terms(const Xapian::Query& query, std::vector<std::pair<std::size_t, RankedDoc>>& partial) {
        const std::vector<std::string> terms(query.get_unique_terms_begin(), query.get_unique_terms_end());
        std::vector<std::size_t> order(partial.size());
        for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
        std::sort(order.begin(), order.end(),
                  [&](std::size_t a, std::size_t b) { return partial[a].second.docid < partial[b].second.docid; });
        TermCursors cursors(db());
        for (const std::size_t i : order)
            for (const auto& term : terms) partial[i].first += cursors.has(term, partial[i].second.docid) ? 1 : 0;
    }

    // What a hit shows of its text: its stored fields and its snippet.
    struct HitText {
        StoredFields data;
        Snippet snippet;
    };

    // The texts of the hits ranked[first...], from what the re-ranking read
    // (its matches too, when they are what the snippets look for) or read
    // now; on two threads when a second one reads (pool_helper.hpp).
    std::vector<HitText> hit_texts(const std::vector<RankedDoc>& ranked, std::size_t first,
                                   const SearchRequest& request, const MatchedTerms& highlighting,
                                   std::unordered_map<Xapian::docid, proximity::PooledText>& read,
                                   bool read_matches_fit) {
        std::vector<HitText> out(ranked.size() > first ? ranked.size() - first : 0);
        share_work(second_thread(), out.size(), db(), index.dictionaries(), terms.stemmer(),
                   [&](std::size_t i, const Xapian::Database& d, const Dictionaries& dictionaries, Xapian::Stem& stem) {
                       const Xapian::docid docid = ranked[first + i].docid;
                       // Distinct entries (a docid is ranked once): the threads
                       // never touch the same one.
                       const auto cached = read.find(docid);
                       const bool was_read = cached != read.end();
                       HitText& text = out[i];
                       // The MSet was just read from this revision: no need to
                       // check again that the document exists.
                       text.data = was_read ? std::move(cached->second.fields)
                                            : StoredFields::unpack(
                                                  d.get_document(docid, Xapian::DOC_ASSUME_VALID).get_data(),
                                                  dictionaries);
                       if (!request.snippets) return;
                       const std::string_view body = text.data.get("body");
                       text.snippet = was_read && read_matches_fit
                                          ? make_snippet(body, cached->second.body_matches, request.snippet_chars)
                                          : make_snippet(body, highlighting, request.snippet_chars, stem);
                   });
        return out;
    }

    Hit make_hit(const RankedDoc& ranked, std::size_t rank, HitText text, const Xapian::Query& query,
                 const query::TestPtr& test, const CopyKeys* copy_keys) {
        Hit hit;
        hit.rank = rank;
        hit.score = ranked.weight;
        hit.partial = ranked.partial;
        const StoredFields& data = text.data;
        hit.id = data.get("id");
        hit.date = data.get("date");
        hit.title = data.get("title");
        hit.source = data.get("source");
        hit.url = data.get("url");
        hit.path = data.get("path");
        hit.cves = lines_of(data.get("cves"));
        hit.refs = lines_of(data.get("refs"));
        hit.snippet = std::move(text.snippet.text);
        hit.highlights = std::move(text.snippet.highlights);
        if (copy_keys) {
            const std::string key =
                copy_keys->of(ranked.docid, db().get_document(ranked.docid, Xapian::DOC_ASSUME_VALID));
            if (!key.empty()) hit.copies = copies_of(ranked.docid, key, query, test);
        }
        return hit;
    }

    // The other copies of a hit that match the query, most relevant first.
    std::vector<Copy> copies_of(Xapian::docid shown, const std::string& key, const Xapian::Query& query,
                                const query::TestPtr& test) {
        constexpr Xapian::doccount kMaxListed = 100;
        Xapian::Enquire enquire(db());
        enquire.set_weighting_scheme(weighting::relevance());
        enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, query, Xapian::Query(copies::key_term(key))));
        std::vector<Copy> out;
        const Xapian::MSet mset = enquire.get_mset(0, kMaxListed + 1);
        const auto is_confirmed = confirmer(test);
        for (auto it = mset.begin(); it != mset.end(); ++it) {
            if (*it == shown || (is_confirmed && !is_confirmed(*it))) continue;
            const StoredFields data = StoredFields::unpack(it.get_document().get_data(), index.dictionaries());
            out.push_back({std::string(data.get("id")), std::string(data.get("date"))});
        }
        return out;
    }

    static std::vector<std::string> lines_of(std::string_view text) {
        std::vector<std::string> out;
        for (const auto line : split_lines(text)) out.emplace_back(line);
        return out;
    }

    std::size_t count(const SearchRequest& request) {
        return with_retry([&] {
            BuiltQuery built = build(request);
            const bool any = request.match == MatchMode::Any;
            Xapian::Enquire enquire(db());
            // Not BoolWeight, whose unweighted terms meet the Xapian defect
            // worked round in xapianizer.hpp; asked to check every document,
            // the count is exact.
            enquire.set_weighting_scheme(weighting::relevance());
            const Xapian::Query primary = primary_query(request, built);
            enquire.set_query(primary);
            const Xapian::doccount all = db().get_doccount();
            const query::TestPtr test = checked_test(built, any);
            if (!test) return static_cast<std::size_t>(enquire.get_mset(0, 0, all).get_matches_estimated());
            return count_matches(primary, any ? built.any_sure : built.all_sure, test, all, true).total;
        });
    }

    Document document(const std::string& id) {
        return with_retry([&] {
            const Xapian::docid docid = find_by_id(db(), id);
            if (!docid) throw Error(ExitCode::Error, fmt::format("no communiqué with id '{}'", id));
            const StoredFields data = StoredFields::unpack(db().get_document(docid).get_data(), index.dictionaries());
            Document d;
            d.id = data.get("id");
            d.date = data.get("date");
            d.title = data.get("title");
            d.source = data.get("source");
            d.url = data.get("url");
            d.path = data.get("path");
            // The text as read; the body when repeats were not collapsed.
            d.text = data.get("original").empty() ? data.get("body") : data.get("original");
            d.cves = lines_of(data.get("cves"));
            d.refs = lines_of(data.get("refs"));
            return d;
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

Searcher::Searcher(const std::string& db_path) : impl_(std::make_unique<Impl>(std::vector<std::string>{db_path})) {}
Searcher::Searcher(const std::vector<std::string>& databases) : impl_(std::make_unique<Impl>(databases)) {}
Searcher::~Searcher() = default;
Searcher::Searcher(Searcher&&) noexcept = default;
Searcher& Searcher::operator=(Searcher&&) noexcept = default;

SearchResult Searcher::search(const SearchRequest& request) { return impl_->search(request); }
std::size_t Searcher::count(const SearchRequest& request) { return impl_->count(request); }
void Searcher::use_second_thread(bool on) { impl_->use_second_thread(on); }
Explanation Searcher::explain(const SearchRequest& request) { return impl_->explain(request); }
Document Searcher::document(const std::string& id) { return impl_->document(id); }

const std::vector<std::string>& Searcher::facet_names() {
    static const std::vector<std::string> names = {"cve", "ref", "source", "year"};
    return names;
}
std::size_t Searcher::document_count() const { return impl_->db().get_doccount(); }

}  // namespace vigie
