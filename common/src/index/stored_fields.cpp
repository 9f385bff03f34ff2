#include "index/stored_fields.hpp"

#include <zstd.h>

#include <memory>
#include <new>

#include "index/stored_dictionary.hpp"

namespace vigie {

namespace {

// First byte of the stored data.
constexpr char kPlain = 'p';
constexpr char kZstd = 'z';
// Shorter lists gain nothing from packing.
constexpr std::size_t kMinPackedSize = 128;

// Format of the list: per field, the name, a NUL, the value's length as a
// base-128 varint, then the value.
void put_length(std::string& out, std::size_t n) {
    while (n >= 0x80) {
        out += static_cast<char>((n & 0x7F) | 0x80);
        n >>= 7;
    }
    out += static_cast<char>(n);
}

bool get_length(std::string_view data, std::size_t& pos, std::size_t& n) {
    n = 0;
    for (int shift = 0; pos < data.size() && shift < 64; shift += 7) {
        const auto byte = static_cast<unsigned char>(data[pos++]);
        n |= static_cast<std::size_t>(byte & 0x7F) << shift;
        if (!(byte & 0x80)) return true;
    }
    return false;
}

// One zstd context per thread, reused: creating one costs more than
// decoding a communiqué.
struct ContextDeleter {
    void operator()(ZSTD_CCtx* c) const { ZSTD_freeCCtx(c); }
    void operator()(ZSTD_DCtx* d) const { ZSTD_freeDCtx(d); }
};

ZSTD_CCtx* compression_context() {
    thread_local std::unique_ptr<ZSTD_CCtx, ContextDeleter> context(ZSTD_createCCtx());
    return context.get();
}

ZSTD_DCtx* decompression_context() {
    thread_local std::unique_ptr<ZSTD_DCtx, ContextDeleter> context(ZSTD_createDCtx());
    return context.get();
}

// The most a zstd frame of n bytes can decode to: every block takes at least
// 3 bytes and gives at most 128 KiB. A damaged frame header claiming more is
// refused before anything is allocated.
unsigned long long max_decoded_size(std::size_t n) { return (n / 3 + 1) * (128ull << 10); }

}  // namespace

void StoredFields::add(std::string_view name, std::string_view value) {
    if (value.empty()) return;
    list_.append(name);
    list_ += '\0';
    put_length(list_, value.size());
    list_.append(value);
}

std::string StoredFields::packed(const StoredDictionary* dictionary) const {
    std::string out(1, kPlain);
    if (list_.size() >= kMinPackedSize) {
        out.assign(1 + ZSTD_compressBound(list_.size()), kZstd);
        const std::size_t n =
            dictionary ? ZSTD_compress_usingCDict(compression_context(), out.data() + 1, out.size() - 1, list_.data(),
                                                  list_.size(), dictionary->for_packing())
                       : ZSTD_compressCCtx(compression_context(), out.data() + 1, out.size() - 1, list_.data(),
                                           list_.size(), ZSTD_CLEVEL_DEFAULT);
        if (!ZSTD_isError(n) && n < list_.size()) {
            out.resize(1 + n);
            return out;
        }
        out.assign(1, kPlain);
    }
    out += list_;
    return out;
}

StoredFields StoredFields::unpack(std::string_view packed, const StoredDictionary* dictionary) {
    if (packed.empty()) return {};
    const std::string_view body = packed.substr(1);
    if (packed[0] == kPlain) return decode(std::string(body));
    if (packed[0] != kZstd) return {};
    const unsigned long long size = ZSTD_getFrameContentSize(body.data(), body.size());
    if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN || size > max_decoded_size(body.size()))
        return {};
    std::string list;
    try {
        list.resize(static_cast<std::size_t>(size));
    } catch (const std::bad_alloc&) {
        return {};
    }
    const unsigned needs = ZSTD_getDictID_fromFrame(body.data(), body.size());
    if (needs != 0 && (!dictionary || dictionary->id() != needs)) return {};
    const std::size_t n = needs ? ZSTD_decompress_usingDDict(decompression_context(), list.data(), list.size(),
                                                             body.data(), body.size(), dictionary->for_unpacking())
                                : ZSTD_decompressDCtx(decompression_context(), list.data(), list.size(), body.data(),
                                                      body.size());
    if (ZSTD_isError(n) || n != list.size()) return {};
    return decode(std::move(list));
}

StoredFields StoredFields::unpack(std::string_view packed, const Dictionaries& dictionaries) {
    if (packed.size() < 2 || packed[0] != kZstd) return unpack(packed);
    const unsigned needs = ZSTD_getDictID_fromFrame(packed.data() + 1, packed.size() - 1);
    return unpack(packed, needs ? dictionaries.find(needs) : nullptr);
}

StoredFields StoredFields::decode(std::string list) {
    StoredFields fields;
    fields.list_ = std::move(list);
    const std::string_view all(fields.list_);
    std::size_t pos = 0;
    while (pos < all.size()) {
        const std::size_t nul = all.find('\0', pos);
        std::size_t length = 0;
        std::size_t value_pos = nul + 1;
        if (nul == std::string_view::npos || !get_length(all, value_pos, length) ||
            length > all.size() - value_pos) {
            fields.fields_.clear();
            break;
        }
        fields.fields_.push_back({{pos, nul - pos}, {value_pos, length}});
        pos = value_pos + length;
    }
    return fields;
}

std::string_view StoredFields::get(std::string_view name) const {
    const std::string_view all(list_);
    for (const auto& [n, v] : fields_)
        if (all.substr(n.pos, n.size) == name) return all.substr(v.pos, v.size);
    return {};
}

}  // namespace vigie
