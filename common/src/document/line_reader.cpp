#include "document/line_reader.hpp"

#include <algorithm>

namespace vigie {

namespace {
constexpr std::size_t kBlock = 1 << 16;
}

LineReader::LineReader(std::unique_ptr<InputReader> reader, std::string head, std::size_t max_line)
    : reader_(std::move(reader)), buffer_(std::move(head)), max_line_(max_line) {
    while (buffer_.size() < 3 && reader_->read_some(buffer_, kBlock)) {
    }
    if (buffer_.compare(0, 3, "\xEF\xBB\xBF") == 0) start_ = 3;
}

bool LineReader::take_from_buffer(InputLine& line) {
    const std::size_t end = buffer_.find('\n', start_);
    const std::size_t stop = end == std::string::npos ? buffer_.size() : end;
    const std::size_t piece = stop - start_;
    line.length += piece;
    if (line.length > max_line_) {
        line.too_long = true;
        line.text.clear();
    } else {
        line.text.append(buffer_, start_, piece);
    }
    start_ = end == std::string::npos ? buffer_.size() : end + 1;
    return end != std::string::npos;
}

bool LineReader::would_wait() const {
    if (at_end_ || buffer_.find('\n', start_) != std::string::npos) return false;
    return !reader_->ready();
}

std::size_t LineReader::buffered_lines() const {
    return static_cast<std::size_t>(std::count(buffer_.begin() + static_cast<std::ptrdiff_t>(start_), buffer_.end(), '\n'));
}

bool LineReader::next(InputLine& line) {
    line = InputLine{};
    line.number = ++number_;
    bool complete = false;
    bool any = false;
    while (!complete) {
        if (start_ == buffer_.size()) {
            buffer_.clear();
            start_ = 0;
            if (at_end_ || !reader_->read_some(buffer_, kBlock)) {
                at_end_ = true;
                break;
            }
        }
        any = true;
        complete = take_from_buffer(line);
    }
    if (!any) return false;
    if (!line.too_long && !line.text.empty() && line.text.back() == '\r') line.text.pop_back();
    return true;
}

}  // namespace vigie
