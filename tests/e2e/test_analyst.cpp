// What analysts do beyond finding one text: timelines, facets on
// identifiers, similar and republished communiqués, reading one whole.
#include <catch2/catch.hpp>

#include <algorithm>

#include <fmt/format.h>

#include "harness.hpp"
#include "util.hpp"

using e2e::contains;
using json = nlohmann::json;
using Ids = std::vector<std::string>;

namespace {

std::string db() { return e2e::samples_index().string(); }

json answer(const std::vector<std::string>& args) {
    std::vector<std::string> all{"--db", db(), "--format", "json"};
    all.insert(all.end(), args.begin(), args.end());
    const auto r = e2e::search(all);
    INFO(r.err);
    REQUIRE((r.exit_code == 0 || r.exit_code == 1));
    return r.json();
}

std::size_t count(const std::vector<std::string>& query) {
    std::vector<std::string> all{"--db", db(), "--count", "--"};
    all.insert(all.end(), query.begin(), query.end());
    const auto r = e2e::search(all);
    REQUIRE((r.exit_code == 0 || r.exit_code == 1));
    return std::stoul(r.out);
}

}  // namespace

TEST_CASE("timeline: matches per year over the whole match set, empty years shown, counts exact") {
    const json j = answer({"--timeline", "year", "--limit", "0", "cyberattaques"});
    const json& t = j.at("timeline");
    CHECK(t.at("unit") == "year");
    std::vector<std::string> periods;
    std::size_t sum = 0;
    for (const auto& p : t.at("periods")) {
        periods.push_back(p.at("period"));
        sum += p.at("count").get<std::size_t>();
        // Each period's count is that of the query within the period.
        CHECK(p.at("count") == count({"cyberattaques", "date:" + p.at("period").get<std::string>()}));
    }
    CHECK(periods == Ids{"2020", "2021", "2022", "2023", "2024"});
    CHECK(t.at("periods")[2].at("count") == 0);  // 2022: none, still shown
    CHECK(sum + t.at("undated").get<std::size_t>() + t.at("coarser").get<std::size_t>() == j.at("total"));
    CHECK(j.at("hits").empty());
    // Alone with --limit 0: exit 0 when there are matches.
    CHECK(e2e::search({"--db", db(), "--timeline", "year", "--limit", "0", "cyberattaques"}).exit_code == 0);
}

TEST_CASE("timeline: a year-dated communiqué counts in the year view, apart in month and day views") {
    // anssi-panorama-menace-2023.txt is dated 2023 only.
    const json years = answer({"--timeline", "year", "--limit", "0", "panorama"});
    CHECK(years.at("timeline").at("coarser") == 0);
    CHECK(years.at("timeline").at("periods")[0] == json{{"count", 1}, {"period", "2023"}});
    const json months = answer({"--timeline", "month", "--limit", "0", "panorama"});
    CHECK(months.at("timeline").at("coarser") == 1);
    CHECK(months.at("timeline").at("periods").empty());
    // Filters set the span; undated matches are counted apart.
    const json span = answer({"--timeline", "month", "--since", "2020-02", "--until", "2020-06", "--limit", "0", "--", "-zzz"});
    std::vector<std::string> periods;
    for (const auto& p : span.at("timeline").at("periods")) periods.push_back(p.at("period"));
    CHECK(periods == Ids{"2020-02", "2020-03", "2020-04", "2020-05", "2020-06"});
    const json all = answer({"--timeline", "year", "--limit", "0", "--", "-zzz"});
    CHECK(all.at("timeline").at("undated") == 3);  // no date header, 2020-13, 2021-02-30
}

TEST_CASE("timeline: bars on a terminal, plain characters elsewhere") {
    const auto plain = e2e::search({"--db", db(), "--timeline", "year", "--limit", "0", "cyberattaques"});
    CHECK(contains(plain.out, "matches per year:"));
    CHECK(contains(plain.out, "  2021  3 #"));
    CHECK_FALSE(contains(plain.out, "\u2588"));
    const auto terminal = e2e::run_in_terminal(
        {e2e::search_bin(), "--db", db(), "--timeline", "year", "--limit", "0", "cyberattaques"});
    CHECK(contains(terminal.out, "\u2588"));
}

