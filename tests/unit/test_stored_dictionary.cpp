// The stored fields' zstd dictionary: trained by the run that builds an
// index, used by every later run and by the searcher; documents packed
// before it stay readable.
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <filesystem>
#include <fstream>

#include <unistd.h>

#include "index/stored_dictionary.hpp"
#include "index/stored_fields.hpp"
#include "vigie/indexer.hpp"
#include "vigie/vigie.hpp"

namespace fs = std::filesystem;

namespace {

std::string communique(int i) {
    return fmt::format(
        R"({{"id":"n{}","date":"2021-0{}-01","title":"Note {} de la préfecture","body":"La préfecture rappelle )"
        R"(les consignes de sécurité numéro {} : vigilance orange, orages et crues sur le département {}."}})",
        i, 1 + i % 9, i, i, i % 95);
}

void write_records(const fs::path& file, int from, int to) {
    std::ofstream out(file);
    for (int i = from; i < to; ++i) out << communique(i) << '\n';
}

vigie::IndexSummary index(const fs::path& db, const fs::path& input) {
    vigie::IndexOptions options;
    options.db_path = db.string();
    options.inputs = {input.string()};
    options.compact = vigie::IndexOptions::Compact::Never;
    return vigie::run_indexer(options, {}, nullptr);
}

}  // namespace

TEST_CASE("fields packed with a dictionary come back only with it") {
    std::vector<std::string> lists;
    std::vector<vigie::StoredFields> all;
    for (int i = 0; i < 1000; ++i) {
        vigie::StoredFields f;
        f.add("id", fmt::format("n{}", i));
        f.add("body", communique(i) + communique(i + 7));
        all.push_back(f);
    }
    std::vector<std::string_view> samples;
    for (const auto& f : all) samples.push_back(f.list());
    const auto dictionary = vigie::StoredDictionary::train(samples);
    REQUIRE(dictionary);
    const std::string plain = all[3].packed();
    const std::string with = all[3].packed(dictionary.get());
    CHECK(with.size() < plain.size());
    CHECK(vigie::StoredFields::unpack(with, dictionary.get()).get("id") == "n3");
    CHECK(vigie::StoredFields::unpack(plain, dictionary.get()).get("id") == "n3");
    // Without its dictionary a frame yields nothing, never garbage.
    CHECK(vigie::StoredFields::unpack(with).get("id").empty());
    // Too few samples: no dictionary.
    samples.resize(10);
    CHECK_FALSE(vigie::StoredDictionary::train(samples));
}

TEST_CASE("the run that builds an index trains its dictionary; later runs and searches use it") {
    const fs::path dir = fs::temp_directory_path() / fmt::format("vigie-dictionary-{}", ::getpid());
    fs::remove_all(dir);
    fs::create_directories(dir);
    const fs::path db = dir / "db";
    // A first small run: too few documents to train on.
    write_records(dir / "a.jsonl", 0, 100);
    REQUIRE(index(db, dir / "a.jsonl").indexed == 100);
    CHECK_FALSE(vigie::StoredDictionary::load(Xapian::Database(db.string())));
    // A bulk run trains one; its held documents and the rest use it.
    write_records(dir / "b.jsonl", 100, 3100);
    REQUIRE(index(db, dir / "b.jsonl").indexed == 3000);
    const auto dictionary = vigie::StoredDictionary::load(Xapian::Database(db.string()));
    REQUIRE(dictionary);
    // Every document reads back, those packed before the dictionary too.
    vigie::Searcher searcher(db.string());
    vigie::SearchRequest request;
    request.query = "préfecture";
    request.limit = 5000;
    const vigie::SearchResult result = searcher.search(request);
    CHECK(result.hits.size() == 3100);
    std::size_t with_text = 0;
    for (const auto& hit : result.hits) with_text += !hit.title.empty() && !hit.snippet.empty();
    CHECK(with_text == 3100);
    // A later run keeps the dictionary.
    write_records(dir / "c.jsonl", 3100, 3600);
    REQUIRE(index(db, dir / "c.jsonl").indexed == 500);
    CHECK(vigie::StoredDictionary::load(Xapian::Database(db.string()))->id() == dictionary->id());
    request.query = "id:n3500";
    const auto late = searcher.search(request);
    REQUIRE(late.hits.size() == 1);
    CHECK(late.hits[0].title == "Note 3500 de la préfecture");
    fs::remove_all(dir);
}
