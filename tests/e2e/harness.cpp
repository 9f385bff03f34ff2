#include "harness.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/statvfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include <grp.h>
#include <termios.h>

#include <cerrno>
#include <cstdlib>
#include <thread>
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

namespace {

constexpr uid_t kUnprivileged = 65534;  // "nobody" on Debian

// In a forked child: the environment, folder, limits and user asked for,
// then the program.
[[noreturn]] void exec_child(const std::vector<std::string>& argv, const RunOptions& options) {
    if (options.file_size_limit) {
        signal(SIGXFSZ, SIG_IGN);
        const rlimit limit{options.file_size_limit, options.file_size_limit};
        if (setrlimit(RLIMIT_FSIZE, &limit) != 0) _exit(127);
    }
    if (options.unprivileged && geteuid() == 0) {
        if (setgroups(0, nullptr) != 0 || setgid(kUnprivileged) != 0 || setuid(kUnprivileged) != 0) _exit(127);
    }
    for (const auto& name : options.unset_env) unsetenv(name.c_str());
    for (const auto& [name, value] : options.env) setenv(name.c_str(), value.c_str(), 1);
    if (!options.cwd.empty() && chdir(options.cwd.c_str()) != 0) _exit(127);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execv(args[0], args.data());
    _exit(127);
}

}  // namespace

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
        exec_child(argv, options);
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
    rusage usage{};
    wait4(pid, &status, 0, &usage);
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    result.max_rss_kb = usage.ru_maxrss;
    return result;
}

bool running_as_root() { return geteuid() == 0; }

void give_to_unprivileged(const fs::path& path) {
    if (!running_as_root()) return;
    if (::chown(path.c_str(), kUnprivileged, kUnprivileged) != 0) throw std::runtime_error("chown failed");
    if (!fs::is_directory(path) || fs::is_symlink(path)) return;
    for (const auto& entry : fs::recursive_directory_iterator(path))
        if (::lchown(entry.path().c_str(), kUnprivileged, kUnprivileged) != 0) throw std::runtime_error("chown failed");
}

Run index(const std::vector<std::string>& args, const RunOptions& options) {
    std::vector<std::string> argv{index_bin()};
    argv.insert(argv.end(), args.begin(), args.end());
    return run(argv, options);
}

Run search(const std::vector<std::string>& args, const RunOptions& options) {
    std::vector<std::string> argv{search_bin()};
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

namespace {

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

}  // namespace

Process::Process(const std::vector<std::string>& argv, const RunOptions& options) {
    signal(SIGPIPE, SIG_IGN);
    std::random_device rd;
    dir_ = fs::temp_directory_path() / ("vigie-e2e-proc-" + std::to_string(getpid()) + "-" + std::to_string(rd()));
    fs::create_directories(dir_);
    int in_pipe[2];
    if (pipe2(in_pipe, O_CLOEXEC)) throw std::runtime_error("pipe failed");
    const std::string out_path = (dir_ / "out").string(), err_path = (dir_ / "err").string();
    pid_ = fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
        const int out = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        const int err = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (out < 0 || err < 0) _exit(127);
        dup2(in_pipe[0], 0);
        dup2(out, 1);
        dup2(err, 2);
        exec_child(argv, options);
    }
    close(in_pipe[0]);
    stdin_fd_ = in_pipe[1];
    if (!options.input.empty()) write_stdin(options.input);
}

Process::~Process() {
    close_stdin();
    if (!reaped_ && pid_ > 0) {
        ::kill(pid_, SIGKILL);
        waitpid(pid_, &status_, 0);
    }
    std::error_code ec;
    fs::remove_all(dir_, ec);
}

