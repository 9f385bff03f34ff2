#include "index/document_ids.hpp"

#include <filesystem>

#include "index/schema.hpp"
#include "index/stored_fields.hpp"

namespace vigie {

std::string DocumentIds::recorded(const std::string& path) const {
    const std::string term = schema::file_term(path);
    const auto it = db_.postlist_begin(term);
    if (it == db_.postlist_end(term)) return {};
    return std::string(StoredFields::unpack(db_.get_document(*it).get_data()).get("id"));
}

bool DocumentIds::owned_by_another(const std::string& id, const std::string& path) const {
    const auto claim = claimed_.find(id);
    if (claim != claimed_.end()) return claim->second != path;
    const std::string term = schema::id_term(id);
    const auto it = db_.postlist_begin(term);
    if (it == db_.postlist_end(term)) return false;
    const std::string owner = db_.get_document(*it).get_value(schema::kSourcePath);
    if (owner == path) return false;
    if (owner.empty()) return true;  // read from standard input: cannot be told gone
    // An owner that is surely gone gives its id up (the file was moved);
    // the writer reports the replacement.
    std::error_code ec;
    return std::filesystem::exists(owner, ec) || ec;
}

std::string DocumentIds::choose(const InputFile& file) {
    const std::string& path = file.absolute_path;
    std::string id = recorded(path);
    if (id.empty()) {
        const std::string joined = file.root_name.empty() ? std::string() : file.root_name + "/" + file.id;
        if (!owned_by_another(file.id, path)) {
            id = file.id;
        } else if (!joined.empty() && !owned_by_another(joined, path)) {
            id = joined;
        } else {
            id = path;  // unique, being the file's own
        }
    }
    claimed_[id] = path;
    return id;
}

}  // namespace vigie
