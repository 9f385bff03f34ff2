#include "search/copy_keys.hpp"

#include <algorithm>

#include "index/schema.hpp"

namespace vigie {

void CopyKeys::read(std::vector<Xapian::docid> docids) {
    if (!streamed_) return;
    docids.erase(std::remove_if(docids.begin(), docids.end(), [this](Xapian::docid id) { return keys_.count(id) > 0; }),
                 docids.end());
    if (docids.empty()) return;
    std::sort(docids.begin(), docids.end());
    docids.erase(std::unique(docids.begin(), docids.end()), docids.end());
    // Forward only: each chunk of the stream is read once at most, and a
    // docid before the stream's position costs nothing.
    Xapian::ValueIterator value = db_.valuestream_begin(schema::kCopyKey);
    const Xapian::ValueIterator end = db_.valuestream_end(schema::kCopyKey);
    for (const Xapian::docid id : docids) {
        if (value != end && value.get_docid() < id) value.skip_to(id);
        keys_[id] = value != end && value.get_docid() == id ? *value : std::string();
    }
}

std::string CopyKeys::of(Xapian::docid docid) const {
    const auto found = keys_.find(docid);
    if (found != keys_.end()) return found->second;
    return db_.get_document(docid).get_value(schema::kCopyKey);
}

std::string CopyKeys::of(Xapian::docid docid, const Xapian::Document& doc) const {
    const auto found = keys_.find(docid);
    if (found != keys_.end()) return found->second;
    return doc.get_value(schema::kCopyKey);
}

}  // namespace vigie
