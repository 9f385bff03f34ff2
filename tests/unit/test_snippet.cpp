// Snippets: the best passage, as written, with every matching form marked.
#include <catch2/catch.hpp>

#include "analysis/french_stem.hpp"
#include "search/part_starts.hpp"
#include "search/snippet.hpp"
#include "search/snippet_scan.hpp"
#include "analysis/tokenizer.hpp"
#include "util/utf8.hpp"

#include <cctype>
#include <random>

namespace {

Xapian::Stem& stem() {
    static Xapian::Stem s = vigie::make_french_stem();
    return s;
}

vigie::MatchedTerms matched(std::initializer_list<const char*> keys) {
    vigie::MatchedTerms m;
    for (const char* k : keys) m.add_key(k);
    return m;
}

std::vector<std::pair<std::size_t, std::size_t>> spans(const std::string& text, const vigie::MatchedTerms& terms,
                                                       bool every_token) {
    std::vector<std::pair<std::size_t, std::size_t>> out;
    for (const auto& m : vigie::find_matches(text, terms, stem(), every_token)) out.emplace_back(m.begin, m.end);
    return out;
}

// The highlighted substrings, by code point offsets.
std::vector<std::string> marked(const vigie::Snippet& s) {
    std::vector<std::string> out;
    for (const auto& [b, e] : s.highlights) {
        std::size_t pos = 0, chars = 0, begin = 0;
        while (pos < s.text.size() && chars < e) {
            if (chars == b) begin = pos;
            vigie::utf8::decode(s.text, pos);
            ++chars;
        }
        out.push_back(s.text.substr(begin, pos - begin));
    }
    return out;
}

}  // namespace

TEST_CASE("every matching form is highlighted, as written") {
    const std::string text =
        "L'alliance militaire protège les hôpitaux. Les HOPITAUX et l’Alliance. Une cyber-attaque "
        "vise CVE-2021-44228 mais pas CVE-2021-44229.";
    const auto s = vigie::make_snippet(
        text, matched({"allianc", "hopital", "cyberattaqu", "cve_2021_44228"}), 300, stem());
    CHECK(s.text == text);
    CHECK(marked(s) == std::vector<std::string>{"alliance", "hôpitaux", "HOPITAUX", "Alliance",
                                                "cyber-attaque", "CVE-2021-44228"});
}

TEST_CASE("a phrase's words are highlighted where the phrase is, and only there") {
    vigie::MatchedTerms terms;
    terms.add_phrase({"allianc", "militair"});
    const auto s = vigie::make_snippet("L'alliance militaire tient. Une alliance, puis le militaire; les Alliances "
                                       "militaires.",
                                       terms, 200, stem());
    CHECK(marked(s) == std::vector<std::string>{"alliance militaire", "Alliances militaires"});
}

TEST_CASE("a phrase matches across a compound's parts, and a stopword only inside it") {
    vigie::MatchedTerms terms;
    terms.add_phrase({"attaqu", "massiv"});
    terms.add_phrase({"etat", "de", "sieg"});
    const auto s = vigie::make_snippet("Des cyber-attaques massives. L'état de siège, de nouveau.", terms, 200, stem());
    CHECK(marked(s) == std::vector<std::string>{"cyber-attaques massives", "état de siège"});
}

TEST_CASE("format characters inside a word are ignored, and the word highlighted whole") {
    const auto s = vigie::make_snippet("Le pare-feu Forti\u200bOS et la cyber\u00adattaque.",
                                       matched({"fortios", "cyberattaqu"}), 200, stem());
    CHECK(marked(s) == std::vector<std::string>{"Forti\u200bOS", "cyber\u00adattaque"});
}