TEST_CASE("facets: --facet takes one value, the words after it are the query") {
    const json j = answer({"--facet", "year", "cyberattaques"});
    CHECK(j.at("query") == "cyberattaques");
    CHECK(j.at("facets").contains("year"));
    CHECK_FALSE(j.at("hits").empty());
}

TEST_CASE("facets: the commonest CVE, references, sources and years, exact and agreeing with --count") {
    const json j = answer({"--facet", "cve", "--facet", "ref", "--facet", "source", "--facet", "year", "--limit", "0",
                           "--", "-zzz"});
    const json& f = j.at("facets");
    REQUIRE(f.contains("cve"));
    CHECK(f.at("cve").size() == 10);  // --facet-limit's default
    CHECK(f.at("cve")[0] == json{{"count", 2}, {"value", "CVE-2022-1477"}});
    for (const auto& v : f.at("cve")) CHECK(v.at("count") == count({"cve:" + v.at("value").get<std::string>()}));
    for (const auto& v : f.at("ref")) CHECK(v.at("count") == count({"ref:" + v.at("value").get<std::string>()}));
    for (const auto& v : f.at("year")) CHECK(v.at("count") == count({"date:" + v.at("value").get<std::string>()}));
    CHECK(f.at("source")[0] == json{{"count", 2}, {"value", "Vigie (corpus de test)"}});
    // Within a query, and with a smaller limit.
    const json q = answer({"--facet", "ref", "--facet-limit", "2", "--limit", "0", "vulnérabilités"});
    CHECK(q.at("facets").at("ref").size() == 2);
    // An unknown facet is a usage error.
    const auto bad = e2e::search({"--db", db(), "--facet", "author", "alerte"});
    CHECK(bad.exit_code == 2);
    CHECK(contains(bad.err, "author"));
}

TEST_CASE("identifiers: cve: and ref: find the communiqués that cite them, and hits list them") {
    CHECK(e2e::ids_for(db(), {"cve:CVE-2022-1477"}) ==
          Ids{"certfr-avis-navigateur-2022-05-11.txt", "certfr-avis-navigateur-revision-2022-05-18.txt"});
    CHECK(e2e::ids_for(db(), {"cve:cve-2022-1477"}) == e2e::ids_for(db(), {"cve:CVE-2022-1477"}));
    CHECK(e2e::ids_for(db(), {"ref:CERTA-2008-AVI-001"}) == Ids{"certa-avis-messagerie-2008-01-03.txt"});
    CHECK(e2e::ids_for(db(), {"ref:certfr-2021-ale-022"}) ==
          Ids{"anssi-log4shell-2021-12-10.txt", "certfr-passerelle-vpn-2021-12-14.txt"});
    CHECK(e2e::ids_for(db(), {"cve:CVE-2021-4422"}).empty());  // exact, no prefix match
    const json hit = answer({"id:certa-avis-messagerie-2008-01-03"}).at("hits")[0];
    CHECK(hit.at("cves") == json{"CVE-2007-6013"});
    CHECK(hit.at("refs") == json{"CERTA-2008-AVI-001", "CERTA-2007-AVI-512"});
}

