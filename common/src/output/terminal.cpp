#include "output/terminal.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <utf8proc.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>

#include "util/utf8.hpp"

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

namespace vigie {

unsigned output_width(int fd) {
    if (!is_terminal(fd)) return 0;
    if (const char* columns = std::getenv("COLUMNS"); columns && *columns) {
        char* end = nullptr;
        const long n = std::strtol(columns, &end, 10);
        if (*end == '\0' && n > 0 && n < 100000) return static_cast<unsigned>(n);
    }
    const unsigned columns = terminal_width(fd);
    return columns ? columns : 80;
}

std::size_t display_width(std::string_view text) {
    std::size_t width = 0;
    std::size_t pos = 0;
    while (pos < text.size()) {
        if (text[pos] == '\033') {
            // CSI: ESC [ parameters, then a final byte in @..~.
            ++pos;
            if (pos < text.size() && text[pos] == '[') {
                ++pos;
                while (pos < text.size() && !(text[pos] >= '@' && text[pos] <= '~')) ++pos;
                if (pos < text.size()) ++pos;
            }
            continue;
        }
        const char32_t cp = utf8::decode(text, pos);
        width += static_cast<std::size_t>(std::max(0, utf8proc_charwidth(static_cast<utf8proc_int32_t>(cp))));
    }
    return width;
}

std::string wrap_text(std::string_view lead, std::string_view text, unsigned width, std::size_t indent) {
    std::string out(lead);
    if (width == 0) return out.append(text);
    std::size_t column = display_width(lead);
    bool line_empty = true;  // of words: the lead or the indent only
    std::size_t pos = 0;
    while (pos < text.size()) {
        if (text[pos] == ' ') {
            ++pos;
            continue;
        }
        const std::size_t end = std::min(text.find(' ', pos), text.size());
        const std::string_view word = text.substr(pos, end - pos);
        pos = end;
        const std::size_t word_width = display_width(word);
        if (!line_empty && column + 1 + word_width > width) {
            out += '\n';
            out.append(indent, ' ');
            column = indent;
            line_empty = true;
        }
        if (!line_empty) {
            out += ' ';
            ++column;
        }
        out.append(word);
        column += word_width;
        line_empty = false;
    }
    return out;
}

}  // namespace vigie
