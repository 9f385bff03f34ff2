// Output of vigie-search: text, json, jsonl and tsv; colour and markers;
// --limit, --offset, --count, --explain; relaxed matching and --match;
// control characters from documents never reach a terminal.
#include <catch2/catch.hpp>

#include <sstream>

#include "harness.hpp"
#include "util.hpp"

using Ids = std::vector<std::string>;
using nlohmann::json;

namespace {

using e2e::lines_of;

std::string db() { return e2e::samples_index().string(); }

std::vector<std::string> split(const std::string& line, char sep) {
    std::vector<std::string> fields;
    std::size_t start = 0;
    for (;;) {
        const std::size_t at = line.find(sep, start);
        fields.push_back(line.substr(start, at == std::string::npos ? std::string::npos : at - start));
        if (at == std::string::npos) break;
        start = at + 1;
    }
    return fields;
}

json hit_named(const json& answer, const std::string& id) {
    for (const auto& hit : answer.at("hits"))
        if (hit.at("id") == id) return hit;
    FAIL("no hit " << id);
    return {};
}

}  // namespace

TEST_CASE("output json: schema_version, total and every hit field") {
    const auto r = e2e::search({"--db", db(), "--format", "json", "alliance"});
    REQUIRE(r.exit_code == 0);
    const json answer = r.json();
    CHECK(answer.at("schema_version").is_number_integer());
    CHECK(answer.at("total") == 6);
    CHECK(answer.at("query") == "alliance");
    const auto& hits = answer.at("hits");
    REQUIRE(hits.size() == 6);
    double previous_score = 1e300;
    for (std::size_t i = 0; i < hits.size(); ++i) {
        const auto& hit = hits[i];
        INFO(hit.dump());
        CHECK(hit.at("rank") == i + 1);
        CHECK(hit.at("id").is_string());
        CHECK((hit.at("date").is_string() || hit.at("date").is_null()));
        CHECK((hit.at("date_precision").is_string() || hit.at("date_precision").is_null()));
        CHECK(hit.at("title").is_string());
        CHECK_FALSE(hit.at("title").get<std::string>().empty());
        CHECK((hit.at("source").is_string() || hit.at("source").is_null()));
        CHECK(hit.at("score").is_number());
        CHECK(hit.at("score").get<double>() <= previous_score);  // relevance order
        previous_score = hit.at("score").get<double>();
        CHECK(hit.at("snippet").is_string());
        CHECK(hit.at("highlights").is_array());
        CHECK(hit.at("partial") == false);
    }
    CHECK(hit_named(answer, "otan-alliances-2019.txt").at("date") == "2019");
    CHECK(hit_named(answer, "otan-alliances-2019.txt").at("date_precision") == "year");
    CHECK(hit_named(answer, "otan-cyberattaques-2020-06.txt").at("date") == "2020-06");
    CHECK(hit_named(answer, "otan-cyberattaques-2020-06.txt").at("date_precision") == "month");
    CHECK(hit_named(answer, "otan-ukraine-2022-02-24.txt").at("date") == "2022-02-24");
    CHECK(hit_named(answer, "otan-ukraine-2022-02-24.txt").at("date_precision") == "day");
}

TEST_CASE("output json: undated documents, JSON record title, source and url") {
    auto answer = e2e::search_json(db(), {"turbidité"}).json();
    REQUIRE(answer.at("hits").size() == 1);
    CHECK(answer.at("hits")[0].at("date").is_null());
    CHECK(answer.at("hits")[0].at("date_precision").is_null());

    answer = e2e::search_json(db(), {"CVE-2022-0778"}).json();
    REQUIRE(answer.at("hits").size() == 1);
    const auto openssl = answer.at("hits")[0];
    CHECK(openssl.at("id") == "bulletin-2022-003");
    CHECK(openssl.at("title") == "Vulnérabilité dans OpenSSL");
    CHECK(openssl.at("date") == "2022-03-15");
    CHECK(openssl.at("source") == "CERT-FR (texte reformulé pour le corpus de test)");
    CHECK(openssl.at("url") == "https://example.org/vigie/bulletins/2022-003");

    answer = e2e::search_json(db(), {"id:bulletin-2022-002"}).json();
    REQUIRE(answer.at("hits").size() == 1);
    CHECK(answer.at("hits")[0].at("source").is_null());
    CHECK(answer.at("hits")[0].at("url") == "https://example.org/vigie/bulletins/2022-002");
    CHECK(answer.at("hits")[0].at("date_precision") == "month");
}

