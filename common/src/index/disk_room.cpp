#include "index/disk_room.hpp"

#include <fmt/format.h>

#include <filesystem>

#include "vigie/error.hpp"

namespace vigie {

void ensure_room_for_commit(const std::string& db_path, const std::string& folder, std::uintmax_t text_bytes) {
    constexpr std::uintmax_t kHeadroom = 1 << 20;
    if (text_bytes == 0) return;  // metadata only: a block or two
    std::error_code ec;
    const auto space = std::filesystem::space(folder, ec);
    if (ec) return;  // cannot tell: let Xapian try
    const std::uintmax_t needed = kHeadroom + 4 * text_bytes;
    if (space.available >= needed) return;
    throw Error(ExitCode::Error,
                fmt::format("index {}: No space left on device ({} KiB free, a commit needs about {} KiB)", db_path,
                            space.available >> 10, needed >> 10),
                "free some space: the index stays as last committed, and a re-run completes it");
}

}  // namespace vigie
