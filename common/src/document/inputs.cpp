#include "document/inputs.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <stdexcept>

#include <sys/stat.h>

namespace fs = std::filesystem;

namespace vigie {

namespace {

InputFormat format_from_extension(const fs::path& path) {
    const std::string ext = path.extension().string();
    if (ext == ".txt" || ext == ".TXT") return InputFormat::Text;
    if (ext == ".jsonl" || ext == ".ndjson" || ext == ".JSONL") return InputFormat::JsonLines;
    return InputFormat::Sniff;
}

bool is_hidden(const fs::path& path) {
    const std::string name = path.filename().string();
    return name.size() > 1 && name[0] == '.' && name != "..";
}

bool describe_file(const fs::path& path, InputFile& file, std::string& error) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        error = std::strerror(errno);
        return false;
    }
    file.size = static_cast<std::uintmax_t>(st.st_size);
    // A FIFO or a device has no state that says it is unchanged.
    if (S_ISREG(st.st_mode))
        file.signature = fmt::format("{}:{}.{:09}", st.st_size, st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
    std::error_code ec;
    file.absolute_path = fs::weakly_canonical(fs::absolute(path, ec), ec).string();
    if (file.absolute_path.empty()) file.absolute_path = fs::absolute(path).string();
    return true;
}

void walk(const fs::path& root, InputScan& scan) {
    std::vector<InputFile> found;
    std::error_code ec;
    fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec);
    if (ec) {
        scan.problems.push_back({root.string(), ec.message()});
        return;
    }
    for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (ec) {
            scan.problems.push_back({it->path().string(), ec.message()});
            ec.clear();
            continue;
        }
        const fs::path& path = it->path();
        if (is_hidden(path)) {
            if (it->is_directory(ec)) it.disable_recursion_pending();
            continue;
        }
        if (!it->is_regular_file(ec)) continue;
        const InputFormat format = format_from_extension(path);
        if (format == InputFormat::Sniff) {
            scan.passed_over.push_back(path.string());
            continue;
        }
        InputFile file;
        file.display_path = path.string();
        file.id = path.lexically_relative(root).generic_string();
        file.format = format;
        std::string error;
        if (!describe_file(path, file, error)) {
            scan.problems.push_back({path.string(), error});
            continue;
        }
        found.push_back(std::move(file));
    }
    std::sort(found.begin(), found.end(),
              [](const InputFile& a, const InputFile& b) { return a.id < b.id; });
    std::move(found.begin(), found.end(), std::back_inserter(scan.files));
}

}  // namespace

InputScan collect_inputs(const std::vector<std::string>& paths) {
    InputScan scan;
    for (const std::string& arg : paths) {
        if (arg == "-") {
            InputFile file;
            file.display_path = "<stdin>";
            file.id = "stdin";
            scan.files.push_back(std::move(file));
            continue;
        }
        const fs::path path(arg);
        std::error_code ec;
        const fs::file_status status = fs::status(path, ec);
        if (ec || !fs::exists(status)) {
            scan.problems.push_back({arg, "no such file or directory"});
        } else if (fs::is_directory(status)) {
            walk(path, scan);
        } else {
            InputFile file;
            file.display_path = arg;
            file.id = path.filename().string();
            const InputFormat format = format_from_extension(path);
            file.format = format == InputFormat::JsonLines ? format : InputFormat::Sniff;
            std::string error;
            if (describe_file(path, file, error)) {
                scan.files.push_back(std::move(file));
            } else {
                scan.problems.push_back({arg, error});
            }
        }
    }
    return scan;
}

}  // namespace vigie