TEST_CASE("copies: a republished communiqué shows once, its copies listed under it; counts keep them") {
    const json j = answer({"crues", "Pas-de-Calais", "--match", "all"});
    CHECK(j.at("total") == 3);
    REQUIRE(j.at("hits").size() == 2);
    bool listed = false;
    for (const auto& hit : j.at("hits")) {
        const std::string id = hit.at("id");
        if (id == "tv-crues-nord-bilan-2023-11-15.txt") {
            CHECK(hit.at("copies").empty());  // same topic, not a copy
            continue;
        }
        CHECK((id == "tv-france2-crues-nord-2023-11-08.txt" || id == "tv-france3-crues-nord-2023-11-08.txt"));
        REQUIRE(hit.at("copies").size() == 1);
        const std::string other = hit.at("copies")[0].at("id");
        CHECK(other != id);
        CHECK(hit.at("copies")[0].at("date") == "2023-11-08");
        listed = true;
    }
    CHECK(listed);
    CHECK(count({"crues", "Pas-de-Calais"}) == 3);
    const json every = answer({"crues", "Pas-de-Calais", "--match", "all", "--no-collapse"});
    CHECK(every.at("hits").size() == 3);
    CHECK(every.at("total") == 3);
    for (const auto& hit : every.at("hits")) CHECK(hit.at("copies").empty());
    // An advisory and its revision are copies too.
    const json advisory = answer({"--match", "all", "Orphéon", "navigateur"});
    REQUIRE(advisory.at("hits").size() == 1);
    CHECK(advisory.at("hits")[0].at("copies").size() == 1);
    const json timeline = answer({"crues", "Pas-de-Calais", "--match", "all", "--timeline", "day", "--limit", "0"});
    std::size_t sum = 0;
    for (const auto& p : timeline.at("timeline").at("periods")) sum += p.at("count").get<std::size_t>();
    CHECK(sum == 3);
}

TEST_CASE("copies: near copies collapse, texts that share a topic do not, across runs too") {
    const e2e::TempDir dir;
    const std::string base =
        "La préfecture du Gard signale des pluies diluviennes sur les Cévennes depuis la nuit dernière. Les cours "
        "d'eau montent rapidement et plusieurs routes sont coupées entre Alès et Anduze. Les habitants des zones "
        "basses sont invités à rejoindre les étages et à ne pas prendre leur véhicule. Un centre d'accueil est "
        "ouvert au gymnase municipal. Les secours ont réalisé une trentaine de mises à l'abri et aucune victime "
        "n'est à déplorer à cette heure. Les écoles resteront fermées demain dans vingt communes du département.";
    dir.write("in/a.txt", " date 2022-09-14 " + base + "\n");
    // A word changed: still a copy.
    std::string edited = base;
    edited.replace(edited.find("gymnase municipal"), 17, "gymnase communal");
    dir.write("in/b.txt", " date 2022-09-14 " + edited + "\n");
    // Same topic, other words: not a copy.
    dir.write("in/c.txt",
              " date 2022-09-15 Dans le Gard, les Cévennes ont reçu des pluies diluviennes : routes coupées près "
              "d'Alès, gymnase ouvert aux habitants évacués, écoles fermées. La préfecture appelle à la prudence et "
              "rappelle de ne jamais traverser une route inondée.\n");
    const std::string db = (dir / "db").string();
    REQUIRE(e2e::index({"--db", db, (dir / "in").string()}).exit_code == 0);
    const auto listed = [&](const std::vector<std::string>& extra) {
        std::vector<std::string> args{"--match", "all", "Cévennes"};
        args.insert(args.end(), extra.begin(), extra.end());
        const json j = e2e::search_json(db, args).json();
        std::vector<std::string> out;
        for (const auto& h : j.at("hits")) out.push_back(h.at("id").get<std::string>() + "+" + std::to_string(h.at("copies").size()));
        return e2e::sorted(out);
    };
    const Ids shown = listed({});
    CHECK(shown.size() == 2);
    CHECK((shown == Ids{"a.txt+1", "c.txt+0"} || shown == Ids{"b.txt+1", "c.txt+0"}));
    // A copy indexed in a later run joins the earlier ones.
    dir.write("later/d.txt", " date 2022-09-16 " + base + "\n");
    REQUIRE(e2e::index({"--db", db, (dir / "later").string()}).exit_code == 0);
    const json j = e2e::search_json(db, {"--match", "all", "Cévennes"}).json();
    CHECK(j.at("hits").size() == 2);
    CHECK(j.at("total") == 4);
}

