#include "index/analysis_tasks.hpp"

#include <fmt/format.h>
#include <xapian.h>

#include <algorithm>
#include <new>

#include "document/json_format.hpp"
#include "document/text_format.hpp"
#include "index/schema.hpp"
#include "util/utf8.hpp"

namespace vigie {

namespace {

constexpr std::size_t kLinesPerTask = 64;
constexpr std::size_t kBytesPerTask = 1 << 20;
constexpr std::size_t kSniffBlock = 4096;

std::string size_text(std::uintmax_t bytes) {
    constexpr std::uintmax_t kMiB = 1 << 20;
    return bytes % kMiB == 0 ? fmt::format("{} MiB", bytes / kMiB) : fmt::format("{} bytes", bytes);
}

// "3 bytes, the first at line 12 (byte 340), are": where a mixed text was
// not UTF-8.
std::string foreign_bytes_text(const utf8::DecodedText& decoded, std::string_view bytes, bool with_line) {
    const std::size_t line = 1 + std::count(bytes.begin(), bytes.begin() + decoded.first_foreign, '\n');
    const std::string where = with_line ? fmt::format("line {} (byte {})", line, decoded.first_foreign)
                                        : fmt::format("byte {}", decoded.first_foreign);
    if (decoded.foreign_bytes == 1) return fmt::format("the byte at {} is not UTF-8 and was", where);
    return fmt::format("{} bytes, the first at {}, are not UTF-8 and were", decoded.foreign_bytes, where);
}

// Builds the document of one parsed record; false when it is skipped.
bool add_outcome(ParseOutcome&& outcome, const InputFile& file, std::size_t line, DocumentBuilder& builder,
                 TaskResult& result) {
    const std::string location = place(file, line);
    for (auto& w : outcome.warnings) result.diagnostics.push_back(warning(location, std::move(w)));
    if (!outcome.communique) {
        result.diagnostics.push_back(skipped(location, std::move(outcome.error)));
        return false;
    }
    Communique& c = *outcome.communique;
    c.source_path = file.absolute_path;
    std::string id_term = schema::id_term(c.id);
    result.documents.push_back({c.id, std::move(id_term), line, builder.build(c)});
    return true;
}

// Parses and builds one record; any error of it (bad data, a Xapian
// limit, no memory for it) is its skip, never the run's.
template <typename Parse>
void add_record(Parse&& parse, const InputFile& file, std::size_t line, DocumentBuilder& builder,
                TaskResult& result) {
    std::string error;
    try {
        if (!add_outcome(parse(), file, line, builder, result)) ++result.skipped_records;
        return;
    } catch (const Xapian::Error& e) {
        error = e.get_description();
    } catch (const std::bad_alloc&) {
        error = "not enough memory to index it";
    } catch (const std::exception& e) {
        error = e.what();
    }
    result.diagnostics.push_back(skipped(place(file, line), std::move(error)));
    ++result.skipped_records;
}

void analyse_lines(Task& task, DocumentBuilder& builder, const AnalysisSettings& settings, TaskResult& result) {
    const InputFile& file = *task.file;
    for (InputLine& line : task.lines) {
        const std::string location = place(file, line.number);
        if (line.too_long) {
            result.diagnostics.push_back(skipped(
                location, fmt::format("a record of {} bytes, longer than --max-document-size ({}): not indexed",
                                      line.length, size_text(settings.max_document_size))));
            ++result.skipped_records;
            continue;
        }
        if (line.text.find_first_not_of(" \t\r") == std::string::npos) continue;
        // JSON Lines is UTF-8 by definition: the evidence is the line's own.
        utf8::DecodedText decoded = utf8::decode_text(line.text);
        if (decoded.foreign_bytes) {
            result.transcoded = true;
            result.diagnostics.push_back(
                warning(location, foreign_bytes_text(decoded, line.text, false) + " read as Windows-1252"));
        }
        const std::string fallback_id = fmt::format("{}#{}", file.id.empty() ? "stdin" : file.id, line.number);
        add_record([&] { return parse_json_communique(decoded.text, fallback_id); }, file, line.number, builder,
                   result);
    }
    if (!task.read_error.empty()) {
        result.file_failed = true;
        const std::size_t last = task.lines.empty() ? 0 : task.lines.back().number;
        result.diagnostics.push_back(
            skipped(file.display_path, fmt::format("cannot read past line {}: {}", last, task.read_error)));
    }
}

void analyse_text(Task& task, DocumentBuilder& builder, const AnalysisSettings& settings, TaskResult& result) {
    const InputFile& file = *task.file;
    BoundedBytes read;
    try {
        if (!task.reader) task.reader = std::make_unique<InputReader>(file, settings.should_stop);
        read = read_bounded(*task.reader, std::move(task.head), settings.max_document_size);
    } catch (const ReadInterrupted&) {
        result.interrupted = true;
        return;
    } catch (const std::exception& e) {
        result.diagnostics.push_back(skipped(file.display_path, e.what()));
        result.file_failed = result.unreadable = true;
        return;
    }
    task.reader.reset();
    result.bytes = read.bytes.size();
    result.cut = read.truncated;
    if (read.truncated)
        result.diagnostics.push_back(warning(
            file.display_path, fmt::format("larger than --max-document-size ({}): only its first {} are indexed",
                                           size_text(settings.max_document_size), size_text(read.bytes.size()))));
    const utf8::DecodedText decoded = utf8::decode_file_bytes(read.bytes);
    if (decoded.source_encoding == utf8::Encoding::Binary) {
        result.diagnostics.push_back(skipped(file.display_path, "binary file, not a communiqué"));
        result.file_failed = true;
        return;
    }
    result.transcoded = decoded.source_encoding != utf8::Encoding::Utf8;
    // A wholly legacy file is transcoded quietly; bytes out of place in a
    // UTF-8 file are worth a look.
    if (decoded.source_encoding == utf8::Encoding::Mixed)
        result.diagnostics.push_back(warning(
            file.display_path, foreign_bytes_text(decoded, read.bytes, true) + " read as Windows-1252"));
    if (file.id.empty()) {  // standard input without --id
        result.diagnostics.push_back(
            skipped(file.display_path, "a text communiqué on standard input needs an id: pass --id ID"));
        result.file_failed = true;
        return;
    }
    add_record([&] { return parse_text_communique(decoded.text, file.id); }, file, 0, builder, result);
}

// Whether the start of an input (no more than needed) says JSON Lines:
// its first character that is not blank is '{'.
bool sniff_json(InputReader& reader, std::string& head) {
    for (;;) {
        std::size_t start = head.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;
        const std::size_t first = head.find_first_not_of(" \t\r\n", start);
        if (first != std::string::npos) return head[first] == '{';
        if (!reader.read_some(head, kSniffBlock)) return false;
    }
}

}  // namespace

std::string place(const InputFile& file, std::size_t line) {
    return line ? fmt::format("{}:{}", file.display_path, line) : file.display_path;
}

Diagnostic skipped(std::string location, std::string message) {
    return {Diagnostic::Level::Skipped, std::move(location), std::move(message)};
}

Diagnostic warning(std::string location, std::string message) {
    return {Diagnostic::Level::Warning, std::move(location), std::move(message)};
}

TaskResult analyse(Task& task, DocumentBuilder& builder, const AnalysisSettings& settings) {
    TaskResult result;
    result.file = task.file;
    result.last_of_file = task.last_of_file;
    result.bytes = task.bytes;
    result.whole_file = !task.json;
    if (task.json) {
        analyse_lines(task, builder, settings, result);
    } else {
        analyse_text(task, builder, settings, result);
    }
    return result;
}

TaskSource::TaskSource(const std::vector<const InputFile*>& files, const AnalysisSettings& settings,
                       std::vector<Diagnostic>& early)
    : files_(files), settings_(settings), early_(early) {}

std::optional<Task> TaskSource::next() {
    try {
        for (;;) {
            if (lines_) return next_lines();
            if (index_ >= files_.size()) return std::nullopt;
            if (auto task = start(*files_[index_++])) return task;
        }
    } catch (const ReadInterrupted&) {
        interrupted_ = true;
        return std::nullopt;
    }
}

// A text file's task, or nothing when a JSON Lines file is opened for
// next_lines() (or cannot be read).
std::optional<Task> TaskSource::start(const InputFile& file) {
    Task task;
    task.file = &file;
    task.bytes = std::min<std::uintmax_t>(file.size, settings_.max_document_size);
    if (file.format == InputFormat::Text) return task;
    std::unique_ptr<InputReader> reader;
    std::string head;
    try {
        reader = std::make_unique<InputReader>(file, settings_.should_stop);
        if (file.format == InputFormat::Sniff && !sniff_json(*reader, head)) {
            task.reader = std::move(reader);
            task.head = std::move(head);
            return task;
        }
        lines_ = std::make_unique<LineReader>(std::move(reader), std::move(head), settings_.max_document_size);
    } catch (const ReadInterrupted&) {
        throw;
    } catch (const std::exception& e) {
        early_.push_back(skipped(file.display_path, e.what()));
        return std::nullopt;
    }
    json_file_ = &file;
    return std::nullopt;
}

Task TaskSource::next_lines() {
    Task task;
    task.file = json_file_;
    task.json = true;
    task.last_of_file = false;
    std::uintmax_t bytes = 0;
    InputLine line;
    try {
        while (task.lines.size() < kLinesPerTask && bytes < kBytesPerTask) {
            // A live feed on a pipe: what has come is indexed now.
            if (!task.lines.empty() && lines_->would_wait()) break;
            if (!lines_->next(line)) {
                task.last_of_file = true;
                break;
            }
            bytes += line.too_long ? 0 : line.length + 1;
            task.lines.push_back(std::move(line));
        }
    } catch (const ReadInterrupted&) {
        throw;
    } catch (const std::exception& e) {
        task.read_error = e.what();
        task.last_of_file = true;
    }
    if (task.last_of_file) lines_.reset();
    task.bytes = bytes;
    return task;
}

}  // namespace vigie
