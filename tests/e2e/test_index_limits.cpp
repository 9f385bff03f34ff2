// The memory of a run is bounded whatever the inputs: a text file is
// indexed up to --max-document-size (a warning names it), a longer JSON
// Lines record is skipped as file:line, and the others are indexed. Peak
// memory is checked in the normal build (sanitizers inflate it).
#include <catch2/catch.hpp>

#include <fstream>

#include "harness.hpp"
#include "util.hpp"

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// About `bytes` of text made of 20,000 different words, then `last`.
void write_words(std::ostream& out, std::size_t bytes, const std::string& last) {
    std::size_t written = 0;
    for (unsigned i = 0; written < bytes; ++i) {
        const std::string word = "mot" + std::to_string((i * 7919u) % 20000u) + (i % 13 ? " " : ". ");
        out << word;
        written += word.size();
    }
    out << last;
}

// Sanitizers make indexing several times slower: there, a smaller limit
// stands in for the default, since peak memory is not checked anyway.
const std::vector<std::string> kLimit =
    VIGIE_SANITIZED ? std::vector<std::string>{"--max-document-size", "1MiB"} : std::vector<std::string>{};
const std::string kLimitText = VIGIE_SANITIZED ? "1 MiB" : "8 MiB";

std::vector<std::string> with_limit(std::vector<std::string> args) {
    args.insert(args.begin(), kLimit.begin(), kLimit.end());
    return args;
}

void check_memory(const e2e::Run& r, long max_kb) {
#if !VIGIE_SANITIZED
    INFO("peak memory " << r.max_rss_kb << " KB");
    CHECK(r.max_rss_kb < max_kb);
#else
    (void)r, (void)max_kb;
#endif
}

}  // namespace

TEST_CASE("limits: a 50 MB line is indexed up to --max-document-size, with a warning naming the file") {
    const e2e::TempDir dir;
    {
        fs::create_directories(dir / "c");
        std::ofstream file(dir / "c/huge.txt");
        file << "date 2021 Début du document géant hugestartmark ";
        write_words(file, 50 << 20, " hugeendmark");
    }
    dir.write("c/small.txt", "date 2021 Un petit communiqué smallmark.\n");
    const std::string db = (dir / "db").string();
    const auto r = e2e::index(with_limit({"--db", db, "--json", (dir / "c").string()}));
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(e2e::contains(r.err, "huge.txt: larger than --max-document-size (" + kLimitText + "): only its first " +
                                   kLimitText + " are indexed"));
    CHECK(e2e::summary_of(r).at("indexed") == 2);
    check_memory(r, 400 << 10);
    CHECK(e2e::search({"--db", db, "--count", "hugestartmark"}).out == "1\n");
    CHECK(e2e::search({"--db", db, "--count", "hugeendmark"}).out == "0\n");
    CHECK(e2e::search({"--db", db, "--count", "smallmark"}).out == "1\n");

    // A smaller limit, with a suffix.
    const auto small = e2e::index({"--db", (dir / "db2").string(), "--max-document-size", "500kB", (dir / "c").string()});
    CHECK(small.exit_code == 0);
    CHECK(e2e::contains(small.err, "only its first 512000 bytes are indexed"));
    check_memory(small, 150 << 10);
}

TEST_CASE("limits: a 100 MB JSON line is skipped as file:line, naming the option - the other records are indexed") {
    const e2e::TempDir dir;
    {
        std::ofstream out(dir / "recs.jsonl");
        out << "{\"id\":\"first\",\"date\":\"2020\",\"body\":\"Premier bigjsonmark.\"}\n";
        out << "{\"id\":\"huge\",\"date\":\"2020\",\"body\":\"";
        write_words(out, 100 << 20, "\"}\n");
        out << "{\"id\":\"last\",\"date\":\"2020\",\"body\":\"Dernier bigjsonmark.\"}\n";
    }
    const std::string db = (dir / "db").string();
    const auto r = e2e::index(with_limit({"--db", db, "--json", (dir / "recs.jsonl").string()}));
    INFO(r.err);
    CHECK(r.exit_code == 1);
    CHECK(e2e::contains(r.err, "recs.jsonl:2: a record of "));
    CHECK(e2e::contains(r.err, "--max-document-size (" + kLimitText + ")"));
    CHECK(e2e::summary_of(r).at("indexed") == 2);
    check_memory(r, 100 << 10);
    CHECK(e2e::ids_for(db, {"bigjsonmark"}) == std::vector<std::string>{"first", "last"});
}

TEST_CASE("limits: many large documents at once stay within the same bound") {
    const e2e::TempDir dir;
    for (int i = 0; i < 8; ++i) {
        fs::create_directories(dir / "c");
        std::ofstream file(dir / "c" / ("f" + std::to_string(i) + ".txt"));
        file << "date 2021 Document " << i << " manymark ";
        write_words(file, VIGIE_SANITIZED ? 256 << 10 : 3 << 20, "");
    }
    const auto r = e2e::index({"--db", (dir / "db").string(), "--json", (dir / "c").string()});
    CHECK(r.exit_code == 0);
    CHECK(e2e::summary_of(r).at("indexed") == 8);
    check_memory(r, 300 << 10);
}

TEST_CASE("limits: --max-document-size refuses what is not a size") {
    for (const std::string bad : {"lots", "-5", "12parsecs", "10"}) {
        INFO(bad);
        const auto r = e2e::index({"--db", "/nonexistent/db", "--max-document-size", bad, "x.txt"});
        CHECK(r.exit_code == 2);
        CHECK(e2e::contains(r.err, "max-document-size"));
    }
}
