#include "vigie/stored_fields.hpp"

namespace vigie {

namespace {

// Format: per field, the name, a NUL, the value's length as a base-128
// varint, then the value.
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

}  // namespace

void StoredFields::add(std::string_view name, std::string_view value) {
    if (value.empty()) return;
    data_.append(name);
    data_ += '\0';
    put_length(data_, value.size());
    data_.append(value);
}

StoredFields StoredFields::decode(std::string data) {
    StoredFields fields;
    fields.data_ = std::move(data);
    const std::string_view all(fields.data_);
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
        fields.fields_.emplace_back(all.substr(pos, nul - pos), all.substr(value_pos, length));
        pos = value_pos + length;
    }
    return fields;
}

std::string_view StoredFields::get(std::string_view name) const {
    for (const auto& [n, v] : fields_)
        if (n == name) return v;
    return {};
}

}  // namespace vigie
