// The fields stored with each document (its Xapian data): a flat list of
// name and value, each value prefixed by its length, so that the searcher
// reads them without a JSON parser (the costliest step per hit otherwise).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace vigie {

class StoredFields {
public:
    void add(std::string_view name, std::string_view value);
    const std::string& encoded() const { return data_; }

    // Decodes data; malformed data yields no fields.
    static StoredFields decode(std::string data);
    // "" when absent.
    std::string_view get(std::string_view name) const;

private:
    std::string data_;
    std::vector<std::pair<std::string_view, std::string_view>> fields_;  // into data_
};

}  // namespace vigie
