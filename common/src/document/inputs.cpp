#include "document/inputs.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iterator>
#include <unordered_map>

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
        std::error_code ec;
        if (fs::is_symlink(path, ec)) error = "a link that leads nowhere (" + error + ")";
        return false;
    }
    file.size = static_cast<std::uintmax_t>(st.st_size);
    // A FIFO or a device has no state that says it is unchanged.
    if (S_ISREG(st.st_mode))
        file.signature = fmt::format("{}:{}.{:09}", st.st_size, st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
    std::error_code ec;
    file.absolute_path = fs::weakly_canonical(fs::absolute(path, ec), ec).string();
    if (file.absolute_path.empty()) file.absolute_path = fs::absolute(path).string();
    file.via_link = fs::is_symlink(path, ec);
    return true;
}

// The last component of a folder's real path ("" for /): what joins a
// relative path to tell two roots apart.
std::string folder_name(const fs::path& folder) {
    std::error_code ec;
    const fs::path real = fs::weakly_canonical(fs::absolute(folder, ec), ec);
    return real.filename().string();
}

// A folder that cannot be listed: a skip, and --prune must keep what the
// index holds from under it.
void unreadable_folder(const fs::path& folder, const std::error_code& ec, InputScan& scan) {
    scan.problems.push_back(
        {folder.string(), "cannot read this folder (" + ec.message() + "); its documents are kept"});
    std::error_code ignored;
    scan.unreadable_folders.push_back(fs::weakly_canonical(fs::absolute(folder, ignored), ignored).string());
}

// Walks folders one at a time, so that a folder that cannot be read is
// reported and the walk goes on. Links to folders are not followed (as
// ripgrep does), so no loop can trap it.
void walk(const fs::path& root, InputScan& scan) {
    std::vector<InputFile> found;
    const std::string root_name = folder_name(root);
    std::vector<fs::path> folders{root};
    while (!folders.empty()) {
        const fs::path folder = std::move(folders.back());
        folders.pop_back();
        std::error_code ec;
        fs::directory_iterator it(folder, ec);
        for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
            const fs::path& path = it->path();
            if (is_hidden(path)) continue;
            std::error_code entry_ec;
            const fs::file_status own = it->symlink_status(entry_ec);
            if (fs::is_directory(own)) {
                folders.push_back(path);
                continue;
            }
            // Links to folders, FIFOs, sockets and devices are passed over
            // (a FIFO would hold the walk up); a link that leads nowhere is
            // reported below.
            const fs::file_status target = it->status(entry_ec);
            const InputFormat format = format_from_extension(path);
            if (format == InputFormat::Sniff || (!entry_ec && !fs::is_regular_file(target))) {
                scan.passed_over.push_back(path.string());
                continue;
            }
            InputFile file;
            file.display_path = path.string();
            file.id = path.lexically_relative(root).generic_string();
            file.root_name = root_name;
            file.format = format;
            std::string error;
            if (!describe_file(path, file, error)) {
                scan.problems.push_back({path.string(), error});
                continue;
            }
            found.push_back(std::move(file));
        }
        if (ec) unreadable_folder(folder, ec, scan);
    }
    std::sort(found.begin(), found.end(),
              [](const InputFile& a, const InputFile& b) { return a.id < b.id; });
    std::move(found.begin(), found.end(), std::back_inserter(scan.files));
}

// One file met twice (a link to it, or given twice) is read once, under
// the name of the file itself rather than of a link to it.
void drop_duplicates(InputScan& scan) {
    std::unordered_map<std::string, std::size_t> first;  // absolute path -> index in kept
    std::vector<InputFile> kept;
    for (InputFile& file : scan.files) {
        if (file.is_stdin()) {
            kept.push_back(std::move(file));
            continue;
        }
        const auto [at, fresh] = first.try_emplace(file.absolute_path, kept.size());
        if (fresh) {
            kept.push_back(std::move(file));
            continue;
        }
        InputFile& earlier = kept[at->second];
        if (earlier.via_link && !file.via_link) std::swap(earlier, file);
        scan.notes.push_back({file.display_path, fmt::format("the same file as {} (a link to it, or given twice): "
                                                             "indexed once",
                                                             earlier.display_path)});
    }
    scan.files = std::move(kept);
}

}  // namespace

InputScan collect_inputs(const std::vector<std::string>& paths, const std::string& stdin_id) {
    InputScan scan;
    for (const std::string& arg : paths) {
        if (arg == "-") {
            InputFile file;
            file.display_path = "<stdin>";
            file.id = stdin_id;
            scan.files.push_back(std::move(file));
            continue;
        }
        const fs::path path(arg);
        std::error_code ec;
        const fs::file_status status = fs::status(path, ec);
        if (fs::is_directory(status)) {
            walk(path, scan);
            continue;
        }
        InputFile file;
        file.display_path = arg;
        file.id = path.filename().string();
        file.root_name = folder_name(path.parent_path().empty() ? fs::path(".") : path.parent_path());
        const InputFormat format = format_from_extension(path);
        file.format = format == InputFormat::JsonLines ? format : InputFormat::Sniff;
        std::string error;
        if (describe_file(path, file, error)) {
            scan.files.push_back(std::move(file));
        } else {
            scan.problems.push_back({arg, error});
        }
    }
    drop_duplicates(scan);
    return scan;
}

}  // namespace vigie
