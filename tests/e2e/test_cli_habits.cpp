// What a user of ripgrep, notmuch or mu expects of a command: --version,
// --help with examples that work, text wrapped to the terminal, lists of
// hits without snippets, a TSV header, and a closed pipe that ends the
// command quietly.
#include <catch2/catch.hpp>

#include <xapian.h>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "harness.hpp"
#include "util.hpp"

using nlohmann::json;
namespace fs = std::filesystem;

namespace {

using e2e::lines_of;

std::string db() { return e2e::samples_index().string(); }

std::vector<std::string> words_of(const std::string& text) {
    std::vector<std::string> words;
    std::istringstream in(text);
    std::string word;
    while (in >> word) words.push_back(word);
    return words;
}

std::string without_escapes(const std::string& text) {
    return std::regex_replace(text, std::regex("\x1b\\[[0-9;]*[A-Za-z]"), "");
}

// Lines that hold more than one word (a path stays whole, however long).
std::size_t widest_breakable_line(const std::string& out) {
    std::size_t widest = 0;
    for (const auto& line : lines_of(without_escapes(out)))
        if (words_of(line).size() > 1) widest = std::max(widest, e2e::code_points(line));
    return widest;
}

std::string bash() {
    const std::string path = e2e::find_program("bash");
    REQUIRE_FALSE(path.empty());
    return path;
}

// PATH with the two programs under test first.
std::string path_with_programs() {
    const char* path = std::getenv("PATH");
    return fs::path(e2e::index_bin()).parent_path().string() + ":" +
           fs::path(e2e::search_bin()).parent_path().string() + ":" + (path ? path : "/usr/bin:/bin");
}

// Runs argv with its standard output a pipe whose reader has already gone
// (and its standard error into a file): every write fails with EPIPE.
e2e::Run run_into_closed_pipe(const std::vector<std::string>& argv, const e2e::TempDir& dir) {
    int fds[2];
    REQUIRE(pipe(fds) == 0);
    close(fds[0]);
    const std::string err_path = (dir / "stderr").string();
    const pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        signal(SIGPIPE, SIG_DFL);  // as a shell starts a command
        dup2(fds[1], 1);
        const int err = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        dup2(err, 2);
        const int null = open("/dev/null", O_RDONLY);
        dup2(null, 0);
        std::vector<char*> args;
        for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
        args.push_back(nullptr);
        execv(args[0], args.data());
        _exit(127);
    }
    close(fds[1]);
    int status = 0;
    waitpid(pid, &status, 0);
    e2e::Run r;
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    std::ifstream in(err_path);
    r.err.assign(std::istreambuf_iterator<char>(in), {});
    return r;
}

}  // namespace

TEST_CASE("version: --version and -V print Vigie's, Xapian's, the analyzer's and the schemas' versions") {
    // The versions an index records, to compare with what the commands say.
    const Xapian::Database index(db());
    const std::string analyzer = index.get_metadata("vigie.analyzer");
    const std::string schema = index.get_metadata("vigie.schema");
    REQUIRE_FALSE(analyzer.empty());
    for (const std::string program : {"vigie-index", "vigie-search"}) {
        const std::string bin = program == "vigie-index" ? e2e::index_bin() : e2e::search_bin();
        for (const std::string flag : {"--version", "-V"}) {
            INFO(program << " " << flag);
            // Alone: vigie-index needs no input, vigie-search no query.
            const auto r = e2e::run({bin, flag});
            REQUIRE(r.exit_code == 0);
            CHECK(r.err.empty());
            const auto lines = lines_of(r.out);
            REQUIRE(lines.size() == 5);
            CHECK(std::regex_match(lines[0], std::regex(program + " [0-9]+\\.[0-9]+\\.[0-9]+")));
            CHECK(lines[1] == std::string("xapian ") + Xapian::version_string());
            CHECK(lines[2] == "analyzer " + analyzer);
            CHECK(lines[3] == "index-schema " + schema);
            CHECK(lines[4] == "json-schema 1");
            // Whatever else is on the line.
            const auto with_more = e2e::run({bin, "--db", "/nonexistent", flag, "more", "words"});
            CHECK(with_more.exit_code == 0);
            CHECK(with_more.out == r.out);
        }
    }
    // The same version for both.
    CHECK(lines_of(e2e::run({e2e::index_bin(), "--version"}).out)[0].substr(12) ==
          lines_of(e2e::run({e2e::search_bin(), "--version"}).out)[0].substr(13));
}

