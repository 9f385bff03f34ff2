// A run that starts on an index without a stored-fields dictionary holds
// back its first results, trains one on their fields, packs them again
// with it and hands it to the analysis threads for the rest
// (stored_dictionary.hpp). It holds no more than a commit's worth, so that
// a small --batch-size still makes documents searchable when it says.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <vector>

#include "index/analysis_tasks.hpp"
#include "index/index_writer.hpp"
#include "index/stored_dictionary.hpp"

namespace vigie {

class DictionaryTraining {
public:
    DictionaryTraining(Xapian::WritableDatabase& db, DictionarySlot& slot, IndexWriter& writer,
                       std::size_t batch_size);

    // Writes a result, or holds it while the dictionary is not trained.
    void apply(TaskResult& result);
    // Trains on what is held, if there is enough of it, and writes it all.
    void release();

private:
    Xapian::WritableDatabase& db_;
    DictionarySlot& slot_;
    IndexWriter& writer_;
    std::size_t limit_;
    bool holding_;
    std::vector<TaskResult> held_;
    std::size_t held_documents_ = 0;
};

}  // namespace vigie
