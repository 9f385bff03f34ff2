// The indexer's units of work: a whole text file, or a run of lines of a
// JSON Lines file, handed out in input order by a TaskSource and turned
// into Xapian documents by analyse() on any worker thread. Whatever goes
// wrong with one input or one record is that input's or record's
// diagnostic, never the run's failure.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "document/input_reader.hpp"
#include "document/inputs.hpp"
#include "document/line_reader.hpp"
#include "index/document_builder.hpp"
#include "vigie/indexer.hpp"

namespace vigie {

struct AnalysisSettings {
    std::size_t max_document_size = 0;  // bytes kept of a text file, of a JSON line
    InputReader::StopCheck should_stop;
};

struct Task {
    const InputFile* file = nullptr;
    bool json = false;
    // A text file: read by the worker, through the reader the source opened
    // when it sniffed the file (with the bytes it read), else its own.
    std::unique_ptr<InputReader> reader;
    std::string head;
    // A run of JSON lines.
    std::vector<InputLine> lines;
    bool last_of_file = true;
    std::string read_error;   // the file could not be read past these lines
    std::uintmax_t bytes = 0;  // of input, for progress and the bound on memory
};

struct AnalysedDocument {
    std::string id;
    std::string id_term;
    std::size_t line = 0;  // of a JSON Lines record; 0 for a text file
    BuiltDocument built;
};

// Where a document was read: "file", or "file:line" for a record.
std::string place(const InputFile& file, std::size_t line);

struct TaskResult {
    const InputFile* file = nullptr;
    std::vector<AnalysedDocument> documents;
    std::vector<Diagnostic> diagnostics;
    bool last_of_file = true;
    bool file_failed = false;  // not (wholly) read: its state is not recorded
    bool unreadable = false;   // could not be read at all (permissions, I/O)
    bool whole_file = false;   // a text file: its only task
    bool interrupted = false;  // the run stopped while this was read
    bool transcoded = false;
    bool cut = false;          // a text file indexed only up to --max-document-size
    std::size_t skipped_records = 0;
    std::uintmax_t bytes = 0;
};

Diagnostic skipped(std::string location, std::string message);
Diagnostic warning(std::string location, std::string message);

// Reads, decodes, parses and builds the documents of one task.
TaskResult analyse(Task& task, DocumentBuilder& builder, const AnalysisSettings& settings);

// Hands out tasks in input order: text files whole (read by the workers),
// JSON Lines files in runs of lines read here, a block at a time. Files
// named on the command line whatever their name, and standard input, are
// JSON Lines when their text starts with '{'.
class TaskSource {
public:
    // Inputs that cannot be opened here are added to early.
    TaskSource(const std::vector<const InputFile*>& files, const AnalysisSettings& settings,
               std::vector<Diagnostic>& early);
    std::optional<Task> next();
    // Whether next() ended because the run is stopping.
    bool interrupted() const { return interrupted_; }

private:
    std::optional<Task> start(const InputFile& file);
    Task next_lines();

    const std::vector<const InputFile*>& files_;
    const AnalysisSettings& settings_;
    std::vector<Diagnostic>& early_;
    std::size_t index_ = 0;
    const InputFile* json_file_ = nullptr;
    std::unique_ptr<LineReader> lines_;
    bool interrupted_ = false;
};

}  // namespace vigie
