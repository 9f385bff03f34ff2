// Finding the communiqués to index: walking folders and naming documents.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace vigie {

enum class InputFormat { Text, JsonLines, Sniff };

struct InputFile {
    std::string display_path;  // as the user will recognise it
    std::string absolute_path;  // "" for standard input
    std::string id;             // path relative to the indexed root, or file name;
                                // for stdin, --id ("" when not given)
    std::string root_name;      // name of the folder id is relative to
    InputFormat format = InputFormat::Sniff;
    std::uintmax_t size = 0;
    std::string signature;  // size and modification time; "" for stdin, a FIFO
    bool via_link = false;  // reached through a symbolic link
    bool is_stdin() const { return absolute_path.empty(); }
};

struct InputProblem {
    std::string path;
    std::string message;
};

struct InputScan {
    std::vector<InputFile> files;
    std::vector<InputProblem> problems;        // paths that cannot be read (skips)
    std::vector<InputProblem> notes;           // warnings: files met twice
    std::vector<std::string> passed_over;      // files of other kinds, in walks
    std::vector<std::string> unreadable_folders;  // real paths: nothing under them is pruned
};

// Walks folders recursively for *.txt, *.jsonl and *.ndjson, skipping
// hidden entries and not following links to folders, as ripgrep does;
// files named explicitly are read whatever their name. "-" is standard
// input, named stdin_id. A file met twice is listed once.
InputScan collect_inputs(const std::vector<std::string>& paths, const std::string& stdin_id = {});

}  // namespace vigie