TEST_CASE("output jsonl: one hit object per line, the same hits as json") {
    const auto j = e2e::search({"--db", db(), "--format", "json", "état"});
    const auto l = e2e::search({"--db", db(), "--format", "jsonl", "état"});
    REQUIRE(j.exit_code == 0);
    REQUIRE(l.exit_code == 0);
    const auto lines = l.json_lines();
    REQUIRE(lines.size() == 10);  // --limit defaults to 10
    CHECK(lines_of(l.out).size() == 10);
    const auto hits = j.json().at("hits");
    for (std::size_t i = 0; i < lines.size(); ++i) {
        CHECK(lines[i].at("id") == hits[i].at("id"));
        CHECK(lines[i].at("rank") == i + 1);
        CHECK(lines[i].at("snippet") == hits[i].at("snippet"));
        CHECK(lines[i].at("highlights") == hits[i].at("highlights"));
        CHECK(lines[i].contains("date_precision"));
        CHECK(lines[i].contains("score"));
    }
}

TEST_CASE("output tsv: rank, id, date, score, title, snippet - one line per hit") {
    const auto t = e2e::search({"--db", db(), "--format", "tsv", "--limit", "20", "vigilance"});
    const auto j = e2e::search({"--db", db(), "--format", "json", "--limit", "20", "vigilance"});
    REQUIRE(t.exit_code == 0);
    const auto hits = j.json().at("hits");
    const auto lines = lines_of(t.out);
    REQUIRE(lines.size() == hits.size());
    for (std::size_t i = 0; i < lines.size(); ++i) {
        INFO(lines[i]);
        const auto fields = split(lines[i], '\t');
        REQUIRE(fields.size() == 6);
        CHECK(fields[0] == std::to_string(i + 1));
        CHECK(fields[1] == hits[i].at("id").get<std::string>());
        CHECK(fields[2] == (hits[i].at("date").is_null() ? "" : hits[i].at("date").get<std::string>()));
        CHECK_NOTHROW(std::stod(fields[3]));
        CHECK(fields[4] == hits[i].at("title").get<std::string>());
        CHECK_FALSE(fields[5].empty());
        CHECK_FALSE(e2e::contains(lines[i], "\x1b"));
    }
}

TEST_CASE("output text: date, title, id and snippet with [ ] markers, no escapes without colour") {
    const auto r = e2e::search({"--db", db(), "--color", "never", "CVE-2021-44228"});
    REQUIRE(r.exit_code == 0);
    CHECK_FALSE(e2e::contains(r.out, "\x1b"));
    CHECK(e2e::contains(r.out, "2021-12-10"));
    CHECK(e2e::contains(r.out, "anssi-log4shell-2021-12-10.txt"));
    CHECK(e2e::contains(r.out, "Le CERT-FR publie l'alerte CERTFR-2021-ALE-022"));
    CHECK(e2e::contains(r.out, "[CVE-2021-44228]"));

    const auto m = e2e::search({"--db", db(), "--color", "never", "--markers", "<<,>>", "CVE-2021-44228"});
    REQUIRE(m.exit_code == 0);
    CHECK(e2e::contains(m.out, "<<CVE-2021-44228>>"));
    CHECK_FALSE(e2e::contains(m.out, "[CVE-2021-44228]"));

    // NO_COLOR, even with the default --color auto on a pipe.
    e2e::RunOptions no_color;
    no_color.env = {{"NO_COLOR", "1"}};
    const auto n = e2e::search({"--db", db(), "CVE-2021-44228"}, no_color);
    REQUIRE(n.exit_code == 0);
    CHECK_FALSE(e2e::contains(n.out, "\x1b"));
    CHECK(e2e::contains(n.out, "[CVE-2021-44228]"));
}