TEST_CASE("copies: collapsed across the candidates read in several rounds and among relaxed matches") {
    // Fourteen copies (one closing sentence apart), the newest candidates
    // but one; two other texts on the topic, the newest and the oldest.
    const e2e::TempDir dir;
    const std::string base =
        "Le Gard connaît des pluies diluviennes depuis la nuit dernière selon la préfecture. Les rivières des "
        "Cévennes débordent et plusieurs routes départementales sont coupées entre Alès et Anduze. Les habitants "
        "des quartiers bas sont invités à monter dans les étages et à éviter tout déplacement. Un centre "
        "d'hébergement est ouvert dans la salle des fêtes. Les pompiers ont mené une trentaine de mises à l'abri "
        "et aucune victime n'est signalée. Les écoles resteront fermées demain dans une vingtaine de communes.";
    const std::vector<std::string> editions = {"aube", "matin", "midi", "soir", "nuit", "veille", "relève",
                                               "synthèse", "point", "bilan", "rappel", "suivi", "complément",
                                               "précision"};
    for (std::size_t i = 0; i < editions.size(); ++i)
        dir.write(fmt::format("in/copie-{:02}.txt", i + 2),
                  fmt::format(" date 2022-09-{:02} {} Édition du {}.\n", i + 2, base, editions[i]));
    dir.write("in/reouverture.txt",
              " date 2022-09-16 Dans les Cévennes, la préfecture du Gard annonce la réouverture progressive des "
              "routes après les pluies. Les équipes techniques dégagent les éboulements près d'Alès.\n");
    dir.write("in/orages.txt",
              " date 2022-08-20 La préfecture de la Lozère prévient que des orages sont attendus sur les "
              "Cévennes en fin de semaine. Les randonneurs sont appelés à la prudence.\n");
    const std::string db = (dir / "db").string();
    REQUIRE(e2e::index({"--db", db, (dir / "in").string()}).exit_code == 0);
    const auto found = [&](std::vector<std::string> args) {
        args.insert(args.begin(), {"--db", db, "--format", "json"});
        const auto r = e2e::search(args);
        INFO(r.err);
        REQUIRE(r.exit_code == 0);
        return r.json();
    };
    const auto ids = [](const json& j) {
        std::vector<std::string> out;
        for (const auto& h : j.at("hits")) out.push_back(h.at("id").get<std::string>());
        return out;
    };
    // Three hits, newest first: the 13 candidates read first (the page, a
    // quarter more and 10) hold two of them and 11 copies of the second;
    // those read next, two more copies and the third hit.
    const json newest = found({"--match", "all", "--sort", "newest", "--limit", "3", "Cévennes", "préfecture"});
    CHECK(newest.at("total") == 16);
    REQUIRE(ids(newest) == Ids{"reouverture.txt", "copie-15.txt", "orages.txt"});
    const json& copied = newest.at("hits")[1].at("copies");
    REQUIRE(copied.size() == 13);
    std::vector<std::string> listed;
    for (const auto& c : copied) listed.push_back(c.at("id").get<std::string>());
    listed = e2e::sorted(listed);
    for (std::size_t i = 0; i < 13; ++i) CHECK(listed[i] == fmt::format("copie-{:02}.txt", i + 2));
    CHECK(newest.at("hits")[0].at("copies").empty());
    CHECK(newest.at("hits")[2].at("copies").empty());
    // Uncollapsed: the copies are hits of their own.
    const json every =
        found({"--match", "all", "--sort", "newest", "--limit", "3", "--no-collapse", "Cévennes", "préfecture"});
    CHECK(ids(every) == Ids{"reouverture.txt", "copie-15.txt", "copie-14.txt"});
    // Past the first page: the copies stay under the first of them.
    const json later =
        found({"--match", "all", "--sort", "newest", "--limit", "2", "--offset", "1", "Cévennes", "préfecture"});
    REQUIRE(ids(later) == Ids{"copie-15.txt", "orages.txt"});
    CHECK(later.at("hits")[0].at("copies").size() == 13);
    // Only one text has every word: the others fill the page, one copy
    // among them.
    const json relaxed = found({"--limit", "5", "Cévennes", "préfecture", "Lozère"});
    CHECK(relaxed.at("relaxed") == true);
    const auto shown = ids(relaxed);
    REQUIRE(shown.size() == 3);
    CHECK(shown[0] == "orages.txt");
    const auto is_copy = [](const std::string& id) { return id.rfind("copie-", 0) == 0; };
    CHECK(std::count_if(shown.begin(), shown.end(), is_copy) == 1);
    CHECK(std::count(shown.begin(), shown.end(), "reouverture.txt") == 1);
}

