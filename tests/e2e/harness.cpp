#include "harness.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

namespace e2e {

namespace fs = std::filesystem;

nlohmann::json Run::json() const { return nlohmann::json::parse(out); }

std::vector<nlohmann::json> Run::json_lines() const {
    std::vector<nlohmann::json> lines;
    std::istringstream in(out);
    std::string line;
    while (std::getline(in, line))
        if (!line.empty()) lines.push_back(nlohmann::json::parse(line));
    return lines;
}

Run run(const std::vector<std::string>& argv, const RunOptions& options) {
    int in_pipe[2], out_pipe[2], err_pipe[2];
    if (pipe(in_pipe) || pipe(out_pipe) || pipe(err_pipe)) throw std::runtime_error("pipe failed");
    const pid_t pid = fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid == 0) {
        dup2(in_pipe[0], 0);
        dup2(out_pipe[1], 1);
        dup2(err_pipe[1], 2);
        for (int fd : {in_pipe[0], in_pipe[1], out_pipe[0], out_pipe[1], err_pipe[0], err_pipe[1]}) close(fd);
        for (const auto& name : options.unset_env) unsetenv(name.c_str());
        for (const auto& [name, value] : options.env) setenv(name.c_str(), value.c_str(), 1);
        if (!options.cwd.empty() && chdir(options.cwd.c_str()) != 0) _exit(127);
        std::vector<char*> args;
        for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
        args.push_back(nullptr);
        execv(args[0], args.data());
        _exit(127);
    }
    close(in_pipe[0]);
    close(out_pipe[1]);
    close(err_pipe[1]);
    signal(SIGPIPE, SIG_IGN);
    Run result;
    std::size_t written = 0;
    int in_fd = in_pipe[1];
    if (options.input.empty()) {
        close(in_fd);
        in_fd = -1;
    }
    bool out_open = true, err_open = true;
    char buffer[65536];
    while (out_open || err_open) {
        std::vector<pollfd> fds;
        if (out_open) fds.push_back({out_pipe[0], POLLIN, 0});
        if (err_open) fds.push_back({err_pipe[0], POLLIN, 0});
        if (in_fd >= 0) fds.push_back({in_fd, POLLOUT, 0});
        if (poll(fds.data(), fds.size(), -1) < 0) continue;
        for (const auto& p : fds) {
            if (p.fd == in_fd && (p.revents & (POLLOUT | POLLERR | POLLHUP))) {
                const ssize_t n = write(in_fd, options.input.data() + written, options.input.size() - written);
                if (n > 0) written += static_cast<std::size_t>(n);
                if (n <= 0 || written == options.input.size()) {
                    close(in_fd);
                    in_fd = -1;
                }
            } else if (p.revents & (POLLIN | POLLHUP | POLLERR)) {
                const ssize_t n = read(p.fd, buffer, sizeof buffer);
                std::string& target = p.fd == out_pipe[0] ? result.out : result.err;
                if (n > 0) {
                    target.append(buffer, static_cast<std::size_t>(n));
                } else {
                    (p.fd == out_pipe[0] ? out_open : err_open) = false;
                }
            }
        }
    }
    if (in_fd >= 0) close(in_fd);
    close(out_pipe[0]);
    close(err_pipe[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return result;
}

Run index(const std::vector<std::string>& args, const RunOptions& options) {
    std::vector<std::string> argv{VIGIE_INDEX_BIN};
    argv.insert(argv.end(), args.begin(), args.end());
    return run(argv, options);
}

Run search(const std::vector<std::string>& args, const RunOptions& options) {
    std::vector<std::string> argv{VIGIE_SEARCH_BIN};
    argv.insert(argv.end(), args.begin(), args.end());
    return run(argv, options);
}

TempDir::TempDir() {
    std::random_device rd;
    path_ = fs::temp_directory_path() / ("vigie-e2e-" + std::to_string(getpid()) + "-" + std::to_string(rd()));
    fs::create_directories(path_);
}

TempDir::~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
}

fs::path TempDir::write(const std::string& name, const std::string& bytes) const {
    const fs::path p = path_ / name;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << bytes;
    return p;
}

const fs::path& samples_index() {
    static TempDir dir;
    static const fs::path db = [] {
        const fs::path p = dir / "samples.db";
        const Run r = index({"--db", p.string(), samples_dir()});
        if (r.exit_code != 0) throw std::runtime_error("indexing samples failed: " + r.err);
        return p;
    }();
    return db;
}

std::vector<std::string> hit_ids(const Run& run) {
    std::vector<std::string> ids;
    const nlohmann::json answer = run.json();  // kept alive for the loop
    for (const auto& hit : answer.at("hits")) ids.push_back(hit.at("id").get<std::string>());
    return ids;
}

std::string samples_dir() { return VIGIE_SAMPLES_DIR; }
std::string test_data_dir() { return VIGIE_TEST_DATA_DIR; }

}  // namespace e2e