TEST_CASE("the window goes to the best passage and is cut at words") {
    std::string text;
    for (int i = 0; i < 40; ++i) text += "Phrase de remplissage numéro " + std::to_string(i) + ". ";
    text += "Ici la canicule frappe les hôpitaux. ";
    for (int i = 0; i < 40; ++i) text += "Encore du texte sans intérêt. ";
    const auto s = vigie::make_snippet(text, matched({"canicul", "hopital"}), 120, stem());
    CHECK(vigie::utf8::length(s.text) <= 125);
    CHECK(s.text.rfind("…", 0) == 0);
    CHECK(s.text.find("canicule") != std::string::npos);
    CHECK(marked(s) == std::vector<std::string>{"canicule", "hôpitaux"});
    CHECK(vigie::utf8::is_valid(s.text));
}

TEST_CASE("no match gives the start of the text, never a cut character") {
    std::string text;
    for (int i = 0; i < 100; ++i) text += "éàü ";
    for (std::size_t len : {20, 21, 22, 23, 57, 101}) {
        const auto s = vigie::make_snippet(text, matched({}), len, stem());
        INFO(len);
        CHECK(vigie::utf8::is_valid(s.text));
        CHECK(s.text.rfind("éàü", 0) == 0);
        CHECK(s.highlights.empty());
    }
}

TEST_CASE("snippets replace control characters and collapse whitespace") {
    const auto s = vigie::make_snippet("Alerte\x1b[31m\n\n  rouge", matched({"rroug", "roug"}), 200, stem());
    CHECK(s.text.find('\x1b') == std::string::npos);
    CHECK(s.text == "Alerte\xEF\xBF\xBD[31m rouge");
    CHECK(marked(s) == std::vector<std::string>{"rouge"});
}

TEST_CASE("a match longer than the budget, and huge texts, stay safe and fast") {
    const std::string word = "anticonstitutionnellement";
    vigie::MatchedTerms terms = matched({"anticonstitutionnel"});
    terms.add_key(stem()(word));
    const auto s = vigie::make_snippet("Texte " + word + " fin.", terms, 20, stem());
    CHECK(vigie::utf8::is_valid(s.text));
    CHECK(vigie::utf8::length(s.text) <= 30);
    std::string huge;
    for (int i = 0; i < 200000; ++i) huge += "alerte canicule rouge ";
    const auto big = vigie::make_snippet(huge, matched({"alert", "canicul"}), 100000, stem());
    CHECK(big.highlights.size() > 1000);
}

TEST_CASE("the quick scan finds exactly the matches of a full tokenization") {
    // Pieces chosen to meet every tokenizer rule: elisions with both
    // apostrophes, compounds and one-letter parts (e-mail), identifiers,
    // decimals, accents precomposed or not, ligatures, capitals, connectors
    // doubled or at the ends, stray UTF-8 bytes.
    const std::vector<std::string> pieces = {
        "l'", "L’", "qu'", "d’", "aujourd'hui", "alliance", "Alliance", "ALLIANCES", "hôpitaux", "hopital",
        "e", "-", "mail", "e-mail", "email", "cyber", "attaque", "cyber-attaques", "CVE-2021-44228", "cve",
        "2021", "44228", "covid-19", "3,5", "2.14.1", ".", ",", "'", "’", "--", "_", " ", "  ", "\n", "œuvre",
        "Œuvres", "e\xCC\x81te\xCC\x81", "été", "État", "o'neil", "x", "y", "\xE2\x80\x9C", "\xFF", "\xC3",
        "\x80", "déjà", "a", "à", "9", "\u00ad", "\u200b", "\u2060"};
    const std::vector<std::vector<const char*>> queries = {
        {"allianc", "hopital"}, {"email", "mail"}, {"cyberattaqu", "attaqu"}, {"cve_2021_44228", "cve"},
        {"oeuvr", "et"}, {"covid", "19"}, {"aujourd'hui"}, {"o'neil", "x"}, {"3,5", "2.14.1"},
        {"dej", "a"}, {"alliance", "email"}, {"cyberattaqu", "attaqu"}};
    std::mt19937 random(20261130);
    for (int round = 0; round < 3000; ++round) {
        std::string text;
        const int n = 1 + static_cast<int>(random() % 12);
        for (int i = 0; i < n; ++i) text += pieces[random() % pieces.size()];
        const auto& query = queries[random() % queries.size()];
        vigie::MatchedTerms terms;
        for (const char* t : query) terms.add_key(t);
        if (round % 7 == 0) terms.add_prefix("cyb");
        if (round % 11 == 0) terms.add_prefix("e");
        if (round % 5 == 0) terms.add_phrase({"cyb", "attaqu"});
        if (round % 13 == 0) terms.add_phrase({"e", "mail"});
        INFO("text: " << text << " | query term: " << query[0]);
        CHECK(spans(text, terms, false) == spans(text, terms, true));
    }
}

