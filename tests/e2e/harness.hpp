// Running the real vigie-index and vigie-search binaries from tests.
#pragma once

#include <nlohmann/json.hpp>

#include <sys/resource.h>
#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace e2e {

struct Run {
    int exit_code = -1;  // 128+N when killed by signal N
    std::string out;
    std::string err;
    long max_rss_kb = 0;  // peak resident memory of the program
    nlohmann::json json() const;  // stdout parsed as one JSON value
    std::vector<nlohmann::json> json_lines() const;
};

struct RunOptions {
    std::string input;                           // written to stdin
    std::map<std::string, std::string> env;      // added to the environment
    std::vector<std::string> unset_env;          // removed from it
    std::filesystem::path cwd;                   // "" = current
    // Runs as an unprivileged user (uid and gid 65534) when the tests run
    // as root, so that file permissions apply to the program.
    bool unprivileged = false;
    // RLIMIT_FSIZE in bytes (0 = none): a write past it fails with EFBIG,
    // as on a full disk (SIGXFSZ is ignored).
    std::uint64_t file_size_limit = 0;
};

// Whether RunOptions::unprivileged really drops privileges (we are root)
// or permissions already apply (we are not).
bool running_as_root();
// Makes path (recursively) belong to the user unprivileged runs use, so
// that they can write there.
void give_to_unprivileged(const std::filesystem::path& path);

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

// A program left running in the background. Its standard input is a pipe
// the test keeps open (an indexer reading "-" then waits for more input),
// its output goes to files read back by wait().
class Process {
public:
    explicit Process(const std::vector<std::string>& argv, const RunOptions& options = {});
    ~Process();  // kills (SIGKILL) and reaps it if it is still running
    Process(const Process&) = delete;
    Process& operator=(const Process&) = delete;

    pid_t pid() const { return pid_; }
    void write_stdin(const std::string& bytes);
    void close_stdin();
    void send_signal(int signal);
    bool running();  // false once it has exited
    std::string out_so_far() const;  // what it has written to stdout yet
    // Waits for it to exit (closing nothing: close_stdin() first if it reads
    // standard input). Past timeout it is killed, so a test fails, not hangs.
    Run wait(std::chrono::seconds timeout = std::chrono::seconds(240));

private:
    pid_t pid_ = -1;
    int stdin_fd_ = -1;
    bool reaped_ = false;
    int status_ = 0;
    struct rusage usage_ {};
    std::filesystem::path dir_;
};

// vigie-index with arguments, in the background.
std::unique_ptr<Process> start_index(const std::vector<std::string>& args, const RunOptions& options = {});

// Runs a program with stdout and stderr on a pseudo-terminal (both end up
// in Run::out), for what a program does only on a terminal.
Run run_in_terminal(const std::vector<std::string>& argv, const RunOptions& options = {});

// Polls condition every 20 ms until it holds (true) or timeout passes (false).
bool wait_until(const std::function<bool()>& condition,
                std::chrono::milliseconds timeout = std::chrono::milliseconds(60000));

// A small file system to fill up: a tmpfs mounted at a folder, when the
// machine lets the tests mount one (as root, outside restrictive
// containers). Otherwise mounted() is false and the folder is a plain one:
// tests then fall back to RunOptions::file_size_limit.
class SmallDisk {
public:
    SmallDisk(const std::filesystem::path& where, std::uint64_t bytes);
    ~SmallDisk();
    SmallDisk(const SmallDisk&) = delete;
    SmallDisk& operator=(const SmallDisk&) = delete;
    bool mounted() const { return mounted_; }
    const std::filesystem::path& path() const { return path_; }
    std::uint64_t used() const;             // bytes in use
    void resize(std::uint64_t bytes) const;  // at least what is used

private:
    std::filesystem::path path_;
    bool mounted_ = false;
};

// xapian-check on an index: exit 0 when its tables are consistent.
Run xapian_check(const std::filesystem::path& db);

// Writes a figure a test measured (kills survived, faults injected...) to
// <build>/figures/<name>.txt, for docs/reliability.md; also shown by Catch.
void record_figure(const std::string& name, const std::string& text);
// The same, adding a line to what the run recorded under name so far.
void append_figure(const std::string& name, const std::string& line);

// The full path of a program found in $PATH, "" when there is none.
std::string find_program(const std::string& name);

std::string index_bin();
std::string search_bin();

std::string samples_dir();
std::string test_data_dir();

}  // namespace e2e
