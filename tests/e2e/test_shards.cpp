// Shards: vigie-index --shards N, a stub, several --db, and shards served by
// xapian-tcpsrv answer exactly as one database over the same communiqués;
// a copy pulled by xapian-replicate answers as its master.
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <sys/socket.h>
#include <netinet/in.h>
#include <unistd.h>

#include <cmath>
#include <csignal>
#include <filesystem>
#include <fstream>

#include "harness.hpp"
#include "real_corpus.hpp"
#include "util.hpp"

namespace fs = std::filesystem;
using json = nlohmann::json;
using e2e::contains;

namespace {

// Queries over every feature whose answer sharding could change: ranking
// and its ties, relaxed matching, phrases, NEAR and prefix* confirmed on
// the text, dates and sorts, copies, timelines, facets, --like, paging.
const std::vector<std::vector<std::string>> kQueries = {
    {"cyberattaques"},
    {"vulnérabilité", "microsoft"},
    {"alerte", "hôpital", "rançongiciel", "otan"},  // relaxed
    {"\"cyber attaques\""},
    {"\"exécution de code arbitraire\""},
    {"vulnérabilité", "NEAR/3", "critique"},
    {"vuln*"},
    {"cyber*", "OR", "hop*"},
    // Short prefixes, expanded to many terms (OP_MAX crashed over shards).
    {"a*"},
    {"-n", "20", "c*"},
    {"-n", "20", "cyb*"},
    {"--", "alerte", "-otan"},
    {"--sort", "newest", "alerte"},
    {"--sort", "oldest", "alerte"},
    {"--sort", "newest", "--since", "2021"},
    {"--since", "2020-03", "--until", "2021-06", "sécurité"},
    {"date:2021", "vulnérabilité"},
    {"crues"},  // republished copies
    {"--timeline", "month", "vulnérabilité"},
    {"--facet", "year", "--facet", "cve", "--facet", "source", "alerte"},
    {"--like", "samples/certfr-alerte-exchange-2021-03-03"},
    {"--offset", "5", "-n", "7", "vulnérabilité"},
    {"-n", "50", "les"},
    {"cve:CVE-2021-44228"},
    // Did you mean: keys and stored texts read over every shard.
    {"microsfot", "Exchnage"},
    {"vulnérabilitée", "cyberataque"},
    {"hopitale"},
};

json answer(const std::vector<std::string>& dbs, const std::vector<std::string>& query) {
    std::vector<std::string> args;
    for (const auto& db : dbs) args.insert(args.end(), {"--db", db});
    args.insert(args.end(), {"--format", "json", "--snippet-length", "120"});
    args.insert(args.end(), query.begin(), query.end());
    return e2e::answer_of(args);
}

// Scores are sums of the same weights in another order: equal to the last
// bits only. Everything else must be identical.
void check_same(const json& one, json sharded, const std::string& what) {
    INFO(what);
    REQUIRE(one.at("hits").size() == sharded.at("hits").size());
    for (std::size_t i = 0; i < one.at("hits").size(); ++i) {
        const double a = one.at("hits")[i].at("score"), b = sharded.at("hits")[i].at("score");
        CHECK(std::abs(a - b) <= 1e-9 * std::max(1.0, std::abs(a)));
        sharded["hits"][i]["score"] = one.at("hits")[i].at("score");
    }
    CHECK(one.dump(1) == sharded.dump(1));
}

void check_all_same(const std::string& one, const std::vector<std::string>& shards, const std::string& how) {
    std::size_t hits = 0;
    for (const auto& q : kQueries) {
        const json expected = answer({one}, q);
        hits += expected.at("hits").size();
        check_same(expected, answer(shards, q), how + ": " + fmt::format("{}", fmt::join(q, " ")));
    }
    CHECK(hits > 100);  // the queries find something to compare
}

// The communiqués: the samples and, when the shared corpora are there,
// 600 CERT-FR advisories (text files and records).
fs::path corpus(const e2e::TempDir& dir) {
    const fs::path in = dir / "in";
    fs::create_directories(in);
    fs::copy(e2e::samples_dir(), in / "samples", fs::copy_options::recursive);
    if (e2e::shared_corpora_present()) {
        const auto certfr = e2e::make_certfr_corpus(dir.path(), 400, 200);
        fs::rename(certfr.folder, in / "certfr");
    }
    return in;
}

// A port for xapian-tcpsrv: one the kernel gives and takes back (another
// program could take it meanwhile: the server then fails to start, and
// the test says so).
int free_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    socklen_t size = sizeof addr;
    REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&addr), size) == 0);
    REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &size) == 0);
    ::close(fd);
    return ntohs(addr.sin_port);
}

