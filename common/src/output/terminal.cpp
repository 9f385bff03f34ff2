#include "output/terminal.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>

namespace vigie {

bool is_terminal(int fd) { return ::isatty(fd) == 1; }

unsigned terminal_width(int fd) {
    winsize size{};
    if (!is_terminal(fd) || ::ioctl(fd, TIOCGWINSZ, &size) != 0) return 0;
    return size.ws_col;
}

bool should_color(ColorChoice choice, int fd) {
    if (choice != ColorChoice::Auto) return choice == ColorChoice::Always;
    const char* no_color = std::getenv("NO_COLOR");
    if (no_color && *no_color) return false;
    const char* term = std::getenv("TERM");
    if (term && std::strcmp(term, "dumb") == 0) return false;
    return is_terminal(fd);
}

}  // namespace vigie