TEST_CASE("output text: --color always colours - on a terminal auto colours unless NO_COLOR") {
    const auto always = e2e::search({"--db", db(), "--color", "always", "CVE-2021-44228"});
    REQUIRE(always.exit_code == 0);
    CHECK(e2e::contains(always.out, "\x1b["));
    CHECK_FALSE(e2e::contains(always.out, "[CVE-2021-44228]"));

    const std::vector<std::string> argv{e2e::search_bin(), "--db", db(), "CVE-2021-44228"};
    e2e::RunOptions tty;
    tty.env = {{"TERM", "xterm"}};
    tty.unset_env = {"NO_COLOR"};
    const auto terminal = e2e::run_in_terminal(argv, tty);
    REQUIRE(terminal.exit_code == 0);
    CHECK(e2e::contains(terminal.out, "\x1b["));

    e2e::RunOptions no_color = tty;
    no_color.env["NO_COLOR"] = "1";
    const auto plain = e2e::run_in_terminal(argv, no_color);
    REQUIRE(plain.exit_code == 0);
    CHECK(e2e::contains(plain.out, "anssi-log4shell-2021-12-10.txt"));
    CHECK_FALSE(e2e::contains(plain.out, "\x1b"));
    CHECK(e2e::contains(plain.out, "[CVE-2021-44228]"));

    const std::vector<std::string> never{e2e::search_bin(), "--db", db(), "--color", "never", "CVE-2021-44228"};
    const auto forced = e2e::run_in_terminal(never, tty);
    REQUIRE(forced.exit_code == 0);
    CHECK_FALSE(e2e::contains(forced.out, "\x1b"));
}

TEST_CASE("output: --limit and --offset page consistently through an unpaged answer") {
    const auto all = e2e::search_json(db(), {"état"});
    REQUIRE(all.exit_code == 0);
    const auto everything = e2e::hit_ids(all);
    REQUIRE(everything.size() == 14);
    CHECK(all.json().at("total") == 14);

    const auto two = e2e::search({"--db", db(), "--format", "json", "--limit", "2", "état"});
    REQUIRE(two.exit_code == 0);
    CHECK(e2e::hit_ids(two) == Ids(everything.begin(), everything.begin() + 2));
    CHECK(two.json().at("total") == 14);

    std::vector<std::string> paged;
    for (int offset = 0; offset < 16; offset += 4) {
        const auto page = e2e::search({"--db", db(), "--format", "json", "--limit", "4", "--offset",
                                       std::to_string(offset), "état"});
        INFO("offset " << offset);
        const auto hits = page.json().at("hits");
        for (std::size_t i = 0; i < hits.size(); ++i) {
            CHECK(hits[i].at("rank") == offset + i + 1);
            paged.push_back(hits[i].at("id"));
        }
    }
    CHECK(paged == everything);

    // Past the end: no hits.
    const auto beyond = e2e::search({"--db", db(), "--format", "json", "--offset", "14", "état"});
    CHECK(beyond.exit_code == 1);
    CHECK(beyond.json().at("hits").empty());

    // No hidden cap on --limit.
    const auto big = e2e::search({"--db", db(), "--format", "json", "--limit", "100000", "--match", "any", "état",
                                  "vigilance"});
    REQUIRE(big.exit_code == 0);
    CHECK(big.json().at("hits").size() == 24);  // 14 + 11, one in both
}

TEST_CASE("output: --count prints the number of matching documents") {
    auto r = e2e::search({"--db", db(), "--count", "alliance"});
    CHECK(r.exit_code == 0);
    CHECK(r.out == "6\n");
    r = e2e::search({"--db", db(), "--count", "--format", "json", "alliance"});
    CHECK(r.exit_code == 0);
    CHECK(r.json().at("count") == 6);
    r = e2e::search({"--db", db(), "--count", "--since", "2021", "alliance"});
    CHECK(r.out == "4\n");
    r = e2e::search({"--db", db(), "--count", "date:2020-02"});
    CHECK(r.out == "2\n");
    r = e2e::search({"--db", db(), "--count", "zzzqqqxyz"});
    CHECK(r.exit_code == 1);
    CHECK(r.out == "0\n");
}

