// Real communiqués for the tests that need a few thousand: CERT-FR
// advisories from the shared corpora (../shared beside the source tree,
// VIGIE_SHARED_DIR), written as text files and JSON Lines records.
#pragma once

#include <filesystem>
#include <set>
#include <string>

namespace e2e {

struct RealCorpus {
    std::filesystem::path folder;  // <year>/<reference>.txt, and records.jsonl
    std::set<std::string> ids;     // the id of every document it holds
};

// Whether the shared corpora are there; when not, says so (a Catch2
// warning naming the folder), and the test should return.
bool shared_corpora_present();

// text_files advisories as text files, then records more as JSON Lines,
// in dir/certfr. Requires shared_corpora_present().
RealCorpus make_certfr_corpus(const std::filesystem::path& dir, int text_files, int records);

}  // namespace e2e
