// The JSON writer against nlohmann::json, the reference it replaces for
// output: same text for the same values, and strings that read back intact.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <cmath>
#include <limits>

#include "output/json_writer.hpp"

namespace {

std::string json_quoted(std::string_view text) {
    std::string out;
    vigie::append_json_string(out, text);
    return out;
}

}  // namespace

TEST_CASE("json writer: the layout of nlohmann's dump, compact and indented") {
    const auto write = [](int indent) {
        vigie::JsonWriter w(indent);
        w.begin_object();
        w.key("empty_array").begin_array().end_array();
        w.key("empty_object").begin_object().end_object();
        w.key("nested").begin_array();
        w.begin_array().value(1).value(2).end_array();
        w.begin_object().field("a", true).key("b").null().end_object();
        w.end_array();
        w.field("number", std::size_t{42});
        w.field("negative", -7);
        w.field("text", "l’alliance \"OTAN\"");
        w.end_object();
        return w.text();
    };
    const nlohmann::json reference = {
        {"empty_array", nlohmann::json::array()},
        {"empty_object", nlohmann::json::object()},
        {"nested", {{1, 2}, {{"a", true}, {"b", nullptr}}}},
        {"number", 42},
        {"negative", -7},
        {"text", "l’alliance \"OTAN\""},
    };
    // nlohmann sorts keys; the writer writes them as given.
    CHECK(nlohmann::json::parse(write(-1)) == reference);
    CHECK(write(-1).find('\n') == std::string::npos);
    CHECK(nlohmann::json::parse(write(2)) == reference);
    vigie::JsonWriter sorted(2);
    sorted.begin_object()
        .field("a", 1)
        .key("b")
        .begin_array()
        .value("x")
        .begin_array()
        .end_array()
        .end_array()
        .key("c")
        .begin_object()
        .end_object()
        .end_object();
    const nlohmann::json same = {{"a", 1}, {"b", {"x", nlohmann::json::array()}}, {"c", nlohmann::json::object()}};
    CHECK(sorted.text() == same.dump(2));
}

TEST_CASE("json writer: strings escape what must be, and read back intact") {
    const std::string texts[] = {
        "plain",
        "quote \" backslash \\ slash /",
        "tab\tnewline\nreturn\rbell\x07 escape\x1B[31m",
        "accents é à ç œ, apostrophe ’, emoji \xF0\x9F\x9A\xA8",
        std::string("nul \0 inside", 12),
    };
    for (const auto& text : texts) {
        INFO(text);
        const std::string json = json_quoted(text);
        CHECK(nlohmann::json::parse(json).get<std::string>() == text);
        // Same text as nlohmann's, for everything it escapes alike.
        CHECK(json == nlohmann::json(text).dump());
        for (const char c : json) CHECK(static_cast<unsigned char>(c) >= 0x20);
    }
    // DEL and C1 controls (U+0085, U+009B: a terminal's CSI) are escaped
    // too, which nlohmann leaves raw.
    CHECK(json_quoted("a\x7F" "b") == "\"a\\u007fb\"");
    CHECK(json_quoted("\xC2\x85\xC2\x9B") == "\"\\u0085\\u009b\"");
    // Invalid UTF-8 becomes U+FFFD, one per bad byte; valid U+FFFD stays.
    CHECK(json_quoted("a\xFF" "b\xC3") == "\"a\xEF\xBF\xBD" "b\xEF\xBF\xBD\"");
    CHECK(json_quoted("\xEF\xBF\xBD") == "\"\xEF\xBF\xBD\"");
}

TEST_CASE("json writer: numbers read back exactly, floats stay floats") {
    for (const double d : {0.0, 2.0, 0.1, 191.24642302565331, 1e-7, 1e21, -3.5}) {
        INFO(d);
        vigie::JsonWriter w;
        w.value(d);
        const auto parsed = nlohmann::json::parse(w.text());
        CHECK(parsed.is_number_float());
        CHECK(parsed.get<double>() == d);
    }
    vigie::JsonWriter special;
    special.begin_array()
        .value(std::numeric_limits<double>::quiet_NaN())
        .value(INFINITY)
        .value(std::numeric_limits<std::uint64_t>::max())
        .value(std::numeric_limits<std::int64_t>::min())
        .end_array();
    CHECK(special.text() == "[null,null,18446744073709551615,-9223372036854775808]");
}
