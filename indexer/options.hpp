// vigie-index's command line.
#pragma once

#include <string>

#include "vigie/indexer.hpp"
#include "output/terminal.hpp"

namespace vigie::cli {

struct IndexCommandOptions {
    IndexOptions index;
    bool json = false;
    bool verbose = false;
    bool quiet = false;
    ColorChoice progress = ColorChoice::Auto;  // reuses auto/always/never
};

// Parses argv; on --help or a usage error, prints and sets exit_code.
bool parse_index_options(int argc, char** argv, IndexCommandOptions& options, int& exit_code);

}  // namespace vigie::cli
