// --batch: every input line is answered by exactly one JSON line, in order.
#include <catch2/catch.hpp>

#include "harness.hpp"
#include "util.hpp"

using nlohmann::json;

namespace {
std::string db() { return e2e::samples_index().string(); }
}  // namespace

TEST_CASE("batch: N queries give exactly N JSON lines, in order, each complete") {
    const std::vector<std::string> queries = {"alliance",
                                              "",
                                              "\"alliance militaire",
                                              "CVE-2021-44228",
                                              "date:2020-13",
                                              "zzzqqqxyz",
                                              "AND",
                                              "   ",
                                              "hôpitaux date:2020",
                                              "bombardiers zzzqqqxyz",
                                              "CVE-2021-44229"};
    std::string input;
    for (const auto& q : queries) input += q + "\n";
    e2e::RunOptions options;
    options.input = input;
    const auto r = e2e::search({"--db", db(), "--batch", "--limit", "3"}, options);
    CHECK(r.exit_code == 0);
    std::vector<std::string> lines;
    {
        std::size_t start = 0;
        while (start < r.out.size()) {
            const std::size_t end = r.out.find('\n', start);
            lines.push_back(r.out.substr(start, end - start));
            if (end == std::string::npos) break;
            start = end + 1;
        }
    }
    REQUIRE(lines.size() == queries.size());
    std::vector<json> answers;
    for (const auto& line : lines) {
        INFO(line);
        REQUIRE_NOTHROW(answers.push_back(json::parse(line)));
    }
    for (std::size_t i = 0; i < queries.size(); ++i) {
        INFO("line " << i + 1 << ": " << lines[i]);
        const json& a = answers[i];
        CHECK(a.at("query") == queries[i]);
        CHECK(a.at("total").is_number());
        CHECK(a.at("hits").is_array());
        CHECK(a.at("took_ms").is_number());
        CHECK(a.at("hits").size() <= 3);
    }
    CHECK(answers[0].at("total") == 6);
    CHECK(answers[0].at("hits").size() == 3);
    CHECK(answers[0].at("hits")[0].at("rank") == 1);
    CHECK(answers[0].at("hits")[0].contains("snippet"));
    // Blank queries: an error, no hits.
    for (const std::size_t i : {1u, 7u}) {
        CHECK(answers[i].contains("error"));
        CHECK(answers[i].at("hits").empty());
    }
    // Broken syntax: a notice.
    CHECK_FALSE(answers[2].at("notices").empty());
    CHECK_FALSE(answers[6].at("notices").empty());
    CHECK(answers[3].at("hits").at(0).at("id") == "anssi-log4shell-2021-12-10.txt");
    CHECK(answers[3].at("total") == 1);
    // Invalid date: an error naming it, and the next lines still answered.
    REQUIRE(answers[4].contains("error"));
    CHECK(e2e::contains(answers[4].at("error"), "2020-13"));
    CHECK(answers[5].at("total") == 0);
    CHECK(answers[5].at("hits").empty());
    CHECK(answers[8].at("total") == 3);
    CHECK(answers[9].at("hits").at(0).at("partial") == true);
    CHECK(answers[10].at("hits").at(0).at("id") == "certfr-passerelle-vpn-2021-12-14.txt");
}

TEST_CASE("batch: options apply to every line - exit 1 when no line finds anything") {
    e2e::RunOptions options;
    options.input = "alliance\r\nvigilance\n";  // a CRLF line too
    auto r = e2e::search({"--db", db(), "--batch", "--since", "2022", "--sort", "oldest", "--limit", "100"}, options);
    REQUIRE(r.exit_code == 0);
    auto answers = r.json_lines();
    REQUIRE(answers.size() == 2);
    CHECK(answers[0].at("query") == "alliance");
    std::vector<std::string> ids;
    for (const auto& hit : answers[0].at("hits")) ids.push_back(hit.at("id"));
    CHECK(ids == std::vector<std::string>{"otan-ukraine-2022-02-24.txt", "otan-cyberdefense-vilnius-2023-07-11.txt"});
    CHECK(answers[1].at("hits").size() == 5);  // bulletins 001, 004, 005, attentat 2023, mpox 2024

    options.input = "zzzqqqxyz\nwwwqqqxyz\n";
    r = e2e::search({"--db", db(), "--batch"}, options);
    CHECK(r.exit_code == 1);
    CHECK(r.json_lines().size() == 2);

    options.input = "";
    r = e2e::search({"--db", db(), "--batch"}, options);
    CHECK(r.exit_code == 1);
    CHECK(r.out.empty());

    // --limit 0 counts: matches found are exit 0, as a single search says.
    options.input = "alliance\n";
    r = e2e::search({"--db", db(), "--batch", "--limit", "0"}, options);
    CHECK(r.exit_code == 0);
    CHECK(r.json_lines().at(0).at("total") > 0);
    CHECK(e2e::search({"--db", db(), "--limit", "0", "alliance"}).exit_code == 0);
    options.input = "zzzqqqxyz\n";
    CHECK(e2e::search({"--db", db(), "--batch", "--limit", "0"}, options).exit_code == 1);
}

TEST_CASE("batch: a missing index is one error for the whole run (exit 3)") {
    const e2e::TempDir dir;
    e2e::RunOptions options;
    options.input = "alliance\n";
    const auto r = e2e::search({"--db", (dir / "nothing-here").string(), "--batch"}, options);
    CHECK(r.exit_code == 3);
    CHECK(e2e::contains(r.err, "nothing-here"));
}

namespace {
// The answers without their timings.
std::vector<std::string> answers_without_timings(const std::string& out) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start < out.size()) {
        const std::size_t end = out.find('\n', start);
        json j = json::parse(out.substr(start, end - start));
        j.erase("took_ms");
        lines.push_back(j.dump());
        if (end == std::string::npos) break;
        start = end + 1;
    }
    return lines;
}
}  // namespace

TEST_CASE("batch: several searchers at once answer in input order, as one does") {
    const std::vector<std::string> words = {"alliance", "hôpitaux", "CVE-2021-44228", "crues", "zzzqqqxyz",
                                            "\"cyber attaques\"", "vuln*", "date:2020-13", "otan -ukraine"};
    std::string input;
    for (int round = 0; round < 30; ++round)
        for (const auto& w : words) input += w + (round % 2 ? " alerte" : "") + "\n";
    e2e::RunOptions options;
    options.input = input;
    const auto one = e2e::search({"--db", db(), "--batch", "--threads", "1"}, options);
    const auto four = e2e::search({"--db", db(), "--batch", "--threads", "4"}, options);
    CHECK(one.exit_code == 0);
    CHECK(four.exit_code == 0);
    const auto a = answers_without_timings(one.out), b = answers_without_timings(four.out);
    CHECK(a.size() == 30 * words.size());
    CHECK(a == b);
}

TEST_CASE("batch: a query on a live pipe is answered before the next one comes") {
    e2e::Process p({e2e::search_bin(), "--db", db(), "--batch", "--threads", "2"});
    for (const std::string q : {"alliance", "crues", "CVE-2021-44228"}) {
        const std::size_t before = e2e::occurrences(p.out_so_far(), "\n");
        p.write_stdin(q + "\n");
        REQUIRE(e2e::wait_until([&] { return e2e::occurrences(p.out_so_far(), "\n") == before + 1; }));
        CHECK(e2e::contains(p.out_so_far(), "\"query\":\"" + q + "\""));
    }
    p.close_stdin();
    CHECK(p.wait().exit_code == 0);
}
