// Running the real vigie-index and vigie-search binaries from tests.
#pragma once

#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace e2e {

struct Run {
    int exit_code = -1;  // 128+N when killed by signal N
    std::string out;
    std::string err;
    nlohmann::json json() const;  // stdout parsed as one JSON value
    std::vector<nlohmann::json> json_lines() const;
};

struct RunOptions {
    std::string input;                           // written to stdin
    std::map<std::string, std::string> env;      // added to the environment
    std::vector<std::string> unset_env;          // removed from it
    std::filesystem::path cwd;                   // "" = current
};

Run run(const std::vector<std::string>& argv, const RunOptions& options = {});

// vigie-index / vigie-search with arguments.
Run index(const std::vector<std::string>& args, const RunOptions& options = {});
Run search(const std::vector<std::string>& args, const RunOptions& options = {});

// A fresh folder removed at the end of the test.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }
    std::filesystem::path operator/(const std::string& name) const { return path_ / name; }
    // Writes bytes to a file under the folder, creating parents.
    std::filesystem::path write(const std::string& name, const std::string& bytes) const;

private:
    std::filesystem::path path_;
};

// An index of samples/ built once per test process (read-only use).
const std::filesystem::path& samples_index();

// The ids of a search's hits (--format json), in order.
std::vector<std::string> hit_ids(const Run& run);

std::string samples_dir();
std::string test_data_dir();

}  // namespace e2e
