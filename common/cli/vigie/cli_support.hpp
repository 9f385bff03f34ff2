// What both commands' CLI11 front ends share (not part of the installed
// library: only the commands use CLI11).
#pragma once

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cctype>
#include <map>
#include <string>

#include "output/terminal.hpp"
#include "util/utf8.hpp"
#include "vigie/vigie.hpp"

namespace vigie::cli {

inline const std::map<std::string, ColorChoice>& auto_always_never() {
    static const std::map<std::string, ColorChoice> choices{
        {"auto", ColorChoice::Auto}, {"always", ColorChoice::Always}, {"never", ColorChoice::Never}};
    return choices;
}

// An option taking one of a few words (case ignored), shown in --help as
// NAME a|b|c rather than CLI11's enum mapping.
template <typename T>
CLI::Option* add_choice_option(CLI::App& app, const std::string& name, T& target,
                               const std::map<std::string, T>& choices, const std::string& help) {
    std::string words;
    for (const auto& [word, value] : choices) words += (words.empty() ? "" : "|") + word;
    // Maps the word to the enum's number, or says what is accepted.
    CLI::Validator to_choice(
        [choices, words](std::string& input) -> std::string {
            std::string lower;
            for (const char c : input) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            const auto it = choices.find(lower);
            if (it == choices.end()) return "'" + input + "' is not one of " + words;
            input = std::to_string(static_cast<int>(it->second));
            return {};
        },
        "");
    return app.add_option(name, target, help)->transform(to_choice)->option_text(words);
}

// A message that may quote a user's argument or a document, made safe for
// a terminal: control characters (escape sequences) become U+FFFD.
inline std::string safe_message(std::string_view message) {
    return utf8::sanitize_for_terminal(message, false);
}

// What --version prints: the command's version, then Xapian's, the
// analyzer's and the schemas', one per line, as `NAME VERSION` for scripts.
inline std::string version_text(const std::string& command) {
    const VersionInfo v = version_info();
    return fmt::format("{} {}\nxapian {}\nanalyzer {}\nindex-schema {}\njson-schema {}", command, v.vigie,
                       v.xapian, v.analyzer, v.index_schema, v.json_schema);
}

// -V/--version, answered before anything else is checked (a required
// argument included).
inline void add_version_flag(CLI::App& app, const std::string& command) {
    app.set_version_flag("-V,--version", [command] { return version_text(command); },
                         "Print the versions of Vigie, Xapian, the analyzer and the index schema, and exit");
}

// Parses argv. On --help or --version prints it (exit 0); on a usage error
// prints the reason and exits 2, like grep, instead of CLI11's own codes.
inline bool parse_command_line(CLI::App& app, int argc, char** argv, const char* command,
                               int& exit_code) {
    try {
        app.parse(argc, argv);
        return true;
    } catch (const CLI::CallForHelp& e) {
        exit_code = app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        exit_code = app.exit(e);
    } catch (const CLI::ParseError& e) {
        // CLI11 quotes the argument it refused: never raw to the terminal.
        fmt::print(stderr, "{}: {}\nRun with --help for usage.\n", command, safe_message(e.what()));
        exit_code = 2;
    }
    return false;
}

}  // namespace vigie::cli
