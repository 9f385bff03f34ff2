// Whether to colour output and show progress: only on a terminal, never
// with NO_COLOR set (https://no-color.org) or TERM=dumb.
#pragma once

namespace vigie {

enum class ColorChoice { Auto, Always, Never };

bool is_terminal(int fd);
// Columns of the terminal on fd; 0 when it is not one (or says none).
unsigned terminal_width(int fd);
bool should_color(ColorChoice choice, int fd);

}  // namespace vigie
