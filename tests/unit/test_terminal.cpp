// Wrapping text output to a terminal: at spaces, by display columns.
#include <catch2/catch.hpp>

#include <cstdlib>

#include "output/terminal.hpp"

using vigie::display_width;
using vigie::wrap_text;

TEST_CASE("terminal: display width counts columns, not bytes, escapes, combining marks") {
    CHECK(display_width("abc") == 3);
    CHECK(display_width("état") == 4);
    CHECK(display_width("e\u0301") == 1);           // e + combining acute
    CHECK(display_width("\u65e5\u672c") == 4);       // wide characters
    CHECK(display_width("\x1b[1;31mCVE\x1b[0m") == 3);
    CHECK(display_width("") == 0);
}

TEST_CASE("terminal: wrap_text breaks at spaces, keeps the indent, never splits a word") {
    CHECK(wrap_text("  ", "un deux trois quatre", 0, 2) == "  un deux trois quatre");
    CHECK(wrap_text("  ", "un deux trois quatre", 80, 2) == "  un deux trois quatre");
    CHECK(wrap_text("  ", "un deux trois quatre", 10, 2) == "  un deux\n  trois\n  quatre");
    // Exactly the width fits.
    CHECK(wrap_text("", "abcd efgh", 9, 0) == "abcd efgh");
    CHECK(wrap_text("", "abcd efgh", 8, 0) == "abcd\nefgh");
    // A word longer than a line stays whole, on its own line.
    CHECK(wrap_text("  ", "a https://example.org/a/very/long/path b", 12, 2) ==
          "  a\n  https://example.org/a/very/long/path\n  b");
    // A lead (a date) and a deeper indent for the lines after it.
    CHECK(wrap_text("2020-06    ", "Dans un nouveau communiqué", 24, 11) ==
          "2020-06    Dans un\n           nouveau\n           communiqué");
    // Accents take one column each; colours none.
    CHECK(wrap_text("", "été été", 7, 0) == "été été");
    CHECK(wrap_text("", "\x1b[1mété\x1b[0m été", 7, 0) == "\x1b[1mété\x1b[0m été");
    // Runs of spaces are one break.
    CHECK(wrap_text("", "a   b", 80, 0) == "a b");
}
