#include <catch2/catch.hpp>

#include "util/utf8.hpp"

using namespace vigie;

TEST_CASE("UTF-8 validation and decoding") {
    CHECK(utf8::is_valid("hôpital ’ €"));
    CHECK_FALSE(utf8::is_valid("h\xF4pital"));
    CHECK_FALSE(utf8::is_valid("\xC3"));            // truncated
    CHECK_FALSE(utf8::is_valid("\xC0\xAF"));        // overlong
    CHECK_FALSE(utf8::is_valid("\xED\xA0\x80"));    // surrogate
    std::size_t pos = 0;
    CHECK(utf8::decode("€", pos) == 0x20AC);
    CHECK(pos == 3);
    CHECK(utf8::length("hôpital") == 7);
}

TEST_CASE("cuts never split a character") {
    const std::string s = "aé€";  // 1 + 2 + 3 bytes
    CHECK(utf8::safe_cut(s, 2) == 1);
    CHECK(utf8::safe_cut(s, 3) == 3);
    CHECK(utf8::safe_cut(s, 5) == 3);
    CHECK(utf8::safe_cut(s, 100) == 6);
}

TEST_CASE("terminal output never carries control characters") {
    const std::string evil = "titre\x1b[31mrouge\x07\r\n suite\xC2\x9B";
    const std::string safe = utf8::sanitize_for_terminal(evil, true);
    CHECK(safe.find('\x1b') == std::string::npos);
    CHECK(safe.find('\x07') == std::string::npos);
    CHECK(safe.find("\xC2\x9B") == std::string::npos);
    CHECK(safe == "titre\xEF\xBF\xBD[31mrouge\xEF\xBF\xBD suite\xEF\xBF\xBD");
    CHECK(utf8::sanitize_for_terminal("a\n\nb", false) == "a\n\nb");
}

TEST_CASE("prefix_bytes counts code points, not bytes") {
    const std::string s = "aé€";  // 1 + 2 + 3 bytes
    CHECK(utf8::prefix_bytes(s, 0) == 0);
    CHECK(utf8::prefix_bytes(s, 2) == 3);
    CHECK(utf8::prefix_bytes(s, 3) == 6);
    CHECK(utf8::prefix_bytes(s, 10) == 6);
}
