// Search quality features seen from the command line: "did you mean",
// synonyms, --sort recent, and the proximity re-ranking.
#include <catch2/catch.hpp>

#include <ctime>

#include <fmt/format.h>

#include "harness.hpp"

using nlohmann::json;

namespace {

// A small corpus of alerts, each communiqué dated daysago days before today
// (-1: undated).
struct AlertCorpus {
    e2e::TempDir dir;
    std::string db;
    static std::string date_of(int days_ago) {
        const std::time_t t = std::time(nullptr) - static_cast<std::time_t>(days_ago) * 86400;
        std::tm tm{};
        gmtime_r(&t, &tm);
        return fmt::format("{:04}-{:02}-{:02}", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
    }
    void add(const std::string& name, int days_ago, const std::string& text) {
        dir.write("c/" + name + ".txt", (days_ago < 0 ? "" : "date " + date_of(days_ago) + " ") + text + "\n");
    }
    AlertCorpus() {
        add("exchange-proxynotshell", 400, "Microsoft Exchange : vulnérabilités ProxyNotShell sur le serveur Exchange.");
        add("produits-microsoft", 300, "Multiples vulnérabilités dans les produits Microsoft, dont Windows et Office.");
        add("microsoft-teams", 200, "Microsoft Teams : une vulnérabilité corrigée par Microsoft.");
        add("hopital-rancon", 30, "Un hôpital paralysé par un ransomware réclamant une rançon.");
        add("cyberattaque-mairie", 10, "Une cyberattaque vise une mairie, les services en ligne sont coupés.");
        add("hameconnage-banque", 5, "Campagne de phishing visant les clients d'une banque.");
        add("macron-dispersé", 2, "Macron a parlé ce matin. Les équipes de nuit sont fatiguées. Il faut renforcer la "
                                  "sécurité. Les hôpitaux attendent des moyens médicaux.");
        add("macron-ensemble", 2, "Emmanuel Macron vient de renforcer les équipes médicales des hôpitaux du Grand Est.");
        add("alerte-ancienne", 900, "Alerte canicule vigilance orange sur le département.");
        add("alerte-mois", 20, "Alerte canicule vigilance orange sur le département.");
        add("alerte-veille", 1, "Alerte canicule vigilance orange sur le département.");
        add("alerte-sans-date", -1, "Alerte canicule vigilance orange sur le département.");
        db = (dir / "db").string();
        const auto r = e2e::index({"--db", db, (dir / "c").string()});
        REQUIRE(r.exit_code == 0);
    }
};

const AlertCorpus& corpus() {
    static const AlertCorpus c;
    return c;
}

std::vector<std::string> ids(const e2e::Run& r) {
    const json answer = r.json();  // kept: the loop reads into it
    std::vector<std::string> out;
    for (const auto& hit : answer.at("hits")) out.push_back(hit.at("id"));
    return out;
}

}  // namespace

TEST_CASE("did you mean: misspelt words get the index's own spelling, on stderr and in JSON") {
    const auto text = e2e::search({"--db", corpus().db, "microsfot Exchnage"});
    CHECK(text.err.find("did you mean: microsoft exchange?") != std::string::npos);
    const auto j = e2e::search({"--db", corpus().db, "--format", "json", "microsfot Exchnage"});
    CHECK(j.json().at("suggestion") == "microsoft exchange");
    // Accents and case ignored, the most frequent neighbour first (hôpitaux
    // twice, hôpital once), shown as the texts write it (accents kept, in
    // lowercase); a word under five letters is left alone.
    CHECK(e2e::search({"--db", corpus().db, "--format", "json", "cyberataque"}).json().at("suggestion") ==
          "cyberattaque");
    CHECK(e2e::search({"--db", corpus().db, "--format", "json", "hopitale"}).json().at("suggestion") == "hôpitaux");
    CHECK(e2e::search({"--db", corpus().db, "--format", "json", "vulnérabilitée"}).json().at("suggestion") ==
          "vulnérabilités");
    CHECK(e2e::search({"--db", corpus().db, "--format", "json", "mair"}).json().at("suggestion").is_null());
    // Nothing misspelt: null, and nothing on stderr.
    const auto right = e2e::search({"--db", corpus().db, "--format", "json", "microsoft"});
    CHECK(right.json().at("suggestion").is_null());
    CHECK(e2e::search({"--db", corpus().db, "microsoft"}).err.find("did you mean") == std::string::npos);
    // --suggest never; --batch carries it on every line.
    CHECK(e2e::search({"--db", corpus().db, "--format", "json", "--suggest", "never", "microsfot"})
              .json()
              .at("suggestion")
              .is_null());
    e2e::RunOptions in;
    in.input = "microsfot\nmicrosoft\n";
    const auto batch = e2e::search({"--db", corpus().db, "--batch"}, in).json_lines();
    REQUIRE(batch.size() == 2);
    CHECK(batch[0].at("suggestion") == "microsoft");
    CHECK(batch[1].at("suggestion").is_null());
    // Over two databases: the keys and texts of both.
    const auto two = e2e::search({"--db", corpus().db, "--db", e2e::samples_index().string(), "--format", "json", "microsfot Exchnage"});
    CHECK(two.json().at("suggestion") == "microsoft exchange");
}

TEST_CASE("synonyms: rançongiciel finds ransomware, hameçonnage phishing; shown by --explain, highlighted") {
    const auto r = e2e::search({"--db", corpus().db, "--format", "json", "rançongiciel"});
    REQUIRE(ids(r) == std::vector<std::string>{"hopital-rancon.txt"});
    const json answer = r.json();
    const json& hit = answer.at("hits")[0];
    CHECK(hit.at("highlights").size() == 1);
    CHECK(ids(e2e::search({"--db", corpus().db, "--format", "json", "hameçonnage"})) ==
          std::vector<std::string>{"hameconnage-banque.txt"});
    const auto explain = e2e::search({"--db", corpus().db, "--explain", "--format", "json", "rançongiciel"});
    CHECK(explain.json().at("rewritten").get<std::string>().find("ransomware") != std::string::npos);
    // --no-synonyms: the word as typed.
    CHECK(e2e::search({"--db", corpus().db, "--no-synonyms", "rançongiciel"}).exit_code == 1);
}

TEST_CASE("synonyms: --synonyms FILE adds groups, and replaces the shipped groups it shares a spelling with") {
    e2e::TempDir dir;
    const auto file = dir.write("syn.txt", "# ours\nmairie, hôtel de ville\nransomware, logiciel de rançon\n");
    CHECK(ids(e2e::search({"--db", corpus().db, "--format", "json", "--synonyms", file.string(), "hôtel de ville"})) ==
          std::vector<std::string>{"cyberattaque-mairie.txt"});
    // Its ransomware group replaced the shipped one: rançongiciel is no longer one of it.
    CHECK(e2e::search({"--db", corpus().db, "--synonyms", file.string(), "rançongiciel"}).exit_code == 1);
    const auto missing = e2e::search({"--db", corpus().db, "--synonyms", (dir / "none.txt").string(), "mairie"});
    CHECK(missing.exit_code == 2);
    CHECK(missing.err.find("none.txt") != std::string::npos);
}

TEST_CASE("sort recent: relevance decayed by age, newest first among equals, undated last") {
    // The four texts are copies of each other: --no-collapse lists them all.
    const auto r = e2e::search(
        {"--db", corpus().db, "--format", "json", "--no-collapse", "--sort", "recent", "alerte canicule"});
    CHECK(ids(r) == std::vector<std::string>{"alerte-veille.txt", "alerte-mois.txt", "alerte-ancienne.txt",
                                             "alerte-sans-date.txt"});
    // --sort relevance stays relevance: equal texts, equal scores.
    const auto plain =
        e2e::search({"--db", corpus().db, "--format", "json", "--no-collapse", "alerte canicule"}).json();
    REQUIRE(plain.at("hits").size() == 4);
    CHECK(plain.at("hits")[0].at("score") == plain.at("hits")[3].at("score"));
}

TEST_CASE("ranking: the words standing together come first") {
    CHECK(ids(e2e::search({"--db", corpus().db, "--format", "json", "Macron renforcer équipes médicales"}))[0] ==
          "macron-ensemble.txt");
    // The title's words weigh more: the advisory on Exchange first.
    CHECK(ids(e2e::search({"--db", corpus().db, "--format", "json", "Microsoft Exchange"}))[0] ==
          "exchange-proxynotshell.txt");
}

TEST_CASE("did you mean: a word the hits write as typed is never corrected") {
    // ordonnances is rare among its key's documents (ordonnance 200 times):
    // the speller's few documents miss it, the two hits found write it.
    e2e::TempDir dir;
    std::string records;
    for (int i = 0; i < 200; ++i)
        records += fmt::format(R"({{"id":"o{}","title":"Note {}","body":"Une ordonnance signée par le juge numéro {}."}})" "\n", i, i, i);
    for (int i = 0; i < 2; ++i)
        records += fmt::format(R"({{"id":"z{}","title":"Rare {}","body":"Deux ordonnances zébrées, la {}e."}})" "\n", i, i, i + 1);
    dir.write("records.jsonl", records);
    const std::string db = (dir / "db").string();
    REQUIRE(e2e::index({"--db", db, (dir / "records.jsonl").string()}).exit_code == 0);
    const auto r = e2e::search({"--db", db, "--format", "json", "ordonnances zébrées"});
    CHECK(r.json().at("total") == 2);
    CHECK(r.json().at("suggestion").is_null());
    // Misspelt, it still gets one.
    CHECK(e2e::search({"--db", db, "--format", "json", "ordonnnance"}).json().at("suggestion") == "ordonnance");
}
