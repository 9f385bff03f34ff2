// A zstd dictionary trained on an index's own communiqués, for the stored
// fields (stored_fields.hpp). Communiqués are small and alike: with a
// dictionary their fields pack a third smaller and unpack 40% faster,
// which is a tenth of a search's time. It is trained once, on the first
// documents of the run that builds the index, kept in the index's metadata
// and never changed, since every document packed with it needs it.
#pragma once

#include <xapian.h>

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

struct ZSTD_CDict_s;
struct ZSTD_DDict_s;

namespace vigie {

class StoredDictionary {
public:
    // Documents a run holds back to train one, and the fewest worth it.
    static constexpr std::size_t kTrainingDocuments = 2000;
    static constexpr std::size_t kMinTrainingDocuments = 300;

    // The index's dictionary; null when it has none.
    static std::shared_ptr<const StoredDictionary> load(const Xapian::Database& db);
    // One trained on samples (the unpacked fields of some documents); null
    // when they are too few or too small to train on.
    static std::shared_ptr<const StoredDictionary> train(const std::vector<std::string_view>& samples);
    // Stores it in the index (once: an index keeps its first dictionary).
    void save(Xapian::WritableDatabase& db) const;

    ~StoredDictionary();
    StoredDictionary(const StoredDictionary&) = delete;
    StoredDictionary& operator=(const StoredDictionary&) = delete;

    unsigned id() const { return id_; }
    // Made on first use: a search only unpacks, and making it costs a
    // single search a millisecond.
    const ZSTD_CDict_s* for_packing() const;
    const ZSTD_DDict_s* for_unpacking() const { return unpacking_; }

private:
    explicit StoredDictionary(std::string bytes);

    std::string bytes_;
    unsigned id_ = 0;
    mutable std::once_flag packing_made_;
    mutable ZSTD_CDict_s* packing_ = nullptr;
    ZSTD_DDict_s* unpacking_ = nullptr;
};

// The dictionaries of the databases a search reads, one per shard: a
// packed frame names the one it needs.
class Dictionaries {
public:
    Dictionaries() = default;
    explicit Dictionaries(std::shared_ptr<const StoredDictionary> one) { add(std::move(one)); }
    void add(std::shared_ptr<const StoredDictionary> d) {
        if (d) all_.push_back(std::move(d));
    }
    // Null when none has that id.
    const StoredDictionary* find(unsigned id) const {
        for (const auto& d : all_)
            if (d->id() == id) return d.get();
        return nullptr;
    }
    std::size_t size() const { return all_.size(); }

private:
    std::vector<std::shared_ptr<const StoredDictionary>> all_;
};

// The dictionary the indexing threads pack with: none while the first
// documents are held back for training, then the trained one.
class DictionarySlot {
public:
    std::shared_ptr<const StoredDictionary> get() const { return std::atomic_load(&dictionary_); }
    void set(std::shared_ptr<const StoredDictionary> d) { std::atomic_store(&dictionary_, std::move(d)); }

private:
    std::shared_ptr<const StoredDictionary> dictionary_;
};

}  // namespace vigie