// A Xapian server on 127.0.0.1 (xapian-tcpsrv serving one database by
// default, or xapian-replicate-server), stopped when done.
class Server {
public:
    explicit Server(const std::string& db) : Server("xapian-tcpsrv", {"--quiet", db}) {}
    Server(const std::string& name, const std::vector<std::string>& args) : port_(free_port()) {
        const std::string program = e2e::find_program(name);
        const std::string setsid = e2e::find_program("setsid");
        REQUIRE_FALSE(program.empty());
        REQUIRE_FALSE(setsid.empty());
        // In a session of its own: stopping, it signals its whole process
        // group (its forked connections), which would include the tests.
        std::vector<std::string> argv = {setsid, program, "--interface", "127.0.0.1", "--port", std::to_string(port_)};
        argv.insert(argv.end(), args.begin(), args.end());
        process_ = std::make_unique<e2e::Process>(argv);
        // Serving once a connection is accepted.
        REQUIRE(e2e::wait_until([&] {
            const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
            sockaddr_in addr{};
            addr.sin_family = AF_INET;
            addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
            addr.sin_port = htons(static_cast<uint16_t>(port_));
            const bool up = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
            ::close(fd);
            return up || !process_->running();
        }));
        REQUIRE(process_->running());
    }
    ~Server() { stop(); }
    void stop() {
        if (!process_ || !process_->running()) return;
        process_->send_signal(SIGTERM);
        process_->wait();
    }
    std::string url() const { return fmt::format("tcp://127.0.0.1:{}", port_); }
    int port() const { return port_; }

private:
    int port_;
    std::unique_ptr<e2e::Process> process_;
};

}  // namespace

TEST_CASE("shards: a run killed after compacting a shard leaves the next run to compact them all") {
    const e2e::TempDir dir;
    std::string records;
    for (int i = 0; i < 1500; ++i)
        records += fmt::format(R"({{"id":"r{}","date":"2021-03","body":"Alerte numéro {} sur les hôpitaux."}})" "\n", i, i);
    dir.write("r.jsonl", records);
    const std::string db = (dir / "db").string();
    e2e::RunOptions crash;
    crash.env["VIGIE_CRASH_AT"] = "swapped";  // the first shard's copy swapped in
    REQUIRE(e2e::index({"--db", db, "--shards", "2", (dir / "r.jsonl").string()}, crash).exit_code == 128 + SIGKILL);
    const auto r = e2e::index({"--db", db, "--json", (dir / "r.jsonl").string()});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(e2e::summary_of(r).at("compacted") == true);
    CHECK(e2e::summary_of(e2e::index({"--db", db, "--json", (dir / "r.jsonl").string()})).at("compacted") == false);
    CHECK(e2e::search({"--db", db, "--count", "hôpitaux"}).out == "1500\n");
}

TEST_CASE("shards: vigie-index refuses a shard given alone as --db") {
    const e2e::TempDir dir;
    const std::string sharded = (dir / "sharded").string();
    REQUIRE(e2e::index({"--db", sharded, "--shards", "2", e2e::samples_dir()}).exit_code == 0);
    const auto before = e2e::search({"--db", sharded, "--count", "--", "-zzzzzz"}).out;
    const auto r = e2e::index({"--db", sharded + "/shard-1", e2e::samples_dir()});
    CHECK(r.exit_code == 2);
    CHECK(contains(r.err, "is shard 1/2 of a sharded index"));
    CHECK(contains(r.err, "--db " + sharded));
    CHECK(e2e::search({"--db", sharded, "--count", "--", "-zzzzzz"}).out == before);
    // Searching one shard alone stays possible.
    CHECK(e2e::search({"--db", sharded + "/shard-1", "--count", "--", "-zzzzzz"}).exit_code == 0);
}

