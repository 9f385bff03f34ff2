// What both commands' CLI11 front ends share (not part of the installed
// library: only the commands use CLI11).
#pragma once

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <map>
#include <string>

#include "vigie/terminal.hpp"

namespace vigie::cli {

inline const std::map<std::string, ColorChoice>& auto_always_never() {
    static const std::map<std::string, ColorChoice> choices{
        {"auto", ColorChoice::Auto}, {"always", ColorChoice::Always}, {"never", ColorChoice::Never}};
    return choices;
}

// Parses argv. On --help prints it (exit 0); on a usage error prints the
// reason and exits 2, like grep, instead of CLI11's own codes.
inline bool parse_command_line(CLI::App& app, int argc, char** argv, const char* command,
                               int& exit_code) {
    try {
        app.parse(argc, argv);
        return true;
    } catch (const CLI::CallForHelp& e) {
        exit_code = app.exit(e);
    } catch (const CLI::ParseError& e) {
        fmt::print(stderr, "{}: {}\nRun with --help for usage.\n", command, e.what());
        exit_code = 2;
    }
    return false;
}

}  // namespace vigie::cli
