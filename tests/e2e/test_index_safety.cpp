// Safety of the index: one writer at a time (exit 4, or --wait), SIGINT and
// SIGTERM commit what was done (exit 130) and a re-run completes the work,
// SIGKILL leaves an index that opens, and searching while the indexer
// writes works.
//
// An indexer is kept running by giving it "-" as its last input and keeping
// its standard input open: it cannot finish before the test closes it, so
// no assertion depends on how fast the machine is. Signals are sent once a
// first batch is committed and visible to a search (--batch-size 100).
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <csignal>
#include <fstream>
#include <thread>

#include "harness.hpp"
#include "util.hpp"

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr int kFiles = 3000;    // text files in the generated folder
constexpr int kRecords = 4000;  // records in the generated JSON Lines file

// A generated corpus, made once per test process.
struct BigCorpus {
    e2e::TempDir dir;
    std::string folder;
    std::string jsonl;
    BigCorpus() {
        folder = (dir / "folder").string();
        for (int i = 0; i < kFiles; ++i) {
            const fs::path p = dir / "folder" / ("d" + std::to_string(i / 100)) / ("f" + std::to_string(i) + ".txt");
            fs::create_directories(p.parent_path());
            std::ofstream(p) << "date 2021-" << (i % 12 + 1 < 10 ? "0" : "") << i % 12 + 1 << "-1" << i % 9
                             << " Communiqué numéro " << i
                             << " sur la vigilance commune, avec le mot corpusmark et quelques hôpitaux.\n"
                                "Second paragraphe du communiqué, pour allonger un peu le texte.\n";
        }
        jsonl = (dir / "records.jsonl").string();
        std::ofstream out(jsonl);
        for (int i = 0; i < kRecords; ++i)
            out << "{\"id\":\"rec-" << i << "\",\"date\":\"2022-0" << i % 9 + 1
                << "\",\"title\":\"Bulletin " << i << "\",\"body\":\"Bulletin numéro " << i
                << " avec le mot recordmark et la vigilance orange.\"}\n";
    }
};

const BigCorpus& big_corpus() {
    static const BigCorpus corpus;
    return corpus;
}

// Waits until the indexer has created (and so locked) the index.
void wait_for_index(e2e::Process& p, const std::string& db) {
    const bool ready = e2e::wait_until([&] { return fs::exists(fs::path(db) / "iamglass") || !p.running(); });
    REQUIRE(ready);
    REQUIRE(p.running());
}

std::size_t count(const std::string& db, const std::string& word, int& exit_code) {
    const auto r = e2e::search({"--db", db, "--count", word});
    exit_code = r.exit_code;
    INFO(r.err);
    return r.out.empty() ? 0 : std::stoul(r.out);
}

// Waits until a first batch of documents with word is committed and
// visible, so that a signal sent now lands in the middle of the run.
void wait_for_first_commit(e2e::Process& p, const std::string& db, const std::string& word) {
    wait_for_index(p, db);
    const bool committed = e2e::wait_until([&] {
        int code = -1;
        return count(db, word, code) > 0 || !p.running();
    });
    REQUIRE(committed);
    REQUIRE(p.running());
}

// Whether process pid has path open (Linux: /proc/PID/fd).
bool has_open(pid_t pid, const std::string& path) {
    std::error_code ec;
    for (const auto& fd : fs::directory_iterator("/proc/" + std::to_string(pid) + "/fd", ec))
        if (fs::read_symlink(fd.path(), ec) == path) return true;
    return false;
}

}  // namespace

TEST_CASE("safety: a second indexer gets exit 4 while the index is locked - searching still works") {
    const e2e::TempDir dir;
    const std::string db = (dir / "db").string();
    dir.write("other.txt", "date 2021 Un autre communiqué othermark.\n");
    auto holder = e2e::start_index({"--db", db, "--id", "holder", "-"});
    holder->write_stdin("date 2020-05-05 Texte du premier indexeur holdermark.\n");
    wait_for_index(*holder, db);

    const auto second = e2e::index({"--db", db, (dir / "other.txt").string()});
    CHECK(second.exit_code == 4);
    CHECK(e2e::contains(second.err, "locked"));
    CHECK(e2e::contains(second.err, db));
    const auto second_json = e2e::index({"--db", db, "--json", (dir / "other.txt").string()});
    CHECK(second_json.exit_code == 4);

    // Readers are never locked out.
    const auto reader = e2e::search({"--db", db, "holdermark"});
    CHECK((reader.exit_code == 0 || reader.exit_code == 1));
    CHECK_FALSE(e2e::contains(reader.err, "error"));

    holder->close_stdin();
    const auto first = holder->wait();
    CHECK(first.exit_code == 0);
    CHECK(e2e::search({"--db", db, "holdermark"}).exit_code == 0);
    CHECK(e2e::search({"--db", db, "othermark"}).exit_code == 1);  // the refused run added nothing
}

