// vigie-search's command line.
#pragma once

#include <string>

#include "output/terminal.hpp"
#include "vigie/vigie.hpp"

namespace vigie::cli {

enum class OutputFormat { Text, Json, Jsonl, Tsv };

struct SearchCommandOptions {
    std::vector<std::string> databases;  // --db, repeatable; empty: the default
    std::size_t threads = 0;             // --batch searchers; 0 = one per core
    SearchRequest request;
    OutputFormat format = OutputFormat::Text;
    ColorChoice color = ColorChoice::Auto;
    std::string markers = "[,]";  // highlight markers without colour
    bool count = false;
    bool explain = false;
    bool batch = false;
    bool list_fields = false;
    std::string show;  // --show ID: one communiqué whole
};

// Parses argv; on --help or a usage error, prints and sets exit_code.
bool parse_search_options(int argc, char** argv, SearchCommandOptions& options, int& exit_code);

}  // namespace vigie::cli
