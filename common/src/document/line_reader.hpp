// The lines of a JSON Lines input, read a block at a time: a file of any
// size costs the memory of its longest line, and a line longer than the
// limit costs nothing (it is counted and passed over, not kept).
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "document/input_reader.hpp"

namespace vigie {

struct InputLine {
    std::string text;           // without its line end (\n or \r\n)
    std::size_t number = 0;     // 1-based
    std::size_t length = 0;     // bytes, also when too long to keep
    bool too_long = false;      // longer than the limit: text is empty
};

class LineReader {
public:
    // head: bytes already read from reader (a sniffed start). A UTF-8 byte
    // order mark at the start of the input is dropped.
    LineReader(std::unique_ptr<InputReader> reader, std::string head, std::size_t max_line);

    // The next line; false at the end of the input.
    bool next(InputLine& line);
    // Whether next() would wait for input (a pipe with nothing more yet).
    bool would_wait() const;
    // Complete lines already read from the input, not yet returned.
    std::size_t buffered_lines() const;

private:
    // Moves buffered bytes up to the next '\n' into line; true once the
    // line is complete.
    bool take_from_buffer(InputLine& line);

    std::unique_ptr<InputReader> reader_;
    std::string buffer_;
    std::size_t start_ = 0;  // of the unread part of buffer_
    std::size_t max_line_;
    std::size_t number_ = 0;
    bool at_end_ = false;
};

}  // namespace vigie
