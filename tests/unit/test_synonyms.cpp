// Synonyms: the file format, and their expansion in the query tree.
#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>
#include <map>
#include <string>

#include "index/terms.hpp"
#include "query/analysed_text.hpp"
#include "query/parser.hpp"
#include "query/synonyms.hpp"
#include "vigie/error.hpp"

namespace {

using vigie::query::Synonyms;

// The query after synonyms, as --explain writes it.
std::string expanded(const std::string& text, const Synonyms& synonyms) {
    vigie::TermMaker terms;
    vigie::query::WordAnalysis words(terms, nullptr);
    vigie::query::ParsedQuery parsed = vigie::query::parse(text);
    vigie::query::expand_synonyms(parsed.root, synonyms, words);
    return vigie::query::analysed_text(parsed.root, words, false);
}

Synonyms of(const std::string& text) {
    Synonyms s;
    s.read(text, "test");
    return s;
}

}  // namespace

TEST_CASE("synonyms file: one group per line, commas between spellings, # comments") {
    const Synonyms s = of("# comment\n\nrançongiciel, ransomware  # trailing\n logiciel   malveillant ,maliciel,malware\n");
    REQUIRE(s.groups().size() == 2);
    CHECK(s.groups()[0] == std::vector<std::string>{"rançongiciel", "ransomware"});
    CHECK(s.groups()[1] == std::vector<std::string>{"logiciel malveillant", "maliciel", "malware"});
    // A group replaces the groups it shares a spelling with.
    Synonyms t = s;
    t.read("Ransomware, rançongiciel, logiciel de rançon", "extra");
    REQUIRE(t.groups().size() == 2);
    CHECK(t.groups()[1].size() == 3);
    CHECK_THROWS_AS(of("seul\n"), vigie::Error);
    CHECK(of("").empty());
    // An empty file adds nothing; a missing one is an error.
    const std::string empty_file = "vigie-test-empty-synonyms.txt";
    { std::ofstream(empty_file).flush(); }
    Synonyms from_file = Synonyms::shipped();
    const std::size_t shipped_groups = from_file.groups().size();
    CHECK_NOTHROW(from_file.read_file(empty_file));
    CHECK(from_file.groups().size() == shipped_groups);
    std::remove(empty_file.c_str());
    CHECK_THROWS_WITH(from_file.read_file("no-such-synonyms-file.txt"), Catch::Contains("cannot read"));
    CHECK_THROWS_WITH(of("a, b\nseul"), Catch::Contains("test, line 2"));
}

TEST_CASE("a group replaces the groups it shares a spelling with, spellings compared as words are") {
    // Plural and singular, an elision, capitals: the same words.
    Synonyms s = Synonyms::shipped();
    s.read("rançongiciels, cryptovirus\nl'OTAN, alliance atlantique", "mine");
    CHECK(expanded("rançongiciel", s) == "rancongiciel OR cryptovirus");
    CHECK(expanded("ransomware", s) == "ransomware");
    CHECK(expanded("cryptovirus", s) == "cryptovirus OR rancongiciels");
    CHECK(expanded("OTAN", s) == "otan OR \"alliance atlantique\"");
    CHECK(expanded("NATO", s) == "nato");
    // Groups read later replace earlier ones of the same file too.
    const Synonyms t = of("a1 mot, b1\nc1, a1 mots\n");
    REQUIRE(t.groups().size() == 1);
    CHECK(t.groups()[0] == std::vector<std::string>{"c1", "a1 mots"});
}

TEST_CASE("synonyms add at most kMaxLeaves spellings to one query; a group has at most kMaxSpellings") {
    // Two groups of 200: the second would pass the bound and stays as typed.
    std::string text;
    for (const char* head : {"alpha", "beta"}) {
        for (int i = 0; i < 200; ++i) text += std::string(i ? ", " : "") + head + "x" + std::to_string(i);
        text += "\n";
    }
    const Synonyms s = of(text);
    vigie::TermMaker terms;
    vigie::query::WordAnalysis words(terms, nullptr);
    vigie::query::ParsedQuery parsed = vigie::query::parse("alphax1 betax1");
    CHECK(vigie::query::expand_synonyms(parsed.root, s, words) == 1);
    const std::string shown = vigie::query::analysed_text(parsed.root, words, false);
    CHECK(shown.find("alphax199") != std::string::npos);
    CHECK(shown.find("betax199") == std::string::npos);
    CHECK(shown.find("betax1") != std::string::npos);
    std::string huge;
    for (std::size_t i = 0; i <= Synonyms::kMaxSpellings; ++i) huge += (i ? ", w" : "w") + std::to_string(i);
    CHECK_THROWS_WITH(of("a, b\n" + huge), Catch::Contains("test, line 2") && Catch::Contains("at most 256"));
}

