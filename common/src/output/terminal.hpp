// Whether to colour output and show progress: only on a terminal, never
// with NO_COLOR set (https://no-color.org) or TERM=dumb.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace vigie {

enum class ColorChoice { Auto, Always, Never };

bool is_terminal(int fd);
// Columns of the terminal on fd; 0 when it is not one (or says none).
unsigned terminal_width(int fd);
bool should_color(ColorChoice choice, int fd);
// The columns text output on fd is wrapped to: 0 when fd is not a terminal
// (never wrapped), else COLUMNS when it holds a number, else the
// terminal's own width, else 80.
unsigned output_width(int fd);

// Columns text takes on a terminal: wide characters count two, combining
// marks none, and so do escape sequences (colours).
std::size_t display_width(std::string_view text);

// lead then text, wrapped at spaces so that lines take at most width
// columns; lines after the first start with indent spaces. A word longer
// than a line stays whole on its own line. width 0: not wrapped.
std::string wrap_text(std::string_view lead, std::string_view text, unsigned width, std::size_t indent);

}  // namespace vigie
