// Reading communiqués: headers, encodings, JSON records, repeats, titles.
#include <catch2/catch.hpp>

#include <sys/resource.h>

#include <fstream>
#include <sstream>

#include "document/communique.hpp"
#include "document/json_format.hpp"
#include "document/repeats.hpp"
#include "document/text_format.hpp"
#include "index/stored_fields.hpp"
#include "util/utf8.hpp"

using vigie::parse_json_communique;
using vigie::parse_text_communique;

namespace {
std::string read_sample(const std::string& name) {
    std::ifstream in(std::string(VIGIE_SAMPLES_DIR) + "/" + name, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}
std::size_t occurrences(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (std::size_t p = text.find(what); p != std::string::npos; p = text.find(what, p + 1)) ++n;
    return n;
}
}  // namespace

TEST_CASE("the date header is read with its precision") {
    struct Row { const char* text; const char* date; };
    const Row rows[] = {{" date 2020-06 Dans un communiqué.", "2020-06"},
                        {"date 2020 Texte.", "2020"},
                        {"   date 2020-06-15 Texte.", "2020-06-15"},
                        {"\n date 2020-02-29 Texte.", "2020-02-29"}};
    for (const auto& row : rows) {
        INFO(row.text);
        auto outcome = parse_text_communique(row.text, "x");
        REQUIRE(outcome.communique);
        REQUIRE(outcome.communique->date);
        CHECK(outcome.communique->date->to_string() == row.date);
        CHECK(outcome.warnings.empty());
        CHECK(outcome.communique->body.rfind("date", 0) == std::string::npos);
    }
}

TEST_CASE("missing and malformed dates are warnings, the text is kept") {
    auto none = parse_text_communique("Un texte sans date.", "x");
    REQUIRE(none.communique);
    CHECK_FALSE(none.communique->date);
    REQUIRE(none.warnings.size() == 1);
    CHECK(none.warnings[0].find("no 'date' header") != std::string::npos);

    auto bad = parse_text_communique(" date 2021-02-30 Grippe aviaire.", "x");
    REQUIRE(bad.communique);
    CHECK_FALSE(bad.communique->date);
    CHECK(bad.communique->body == "Grippe aviaire.");
    REQUIRE(bad.warnings.size() == 1);
    CHECK(bad.warnings[0].find("2021-02-30") != std::string::npos);

    auto word = parse_text_communique("Date limite de dépôt : lundi.", "x");
    REQUIRE(word.communique);
    CHECK(word.communique->body == "Date limite de dépôt : lundi.");

    CHECK_FALSE(parse_text_communique(" date 2020-06   ", "x").communique);
}

TEST_CASE("repeated passages are collapsed, the original kept") {
    const std::string raw = read_sample("otan-cyberattaques-2020-06.txt");
    auto outcome = parse_text_communique(raw, "otan");
    REQUIRE(outcome.communique);
    const auto& doc = *outcome.communique;
    CHECK(occurrences(raw, "L'alliance militaire est résolue") == 2);
    CHECK(occurrences(doc.body, "L'alliance militaire est résolue") == 1);
    CHECK(occurrences(doc.body, "Ces attaques déplorables") == 1);
    CHECK(occurrences(doc.body, "Le droit international") == 1);
    CHECK(occurrences(doc.body, "conclut le communiqué") == 1);
    CHECK(doc.original.find("L'alliance militaire est résolue") != std::string::npos);
    CHECK(doc.body.size() < doc.original.size() * 2 / 3);
}

TEST_CASE("short repeated sentences are kept") {
    CHECK(vigie::collapse_repeats("Oui. Non. Oui.") == "Oui. Non. Oui.");
    CHECK(vigie::collapse_repeats("Une phrase assez longue pour compter ici.\nUne phrase assez longue pour compter ici.") ==
          "Une phrase assez longue pour compter ici.");
    // Glued sentences stay as written when nothing is cut out...
    CHECK(vigie::collapse_repeats("La première phrase est ici.La seconde phrase est là.") ==
          "La première phrase est ici.La seconde phrase est là.");
    // ...and get a space where a repeat between them was.
    CHECK(vigie::collapse_repeats("Une phrase assez longue pour compter ici.Fin.Une phrase assez longue "
                                  "pour compter ici.Suite.") ==
          "Une phrase assez longue pour compter ici.Fin. Suite.");
}

TEST_CASE("titles are the first sentence, shortened at a word") {
    CHECK(vigie::make_title("Alerte canicule. Les autorités appellent.") == "Alerte canicule.");
    const std::string long_sentence(30, 'a');
    std::string body;
    for (int i = 0; i < 10; ++i) body += "mot" + std::to_string(i) + " éléphant ";
    const std::string title = vigie::make_title(body);
    CHECK(vigie::utf8::length(title) <= 101);
    CHECK(title.substr(title.size() - 3) == "…");
    CHECK(vigie::utf8::is_valid(title));
}

TEST_CASE("JSON records: fields, body alternatives, errors") {
    auto ok = parse_json_communique(
        R"({"id":"b1","date":"2022-03","title":"Titre","text":"Le corps.","source":"CERT-FR","url":"https://x"})",
        "f#1");
    REQUIRE(ok.communique);
    CHECK(ok.communique->id == "b1");
    CHECK(ok.communique->date->to_string() == "2022-03");
    CHECK(ok.communique->title == "Titre");
    CHECK_FALSE(ok.communique->title_from_body);
    CHECK(ok.communique->body == "Le corps.");
    CHECK(ok.communique->source == "CERT-FR");

    auto content = parse_json_communique(R"({"id":7,"content":"Texte. Suite."})", "f#2");
    REQUIRE(content.communique);
    CHECK(content.communique->id == "7");
    CHECK(content.communique->title == "Texte.");

    auto no_id = parse_json_communique(R"({"body":"Sans identifiant."})", "f.jsonl#3");
    REQUIRE(no_id.communique);
    CHECK(no_id.communique->id == "f.jsonl#3");

    CHECK(parse_json_communique("{\"id\":\"x\",", "f").error.find("invalid JSON") == 0);
    CHECK(parse_json_communique("[1,2]", "f").error == "expected a JSON object");
    CHECK(parse_json_communique(R"({"id":"x","body":"b","score":1e999})", "f").error ==
          "invalid JSON: number overflow parsing '1e999'");
    CHECK(parse_json_communique(R"({"id":"x"})", "f").error.find("no text") == 0);
    CHECK(parse_json_communique(R"({"id":"x","body":3})", "f").error == "field \"body\" must be a string");

    auto bad_date = parse_json_communique(R"({"id":"x","date":"2020-13","body":"b"})", "f");
    REQUIRE(bad_date.communique);
    CHECK_FALSE(bad_date.communique->date);
    CHECK(bad_date.warnings.size() == 1);
}

TEST_CASE("file bytes: BOM, CRLF, Windows-1252 and binary") {
    auto utf = vigie::utf8::decode_file_bytes("\xEF\xBB\xBF date 2020 a\r\nb\rc");
    CHECK(utf.text == " date 2020 a\nb\nc");
    CHECK(utf.source_encoding == vigie::utf8::Encoding::Utf8);

    auto latin = vigie::utf8::decode_file_bytes("fa\xE7" "ade l\x92" "\x9C" "uvre");
    CHECK(latin.source_encoding == vigie::utf8::Encoding::Windows1252);
    CHECK(latin.text == "façade l’œuvre");

    CHECK(vigie::utf8::decode_file_bytes(std::string("PK\x03\x04\0\0", 6)).source_encoding ==
          vigie::utf8::Encoding::Binary);
}

TEST_CASE("file bytes: the encoding is decided by evidence - a stray byte in UTF-8 text costs only itself") {
    using vigie::utf8::Encoding;
    // One Latin-1 "é" in UTF-8 text: the rest stays UTF-8, the byte is
    // read as Windows-1252 and located.
    auto stray = vigie::utf8::decode_file_bytes("vuln\xC3\xA9rabilit\xC3\xA9\nD\xE9" "bordement du c\xC5\x93ur");
    CHECK(stray.source_encoding == Encoding::Mixed);
    CHECK(stray.text == "vulnérabilité\nDébordement du cœur");
    CHECK(stray.foreign_bytes == 1);
    CHECK(stray.first_foreign == 17);
    // A no-break space (A0) alone, after a BOM: offsets count the BOM.
    auto nbsp = vigie::utf8::decode_file_bytes("\xEF\xBB\xBFh\xC3\xB4pital\xA0" "fermé");
    CHECK(nbsp.source_encoding == Encoding::Mixed);
    CHECK(nbsp.text == "hôpital\u00A0fermé");
    CHECK(nbsp.first_foreign == 11);
    // Lines of both kinds.
    auto mixed = vigie::utf8::decode_file_bytes("L'h\xF4pital ferm\xE9.\nL'hôpital fermé.\n");
    CHECK(mixed.source_encoding == Encoding::Mixed);
    CHECK(mixed.text == "L'hôpital fermé.\nL'hôpital fermé.\n");
    CHECK(mixed.foreign_bytes == 2);
    // Pure legacy text, and pure UTF-8, say so.
    CHECK(vigie::utf8::decode_file_bytes("h\xF4pital").source_encoding == Encoding::Windows1252);
    CHECK(vigie::utf8::decode_file_bytes("hôpital").foreign_bytes == 0);
    // A valid U+FFFD is text, not evidence of another encoding.
    CHECK(vigie::utf8::decode_text("a\xEF\xBF\xBD" "b").source_encoding == Encoding::Utf8);
    // Cut sequences and bytes no encoding defines.
    auto cut = vigie::utf8::decode_text("caf\xC3");
    CHECK(cut.text == "cafÃ");
    CHECK(vigie::utf8::decode_text("\x81").text == "\uFFFD");
}

TEST_CASE("stored fields round-trip, packed or not, and bad data yields none") {
    for (const std::size_t body_size : {3, 300, 100000}) {
        INFO(body_size);
        vigie::StoredFields fields;
        fields.add("id", "a");
        const std::string body = std::string(body_size, 'x') + "é\n\0z";
        fields.add("body", body);
        fields.add("empty", "");
        const std::string packed = fields.packed();
        // Short lists stay plain; long ones are packed smaller.
        CHECK((packed[0] == 'z') == (body_size >= 300));
        if (body_size >= 300) CHECK(packed.size() < body.size());
        const auto unpacked = vigie::StoredFields::unpack(packed);
        CHECK(unpacked.get("id") == "a");
        CHECK(unpacked.get("body") == body);
        CHECK(unpacked.get("empty").empty());
        CHECK(unpacked.get("missing").empty());
        // A copy keeps its own text (fields are not views into the original).
        const vigie::StoredFields copy = unpacked;
        CHECK(copy.get("id") == "a");
        // A damaged frame yields nothing, never garbage.
        std::string damaged = packed;
        damaged.resize(damaged.size() / 2);
        CHECK(vigie::StoredFields::unpack(damaged).get("id").empty());
    }
    CHECK(vigie::StoredFields::unpack(std::string("pid\0\x7F" "abc", 8)).get("id").empty());
    CHECK(vigie::StoredFields::unpack("{\"id\":\"old json\"}").get("id").empty());
    CHECK(vigie::StoredFields::unpack("").get("id").empty());
    // A damaged frame header claiming 3.75 GiB, in 17 bytes: refused before
    // anything is allocated (it used to be allocated, then found bad).
    const std::string bomb("z\x28\xB5\x2F\xFD\xE0\x00\x00\x00\xF0\x00\x00\x00\x00\x01\x00\x00", 17);
    const auto peak_kib = [] {
        rusage usage{};
        getrusage(RUSAGE_SELF, &usage);
        return usage.ru_maxrss;
    };
    const long before = peak_kib();
    CHECK(vigie::StoredFields::unpack(bomb).get("id").empty());
    CHECK(peak_kib() - before < 64 * 1024);
    CHECK(vigie::StoredFields::unpack(std::string("z\x28\xB5\x2F\xFD\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF", 13))
              .get("id")
              .empty());
}