TEST_CASE("shards: an index built with --shards answers as one database - ids, order, totals, snippets") {
    const e2e::TempDir dir;
    const fs::path in = corpus(dir);
    const std::string one = (dir / "one").string(), sharded = (dir / "sharded").string();
    REQUIRE(e2e::index({"--db", one, in.string()}).exit_code == 0);
    const auto r = e2e::index({"--db", sharded, "--shards", "3", "--json", in.string()});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(fs::is_regular_file(fs::path(sharded) / "XAPIANDB"));
    for (const char* shard : {"shard-0", "shard-1", "shard-2"}) CHECK(fs::is_directory(fs::path(sharded) / shard));
    CHECK(e2e::summary_of(r).at("documents_in_index") == e2e::summary_of(e2e::index({"--db", one, "--json", in.string()})).at("documents_in_index"));
    check_all_same(one, {sharded}, "--shards 3");
    // The stub alone, as Xapian's own tools read it.
    check_all_same(one, {(fs::path(sharded) / "XAPIANDB").string()}, "the stub file");
    // The shards given one by one.
    check_all_same(one, {sharded + "/shard-0", sharded + "/shard-1", sharded + "/shard-2"}, "three --db");

    // Updates go to the shard that holds the document; the answers stay
    // those of one database updated the same way.
    const fs::path changed = in / "samples" / "otan-cyberattaques-2020-06.txt";
    std::ofstream(changed, std::ios::app) << "\nMise à jour : shardmark.\n";
    fs::remove(in / "samples" / "otan-ukraine-2022-02-24.txt");
    for (const auto& db : {one, sharded}) {
        const auto u = e2e::index({"--db", db, "--json", "--prune", in.string()});
        CHECK(e2e::summary_of(u).at("updated") == 1);
        CHECK(e2e::summary_of(u).at("removed") == 1);
    }
    check_same(answer({one}, {"shardmark"}), answer({sharded}, {"shardmark"}), "updated");
    check_all_same(one, {sharded}, "after an update and a prune");
    // Compacted shard by shard, still the same answers.
    CHECK(e2e::summary_of(e2e::index({"--db", sharded, "--json", "--compact", "always", in.string()})).at("compacted") ==
          true);
    CHECK(e2e::xapian_check(fs::path(sharded) / "shard-1").exit_code == 0);
    check_all_same(one, {sharded}, "compacted");
}

TEST_CASE("shards: shards served by xapian-tcpsrv answer as local ones, named by --db tcp:// or in a stub") {
    const e2e::TempDir dir;
    const fs::path in = corpus(dir);
    const std::string one = (dir / "one").string(), sharded = (dir / "sharded").string();
    REQUIRE(e2e::index({"--db", one, in.string()}).exit_code == 0);
    REQUIRE(e2e::index({"--db", sharded, "--shards", "2", in.string()}).exit_code == 0);
    Server first(sharded + "/shard-0"), second(sharded + "/shard-1");
    check_all_same(one, {first.url(), second.url()}, "two tcp:// shards");
    CHECK(answer({first.url(), second.url()}, {"microsfot", "Exchnage"}).at("suggestion") == "microsoft exchange");
    // One local, one remote, listed in a stub of the user's.
    const fs::path stub = dir / "mixed.stub";
    std::ofstream(stub) << "# a local shard and a remote one\nauto sharded/shard-0\nremote 127.0.0.1:" << second.port()
                        << "\n";
    check_all_same(one, {stub.string()}, "a stub with a remote line");

    // A shard that stops answering is a clear error, never a crash.
    second.stop();
    const auto r = e2e::search({"--db", first.url(), "--db", second.url(), "alerte"});
    CHECK(r.exit_code == 2);
    CHECK(contains(r.err, second.url()));
    CHECK_FALSE(contains(r.err, "terminate"));
}

