// Reading an input's bytes with read(2), in bounded amounts, giving up as
// soon as the run is stopping (a signal) even while a pipe or a FIFO has
// nothing to give: iostreams would block there, and the first SIGINT would
// go unheeded.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <stdexcept>
#include <string>

#include "document/inputs.hpp"

namespace vigie {

// Thrown by a read that gave up because the run is stopping.
struct ReadInterrupted : std::runtime_error {
    ReadInterrupted() : std::runtime_error("interrupted while reading") {}
};

class InputReader {
public:
    using StopCheck = std::function<bool()>;
    // Opens the file (standard input for "-"); throws std::runtime_error
    // with the system's reason when it cannot be read.
    InputReader(const InputFile& file, StopCheck should_stop);
    ~InputReader();
    InputReader(const InputReader&) = delete;
    InputReader& operator=(const InputReader&) = delete;

    // Appends up to max bytes to out; false once the input is exhausted.
    // Throws ReadInterrupted, or std::runtime_error on a read error.
    bool read_some(std::string& out, std::size_t max);
    // Whether a read would return at once (data, or the end of input).
    bool ready() const;
    // Before sleeping until input comes, look for it for so long first: a
    // program that asks a question and reads the answer sends the next one
    // within a fraction of a millisecond, and waking a sleeping reader
    // costs about a twentieth of a millisecond on a virtual machine.
    void keep_awake_for(std::chrono::microseconds span) { awake_ = span; }

private:
    int fd_ = -1;
    bool owned_ = false;
    StopCheck should_stop_;
    std::chrono::microseconds awake_{0};
};

// Bytes read from an input, at most a limit.
struct BoundedBytes {
    std::string bytes;
    bool truncated = false;  // the input had more
};

// Reads the rest of an input after head (bytes already read), keeping at
// most max_bytes in all, cut before a UTF-8 sequence split by the limit.
BoundedBytes read_bounded(InputReader& reader, std::string head, std::size_t max_bytes);

}  // namespace vigie