TEST_CASE("similar: --like lists the communiqués most like one, never itself, with filters and a query") {
    const json j = answer({"--like", "certfr-avis-navigateur-2022-05-11", "--no-collapse", "-n", "5"});
    REQUIRE(!j.at("hits").empty());
    CHECK(j.at("hits")[0].at("id") == "certfr-avis-navigateur-revision-2022-05-18.txt");
    for (const auto& h : j.at("hits")) CHECK(h.at("id") != "certfr-avis-navigateur-2022-05-11.txt");
    // The vulnerability advisories are the most alike.
    const json advisories = answer({"--like", "certfr-alerte-exchange-2021-03-03", "-n", "3"});
    REQUIRE(advisories.at("hits").size() == 3);
    for (const auto& h : advisories.at("hits")) CHECK(contains(h.at("title").get<std::string>(), "vulnérabilit"));
    // With a date filter, and with a query.
    const json since = answer({"--like", "certfr-alerte-exchange-2021-03-03", "--since", "2022"});
    for (const auto& h : since.at("hits")) CHECK(h.at("date").get<std::string>() >= "2022");
    const json with = answer({"--like", "certfr-alerte-exchange-2021-03-03", "CVE-2021-44228"});
    for (const auto& h : with.at("hits")) CHECK(h.at("id") == "anssi-log4shell-2021-12-10.txt");
    const auto unknown = e2e::search({"--db", db(), "--like", "nope-404"});
    CHECK(unknown.exit_code == 2);
    CHECK(contains(unknown.err, "nope-404"));
}

TEST_CASE("show: one communiqué whole, as indexed, in text and JSON") {
    const auto text = e2e::search({"--db", db(), "--show", "certfr-avis-cms-2020-01-02"});
    CHECK(text.exit_code == 0);
    CHECK(contains(text.out, "id:     certfr-avis-cms-2020-01-02.txt\n"));
    CHECK(contains(text.out, "date:   2020-01-02 (day)\n"));
    CHECK(contains(text.out, "path:   "));
    CHECK(contains(text.out, "samples/certfr-avis-cms-2020-01-02.txt\n"));
    CHECK(contains(text.out, "cves:   CVE-2019-19830 CVE-2019-19831\n"));
    CHECK(contains(text.out, "\n\nSystèmes affectés"));  // paragraphs kept
    const json j = e2e::search({"--db", db(), "--show", "certfr-avis-cms-2020-01-02.txt", "--format", "json"}).json();
    CHECK(j.at("date_precision") == "day");
    CHECK(j.at("refs") == json{"CERTFR-2020-AVI-001"});
    CHECK(contains(j.at("text").get<std::string>(), "\n"));
    // The text as read, its repeated passage included (searches use it once).
    const json repeated = e2e::search({"--db", db(), "--show", "protection-civile-feux-gironde-2022-08-10", "--format",
                                       "json"}).json();
    CHECK(e2e::occurrences(repeated.at("text").get<std::string>(), "Le feu est") == 2);
    const auto unknown = e2e::search({"--db", db(), "--show", "nope-404"});
    CHECK(unknown.exit_code == 2);
    CHECK(contains(unknown.err, "nope-404"));
}

TEST_CASE("show: control characters of a communiqué are made safe") {
    const e2e::TempDir dir;
    dir.write("in/esc.txt", " date 2022-01-01 Titre\x1b]0;PWN\x07 piégé.\nLigne deux\x1b[2J.\n");
    const std::string db = (dir / "db").string();
    REQUIRE(e2e::index({"--db", db, (dir / "in").string()}).exit_code == 0);
    const auto r = e2e::search({"--db", db, "--show", "esc"});
    CHECK(r.exit_code == 0);
    CHECK_FALSE(contains(r.out, "\x1b"));
    CHECK_FALSE(contains(r.out, "\x07"));
    CHECK(contains(r.out, "\nLigne deux"));
}
