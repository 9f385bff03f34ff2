#include "index/glass_version_file.hpp"

#include <xapian.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <string_view>

namespace vigie::glass_version_file {

namespace {

// Xapian 1.4's layout (backends/glass/glass_version.cc): a 14-byte magic
// and a 2-byte format version, a 16-byte uuid, the revision, then per
// table its root, level and flags, entry count, block size, compress_min
// and free list, each a Xapian varint (7 bits a byte, low first) but the
// free list, a varint length and its bytes; then the statistics.
constexpr std::string_view kMagic("\x0f\x0dXapian Glass", 14);
constexpr std::size_t kVersionBytes = 2, kUuidBytes = 16;

bool unpack_uint(std::string_view s, std::size_t& at, std::uint64_t& out) {
    out = 0;
    for (unsigned shift = 0; at < s.size() && shift < 64; shift += 7) {
        const auto byte = static_cast<unsigned char>(s[at++]);
        out |= std::uint64_t(byte & 0x7f) << shift;
        if (!(byte & 0x80)) return true;
    }
    return false;
}

void pack_uint(std::string& s, std::uint64_t value) {
    while (value >= 128) {
        s += static_cast<char>(static_cast<unsigned char>(value) | 0x80);
        value >>= 7;
    }
    s += static_cast<char>(value);
}

// Where a table's compress_min lies in the file: [begin, end), and its value.
struct Field {
    std::size_t begin = 0, end = 0;
    std::uint64_t value = 0;
};

std::optional<Field> find_compress_min(std::string_view file, Table table) {
    if (Xapian::major_version() != 1 || Xapian::minor_version() != 4) return std::nullopt;
    if (file.substr(0, kMagic.size()) != kMagic) return std::nullopt;
    std::size_t at = kMagic.size() + kVersionBytes + kUuidBytes;
    if (at > file.size()) return std::nullopt;
    std::uint64_t number = 0;
    if (!unpack_uint(file, at, number)) return std::nullopt;  // the revision
    for (unsigned t = 0; t < unsigned(Table::Count); ++t) {
        for (int field = 0; field < 4; ++field)  // root, level and flags, entries, block size
            if (!unpack_uint(file, at, number)) return std::nullopt;
        Field compress{at, at, 0};
        if (!unpack_uint(file, at, compress.value)) return std::nullopt;
        compress.end = at;
        std::uint64_t free_list = 0;
        if (!unpack_uint(file, at, free_list) || free_list > file.size() - at) return std::nullopt;
        at += free_list;
        if (t == unsigned(table)) return compress;
    }
    return std::nullopt;
}

std::optional<std::string> read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) return std::nullopt;
    return bytes;
}

}  // namespace

std::optional<std::uint32_t> compress_min(const std::string& folder, Table table) {
    const auto file = read_file(folder + "/iamglass");
    if (!file) return std::nullopt;
    const auto field = find_compress_min(*file, table);
    if (!field || field->value > UINT32_MAX) return std::nullopt;
    return static_cast<std::uint32_t>(field->value);
}

bool set_compress_min(const std::string& folder, Table table, std::uint32_t value) {
    const std::string path = folder + "/iamglass";
    const auto file = read_file(path);
    if (!file) return false;
    const auto field = find_compress_min(*file, table);
    if (!field) return false;
    if (field->value == value) return true;
    std::string rewritten = file->substr(0, field->begin);
    pack_uint(rewritten, value);
    rewritten.append(*file, field->end, std::string::npos);
    const std::string temporary = path + ".vigie-new";
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        out.write(rewritten.data(), static_cast<std::streamsize>(rewritten.size()));
        out.close();
        if (!out) {
            std::remove(temporary.c_str());
            return false;
        }
    }
    if (std::rename(temporary.c_str(), path.c_str()) != 0) {
        std::remove(temporary.c_str());
        return false;
    }
    return true;
}

}  // namespace vigie::glass_version_file
