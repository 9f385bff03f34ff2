// Splitting text at '\n' (JSON Lines, metadata lists).
#pragma once

#include <string_view>
#include <vector>

namespace vigie {

// The lines of text, without their '\n'; a final '\n' ends the last line
// rather than starting an empty one.
inline std::vector<std::string_view> split_lines(std::string_view text) {
    std::vector<std::string_view> lines;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        lines.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    return lines;
}

}  // namespace vigie