TEST_CASE("output: --explain shows the rewritten query, the Xapian query and the date range") {
    auto r = e2e::search({"--db", db(), "--explain", "l’Alliance"});
    REQUIRE(r.exit_code == 0);
    CHECK(e2e::contains(r.out, "rewritten:"));
    CHECK(e2e::contains(r.out, "alliance"));
    CHECK(e2e::contains(r.out, "allianc"));  // the stem, in the Xapian query

    r = e2e::search({"--db", db(), "--explain", "--format", "json", "--since", "2020-03", "--until", "2020-06",
                     "l’Alliance"});
    REQUIRE(r.exit_code == 0);
    json e = r.json();
    CHECK(e.at("query") == "l’Alliance");
    CHECK(e.at("rewritten") == "alliance");
    CHECK(e2e::contains(e.at("xapian_query"), "allianc"));
    CHECK(e.at("date_range") == "2020-03-01..2020-06-30");
    CHECK(e.contains("schema_version"));

    r = e2e::search({"--db", db(), "--explain", "--format", "json", "alliance"});
    CHECK(r.json().at("date_range").is_null());

    // A date: range in the query is a date range too.
    r = e2e::search({"--db", db(), "--explain", "--format", "json", "alliance date:2020-03..2020-06"});
    REQUIRE(r.exit_code == 0);
    CHECK(r.json().at("date_range") == "2020-03-01..2020-06-30");
    r = e2e::search({"--db", db(), "--explain", "date:2020-06"});
    REQUIRE(r.exit_code == 0);
    CHECK(e2e::contains(r.out, "2020-06-01..2020-06-30"));
}

TEST_CASE("output: one rare word and one absent word give partial hits and a relaxed notice") {
    const auto r = e2e::search({"--db", db(), "--format", "json", "bombardiers zzzqqqxyz"});
    REQUIRE(r.exit_code == 0);
    const json answer = r.json();
    CHECK(answer.at("relaxed") == true);
    REQUIRE(answer.at("hits").size() == 1);
    CHECK(answer.at("hits")[0].at("id") == "protection-civile-feux-gironde-2022-08-10.txt");
    CHECK(answer.at("hits")[0].at("partial") == true);
    REQUIRE_FALSE(answer.at("notices").empty());
    CHECK(e2e::contains(answer.at("notices")[0], "relaxed"));
    CHECK(e2e::contains(r.err, "relaxed"));

    const auto text = e2e::search({"--db", db(), "--color", "never", "bombardiers", "zzzqqqxyz"});
    CHECK(text.exit_code == 0);
    CHECK(e2e::contains(text.out, "partial"));
    CHECK(e2e::contains(text.err, "relaxed"));

    // Full matches come first, partial ones after them.
    const auto mixed = e2e::search_json(db(), {"alliance militaire"});
    REQUIRE(mixed.exit_code == 0);
    INFO(mixed.out);
    bool seen_partial = false;
    for (const auto& hit : e2e::hits_of(mixed)) {
        if (hit.at("partial") == true) seen_partial = true;
        else CHECK_FALSE(seen_partial);
    }
    CHECK(seen_partial);
}

TEST_CASE("output: relaxed hits with more of the words come first, whatever their scores") {
    const e2e::TempDir dir;
    // One word many times in a short text scores higher than two words
    // once each in a long one; the two-word text still comes first, and
    // the three-word one before both.
    std::string filler;
    for (int i = 0; i < 150; ++i) filler += "texte de remplissage sans rapport ";
    dir.write("in/one.txt", "date 2021-01-01\nZorgmot zorgmot zorgmot zorgmot.\n");
    dir.write("in/two.txt", "date 2021-01-02\n" + filler + "alphamot et betamot.\n");
    dir.write("in/three.txt", "date 2021-01-03\n" + filler + filler + "zorgmot, alphamot et betamot.\n");
    dir.write("in/other.txt", "date 2021-01-04\nRien de tout cela.\n");
    const std::string db = (dir / "db").string();
    REQUIRE(e2e::index({"--db", db, (dir / "in").string()}).exit_code == 0);
    const auto r = e2e::search({"--db", db, "--format", "json", "zorgmot alphamot betamot gammamot"});
    REQUIRE(r.exit_code == 0);
    CHECK(r.json().at("relaxed") == true);
    CHECK(e2e::hit_ids(r) == Ids{"three.txt", "two.txt", "one.txt"});
    const auto scores = r.json().at("hits");
    CHECK(scores[2].at("score").get<double>() > scores[1].at("score").get<double>());
}

