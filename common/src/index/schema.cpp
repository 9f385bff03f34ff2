#include "index/schema.hpp"

#include <fmt/format.h>

#include <cstdint>

#include "util/utf8.hpp"

namespace vigie::schema {

namespace {
constexpr std::size_t kMaxTermBytes = 240;

std::uint64_t fnv1a(std::string_view s) {
    std::uint64_t h = 1469598103934665603ULL;
    for (const char c : s) {
        h ^= static_cast<unsigned char>(c);
        h *= 1099511628211ULL;
    }
    return h;
}
}  // namespace

std::string id_term(std::string_view id) {
    std::string term = std::string(kIdPrefix) + std::string(id);
    if (term.size() <= kMaxTermBytes) return term;
    const std::size_t cut = utf8::safe_cut(term, kMaxTermBytes - 17);  // room for "#" + hash
    return fmt::format("{}#{:016x}", term.substr(0, cut), fnv1a(id));
}

std::string file_term(std::string_view absolute_path) {
    return fmt::format("{}{:016x}", kFilePrefix, fnv1a(absolute_path));
}

std::string file_state_key(std::string_view absolute_path) {
    return fmt::format("vigie.file:{:016x}", fnv1a(absolute_path));
}

}  // namespace vigie::schema
