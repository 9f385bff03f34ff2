// Snippets: the original text as written, highlights as [begin, end)
// code-point offsets, --snippet-length, repeated passages shown once, and
// never a cut UTF-8 character.
#include <catch2/catch.hpp>

#include <map>

#include "harness.hpp"
#include "util.hpp"

using Strings = std::vector<std::string>;

namespace {

std::string db() { return e2e::samples_index().string(); }

// The hit with this id in a JSON answer (fails the test when absent).
nlohmann::json hit_named(const e2e::Run& r, const std::string& id) {
    const auto answer = r.json();
    for (const auto& hit : answer.at("hits"))
        if (hit.at("id") == id) return hit;
    FAIL("no hit " << id << " in " << r.out);
    return {};
}

}  // namespace

TEST_CASE("snippets: `alliance` highlights the word inside l'alliance / l’Alliance, not the elision") {
    const auto r = e2e::search_json(db(), {"alliance"});
    REQUIRE(r.exit_code == 0);
    const auto straight = hit_named(r, "otan-alliances-2019.txt");
    const auto marks = e2e::highlighted(straight);
    REQUIRE_FALSE(marks.empty());
    for (const auto& m : marks) CHECK((m == "alliance" || m == "alliances"));
    CHECK(e2e::contains(straight.at("snippet").get<std::string>(), "l'alliance"));

    const auto typographic = hit_named(r, "otan-sommet-bruxelles-2021-06-14.txt");
    const auto snippet = typographic.at("snippet").get<std::string>();
    CHECK(e2e::contains(snippet, "l’Alliance"));  // as written, not l'alliance
    CHECK_FALSE(e2e::contains(snippet, "l'Alliance"));
    for (const auto& m : e2e::highlighted(typographic)) CHECK(m == "Alliance");

    // The highlight of "alliance" follows the elision in the snippet itself.
    const std::u32string text = e2e::to_u32(straight.at("snippet").get<std::string>());
    bool after_elision = false;
    for (const auto& span : straight.at("highlights")) {
        const auto begin = span.at(0).get<std::size_t>();
        if (begin >= 2 && text.substr(begin - 2, 2) == U"l'") after_elision = true;
    }
    CHECK(after_elision);
}

TEST_CASE("snippets: `hopitaux` highlights hôpitaux and HÔPITAUX as written") {
    const auto r = e2e::search_json(db(), {"hopitaux"});
    REQUIRE(r.exit_code == 0);
    const auto covid = hit_named(r, "sante-hopitaux-covid-2020-03.txt");
    const auto marks = e2e::highlighted(covid);
    CHECK(std::find(marks.begin(), marks.end(), "hôpitaux") != marks.end());
    for (const auto& m : marks) CHECK((m == "hôpitaux" || m == "HÔPITAUX"));
    const auto ascii = hit_named(r, "sante-hopitaux-sans-accents-2020-04-02.txt");
    CHECK(e2e::highlighted(ascii) == Strings{"hopitaux"});
    const auto singular = hit_named(r, "sante-vaccination-2021-01-27.txt");
    for (const auto& m : e2e::highlighted(singular)) CHECK(m == "hôpital");
}

TEST_CASE("snippets: the text keeps its accents and apostrophes as written") {
    auto r = e2e::search_json(db(), {"aujourd'hui"});
    REQUIRE(r.exit_code == 0);
    CHECK(e2e::contains(hit_named(r, "otan-sommet-bruxelles-2021-06-14.txt").at("snippet"), "aujourd’hui"));
    CHECK(e2e::contains(hit_named(r, "anssi-log4shell-2021-12-10.txt").at("snippet"), "aujourd'hui"));
    CHECK(e2e::highlighted(hit_named(r, "sante-vaccination-2021-01-27.txt")) == Strings{"aujourd’hui"});

    r = e2e::search_json(db(), {"etat"});
    REQUIRE(r.exit_code == 0);
    const auto vaccination = hit_named(r, "sante-vaccination-2021-01-27.txt");
    CHECK(e2e::contains(vaccination.at("snippet"), "L’État"));
    CHECK(e2e::highlighted(vaccination) == Strings{"État"});
}