TEST_CASE("output: relaxed hits missing one word come first, even behind many with one rare word") {
    const e2e::TempDir dir;
    // (Each text numbered: no two are copies.)
    // Seventy short texts say one rarer word four times: each scores more
    // than the one long text with the two commoner words once each, and
    // more of them than the OR's best that were once read. That text still
    // comes first: it misses one word of three, they miss two.
    std::string filler;
    for (int i = 0; i < 150; ++i) filler += "texte de remplissage sans rapport ";
    for (int i = 0; i < 70; ++i)
        dir.write("in/rare-" + std::to_string(i) + ".txt",
                  "date 2021-02-01\nZorgmot zorgmot zorgmot zorgmot, note " + std::to_string(i) + ".\n");
    for (int i = 0; i < 120; ++i) {
        const std::string n = std::to_string(i);
        dir.write("in/alpha-" + n + ".txt", "date 2021-03-01\n" + filler + "alphamot, note " + n + ".\n");
        dir.write("in/beta-" + n + ".txt", "date 2021-03-02\n" + filler + "betamot, note " + n + ".\n");
    }
    dir.write("in/both.txt", "date 2021-04-01\n" + filler + "alphamot et betamot.\n");
    const std::string db = (dir / "db").string();
    REQUIRE(e2e::index({"--db", db, (dir / "in").string()}).exit_code == 0);
    const auto r = e2e::search({"--db", db, "--format", "json", "zorgmot alphamot betamot"});
    REQUIRE(r.exit_code == 0);
    const auto answer = r.json();
    CHECK(answer.at("relaxed") == true);
    const auto hits = answer.at("hits");
    REQUIRE(hits.size() == 10);
    CHECK(hits[0].at("id") == "both.txt");
    CHECK(hits[0].at("partial") == true);
    // Ranked below the others by its score alone: it is first by its words.
    CHECK(hits[0].at("score").get<double>() < hits[1].at("score").get<double>());
    for (std::size_t i = 1; i < hits.size(); ++i) CHECK(e2e::contains(hits[i].at("id").get<std::string>(), "rare-"));
    // The same with a date filter and an excluded word around the group.
    const auto filtered = e2e::search({"--db", db, "--format", "json", "--since", "2021", "zorgmot alphamot betamot -absentmot"});
    REQUIRE(filtered.exit_code == 0);
    CHECK(filtered.json().at("hits")[0].at("id") == "both.txt");
    const auto before = e2e::search({"--db", db, "--format", "json", "--until", "2021-03", "zorgmot alphamot betamot"});
    REQUIRE(before.exit_code == 0);
    const auto before_hits = before.json().at("hits");  // a copy: json() is a temporary
    for (const auto& hit : before_hits) CHECK(hit.at("id") != "both.txt");
}

TEST_CASE("output: --match all never relaxes, --match any takes any word") {
    auto r = e2e::search({"--db", db(), "--format", "json", "--match", "all", "bombardiers", "zzzqqqxyz"});
    CHECK(r.exit_code == 1);
    CHECK(r.json().at("hits").empty());
    CHECK(r.json().at("relaxed") == false);

    r = e2e::search({"--db", db(), "--format", "json", "--match", "any", "bombardiers", "zzzqqqxyz"});
    CHECK(r.exit_code == 0);
    CHECK(e2e::hit_ids(r) == Ids{"protection-civile-feux-gironde-2022-08-10.txt"});

    r = e2e::search({"--db", db(), "--format", "json", "--limit", "100", "--match", "any", "alliance", "canicule"});
    REQUIRE(r.exit_code == 0);
    CHECK(e2e::sorted(e2e::hit_ids(r)) ==
          Ids{"bulletin-2022-001", "bulletin-2022-004", "diplomatie-etats-unis-2021-01-20.txt",
              "meteo-canicule-latin1-2019-07.txt", "otan-alliances-2019.txt", "otan-cyberattaques-2020-06.txt",
              "otan-cyberdefense-vilnius-2023-07-11.txt", "otan-sommet-bruxelles-2021-06-14.txt",
              "otan-ukraine-2022-02-24.txt"});
    r = e2e::search({"--db", db(), "--format", "json", "--limit", "100", "--match", "all", "alliance", "canicule"});
    CHECK(r.exit_code == 1);
}