TEST_CASE("help: --help ends with examples, and every example works as written") {
    e2e::TempDir dir;
    // What the examples name: the samples, a feed, a communiqué.
    fs::create_directory_symlink(e2e::samples_dir(), dir / "samples");
    fs::create_directory_symlink(e2e::samples_dir(), dir / "corpus");
    dir.write("feed.jsonl", R"({"id": "f1", "date": "2024-01", "title": "Crues", "body": "Alerte aux crues."})" "\n");
    dir.write("alerte.txt", "date 2024-02 Vigilance orange canicule.\n");
    e2e::RunOptions options;
    options.cwd = dir.path();
    options.env = {{"PATH", path_with_programs()}, {"VIGIE_DB", db()}};
    for (const std::string program : {"vigie-index", "vigie-search"}) {
        const std::string bin = program == "vigie-index" ? e2e::index_bin() : e2e::search_bin();
        const auto help = e2e::run({bin, "--help"});
        REQUIRE(help.exit_code == 0);
        const auto lines = lines_of(help.out);
        const auto examples = std::find(lines.begin(), lines.end(), "Examples:");
        REQUIRE(examples != lines.end());
        std::size_t tried = 0;
        for (auto it = examples + 1; it != lines.end() && it->rfind("  ", 0) == 0; ++it) {
            const std::string example = it->substr(2);
            INFO(example);
            CHECK(e2e::contains(example, program));
            // Run by a shell, as a user would paste it: 0 or 1 (hits or
            // none, inputs skipped or not), never a usage error.
            const auto r = e2e::run({bash(), "-c", example}, options);
            CHECK((r.exit_code == 0 || r.exit_code == 1));
            CHECK_FALSE(e2e::contains(r.err, "Run with --help"));
            ++tried;
        }
        CHECK(tried >= 4);
        // The examples come last, but for the pointer to the man page.
        CHECK(e2e::contains(lines.back(), program + "(1)"));
    }
}

