// The copy keys of a batch of candidates, read from the slot's value stream
// (search/copy_keys.hpp), must be those their documents hold: in one
// database and over shards numbered as one, whatever the order and the
// batches they are asked in.
#include <catch2/catch.hpp>

#include <fmt/format.h>
#include <xapian.h>

#include <algorithm>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include <unistd.h>

#include "index/schema.hpp"
#include "search/copy_keys.hpp"

namespace fs = std::filesystem;

namespace {

constexpr Xapian::docid kDocuments = 6000;

// Few documents have a key, unevenly: scattered ones, a run of neighbours,
// the first and the last; enough of them that the stream spans several
// chunks. Copies share a key, as the indexer gives them.
std::string key_for(Xapian::docid id) {
    const bool keyed = id == 1 || id == kDocuments || id % 23 == 0 || (id >= 3000 && id < 3040);
    return keyed ? fmt::format("{:016x}", 0x5eed0000ULL + id / 5) : std::string();
}

Xapian::Document document(Xapian::docid id) {
    Xapian::Document doc;
    doc.add_term("Q" + std::to_string(id));
    doc.add_value(vigie::schema::kDateSort, "2022");  // another slot, in every document
    const std::string key = key_for(id);
    if (!key.empty()) doc.add_value(vigie::schema::kCopyKey, key);
    return doc;
}

// The database of kDocuments documents, as `shards` glass databases
// numbered round robin as one (document d in shard (d-1) % shards).
Xapian::Database build(const fs::path& dir, std::size_t shards) {
    Xapian::Database all;
    fs::create_directories(dir);
    std::vector<Xapian::WritableDatabase> written;
    for (std::size_t s = 0; s < shards; ++s)
        written.emplace_back((dir / fmt::format("shard-{}", s)).string(), Xapian::DB_CREATE_OR_OVERWRITE);
    for (Xapian::docid id = 1; id <= kDocuments; ++id) written[(id - 1) % shards].add_document(document(id));
    for (auto& db : written) {
        db.commit();
        db.close();
    }
    for (std::size_t s = 0; s < shards; ++s)
        all.add_database(Xapian::Database((dir / fmt::format("shard-{}", s)).string()));
    return all;
}

// Asks for the keys of random batches, in random order with repeats, some
// of them read before; each must be its document's.
void check_batches(const Xapian::Database& db, bool streamed) {
    vigie::CopyKeys keys(db, streamed);
    std::mt19937 random(42);
    std::uniform_int_distribution<Xapian::docid> any(1, kDocuments);
    std::vector<Xapian::docid> earlier;
    for (int batch = 0; batch < 30; ++batch) {
        std::vector<Xapian::docid> ids;
        const int size = batch == 0 ? 1 : 10 + batch * 20;
        for (int i = 0; i < size; ++i) ids.push_back(any(random));
        // Around a run of keyed neighbours, and some asked for again.
        if (batch % 3 == 1)
            for (Xapian::docid id = 2990; id < 3050; ++id) ids.push_back(id);
        for (std::size_t i = 0; i < earlier.size() && i < 15; ++i) ids.push_back(earlier[i]);
        if (batch == 5) ids.insert(ids.end(), {1, kDocuments});
        std::shuffle(ids.begin(), ids.end(), random);
        keys.read(ids);
        for (const Xapian::docid id : ids) {
            INFO("document " << id << ", batch " << batch);
            REQUIRE(keys.of(id) == key_for(id));
            REQUIRE(keys.of(id, db.get_document(id)) == key_for(id));
        }
        earlier = ids;
    }
    // One never read is read from its document.
    CHECK(keys.of(3001) == key_for(3001));
}

}  // namespace

TEST_CASE("copy keys: a batch's keys from the value stream are their documents', in one database and over shards") {
    const fs::path dir = fs::temp_directory_path() / fmt::format("vigie-copy-keys-{}", ::getpid());
    fs::remove_all(dir);
    for (const std::size_t shards : {1, 3}) {
        const Xapian::Database db = build(dir / std::to_string(shards), shards);
        REQUIRE(db.get_doccount() == kDocuments);
        for (const Xapian::docid id : {Xapian::docid(1), Xapian::docid(23), Xapian::docid(24), Xapian::docid(3039),
                                       kDocuments})
            REQUIRE(db.get_document(id).get_value(vigie::schema::kCopyKey) == key_for(id));
        INFO(shards << " shard(s)");
        check_batches(db, true);
        check_batches(db, false);  // over a remote shard: document by document
    }
    fs::remove_all(dir);
}

TEST_CASE("copy keys: an index without any reads none") {
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    for (int i = 0; i < 10; ++i) db.add_document(Xapian::Document());
    vigie::CopyKeys keys(db, true);
    keys.read({3, 1, 7, 7});
    for (const Xapian::docid id : {1, 3, 7}) CHECK(keys.of(id).empty());
    keys.read({});
}