TEST_CASE("snippets: Latin-1 and Windows-1252 files show proper accents, never mojibake") {
    auto r = e2e::search_json(db(), {"facade"});
    REQUIRE(r.exit_code == 0);
    const auto latin1 = hit_named(r, "meteo-canicule-latin1-2019-07.txt");
    const std::string s1 = latin1.at("snippet");
    CHECK(e2e::highlighted(latin1) == Strings{"façade"});
    CHECK(e2e::contains(s1, "fenêtres"));

    r = e2e::search_json(db(), {"coeur"});
    REQUIRE(r.exit_code == 0);
    const auto cp1252 = hit_named(r, "meteo-tempete-cp1252-2020-02-29.txt");
    const std::string s2 = cp1252.at("snippet");
    CHECK(e2e::highlighted(cp1252) == Strings{"cœur"});
    CHECK(e2e::contains(s2, "’"));  // 0x92 became U+2019
    for (const std::string& s : {s1, s2, latin1.at("title").get<std::string>(), cp1252.at("title").get<std::string>()}) {
        INFO(s);
        CHECK(e2e::valid_utf8(s));
        CHECK_FALSE(e2e::contains(s, "Ã"));
        CHECK_FALSE(e2e::contains(s, "Â"));
        CHECK_FALSE(e2e::contains(s, "\xEF\xBF\xBD"));  // U+FFFD
        for (const char32_t cp : e2e::to_u32(s)) CHECK_FALSE((cp >= 0x80 && cp <= 0x9F));  // C1 controls
    }
}

TEST_CASE("snippets: a BOM and CRLF line ends never reach the snippet or the title") {
    const auto r = e2e::search_json(db(), {"grêlons"});
    REQUIRE(r.exit_code == 0);
    const auto hit = hit_named(r, "meteo-orages-crlf-bom-2021-04-30.txt");
    CHECK(hit.at("date") == "2021-04-30");
    for (const std::string& s : {hit.at("snippet").get<std::string>(), hit.at("title").get<std::string>()}) {
        CHECK_FALSE(e2e::contains(s, "\r"));
        CHECK_FALSE(e2e::contains(s, "\xEF\xBB\xBF"));
        CHECK_FALSE(e2e::contains(s, "date 2021"));
    }
}

TEST_CASE("snippets: a repeated passage never appears twice, whatever the length") {
    for (const std::string length : {"200", "600", "5000"}) {
        INFO("--snippet-length " << length);
        auto r = e2e::search_json(db(), {"--snippet-length", length, "bombardiers"});
        REQUIRE(r.exit_code == 0);
        std::string s = hit_named(r, "protection-civile-feux-gironde-2022-08-10.txt").at("snippet");
        CHECK(e2e::occurrences(s, "bombardiers") == 1);
        CHECK(e2e::occurrences(s, "rotations continues") == 1);
        CHECK(e2e::occurrences(s, "feu de camp") <= 1);

        r = e2e::search_json(db(), {"--snippet-length", length, "\"alliance militaire\""});
        REQUIRE(r.exit_code == 0);
        s = hit_named(r, "otan-cyberattaques-2020-06.txt").at("snippet");
        CHECK(e2e::occurrences(s, "alliance militaire est résolue") == 1);
        CHECK(e2e::occurrences(s, "Ces attaques déplorables") <= 1);
        CHECK(e2e::occurrences(s, "Le droit international") <= 1);
        CHECK(e2e::occurrences(s, "sapeurs-pompiers sont engagés") == 0);
    }
    const auto r = e2e::search_json(db(), {"--snippet-length", "5000", "sapeurs-pompiers"});
    REQUIRE(r.exit_code == 0);
    const std::string s = hit_named(r, "protection-civile-feux-gironde-2022-08-10.txt").at("snippet");
    CHECK(e2e::occurrences(s, "sapeurs-pompiers sont engagés") == 1);
    CHECK(e2e::occurrences(s, "Le feu est d'une intensité") == 1);
    CHECK(e2e::occurrences(s, "La préfecture rappelle") == 1);
}

TEST_CASE("snippets: --snippet-length bounds the snippet, in characters") {
    for (const int length : {20, 35, 50, 80, 120, 200}) {
        INFO("--snippet-length " << length);
        const auto r = e2e::search_json(
            db(), {"--snippet-length", std::to_string(length), "--match", "any", "alliance", "état", "hôpitaux", "feu"});
        REQUIRE(r.exit_code == 0);
        std::size_t longest = 0;
        std::string example;
        for (const auto& hit : e2e::hits_of(r)) {
            const std::string snippet = hit.at("snippet");
            if (e2e::code_points(snippet) > longest) longest = e2e::code_points(snippet), example = snippet;
        }
        INFO("longest snippet: " << example);
        CHECK(longest <= static_cast<std::size_t>(length));
        CHECK(longest >= static_cast<std::size_t>(length) / 2);  // the budget is used, not wasted
    }
}