TEST_CASE("wrap: text results are wrapped at words to the terminal, keeping their indent") {
    const std::vector<std::string> args{"--db", db(), "--color", "never", "-n", "5", "état"};
    std::vector<std::string> argv{e2e::search_bin()};
    argv.insert(argv.end(), args.begin(), args.end());
    const auto piped = e2e::search(args);
    REQUIRE(piped.exit_code == 0);
    // Not on a terminal: one line per snippet, however long.
    CHECK(widest_breakable_line(piped.out) > 150);

    for (const unsigned short columns : {50, 72, 100}) {
        INFO(columns << " columns");
        e2e::RunOptions tty;
        tty.terminal_columns = columns;
        tty.unset_env = {"COLUMNS"};
        const auto r = e2e::run_in_terminal(argv, tty);
        REQUIRE(r.exit_code == 0);
        CHECK(widest_breakable_line(r.out) <= columns);
        CHECK(widest_breakable_line(r.out) > columns - 20u);
        // The same words in the same order: only the line breaks moved.
        CHECK(words_of(r.out) == words_of(piped.out));
        // Every line keeps its indent: titles under the title, the rest
        // two columns in.
        for (const auto& line : lines_of(r.out)) {
            if (line.empty() || std::regex_match(line, std::regex("[0-9(].*"))) continue;  // date, count
            CHECK(line.rfind("  ", 0) == 0);
            CHECK(line.find_first_not_of(' ') < 12);
        }
        // A hit's snippet continues on lines two columns in, and a title on
        // lines under its first word.
        CHECK(e2e::contains(r.out, "\n  "));
        if (columns == 50) CHECK(e2e::contains(r.out, "\n           "));
    }

    // COLUMNS wins over the terminal's own width.
    e2e::RunOptions narrow;
    narrow.terminal_columns = 120;
    narrow.env = {{"COLUMNS", "44"}};
    const auto r = e2e::run_in_terminal(argv, narrow);
    REQUIRE(r.exit_code == 0);
    CHECK(widest_breakable_line(r.out) <= 44);
    CHECK(words_of(r.out) == words_of(piped.out));

    // ...but never wraps a pipe.
    e2e::RunOptions columns_only;
    columns_only.env = {{"COLUMNS", "44"}};
    CHECK(e2e::search(args, columns_only).out == piped.out);

    // Colours take no room.
    std::vector<std::string> coloured = argv;
    coloured[4] = "always";
    e2e::RunOptions tty;
    tty.terminal_columns = 60;
    const auto c = e2e::run_in_terminal(coloured, tty);
    REQUIRE(c.exit_code == 0);
    CHECK(e2e::contains(c.out, "\x1b["));
    CHECK(widest_breakable_line(c.out) <= 60);
    CHECK(widest_breakable_line(c.out) > 45);
}

TEST_CASE("no-snippets: --no-snippets lists the hits without snippets in text, JSON, JSON Lines, TSV and --batch") {
    const std::vector<std::string> query{"--db", db(), "--color", "never", "-n", "3", "CVE-2021-44228 OR état"};
    const auto with = [&](std::vector<std::string> more) {
        std::vector<std::string> args = query;
        args.insert(args.end(), more.begin(), more.end());
        const auto r = e2e::search(args);
        REQUIRE(r.exit_code == 0);
        return r;
    };
    // Text: a title line and a location line per hit, nothing else.
    const auto full = with({});
    const auto bare = with({"--no-snippets"});
    CHECK(e2e::contains(full.out, "[CVE-2021-44228]"));
    CHECK_FALSE(e2e::contains(bare.out, "[CVE-2021-44228]"));
    // (A snippet line: two columns in, several words, not the list of copies.)
    std::vector<std::string> kept;
    for (const auto& line : lines_of(full.out))
        if (line.rfind("  ", 0) != 0 || line.find(' ', 2) == std::string::npos ||
            line.rfind("  also published as:", 0) == 0)
            kept.push_back(line);
    CHECK(lines_of(bare.out) == kept);
    CHECK(kept.size() < lines_of(full.out).size() - 2);

    // JSON: the same hits, without the snippet and its highlights.
    auto json_full = with({"--format", "json"}).json();
    const auto json_bare = with({"--format", "json", "--no-snippets"}).json();
    REQUIRE(json_bare.at("hits").size() == 3);
    for (auto& hit : json_full.at("hits")) {
        CHECK_FALSE(hit.at("snippet").get<std::string>().empty());
        hit.erase("snippet");
        hit.erase("highlights");
    }
    CHECK(json_bare.at("hits") == json_full.at("hits"));
    for (const auto& hit : with({"--format", "jsonl", "--no-snippets"}).json_lines()) {
        CHECK_FALSE(hit.contains("snippet"));
        CHECK_FALSE(hit.contains("highlights"));
        CHECK(hit.contains("title"));
    }
    // TSV: five columns.
    for (const auto& line : lines_of(with({"--format", "tsv", "--no-snippets"}).out))
        CHECK(std::count(line.begin(), line.end(), '\t') == 4);
    for (const auto& line : lines_of(with({"--format", "tsv"}).out))
        CHECK(std::count(line.begin(), line.end(), '\t') == 5);
    // --batch: every line's hits.
    e2e::RunOptions input;
    input.input = "CVE-2021-44228\nétat\n";
    const auto batch = e2e::search({"--db", db(), "--batch", "--no-snippets"}, input);
    REQUIRE(batch.exit_code == 0);
    const auto answers = batch.json_lines();
    REQUIRE(answers.size() == 2);
    for (const auto& answer : answers) {
        REQUIRE_FALSE(answer.at("hits").empty());
        for (const auto& hit : answer.at("hits")) CHECK_FALSE(hit.contains("snippet"));
    }
}