TEST_CASE("the quick scan finds the same part starts 16 bytes at a time as byte by byte") {
    // Long texts, so that most starts fall inside a block and at its
    // edges; broken UTF-8 among them, where the blocks give way to bytes.
    const std::vector<std::string> pieces = {
        "l'", "L’", "aujourd'hui", "alliance", "ALLIANCES", "hôpitaux", "e-mail", "CVE-2021-44228", "2.14.1",
        " ", "  ", "\n", ", ", "œuvre", "e\xCC\x81te\xCC\x81", "été", "État", "Éé", "\xE2\x80\x9C", "«\u00a0",
        "déjà", "à", "9", "cyber\u00adattaque", "Forti\u200bOS", "\u2060", "中文", "😀", "x", "mail"};
    const std::vector<std::string> broken = {"\xFF", "\xC3", "\x80", "\xE2\x80", "\xF0\x9F\x98"};
    const std::vector<std::vector<std::string>> heads = {{"alliance", "hopital"}, {"et", "a"}, {"cve", "2"},
                                                         {"oeuvre", "mail"}, {""}, {"z"}, {"ete", "deja"}};
    std::mt19937 random(20261201);
    for (int round = 0; round < 2000; ++round) {
        std::string text;
        const int n = 1 + static_cast<int>(random() % 120);
        for (int i = 0; i < n; ++i) {
            text += pieces[random() % pieces.size()];
            if (round % 4 == 0 && random() % 40 == 0) text += broken[random() % broken.size()];
        }
        vigie::WordHeads sought;
        for (const auto& word : heads[random() % heads.size()]) sought.add(word);
        const auto starts_of = [&](vigie::PartStarts::Scan scan) {
            vigie::PartStarts starts(text, scan);
            std::vector<std::size_t> found;
            std::size_t at = 0;
            while (starts.next(at, sought)) {
                found.push_back(at);
                // As find_matches does, now and then: on after a token.
                if (found.size() % 3 == 0) {
                    vigie::Tokenizer tokenizer(text, vigie::token_start(text, at));
                    vigie::Token token;
                    if (tokenizer.next(token) && token.end > at) starts.resume_after_token(token);
                }
            }
            return found;
        };
        INFO("text: " << text);
        CHECK(starts_of(vigie::PartStarts::Scan::Blocks) == starts_of(vigie::PartStarts::Scan::Bytes));
    }
}

TEST_CASE("the quick scan starts tokens where the tokenizer does") {
    const std::string text = "« l’e-mail, qu'aujourd'hui—cyber-attaque 2.14.1 »";
    vigie::WordHeads everything;
    everything.add("");
    vigie::PartStarts starts(text);
    std::size_t at = 0;
    std::vector<std::size_t> token_starts;
    while (starts.next(at, everything)) token_starts.push_back(vigie::token_start(text, at));
    std::vector<std::size_t> expected;
    vigie::Tokenizer tokenizer(text);
    vigie::Token token;
    while (tokenizer.next(token)) {
        // One part start per part: every part of a token leads back to it.
        std::size_t parts = 1;
        for (std::size_t i = token.begin + 1; i < token.end; ++i) {
            const char c = text[i - 1];
            if ((c == '-' || c == '\'' || c == '.' || c == ',' || c == '_' ||
                 text.compare(i - 3, 3, "’") == 0) &&
                static_cast<unsigned char>(text[i]) < 0x80 && std::isalnum(static_cast<unsigned char>(text[i])))
                ++parts;
        }
        for (std::size_t i = 0; i < parts; ++i) expected.push_back(token.begin);
    }
    CHECK(token_starts == expected);
}
