#include "document/input_reader.hpp"

#include <fmt/format.h>

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "util/utf8.hpp"

namespace vigie {

namespace {
// How often a read waiting for input looks whether the run is stopping.
constexpr int kPollMilliseconds = 50;
constexpr std::size_t kBlock = 1 << 16;
}  // namespace

InputReader::InputReader(const InputFile& file, StopCheck should_stop) : should_stop_(std::move(should_stop)) {
    if (file.is_stdin()) {
        fd_ = file.stdin_fd;
        return;
    }
    // Non-blocking, so that opening a FIFO does not wait for a writer;
    // reads wait in poll() instead.
    fd_ = ::open(file.absolute_path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd_ < 0) throw std::runtime_error(fmt::format("cannot read: {}", std::strerror(errno)));
    owned_ = true;
}

InputReader::~InputReader() {
    if (owned_) ::close(fd_);
}

bool InputReader::read_some(std::string& out, std::size_t max) {
    for (;;) {
        if (should_stop_ && should_stop_()) throw ReadInterrupted();
        pollfd p{fd_, POLLIN, 0};
        int ready = 0;
        if (awake_.count() > 0) {
            const auto until = std::chrono::steady_clock::now() + awake_;
            while ((ready = ::poll(&p, 1, 0)) == 0 && std::chrono::steady_clock::now() < until) {
            }
        }
        if (ready == 0) ready = ::poll(&p, 1, kPollMilliseconds);
        if (ready < 0 && errno != EINTR) throw std::runtime_error(fmt::format("cannot read: {}", std::strerror(errno)));
        if (ready <= 0) continue;
        const std::size_t before = out.size();
        out.resize(before + max);
        const ssize_t n = ::read(fd_, out.data() + before, max);
        const int error = errno;
        out.resize(before + (n > 0 ? static_cast<std::size_t>(n) : 0));
        if (n > 0) return true;
        if (n == 0) return false;
        if (error == EAGAIN || error == EINTR) continue;
        throw std::runtime_error(fmt::format("cannot read: {}", std::strerror(error)));
    }
}

bool InputReader::ready() const {
    pollfd p{fd_, POLLIN, 0};
    return ::poll(&p, 1, 0) > 0;
}

BoundedBytes read_bounded(InputReader& reader, std::string head, std::size_t max_bytes) {
    BoundedBytes result;
    result.bytes = std::move(head);
    bool more = true;
    while (more && result.bytes.size() <= max_bytes)
        more = reader.read_some(result.bytes, std::min(kBlock, max_bytes + 1 - result.bytes.size()));
    if (result.bytes.size() > max_bytes) {
        result.truncated = true;
        result.bytes.resize(utf8::safe_cut(result.bytes, max_bytes));
    }
    return result;
}

}  // namespace vigie