void Process::write_stdin(const std::string& bytes) {
    std::size_t done = 0;
    while (stdin_fd_ >= 0 && done < bytes.size()) {
        const ssize_t n = ::write(stdin_fd_, bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        done += static_cast<std::size_t>(n);
    }
}

void Process::close_stdin() {
    if (stdin_fd_ >= 0) close(stdin_fd_);
    stdin_fd_ = -1;
}

void Process::send_signal(int sig) {
    if (!reaped_ && pid_ > 0) ::kill(pid_, sig);
}

std::string Process::out_so_far() const { return slurp(dir_ / "out"); }

bool Process::running() {
    if (reaped_) return false;
    const pid_t r = wait4(pid_, &status_, WNOHANG, &usage_);
    if (r == pid_) reaped_ = true;
    return !reaped_;
}

Run Process::wait(std::chrono::seconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (running()) {
        if (std::chrono::steady_clock::now() > deadline) {
            ::kill(pid_, SIGKILL);
            waitpid(pid_, &status_, 0);
            reaped_ = true;
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    Run result;
    result.exit_code = WIFEXITED(status_) ? WEXITSTATUS(status_) : 128 + WTERMSIG(status_);
    result.max_rss_kb = usage_.ru_maxrss;
    result.out = slurp(dir_ / "out");
    result.err = slurp(dir_ / "err");
    return result;
}

std::unique_ptr<Process> start_index(const std::vector<std::string>& args, const RunOptions& options) {
    std::vector<std::string> argv{index_bin()};
    argv.insert(argv.end(), args.begin(), args.end());
    return std::make_unique<Process>(argv, options);
}

Run run_in_terminal(const std::vector<std::string>& argv, const RunOptions& options) {
    const int master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (master < 0 || grantpt(master) != 0 || unlockpt(master) != 0) throw std::runtime_error("no pty");
    const std::string slave_name = ptsname(master);
    const pid_t pid = fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid == 0) {
        setsid();
        const int slave = open(slave_name.c_str(), O_RDWR);
        if (slave < 0) _exit(127);
        termios t{};
        if (tcgetattr(slave, &t) == 0) {
            t.c_oflag &= ~static_cast<tcflag_t>(OPOST);  // no \n -> \r\n
            tcsetattr(slave, TCSANOW, &t);
        }
        const int null = open("/dev/null", O_RDONLY);
        dup2(null, 0);
        dup2(slave, 1);
        dup2(slave, 2);
        if (slave > 2) close(slave);
        exec_child(argv, options);
    }
    Run result;
    char buffer[65536];
    for (;;) {
        const ssize_t n = read(master, buffer, sizeof buffer);
        if (n > 0) {
            result.out.append(buffer, static_cast<std::size_t>(n));
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else {
            break;  // EIO once the program and its terminal are gone
        }
    }
    close(master);
    int status = 0;
    waitpid(pid, &status, 0);
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return result;
}

bool wait_until(const std::function<bool()>& condition, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        if (condition()) return true;
        if (std::chrono::steady_clock::now() > deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
}

SmallDisk::SmallDisk(const fs::path& where, std::uint64_t bytes) : path_(where) {
    fs::create_directories(path_);
    const std::string mount = find_program("mount");
    if (!running_as_root() || mount.empty()) return;
    mounted_ = run({mount, "-t", "tmpfs", "-o", "size=" + std::to_string(bytes), "tmpfs", path_.string()})
                   .exit_code == 0;
}

SmallDisk::~SmallDisk() {
    if (mounted_) run({find_program("umount"), "-l", path_.string()});
}

std::uint64_t SmallDisk::used() const {
    struct statvfs st {};
    if (statvfs(path_.c_str(), &st) != 0) return 0;
    return static_cast<std::uint64_t>(st.f_blocks - st.f_bfree) * st.f_frsize;
}

void SmallDisk::resize(std::uint64_t bytes) const {
    if (!mounted_) return;
    const Run r = run({find_program("mount"), "-o", "remount,size=" + std::to_string(bytes), path_.string()});
    if (r.exit_code != 0) throw std::runtime_error("remount failed: " + r.err);
}

Run xapian_check(const fs::path& db) {
    const std::string tool = find_program("xapian-check");
    if (tool.empty()) throw std::runtime_error("xapian-check not found (xapian-tools)");
    return run({tool, db.string()});
}

void record_figure(const std::string& name, const std::string& text) {
    const fs::path dir(VIGIE_FIGURES_DIR);
    fs::create_directories(dir);
    std::ofstream(dir / (name + ".txt")) << text << "\n";
}

void append_figure(const std::string& name, const std::string& line) {
    const fs::path dir(VIGIE_FIGURES_DIR);
    fs::create_directories(dir);
    std::ofstream(dir / (name + ".txt"), std::ios::app) << line << "\n";
}

std::string find_program(const std::string& name) {
    const char* path = std::getenv("PATH");
    std::string dirs = path ? path : "/usr/bin:/bin";
    dirs += ":/usr/bin:/usr/sbin:/sbin";
    std::size_t start = 0;
    while (start <= dirs.size()) {
        std::size_t end = dirs.find(':', start);
        if (end == std::string::npos) end = dirs.size();
        const fs::path candidate = fs::path(dirs.substr(start, end - start)) / name;
        if (!candidate.parent_path().empty() && ::access(candidate.c_str(), X_OK) == 0) return candidate.string();
        start = end + 1;
    }
    return {};
}

namespace {
// VIGIE_TEST_INDEX_BIN and VIGIE_TEST_SEARCH_BIN run the tests against
// other builds (such as main's, to see a new test fail before its fix).
std::string binary(const char* variable, const char* built) {
    const char* other = std::getenv(variable);
    return other && *other ? other : built;
}
}  // namespace

std::string index_bin() { return binary("VIGIE_TEST_INDEX_BIN", VIGIE_INDEX_BIN); }
std::string search_bin() { return binary("VIGIE_TEST_SEARCH_BIN", VIGIE_SEARCH_BIN); }

std::string samples_dir() { return VIGIE_SAMPLES_DIR; }
std::string test_data_dir() { return VIGIE_TEST_DATA_DIR; }

}  // namespace e2e