TEST_CASE("tsv: --header names the columns on a first line") {
    const auto plain = e2e::search({"--db", db(), "--format", "tsv", "-n", "4", "état"});
    const auto headed = e2e::search({"--db", db(), "--format", "tsv", "-n", "4", "--header", "état"});
    REQUIRE(plain.exit_code == 0);
    REQUIRE(headed.exit_code == 0);
    CHECK(lines_of(plain.out)[0].rfind("1\t", 0) == 0);
    CHECK(headed.out == "rank\tid\tdate\tscore\ttitle\tsnippet\n" + plain.out);
    const auto bare = e2e::search({"--db", db(), "--format", "tsv", "--header", "--no-snippets", "état"});
    CHECK(lines_of(bare.out)[0] == "rank\tid\tdate\tscore\ttitle");
    // No hits: the header alone, exit 1.
    const auto none = e2e::search({"--db", db(), "--format", "tsv", "--header", "xyzzyqwerty"});
    CHECK(none.exit_code == 1);
    CHECK(none.out == "rank\tid\tdate\tscore\ttitle\tsnippet\n");
}

TEST_CASE("pipe: `vigie-search ... | head -1` ends quietly with status 0") {
    // Enough hits that the output outgrows the pipe's buffer: 2,500
    // communiqués about covid, each of its own words (never copies).
    e2e::TempDir dir;
    const std::vector<std::string> vocabulary{
        "hôpitaux", "tests", "vaccination", "consignes", "population", "masques", "écoles", "préfecture",
        "confinement", "couvre-feu", "variant", "dépistage", "soignants", "lits", "réanimation", "urgences",
        "pharmacies", "télétravail", "commerces", "frontières", "quarantaine", "isolement", "contacts", "cas",
        "décès", "guérisons", "vaccins", "doses", "rappel", "seniors", "enfants", "transports"};
    std::uint32_t seed = 12345;
    std::string feed;
    for (int i = 0; i < 2500; ++i) {
        std::string body = "Point de situation covid";
        for (int w = 0; w < 30; ++w) {
            seed = seed * 1664525u + 1013904223u;
            body += " " + vocabulary[(seed >> 16) % vocabulary.size()];
        }
        feed += "{\"id\": \"covid-" + std::to_string(i) + "\", \"date\": \"2020-03\", \"title\": \"Point covid " +
                std::to_string(i) + "\", \"body\": \"" + body + ".\"}\n";
    }
    dir.write("feed.jsonl", feed);
    const auto indexed = e2e::index({"--db", (dir / "db").string(), (dir / "feed.jsonl").string()});
    REQUIRE(indexed.exit_code == 0);
    const std::string database = (dir / "db").string();

    e2e::RunOptions options;
    options.env = {{"PATH", path_with_programs()}, {"DB", database}};
    options.cwd = dir.path();
    for (const std::string format : {"text", "json", "jsonl", "tsv"}) {
        INFO(format);
        // A real pipe, through a shell; PIPESTATUS has vigie-search's status.
        const auto r = e2e::run({bash(), "-c",
                                 "vigie-search --db \"$DB\" covid -n 5000 --format " + format +
                                     " 2>err | head -1; echo \"status=${PIPESTATUS[0]}\"; cat err"},
                                options);
        const auto lines = lines_of(r.out);
        REQUIRE(lines.size() == 2);
        CHECK(lines[1] == "status=0");
    }
    // The whole output really was more than a pipe holds.
    const auto all = e2e::search({"--db", database, "covid", "-n", "5000"});
    REQUIRE(all.exit_code == 0);
    CHECK(all.out.size() > 10 * 65536);  // Linux pipes hold 64 KiB
    CHECK(e2e::contains(all.out, "2,500 matches"));

    // A reader gone before anything is written: every mode ends quietly
    // with 0, whatever it would have answered.
    const std::vector<std::vector<std::string>> modes{
        {"covid", "-n", "5000"},
        {"covid", "--format", "json"},
        {"xyzzyqwerty"},  // no hits: still 0, the reader left
        {"covid", "--count"},
        {"covid", "--explain"},
        {"--fields"},
        {"--show", "covid-7"},
        {"covid", "--timeline", "month", "--limit", "0"},
    };
    for (const auto& mode : modes) {
        std::vector<std::string> argv{e2e::search_bin(), "--db", database};
        argv.insert(argv.end(), mode.begin(), mode.end());
        INFO(mode[0] << " " << (mode.size() > 1 ? mode[1] : ""));
        const auto r = run_into_closed_pipe(argv, dir);
        CHECK(r.exit_code == 0);
        CHECK(r.err.empty());
    }
    // Only a reader gone is quiet: a full disk is an error (exit 2).
    for (const std::string mode : {"covid -n 5000", "covid -n 1", "covid --count"}) {
        INFO(mode);
        const auto full = e2e::run({bash(), "-c", "\"$0\" --db \"$1\" " + mode + " > /dev/full", e2e::search_bin(),
                                    database});
        CHECK(full.exit_code == 2);
        CHECK(e2e::contains(full.err, "No space left on device"));
    }
    const auto batch_full = e2e::run({bash(), "-c", "echo covid | \"$0\" --db \"$1\" --batch > /dev/full",
                                      e2e::search_bin(), database});
    CHECK(batch_full.exit_code == 2);
    CHECK(e2e::contains(batch_full.err, "No space left on device"));
    // --batch stops reading at the first answer it cannot write.
    const auto batch = run_into_closed_pipe(
        {bash(), "-c", "yes covid | head -100000 | \"$0\" --db \"$1\" --batch", e2e::search_bin(), database}, dir);
    CHECK(batch.exit_code == 0);
    CHECK(batch.err.empty());
}