TEST_CASE("output: control characters and escape sequences from a document never reach the terminal") {
    const e2e::TempDir dir;
    dir.write("esc.jsonl",
              "{\"id\":\"esc-1\",\"date\":\"2021-05-05\",\"title\":\"Titre \\u001b[31mrouge\\u001b[0m \\u0007 "
              "piégé\",\"body\":\"Un corps \\u001b[31mcolorié\\u001b]0;pwned\\u0007 avec \\u009b2J csi et le mot "
              "zorblax. Fin\\u001b[0m.\",\"source\":\"src \\u001b[1m gras\"}\n");
    const std::string idx = (dir / "db").string();
    REQUIRE(e2e::index({"--db", idx, (dir / "esc.jsonl").string()}).exit_code == 0);

    for (const std::string format : {"text", "tsv"}) {
        INFO("--format " << format);
        const auto r = e2e::search({"--db", idx, "--color", "never", "--format", format, "zorblax"});
        REQUIRE(r.exit_code == 0);
        CHECK_FALSE(e2e::contains(r.out, "\x1b"));
        CHECK_FALSE(e2e::contains(r.out, "\x07"));
        CHECK_FALSE(e2e::contains(r.out, "\xC2\x9B"));  // C1 CSI
        CHECK(e2e::contains(r.out, "zorblax"));
        CHECK(e2e::valid_utf8(r.out));
    }
    const auto coloured = e2e::search({"--db", idx, "--color", "always", "zorblax"});
    CHECK_FALSE(e2e::contains(coloured.out, "\x1b[31m"));
    CHECK_FALSE(e2e::contains(coloured.out, "\x1b]0;"));

    for (const std::string format : {"json", "jsonl"}) {
        INFO("--format " << format);
        const auto r = e2e::search({"--db", idx, "--format", format, "zorblax"});
        REQUIRE(r.exit_code == 0);
        CHECK_FALSE(e2e::contains(r.out, "\x1b"));
        CHECK_FALSE(e2e::contains(r.out, "\x07"));
        const json hit = format == "json" ? r.json().at("hits").at(0) : r.json_lines().at(0);
        // JSON escapes the control characters; the title keeps them.
        CHECK(hit.at("title") == "Titre \x1b[31mrouge\x1b[0m \x07 piégé");
        CHECK(e2e::contains(r.out, "\\u001b"));
    }
}

TEST_CASE("the fields list (--fields) says what a query can name, without an index, and each one works") {
    const auto text = e2e::search({"--db", "/nonexistent/vigie.db", "--fields"});
    CHECK(text.exit_code == 0);
    for (const char* name : {"id", "title", "body", "date", "source", "url"}) CHECK(text.out.find(name) != std::string::npos);

    const auto listed = e2e::search({"--fields", "--format", "json"});
    REQUIRE(listed.exit_code == 0);
    const json fields = json::parse(listed.out).at("fields");
    // Each field a query can name reaches the index with its own prefix.
    const std::map<std::string, std::pair<std::string, std::string>> probe = {
        {"id", {"id:otan-cyberattaques-2020-06.txt", "Qotan-cyberattaques-2020-06.txt"}},
        {"title", {"title:vaccination", "ZSvaccin"}},
        {"date", {"date:2020", "DY2020"}},
        {"source", {"source:anssi", "ZXSanssi"}},
        {"cve", {"cve:cve-2021-44228", "XCCVE-2021-44228"}},
        {"ref", {"ref:CERTFR-2020-AVI-001", "XRCERTFR-2020-AVI-001"}},
    };
    std::size_t probed = 0;
    for (const auto& field : fields) {
        const std::string name = field.at("name");
        INFO(name);
        CHECK(!field.at("description").get<std::string>().empty());
        if (field.at("query").is_null() || field.at("query").get<std::string>().rfind(name + ":", 0) != 0) continue;
        REQUIRE(probe.count(name));
        const auto& [query, term] = probe.at(name);
        const auto explained = e2e::search({"--db", db(), "--explain", "--format", "json", query});
        CHECK(json::parse(explained.out).at("xapian_query").get<std::string>().find(term) != std::string::npos);
        ++probed;
    }
    CHECK(probed == probe.size());
}
