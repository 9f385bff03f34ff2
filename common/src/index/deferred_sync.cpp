#include "index/deferred_sync.hpp"

#include <fcntl.h>
#include <unistd.h>
#include <xapian.h>

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "util/crash_point.hpp"
#include "vigie/error.hpp"

namespace fs = std::filesystem;

namespace vigie::deferred_sync {

namespace {

Error sync_error(const std::string& what, int error) {
    return Error(ExitCode::Error, fmt::format("cannot sync {} to disk: {}", what, std::strerror(error)));
}

void sync_path(const std::string& path, bool folder) {
    const int fd = ::open(path.c_str(), (folder ? O_RDONLY | O_DIRECTORY : O_RDONLY) | O_CLOEXEC);
    if (fd < 0) throw sync_error(path, errno);
    const int rc = ::fsync(fd);
    const int error = errno;
    ::close(fd);
    if (rc != 0) throw sync_error(path, error);
}

std::string marker_of(const std::string& path) { return (fs::path(path) / kMarker).string(); }

}  // namespace

bool pending(const std::string& path) {
    std::error_code ec;
    return fs::exists(marker_of(path), ec);
}

int open_flags(const std::string& path, bool creating) {
    if (creating && !pending(path)) {
        // The marker reaches the disk before any table does.
        const std::string marker = marker_of(path);
        const int fd = ::open(marker.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (fd < 0) throw sync_error(marker, errno);
        static constexpr char kText[] =
            "vigie-index is building this index without syncing each commit; it syncs it and removes this file\n"
            "when the run ends.\n";
        bool ok = ::write(fd, kText, sizeof kText - 1) == static_cast<ssize_t>(sizeof kText - 1);
        if (ok) ok = ::fsync(fd) == 0;
        const int error = errno;
        ::close(fd);
        if (!ok) throw sync_error(marker, error);
        sync_path(path, true);
    }
    return pending(path) ? Xapian::DB_NO_SYNC : 0;
}

void finish(const std::string& path) {
    if (!pending(path)) return;
    crash_point("unsynced");
    for (const auto& entry : fs::directory_iterator(path))
        if (entry.is_regular_file() && entry.path().filename() != kMarker) sync_path(entry.path().string(), false);
    sync_path(path, true);
    std::error_code ec;
    fs::remove(marker_of(path), ec);
    if (ec) throw Error(ExitCode::Error, fmt::format("cannot remove {}: {}", marker_of(path), ec.message()));
    sync_path(path, true);
}

}  // namespace vigie::deferred_sync