TEST_CASE("pipe: a closed output never stops vigie-index halfway") {
    e2e::TempDir dir;
    const auto normal = e2e::index({"--db", (dir / "a").string(), e2e::samples_dir()});
    // The samples draw warnings (undated files) on stderr.
    REQUIRE_FALSE(normal.err.empty());
    const auto closed = run_into_closed_pipe(
        {bash(), "-c", "exec 2>&1; exec \"$0\" --db \"$1\" \"$2\"", e2e::index_bin(), (dir / "b").string(),
         e2e::samples_dir()},
        dir);
    CHECK(closed.exit_code == normal.exit_code);
    // Every communiqué is in the index all the same.
    CHECK(Xapian::Database((dir / "b").string()).get_doccount() == Xapian::Database((dir / "a").string()).get_doccount());
    // A summary it cannot write (a full disk) is an error, exit 2, and says
    // the index was committed.
    for (const std::string mode : {"--json", "-q"}) {
        INFO(mode);
        const auto full = e2e::run({bash(), "-c", "\"$0\" --db \"$1\" " + mode + " \"$2\" > /dev/full", e2e::index_bin(),
                                    (dir / "c").string(), e2e::samples_dir()});
        CHECK(full.exit_code == 2);
        CHECK(e2e::contains(full.err, "No space left on device"));
        CHECK(e2e::contains(full.err, "committed"));
    }
    CHECK(Xapian::Database((dir / "c").string()).get_doccount() == Xapian::Database((dir / "a").string()).get_doccount());
}
