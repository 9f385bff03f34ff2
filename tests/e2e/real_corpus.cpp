#include "real_corpus.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>
#include <memory>

#include "harness.hpp"

namespace e2e {

namespace fs = std::filesystem;

namespace {

fs::path certfr_dump() { return fs::path(VIGIE_SHARED_DIR) / "corpora/certfr-avis/certfr_avis.jsonl.xz"; }

std::string text_of(const nlohmann::json& record, const char* key) {
    const auto it = record.find(key);
    return it != record.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

bool shared_corpora_present() {
    if (fs::exists(certfr_dump()) && !find_program("xz").empty()) return true;
    WARN("skipped: the shared corpora are not at " << VIGIE_SHARED_DIR
                                                   << " (set VIGIE_SHARED_DIR), or xz is missing");
    return false;
}

RealCorpus make_certfr_corpus(const fs::path& dir, int text_files, int records) {
    RealCorpus corpus;
    corpus.folder = dir / "certfr";
    fs::create_directories(corpus.folder);
    const std::string command =
        "xz -dc '" + certfr_dump().string() + "' | head -n " + std::to_string(text_files + records);
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
    REQUIRE(pipe);
    std::ofstream jsonl(corpus.folder / "records.jsonl");
    std::string line;
    char buffer[1 << 16];
    int n = 0;
    while (n < text_files + records && fgets(buffer, sizeof buffer, pipe.get())) {
        line += buffer;
        if (line.back() != '\n') continue;
        const auto record = nlohmann::json::parse(line);
        line.clear();
        const std::string reference = text_of(record, "reference");
        std::string date;
        if (record.contains("revisions") && !record["revisions"].empty())
            date = text_of(record["revisions"][0], "revision_date").substr(0, 10);
        const std::string title = text_of(record, "title");
        const std::string body = title + ". " + text_of(record, "summary") + "\n" + text_of(record, "content");
        if (n++ < text_files) {
            const std::string id = reference.substr(6, 4) + "/" + reference + ".txt";
            fs::create_directories((corpus.folder / id).parent_path());
            std::ofstream(corpus.folder / id) << " date " << date << " " << body << "\n";
            corpus.ids.insert(id);
        } else {
            const nlohmann::json out = {{"id", reference}, {"date", date}, {"title", title}, {"body", body}};
            jsonl << out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
            corpus.ids.insert(reference);
        }
    }
    REQUIRE(n == text_files + records);
    return corpus;
}

}  // namespace e2e
