// The kill loop: vigie-index killed by SIGKILL, again and again, while it
// indexes 3,000 real CERT-FR advisories (2,000 text files and 1,000 JSON
// Lines records) into a fresh index - at random moments of the run, while
// it compacts, and at the exact steps of the folder swap (VIGIE_CRASH_AT).
// After each kill the index opens, xapian-check passes, a re-run completes
// it, and the index then holds exactly one document per input. Twice: with
// commits of 500 documents into the index, and built in bulk (segments
// merged at the end, bulk_build.hpp), killed at its own steps too.
//
// VIGIE_KILL_SEED replays a run (the seed is printed).
#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <xapian.h>

#include <csignal>
#include <cstdlib>
#include <random>
#include <thread>

#include "harness.hpp"
#include "real_corpus.hpp"
#include "util.hpp"

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int kTextFiles = 2000;
constexpr int kRecords = 1000;
// Sanitizers make every run several times slower: there (the ASan build)
// one kill at each exact step, and in the normal build five random ones
// besides each.
constexpr bool kOnlyExactSteps = VIGIE_SANITIZED;
constexpr int kKillsPerStep = kOnlyExactSteps ? 1 : 6;
const std::vector<std::string> kCommitCrashPoints = {"compacting", "compacted", "swap-half-done", "swapped"};
// A segment being written, all written but not merged, merged but not
// swapped in, then the swap's steps.
const std::vector<std::string> kBulkCrashPoints = {"bulk-segment", "bulk-merging", "bulk-merged", "swap-half-done",
                                                   "swapped"};

struct Outcome {
    int killed_indexing = 0;
    int killed_compacting = 0;
    int killed_at_swap_points = 0;
    std::size_t documents_lost = 0;
    std::size_t documents_twice = 0;
};

// Where the index that a search would open is, after a kill: the folder,
// or the previous index waiting at .old when the swap was cut in two.
std::string openable(const std::string& db) {
    if (fs::exists(fs::path(db) / "iamglass")) return db;
    if (fs::exists(fs::path(db + ".old") / "iamglass")) return db + ".old";
    return {};
}

void check_after_kill(const std::string& db) {
    const std::string path = openable(db);
    const auto search = e2e::search({"--db", db, "--count", "vulnérabilité"});
    INFO(search.err);
    if (path.empty()) {
        CHECK(search.exit_code == 3);  // killed before the index existed
        return;
    }
    CHECK((search.exit_code == 0 || search.exit_code == 1));
    const auto check = e2e::xapian_check(path);
    INFO(check.out << check.err);
    CHECK(check.exit_code == 0);
}

// Exactly one document per input: the index's ids are the corpus's.
void check_complete(const std::string& db, const e2e::RealCorpus& corpus, Outcome& outcome) {
    Xapian::Database index(db);
    std::set<std::string> ids;
    for (auto t = index.allterms_begin("Q"); t != index.allterms_end("Q"); ++t) {
        if (t.get_termfreq() > 1) outcome.documents_twice += t.get_termfreq() - 1;
        ids.insert((*t).substr(1));
    }
    for (const auto& id : corpus.ids) outcome.documents_lost += ids.count(id) ? 0 : 1;
    CHECK(index.get_doccount() == corpus.ids.size());
    CHECK(ids == corpus.ids);
    const auto check = e2e::xapian_check(db);
    CHECK(check.exit_code == 0);
    CHECK_FALSE(fs::exists(db + ".compacting"));
    CHECK_FALSE(fs::exists(db + ".old"));
    CHECK_FALSE(fs::exists(db + ".bulk"));
}