TEST_CASE("safety: --wait queues behind the lock, then indexes") {
    const e2e::TempDir dir;
    const std::string db = (dir / "db").string();
    dir.write("other.txt", "date 2021 Un autre communiqué othermark.\n");
    auto holder = e2e::start_index({"--db", db, "--id", "holder", "-"});
    holder->write_stdin("date 2020-05-05 Texte du premier indexeur holdermark.\n");
    wait_for_index(*holder, db);

    auto waiter = e2e::start_index({"--db", db, "--wait", "--json", (dir / "other.txt").string()});
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    CHECK(waiter->running());  // the holder never lets go until its input ends

    holder->close_stdin();
    CHECK(holder->wait().exit_code == 0);
    const auto waited = waiter->wait();
    CHECK(waited.exit_code == 0);
    CHECK(e2e::summary_of(waited).at("indexed") == 1);
    CHECK(e2e::summary_of(waited).at("documents_in_index") == 2);
    CHECK(e2e::search({"--db", db, "holdermark"}).exit_code == 0);
    CHECK(e2e::search({"--db", db, "othermark"}).exit_code == 0);
}

TEST_CASE("safety: SIGINT mid-run exits 130 with the work committed - a re-run completes the index") {
    const auto& corpus = big_corpus();
    const e2e::TempDir dir;
    const std::string db = (dir / "db").string();
    auto p = e2e::start_index({"--db", db, "--json", "--batch-size", "100", corpus.folder, "-"});
    wait_for_first_commit(*p, db, "corpusmark");
    p->send_signal(SIGINT);
    p->close_stdin();
    const auto r = p->wait();
    CHECK(r.exit_code == 130);
    const json s = e2e::summary_of(r);
    CHECK(s.at("interrupted") == true);

    // The index opens and answers.
    int code = -1;
    const std::size_t done = count(db, "corpusmark", code);
    CHECK((code == 0 || code == 1));
    CHECK(done == s.at("documents_in_index").get<std::size_t>());
    CHECK(done <= static_cast<std::size_t>(kFiles));

    const auto again = e2e::index({"--db", db, "--json", corpus.folder});
    CHECK(again.exit_code == 0);
    const json t = e2e::summary_of(again);
    CHECK(t.at("documents_in_index") == kFiles);
    CHECK(t.at("indexed").get<int>() + t.at("unchanged").get<int>() + t.at("updated").get<int>() == kFiles);
    CHECK(count(db, "corpusmark", code) == static_cast<std::size_t>(kFiles));
    CHECK(code == 0);
    CHECK(e2e::search({"--db", db, "--count", "id:d0/f0.txt"}).out == "1\n");
}

TEST_CASE("safety: SIGTERM on a JSON Lines run exits 130 - a re-run completes the file") {
    const auto& corpus = big_corpus();
    const e2e::TempDir dir;
    const std::string db = (dir / "db").string();
    auto p = e2e::start_index({"--db", db, "--json", "--batch-size", "100", corpus.jsonl, "-"});
    wait_for_first_commit(*p, db, "recordmark");
    p->send_signal(SIGTERM);
    p->close_stdin();
    const auto r = p->wait();
    CHECK(r.exit_code == 130);
    CHECK(e2e::summary_of(r).at("interrupted") == true);

    int code = -1;
    count(db, "recordmark", code);
    CHECK((code == 0 || code == 1));

    const auto again = e2e::index({"--db", db, "--json", corpus.jsonl});
    CHECK(again.exit_code == 0);
    CHECK(e2e::summary_of(again).at("documents_in_index") == kRecords);
    CHECK(count(db, "recordmark", code) == static_cast<std::size_t>(kRecords));
}

TEST_CASE("safety: after SIGKILL mid-run the index opens, and a re-run completes it") {
    const auto& corpus = big_corpus();
    const e2e::TempDir dir;
    const std::string db = (dir / "db").string();
    auto p = e2e::start_index({"--db", db, "--batch-size", "100", corpus.jsonl, corpus.folder, "-"});
    wait_for_first_commit(*p, db, "recordmark");
    p->send_signal(SIGKILL);
    const auto r = p->wait();
    CHECK(r.exit_code == 128 + SIGKILL);

    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"--db", db, "corpusmark"}, {"--db", db, "--format", "json", "vigilance"},
          {"--db", db, "--count", "recordmark"}}) {
        const auto s = e2e::search(args);
        INFO(s.err);
        CHECK((s.exit_code == 0 || s.exit_code == 1));
    }

    const auto again = e2e::index({"--db", db, "--json", corpus.jsonl, corpus.folder});
    CHECK(again.exit_code == 0);
    CHECK(e2e::summary_of(again).at("documents_in_index") == kFiles + kRecords);
    int code = -1;
    CHECK(count(db, "corpusmark", code) == static_cast<std::size_t>(kFiles));
    CHECK(count(db, "recordmark", code) == static_cast<std::size_t>(kRecords));
}

