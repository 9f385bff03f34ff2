#include "index/dictionary_training.hpp"

#include <algorithm>
#include <string_view>

#include "index/stored_fields.hpp"

namespace vigie {

DictionaryTraining::DictionaryTraining(Xapian::WritableDatabase& db, DictionarySlot& slot, IndexWriter& writer,
                                       std::size_t batch_size)
    : db_(db),
      slot_(slot),
      writer_(writer),
      limit_(std::max<std::size_t>(1, std::min(batch_size, StoredDictionary::kTrainingDocuments))),
      holding_(!slot.get()) {}

void DictionaryTraining::apply(TaskResult& result) {
    if (!holding_) return writer_.apply(result);
    held_documents_ += result.documents.size();
    held_.push_back(std::move(result));
    if (held_documents_ >= limit_) release();
}

void DictionaryTraining::release() {
    if (!holding_) return;
    holding_ = false;
    std::vector<StoredFields> fields;
    for (auto& r : held_)
        for (auto& d : r.documents) fields.push_back(StoredFields::unpack(d.built.document.get_data()));
    std::vector<std::string_view> samples;
    samples.reserve(fields.size());
    for (const auto& f : fields) samples.push_back(f.list());
    if (auto dictionary = StoredDictionary::train(samples)) {
        dictionary->save(db_);
        std::size_t i = 0;
        for (auto& r : held_)
            for (auto& d : r.documents) d.built.document.set_data(fields[i++].packed(dictionary.get()));
        slot_.set(std::move(dictionary));
    }
    for (auto& r : held_) writer_.apply(r);
    held_.clear();
}

}  // namespace vigie
