// Reading a pipe with InputReader: what arrives is read whether it comes
// while the reader looks for it awake (keep_awake_for) or after it has
// gone to sleep, and a stop is honoured in both.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>

#include "document/input_reader.hpp"

namespace {

struct Pipe {
    int fds[2] = {-1, -1};
    Pipe() { REQUIRE(::pipe(fds) == 0); }
    ~Pipe() {
        for (const int fd : fds)
            if (fd >= 0) ::close(fd);
    }
    void write(const std::string& s) const { REQUIRE(::write(fds[1], s.data(), s.size()) == static_cast<ssize_t>(s.size())); }
    void close_writer() {
        ::close(fds[1]);
        fds[1] = -1;
    }
};

vigie::InputFile stdin_of(const Pipe& pipe) {
    vigie::InputFile f;
    f.display_path = "standard input";
    f.stdin_fd = pipe.fds[0];
    return f;
}

}  // namespace

TEST_CASE("a reader kept awake reads what comes during and after its awake span, and the end") {
    Pipe pipe;
    vigie::InputReader reader(stdin_of(pipe), nullptr);
    reader.keep_awake_for(std::chrono::microseconds(300));
    std::string out;
    pipe.write("tout de suite\n");
    REQUIRE(reader.read_some(out, 4096));
    CHECK(out == "tout de suite\n");
    // Long after the awake span: read once the reader sleeps in poll().
    std::thread late([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        pipe.write("plus tard\n");
    });
    REQUIRE(reader.read_some(out, 4096));
    late.join();
    CHECK(out == "tout de suite\nplus tard\n");
    pipe.close_writer();
    CHECK_FALSE(reader.read_some(out, 4096));
}

TEST_CASE("a reader kept awake still gives up when the run stops") {
    Pipe pipe;
    std::atomic<bool> stop{false};
    vigie::InputReader reader(stdin_of(pipe), [&] { return stop.load(); });
    reader.keep_awake_for(std::chrono::microseconds(300));
    std::thread stopper([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        stop = true;
    });
    std::string out;
    CHECK_THROWS_AS(reader.read_some(out, 4096), vigie::ReadInterrupted);
    stopper.join();
    CHECK(out.empty());
}