TEST_CASE("safety: searching while the indexer writes works") {
    const auto& corpus = big_corpus();
    const e2e::TempDir dir;
    const std::string db = (dir / "db").string();
    auto p = e2e::start_index({"--db", db, "--json", "--batch-size", "50", "--id", "last", corpus.folder, "-"});
    wait_for_index(*p, db);
    // Once the first commit is visible, every search must succeed.
    REQUIRE(e2e::wait_until([&] {
        const int code = e2e::search({"--db", db, "--count", "corpusmark"}).exit_code;
        return code == 0 || code == 1;
    }));
    std::size_t previous = 0;
    for (int i = 0; i < 8; ++i) {
        const auto s = e2e::search({"--db", db, "--format", "json", "--limit", "5", "vigilance hôpitaux"});
        INFO("search " << i << ": " << s.err);
        CHECK((s.exit_code == 0 || s.exit_code == 1));
        CHECK_NOTHROW(s.json());
        int code = -1;
        const std::size_t n = count(db, "corpusmark", code);
        CHECK((code == 0 || code == 1));
        CHECK(n >= previous);  // commits only add documents
        previous = n;
    }
    p->write_stdin("date 2024-01-01 Dernier communiqué corpusmark lu sur l'entrée standard.\n");
    p->close_stdin();
    const auto r = p->wait();
    CHECK(r.exit_code == 0);
    CHECK(e2e::summary_of(r).at("documents_in_index") == kFiles + 1);
    int code = -1;
    CHECK(count(db, "corpusmark", code) == static_cast<std::size_t>(kFiles + 1));
}

TEST_CASE("safety: the first SIGINT is honoured while waiting for the lock with --wait") {
    const e2e::TempDir dir;
    const std::string db = (dir / "db").string();
    dir.write("other.txt", "date 2021 Un autre communiqué othermark.\n");
    auto holder = e2e::start_index({"--db", db, "-"});
    wait_for_index(*holder, db);
    auto waiter = e2e::start_index({"--db", db, "--wait", (dir / "other.txt").string()});
    // It opens the lock file once its signal handlers are in place, then waits.
    REQUIRE(e2e::wait_until([&] { return has_open(waiter->pid(), db + ".lock") || !waiter->running(); }));
    REQUIRE(waiter->running());
    waiter->send_signal(SIGINT);
    const auto r = waiter->wait(std::chrono::seconds(10));
    INFO(r.err);
    CHECK(r.exit_code == 130);
    CHECK(e2e::contains(r.err, "interrupted while waiting for the lock"));
    CHECK(holder->running());  // the holder is not disturbed
    holder->close_stdin();
    CHECK(holder->wait().exit_code == 1);  // its standard input was empty
    CHECK(e2e::search({"--db", db, "othermark"}).exit_code == 1);
}

TEST_CASE("safety: the first SIGINT or SIGTERM is honoured while reading a FIFO or a silent standard input") {
    const e2e::TempDir dir;
    dir.write("a.txt", "date 2021 Un communiqué fifomark.\n");
    const std::string fifo = (dir / "feed").string();
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    for (const int signal : {SIGINT, SIGTERM}) {
        INFO("signal " << signal);
        // A fresh index each time: a.txt found in it at once would let the
        // signal come before the indexer has its handlers in place.
        const std::string db = (dir / ("db" + std::to_string(signal))).string();
        // No writer at all.
        auto p = e2e::start_index({"--db", db, "--batch-size", "1", (dir / "a.txt").string(), fifo});
        REQUIRE(e2e::wait_until([&] { return e2e::search({"--db", db, "--count", "fifomark"}).out == "1\n"; }));
        p->send_signal(signal);
        auto r = p->wait(std::chrono::seconds(10));
        INFO(r.err);
        CHECK(r.exit_code == 130);

        // A writer that says nothing more, on standard input: once its
        // record is committed, the indexer is surely waiting for more.
        const std::string id = "s" + std::to_string(signal);
        p = e2e::start_index({"--db", db, "--json", "--batch-size", "1", "-"});
        p->write_stdin("{\"id\":\"" + id + "\",\"date\":\"2021\",\"body\":\"Un enregistrement silentmark.\"}\n");
        REQUIRE(e2e::wait_until([&] { return e2e::search({"--db", db, "--count", "id:" + id}).out == "1\n"; }));
        p->send_signal(signal);
        r = p->wait(std::chrono::seconds(10));  // standard input stays open
        CHECK(r.exit_code == 130);
        CHECK(e2e::summary_of(r).at("interrupted") == true);
    }
}
