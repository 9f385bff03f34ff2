// Queries through the public API (vigie::Searcher) on a small index of
// samples/, made once: any query is answered or refused with a
// vigie::Error, never a crash; what a hit shows is UTF-8 and its
// highlights fit its snippet. The first byte picks options.
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "fuzz_support.hpp"
#include "vigie/indexer.hpp"
#include "vigie/vigie.hpp"

namespace {

std::filesystem::path g_dir;

void remove_index() {
    std::error_code ec;
    std::filesystem::remove_all(g_dir, ec);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    g_dir = std::filesystem::temp_directory_path() / ("vigie-fuzz-" + std::to_string(::getpid()));
    vigie::IndexOptions options;
    options.db_path = (g_dir / "db").string();
    options.inputs = {VIGIE_SAMPLES_DIR};
    vigie::run_indexer(options, {}, nullptr);
    std::atexit(remove_index);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static vigie::Searcher searcher((g_dir / "db").string());
    if (size == 0) return 0;
    vigie::SearchRequest request;
    const std::uint8_t options = data[0];
    request.query.assign(reinterpret_cast<const char*>(data) + 1, size - 1);
    request.match = static_cast<vigie::MatchMode>(options % 3);
    request.sort = static_cast<vigie::SortOrder>((options / 3) % 3);
    request.limit = 1 + options % 7;
    request.offset = (options >> 5) % 3;
    request.snippet_chars = 20 + options;
    if (options & 0x80) request.since = "2020-06";
    try {
        const vigie::SearchResult result = searcher.search(request);
        for (const auto& hit : result.hits) {
            fuzz::require_valid_utf8(hit.snippet, "snippets are UTF-8");
            fuzz::require_valid_utf8(hit.title, "titles are UTF-8");
            const std::size_t length = vigie::utf8::length(hit.snippet);
            for (const auto& [begin, end] : hit.highlights)
                fuzz::require(begin < end && end <= length, "highlights fit the snippet");
        }
        (void)searcher.count(request);
        (void)searcher.explain(request);
    } catch (const vigie::Error&) {
        // A refusal with a message and an exit code is a fine answer.
    }
    return 0;
}
