// A searcher that reads its re-ranking pools on a second thread
// (search/pool_helper.hpp) answers exactly as one that reads them alone,
// also while a writer commits. Built into the pipeline's tests too, which
// scripts/test.sh runs under ThreadSanitizer.
#include <catch2/catch.hpp>

#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iomanip>
#include <mutex>
#include <set>
#include <stdexcept>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "busy_writer.hpp"
#include "index/terms.hpp"
#include "samples_index.hpp"
#include "search/pool_helper.hpp"
#include "vigie/vigie.hpp"

namespace fs = std::filesystem;

namespace {

// Everything a search answers that a reader could see, in order.
std::string answer_of(vigie::Searcher& searcher, const std::string& query, vigie::MatchMode match,
                      std::size_t offset = 0) {
    vigie::SearchRequest request;
    request.query = query;
    request.match = match;
    request.limit = 10;
    request.offset = offset;
    const vigie::SearchResult r = searcher.search(request);
    std::ostringstream out;
    out << std::setprecision(17) << r.total << (r.total_exact ? " exact" : " about") << '\n';
    for (const auto& hit : r.hits) {
        out << hit.id << ' ' << hit.score << ' ' << hit.title << " | " << hit.snippet;
        for (const auto& [begin, end] : hit.highlights) out << ' ' << begin << '-' << end;
        out << '\n';
    }
    return out.str();
}

const std::vector<std::string> kQueries = {
    "vulnérabilité sécurité",     "alerte cyberattaque",      "otan cyberattaques",   "mise à jour correctif",
    "attaque rançongiciel données", "microsoft exchange serveur", "navigateur vulnérabilités", "agence nationale",
    "\"mise à jour\" sécurité",   "vpn passerelle",           "logiciel malveillant", "santé hôpital",
};

}  // namespace

TEST_CASE("a second thread reading the pools gives the same answers") {
    vigie::Searcher alone(samples_db());
    vigie::Searcher helped(samples_db());
    helped.use_second_thread(true);
    int compared = 0;
    for (const auto match : {vigie::MatchMode::Auto, vigie::MatchMode::Any}) {
        for (const auto& query : kQueries) {
            for (const std::size_t offset : {0, 10}) {
                const std::string expected = answer_of(alone, query, match, offset);
                INFO(query << " offset " << offset);
                CHECK(answer_of(helped, query, match, offset) == expected);
                ++compared;
            }
        }
    }
    // Turned off and on again, it answers the same.
    helped.use_second_thread(false);
    CHECK(answer_of(helped, kQueries[0], vigie::MatchMode::Any) == answer_of(alone, kQueries[0], vigie::MatchMode::Any));
    helped.use_second_thread(true);
    CHECK(answer_of(helped, kQueries[1], vigie::MatchMode::Any) == answer_of(alone, kQueries[1], vigie::MatchMode::Any));
    CHECK(compared == 48);
}

TEST_CASE("a second thread reading the pools follows a writer's commits") {
    const fs::path dir = samples_db_copy("helper");
    const std::string db = (dir / "db").string();
    // The documents added change the scores (their number is in every
    // idf), not the matches: the totals and hits are compared.
    vigie::SearchRequest request;
    request.query = "vulnérabilité sécurité";
    request.match = vigie::MatchMode::Any;
    request.limit = 10;
    std::size_t total = 0, hits = 0;
    {
        vigie::Searcher alone(db);
        const vigie::SearchResult r = alone.search(request);
        total = r.total;
        hits = r.hits.size();
    }
    REQUIRE(hits > 2);  // a pool to share

    // Documents no query here finds, committed 50 at a time without pause:
    // every search meets new revisions, the helper's index must follow.
    int failures = 0, differing = 0;
    long commits = 0;
    std::string last_error;
    {
        BusyWriter writer(db);
        vigie::Searcher helped(db);
        helped.use_second_thread(true);
        for (int i = 0; i < 200; ++i) {
            try {
                const vigie::SearchResult r = helped.search(request);
                differing += r.total != total || r.hits.size() != hits;
            } catch (const std::exception& e) {
                ++failures;
                last_error = e.what();
            }
        }
        commits = writer.commits();
    }
    INFO("commits meanwhile: " << commits << "; last error: " << last_error);
    CHECK(commits > 0);
    CHECK(failures == 0);
    CHECK(differing == 0);
    fs::remove_all(dir);
}

TEST_CASE("the second thread takes part of the work, hands back its errors and gives up what it has not begun") {
    vigie::PoolHelper helper({samples_db()});
    vigie::IndexSet index({samples_db()});
    REQUIRE(helper.aligned_with(index.db()));
    vigie::TermMaker terms;
    const auto busy = [](std::chrono::microseconds span) {
        const auto until = std::chrono::steady_clock::now() + span;
        while (std::chrono::steady_clock::now() < until) {
        }
    };

    SECTION("items run on both threads, each once") {
        std::mutex m;
        std::set<std::thread::id> threads;
        std::vector<int> runs(2000, 0);
        helper.prewake();
        vigie::share_work(&helper, runs.size(), index.db(), index.dictionaries(), terms.stemmer(),
                          [&](std::size_t i, const Xapian::Database&, const vigie::Dictionaries&, Xapian::Stem&) {
                              busy(std::chrono::microseconds(50));
                              std::lock_guard<std::mutex> lock(m);
                              ++runs[i];
                              threads.insert(std::this_thread::get_id());
                          });
        CHECK(std::all_of(runs.begin(), runs.end(), [](int n) { return n == 1; }));
        CHECK(threads.size() == 2);
    }
    SECTION("an error on either thread comes back, and the thread works on") {
        for (int round = 0; round < 20; ++round) {
            CHECK_THROWS_AS(vigie::share_work(&helper, 50, index.db(), index.dictionaries(), terms.stemmer(),
                                              [&](std::size_t i, const Xapian::Database&, const vigie::Dictionaries&,
                                                  Xapian::Stem&) {
                                                  busy(std::chrono::microseconds(20));
                                                  if (i == 25) throw std::runtime_error("item 25");
                                              }),
                            std::runtime_error);
        }
        vigie::PoolHelper::Job job;
        bool ran = false;
        helper.start(job, [&](const vigie::IndexSet&, Xapian::Stem&) { ran = true; });
        const bool waited = helper.finish(job);  // ran is read after the job ended, or was withdrawn
        CHECK(waited == ran);
    }
    SECTION("a job not begun is withdrawn; one never queued is not waited for") {
        vigie::PoolHelper::Job first, second, never;
        helper.start(first, [&](const vigie::IndexSet&, Xapian::Stem&) { busy(std::chrono::milliseconds(50)); });
        bool second_ran = false;
        helper.start(second, [&](const vigie::IndexSet&, Xapian::Stem&) { second_ran = true; });
        CHECK_FALSE(helper.finish(second));  // behind the first, still queued
        helper.finish(first);
        CHECK_FALSE(second_ran);
        CHECK_FALSE(helper.finish(never));
    }
}