TEST_CASE("no two shipped groups share a spelling (they are read without comparing)") {
    const Synonyms shipped = Synonyms::shipped();
    vigie::TermMaker terms;
    vigie::query::WordAnalysis words(terms, nullptr);
    std::map<std::string, std::size_t> group_of;
    for (std::size_t g = 0; g < shipped.groups().size(); ++g)
        for (const auto& spelling : shipped.groups()[g]) {
            std::string joined;
            for (const auto& k : vigie::query::keys_of(spelling, words)) joined += (joined.empty() ? "" : " ") + k;
            INFO(spelling);
            const auto [it, fresh] = group_of.emplace(joined, g);
            CHECK((fresh || it->second == g));
        }
}

TEST_CASE("the shipped synonyms read, and hold the issue's groups") {
    const Synonyms s = Synonyms::shipped();
    CHECK(s.groups().size() >= 30);
    CHECK(expanded("rançongiciel", s) == "rancongiciel OR ransomware OR \"logiciel de rancon\"");
}

TEST_CASE("synonyms expand words, runs of words and phrases, as the index compares words") {
    const Synonyms s = of("rançongiciel, ransomware\nlogiciel malveillant, maliciel, malware\nOTAN, NATO\n");
    CHECK(expanded("Rançongiciels hôpital", s) == "(rancongiciels OR ransomware) hopital");
    CHECK(expanded("logiciel malveillant", s) == "(logiciel malveillant) OR maliciel OR malware");
    CHECK(expanded("\"logiciels malveillants\" banque", s) ==
          "(\"logiciels malveillants\" OR maliciel OR malware) banque");
    CHECK(expanded("malware", s) == "malware OR \"logiciel malveillant\" OR maliciel");
    CHECK(expanded("l'OTAN AND russie", s) == "(otan OR nato) AND russie");
    // The sign applies to every spelling; fields and other words stay.
    CHECK(expanded("cyberattaque -ransomware", s) == "cyberattaque (-(ransomware OR rancongiciel))");
    CHECK(expanded("title:ransomware", s) == "title:ransomware");
    CHECK(expanded("logiciel libre", s) == "logiciel libre");
}

namespace {

// What find() and longest_starting() must say of every spelling of s: the
// keys of each, the first spelling of some keys kept, as the index of all
// of them was built before buckets.
void check_finds_every_spelling(const Synonyms& synonyms) {
    vigie::TermMaker terms;
    vigie::query::WordAnalysis words(terms, nullptr);
    std::map<std::string, std::pair<std::size_t, std::size_t>> reference;
    std::map<std::string, std::size_t> longest;  // by first key
    for (std::size_t g = 0; g < synonyms.groups().size(); ++g)
        for (std::size_t s = 0; s < synonyms.groups()[g].size(); ++s) {
            const auto keys = vigie::query::keys_of(synonyms.groups()[g][s], words);
            if (keys.empty()) continue;
            const std::string first(1, keys.front()[0]);
            longest[first] = std::max(longest[first], keys.size());
            std::string joined;
            for (const auto& k : keys) joined += (joined.empty() ? "" : " ") + k;
            reference.emplace(joined, std::make_pair(g, s));
        }
    for (const auto& [keys, place] : reference) {
        INFO(keys);
        const auto* found = synonyms.find(keys);
        REQUIRE(found != nullptr);
        CHECK(*found == place);
        CHECK(synonyms.longest_starting(keys.substr(0, keys.find(' '))) == longest[keys.substr(0, 1)]);
    }
    CHECK(synonyms.find("") == nullptr);
    CHECK(synonyms.find("zzz introuvable") == nullptr);
    CHECK(synonyms.longest_starting("zzz") == (longest.count("z") ? longest["z"] : 0));
}

}  // namespace

TEST_CASE("synonyms: keys worked out on first use find what stemming every spelling up front finds") {
    const Synonyms shipped = Synonyms::shipped();
    REQUIRE(shipped.groups().size() > 20);
    check_finds_every_spelling(shipped);
    // A copy finds the same.
    check_finds_every_spelling(Synonyms(shipped));
    // Spellings whose keys do not begin as their text: an elision, a
    // stopword first, accents and capitals, a ligature, a compound, digits.
    Synonyms added = Synonyms::shipped();
    added.read("l'Alliance atlantique, l’OTAN du nord\n"
               "de la Poste, La Poste nationale, LPN\n"
               "Électricité de France, EDF\n"
               "Œuvre malveillante, anti-virus, 7zip\n",
               "test");
    check_finds_every_spelling(added);
}