TEST_CASE("replication: a copy pulled by xapian-replicate answers as its master, after updates and compaction") {
    const e2e::TempDir dir;
    const fs::path in = corpus(dir);
    const std::string master = (dir / "master" / "news.db").string(), replica = (dir / "replica" / "news.db").string();
    // Xapian keeps changesets only when told, while the index is written.
    e2e::RunOptions changesets;
    changesets.env["XAPIAN_MAX_CHANGESETS"] = "10";
    REQUIRE(e2e::index({"--db", master, in.string()}, changesets).exit_code == 0);
    Server server("xapian-replicate-server", {(dir / "master").string()});
    fs::create_directories(dir / "replica");  // xapian-replicate makes the last folder only
    const auto pull = [&] {
        const auto r = e2e::run({e2e::find_program("xapian-replicate"), "-h", "127.0.0.1", "-p",
                                 std::to_string(server.port()), "-m", "news.db", "-o", "-v", replica});
        INFO(r.out << r.err);
        REQUIRE(r.exit_code == 0);
        return r.out + r.err;
    };
    pull();
    check_all_same(master, {replica}, "the first copy");

    // A few more communiqués: one changeset, and the replica finds them.
    dir.write("in/late/replimark.txt", "date 2026-11-30\nCommuniqué tardif replimark sur une alerte.\n");
    REQUIRE(e2e::index({"--db", master, "--compact", "never", in.string()}, changesets).exit_code == 0);
    CHECK(contains(pull(), "1 changesets"));
    CHECK(e2e::hit_ids(e2e::search({"--db", replica, "--format", "json", "replimark"})).size() == 1);
    check_all_same(master, {replica}, "after a changeset");

    // A compacted index is a new database: the next pull copies it whole.
    REQUIRE(e2e::index({"--db", master, "--compact", "always", in.string()}, changesets).exit_code == 0);
    CHECK(contains(pull(), "1 copies"));
    check_all_same(master, {replica}, "after compaction");
    // The replica's live copy served in turn by xapian-tcpsrv.
    Server tcp(replica);
    check_all_same(master, {tcp.url()}, "the replica through xapian-tcpsrv");
}

TEST_CASE("shards: what cannot be done is said - resharding, a bad stub, one index named twice") {
    const e2e::TempDir dir;
    const std::string plain = (dir / "plain").string(), sharded = (dir / "sharded").string();
    REQUIRE(e2e::index({"--db", plain, e2e::samples_dir()}).exit_code == 0);
    REQUIRE(e2e::index({"--db", sharded, "--shards", "2", e2e::samples_dir()}).exit_code == 0);

    auto r = e2e::index({"--db", plain, "--shards", "2", e2e::samples_dir()});
    CHECK(r.exit_code == 2);
    CHECK(contains(r.err, "is not sharded"));
    r = e2e::index({"--db", sharded, "--shards", "3", e2e::samples_dir()});
    CHECK(r.exit_code == 2);
    CHECK(contains(r.err, "has 2 shards, not 3"));
    // Without --shards, a sharded index is updated as it is.
    r = e2e::index({"--db", sharded, "--json", e2e::samples_dir()});
    CHECK(r.exit_code == 0);
    CHECK(e2e::summary_of(r).at("indexed") == 0);

    const fs::path bad = dir.write("bad.stub", "glass plain\nflint old\n");
    r = e2e::search({"--db", bad.string(), "alerte"});
    CHECK(r.exit_code == 2);
    CHECK(contains(r.err, "line 2"));
    CHECK(contains(r.err, "flint"));
    const fs::path missing = dir.write("missing.stub", "auto nowhere\n");
    r = e2e::search({"--db", missing.string(), "alerte"});
    CHECK(r.exit_code == 3);
    CHECK(contains(r.err, "nowhere"));
    r = e2e::search({"--db", plain, "--db", plain + "/", "alerte"});
    CHECK(r.exit_code == 2);
    CHECK(contains(r.err, "named twice"));
    r = e2e::search({"--db", "tcp://127.0.0.1:notaport", "alerte"});
    CHECK(r.exit_code == 2);
    CHECK(contains(r.err, "tcp://HOST:PORT"));
}