void kill_loop(const std::string& name, const std::vector<std::string>& options_given,
               const std::vector<std::string>& crash_points) {
    if (!e2e::shared_corpora_present()) return;
    const e2e::TempDir dir;
    const auto corpus = e2e::make_certfr_corpus(dir.path(), kTextFiles, kRecords);
    std::vector<std::string> index_args{"--json"};
    index_args.insert(index_args.end(), options_given.begin(), options_given.end());
    index_args.push_back(corpus.folder.string());

    // One run to completion, for the length of a run.
    const auto started = Clock::now();
    {
        std::vector<std::string> args{"--db", (dir / "reference").string()};
        args.insert(args.end(), index_args.begin(), index_args.end());
        const auto full = e2e::index(args);
        REQUIRE(full.exit_code == 0);
        REQUIRE(full.json().at("compacted") == true);
    }
    const double run_seconds = std::chrono::duration<double>(Clock::now() - started).count();

    const char* given_seed = std::getenv("VIGIE_KILL_SEED");
    const unsigned seed = given_seed ? static_cast<unsigned>(std::stoul(given_seed)) : std::random_device{}();
    INFO("VIGIE_KILL_SEED=" << seed);
    std::mt19937 random(seed);
    Outcome outcome;
    int kills = 0;
    const int wanted = kKillsPerStep * static_cast<int>(crash_points.size());
    for (int attempt = 0; kills < wanted && attempt < 4 * wanted; ++attempt) {
        const std::string db = (dir / ("db" + std::to_string(attempt))).string();
        std::vector<std::string> args{"--db", db};
        args.insert(args.end(), index_args.begin(), index_args.end());
        e2e::RunOptions options;
        // The plan of this kill: an exact swap step, during compaction, or
        // at a random moment of the run.
        const int plan = kills % kKillsPerStep;
        const std::string& point = crash_points[(kills / kKillsPerStep) % crash_points.size()];
        if (plan == 0) options.env["VIGIE_CRASH_AT"] = point;
        auto p = e2e::start_index(args, options);
        bool compacting = false;
        if (plan == 1) {
            e2e::wait_until([&] { return fs::exists(db + ".compacting") || !p->running(); },
                            std::chrono::milliseconds(60000));
            std::this_thread::sleep_for(std::chrono::milliseconds(random() % 40));
            compacting = fs::exists(db + ".compacting");
        } else if (plan != 0) {
            std::uniform_real_distribution<double> moment(0.02, 1.0);
            std::this_thread::sleep_for(std::chrono::duration<double>(moment(random) * run_seconds));
            compacting = fs::exists(db + ".compacting");
        }
        if (plan != 0) p->send_signal(SIGKILL);
        const auto r = p->wait();
        if (r.exit_code != 128 + SIGKILL) continue;  // it finished first: not a kill
        ++kills;
        if (plan == 0) {
            ++outcome.killed_at_swap_points;
        } else {
            ++(compacting ? outcome.killed_compacting : outcome.killed_indexing);
        }
        INFO("kill " << kills << (plan == 0 ? " at " + point : std::string()));
        check_after_kill(db);

        const auto rerun = e2e::index(args);
        INFO(rerun.err);
        CHECK(rerun.exit_code == 0);
        check_complete(db, corpus, outcome);
    }
    CHECK(kills == wanted);
    CHECK(outcome.documents_lost == 0);
    CHECK(outcome.documents_twice == 0);
    const std::string figure = fmt::format(
        "{} SIGKILLs survived over {} CERT-FR advisories ({} while indexing, {} while compacting, {} at exact swap "
        "steps); documents lost: {}, indexed twice: {}; seed {}",
        kills, corpus.ids.size(), outcome.killed_indexing, outcome.killed_compacting, outcome.killed_at_swap_points,
        outcome.documents_lost, outcome.documents_twice, seed);
    e2e::record_figure(name, figure);
    WARN(figure);
}

}  // namespace

TEST_CASE("kill loop: SIGKILL at random moments, while compacting and at each swap step loses nothing") {
    kill_loop("kill-loop", {"--batch-size", "500"}, kCommitCrashPoints);
}

TEST_CASE("kill loop: a bulk build killed at random moments, at each of its steps and of the swap, loses nothing") {
    kill_loop("kill-loop-bulk", {}, kBulkCrashPoints);
}