TEST_CASE("snippets: never cut inside a UTF-8 character, at any length") {
    // Accented text everywhere: the cut lands on every kind of byte.
    for (int length = 20; length <= 70; ++length) {
        const auto r = e2e::search({"--db", e2e::samples_index().string(), "--format", "json", "--limit", "100",
                                    "--snippet-length", std::to_string(length), "--match", "any", "état", "sécurité",
                                    "hôpitaux", "cœur", "façade", "grêlons", "États-Unis"});
        INFO("--snippet-length " << length);
        REQUIRE(r.exit_code == 0);
        CHECK(e2e::valid_utf8(r.out));
        CHECK_FALSE(e2e::contains(r.out, "\\ufffd"));
        CHECK_FALSE(e2e::contains(r.out, "\xEF\xBF\xBD"));
        for (const auto& hit : e2e::hits_of(r)) e2e::highlighted(hit);  // offsets fit the snippet
    }
    const auto text = e2e::search({"--db", e2e::samples_index().string(), "--color", "never", "--snippet-length",
                                   "23", "--limit", "100", "--match", "any", "état", "hôpitaux", "cœur"});
    REQUIRE(text.exit_code == 0);
    CHECK(e2e::valid_utf8(text.out));
    CHECK_FALSE(e2e::contains(text.out, "\xEF\xBF\xBD"));
}

TEST_CASE("snippets: highlights are valid spans for every hit of many queries") {
    for (const std::string q : {"alliance", "cyber-attaques", "CVE-2021-44228", "\"état d'urgence\"",
                                "covid-19", "2.14.1", "sécurité", "title:canicule OR grêlons"}) {
        INFO("query: " << q);
        const auto r = e2e::search_json(db(), {"--", q});
        REQUIRE(r.exit_code == 0);
        for (const auto& hit : e2e::hits_of(r)) {
            INFO(hit.at("id"));
            CHECK_FALSE(hit.at("highlights").empty());
            for (const auto& m : e2e::highlighted(hit)) CHECK_FALSE(m.empty());
        }
    }
    const auto r = e2e::search_json(db(), {"CVE-2021-44228"});
    CHECK(e2e::highlighted(r.json().at("hits").at(0)) == Strings{"CVE-2021-44228"});
}

TEST_CASE("snippets: a prefix wildcard highlights the words it matched") {
    const auto r = e2e::search_json(db(), {"hôp*"});
    REQUIRE(r.exit_code == 0);
    for (const auto& hit : e2e::hits_of(r)) {
        INFO(hit.at("id") << ": " << hit.at("snippet"));
        const auto marks = e2e::highlighted(hit);
        CHECK_FALSE(marks.empty());
        for (const auto& m : marks) CHECK((m.rfind("hôp", 0) == 0 || m.rfind("hop", 0) == 0 || m.rfind("HÔP", 0) == 0));
    }
}

TEST_CASE("snippets: --snippet-length counts characters, not bytes") {
    // Accented text: about 15% more bytes than characters.
    const e2e::TempDir dir;
    std::string text = "date 2020 Début du texte.";
    for (int i = 0; i < 60; ++i)
        text += " Phrase numéro " + std::to_string(i) + (i == 30 ? " : le mot repère," : " :") +
                " la fenêtre éphémère côtoie la forêt sévère.";
    dir.write("accents.txt", text + "\n");
    const std::string idx = (dir / "db").string();
    REQUIRE(e2e::index({"--db", idx, (dir / "accents.txt").string()}).exit_code == 0);
    for (const int length : {100, 300, 1000}) {
        INFO("--snippet-length " << length);
        const auto r = e2e::search({"--db", idx, "--format", "json", "--snippet-length", std::to_string(length),
                                    "repère"});
        REQUIRE(r.exit_code == 0);
        const std::string snippet = r.json().at("hits").at(0).at("snippet");
        INFO(snippet);
        CHECK(e2e::code_points(snippet) <= static_cast<std::size_t>(length));
        CHECK(e2e::code_points(snippet) + 15 >= static_cast<std::size_t>(length));  // at most a word short
        CHECK(e2e::highlighted(r.json().at("hits").at(0)) == Strings{"repère"});
    }
}

TEST_CASE("snippets: a hit's snippet is the same whether the re-ranking read it or not") {
    // By relevance, the first hits' texts are read by the re-ranking and
    // their snippets made from what it found; by date, each is read anew.
    for (const std::string q : {"alliance sécurité", "hôpitaux covid", "cyber-attaques otan", "vaccination France"}) {
        INFO("query: " << q);
        const auto ranked = e2e::search_json(db(), {"--", q});
        const auto dated = e2e::search_json(db(), {"--sort", "newest", "--", q});
        REQUIRE(ranked.exit_code == 0);
        REQUIRE(dated.exit_code == 0);
        std::map<std::string, nlohmann::json> by_date;
        for (const auto& hit : e2e::hits_of(dated)) by_date[hit.at("id")] = hit;
        std::size_t compared = 0;
        for (const auto& hit : e2e::hits_of(ranked)) {
            const auto other = by_date.find(hit.at("id"));
            if (other == by_date.end()) continue;
            INFO(hit.at("id"));
            CHECK(hit.at("snippet") == other->second.at("snippet"));
            CHECK(hit.at("highlights") == other->second.at("highlights"));
            ++compared;
        }
        CHECK(compared > 0);
    }
}
