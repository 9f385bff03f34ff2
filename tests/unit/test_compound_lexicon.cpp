// The compound lexicon and its Bloom filter: a query looks up only the
// words the filter may hold, so the filter must never miss one.
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <set>

#include <unistd.h>

#include "index/compound_lexicon.hpp"
#include "index/index_set.hpp"
#include "index/schema.hpp"
#include "vigie/indexer.hpp"
#include "samples_index.hpp"
#include "vigie/vigie.hpp"

namespace fs = std::filesystem;

TEST_CASE("the compound filter never misses a key, and rarely says maybe to others") {
    const fs::path path = fs::temp_directory_path() / fmt::format("vigie-compounds-{}", ::getpid());
    fs::remove_all(path);
    {
        Xapian::WritableDatabase db(path.string(), Xapian::DB_CREATE_OR_OVERWRITE);
        vigie::CompoundLexiconWriter writer;
        // Several commits, so that the filter is grown and rebuilt.
        for (int round = 0; round < 5; ++round) {
            for (int i = 0; i < 4000; ++i) writer.note(fmt::format("mot{}x{}", round, i), fmt::format("mot{} x{}", round, i));
            writer.flush(db);
            db.commit();
        }
        writer.note("cyberattaqu", "cyber attaques");
        writer.note("cyberattaqu", "cyber attaque");
        writer.flush(db);
        db.commit();
    }
    Xapian::Database db(path.string());
    const vigie::CompoundFilter filter = vigie::CompoundFilter::load(db);
    REQUIRE(filter.loaded());
    CHECK(filter.keys() >= 20001);
    for (int round = 0; round < 5; ++round)
        for (int i = 0; i < 4000; ++i) REQUIRE(filter.may_contain(fmt::format("mot{}x{}", round, i)));
    CHECK(filter.may_contain("cyberattaqu"));
    const auto spellings = vigie::read_spellings(db, "cyberattaqu");
    REQUIRE(spellings.size() == 2);
    CHECK(spellings[0].text == "cyber attaque");
    CHECK(spellings[1].text == "cyber attaques");
    CHECK(spellings[1].documents == 1);
    std::size_t false_positives = 0;
    for (int i = 0; i < 20000; ++i) false_positives += filter.may_contain(fmt::format("autre{}", i));
    CHECK(false_positives < 600);  // about 1%, 3% at most
    fs::remove_all(path);
}

TEST_CASE("a spelling is looked for when 1 document in 100 with the word's key writes it") {
    const fs::path path = fs::temp_directory_path() / fmt::format("vigie-spellings-{}", ::getpid());
    fs::remove_all(path);
    {
        Xapian::WritableDatabase db(path.string(), Xapian::DB_CREATE_OR_OVERWRITE);
        for (int i = 0; i < 300; ++i) {
            Xapian::Document d;
            d.add_term("Zentrepris");
            if (i < 10) d.add_term("Zcyberattaqu");
            db.add_document(d);
        }
        vigie::CompoundLexiconWriter writer;
        writer.note("entrepris", "entre prises");  // one document in 300: a typo
        for (int i = 0; i < 3; ++i) writer.note("entrepris", "entre-prises");
        writer.note("cyberattaqu", "cyber attaques");  // one in 10
        writer.flush(db);
        db.commit();
    }
    Xapian::Database db(path.string());
    CHECK(vigie::useful_spellings(db, "entrepris") == std::vector<std::string>{"entre-prises"});
    CHECK(vigie::useful_spellings(db, "cyberattaqu") == std::vector<std::string>{"cyber attaques"});
    fs::remove_all(path);
}

TEST_CASE("a missing or damaged compound filter says maybe to every key") {
    const fs::path path = fs::temp_directory_path() / fmt::format("vigie-compounds-bad-{}", ::getpid());
    fs::remove_all(path);
    {
        Xapian::WritableDatabase db(path.string(), Xapian::DB_CREATE_OR_OVERWRITE);
        db.commit();
    }
    CHECK(vigie::CompoundFilter::load(Xapian::Database(path.string())).may_contain("anything"));
    {
        Xapian::WritableDatabase db(path.string(), Xapian::DB_OPEN);
        db.set_metadata(std::string(vigie::schema::kCompoundFilterKey), "vcf1 cut short");
        db.commit();
    }
    CHECK(vigie::CompoundFilter::load(Xapian::Database(path.string())).may_contain("anything"));
    fs::remove_all(path);
}

TEST_CASE("a verb inverted with its subject is no spelling of a word: estelle does not find c'est elle") {
    const fs::path dir = fs::temp_directory_path() / fmt::format("vigie-inverted-{}", ::getpid());
    fs::remove_all(dir);
    fs::create_directories(dir / "texts");
    const auto write = [&](const std::string& name, const std::string& text) {
        std::ofstream(dir / "texts" / name) << text;
    };
    write("estelle.txt", "date 2021-03-01 Estelle Dupont signe le communiqué de la préfecture.\n");
    write("question.txt", "date 2021-03-02 Est-elle partie ? Personne ne le sait encore.\n");
    write("c-est-elle.txt", "date 2021-03-03 C'est elle qui signe le communiqué.\n");
    // A compound's spaced spelling stays one, as a control.
    write("cyber-trait.txt", "date 2021-03-04 Une cyber-attaque vise la mairie.\n");
    write("cyber-espace.txt", "date 2021-03-05 Une cyber attaque vise le port.\n");
    vigie::IndexOptions opts;
    opts.db_path = (dir / "db").string();
    opts.inputs = {(dir / "texts").string()};
    REQUIRE(vigie::run_indexer(opts, {}, nullptr).indexed == 5);
    vigie::Searcher searcher(opts.db_path);
    const auto ids = [&](const std::string& query) {
        vigie::SearchRequest request;
        request.query = query;
        request.match = vigie::MatchMode::All;
        std::set<std::string> out;
        for (const auto& hit : searcher.search(request).hits) out.insert(hit.id);
        return out;
    };
    const auto estelle = ids("estelle");
    CHECK(estelle.count("estelle.txt") == 1);
    CHECK(estelle.count("c-est-elle.txt") == 0);
    CHECK(ids("cyberattaque") == std::set<std::string>{"cyber-espace.txt", "cyber-trait.txt"});
    fs::remove_all(dir);
}

TEST_CASE("a searcher's compound lookups find the same before and after it reads the filter") {
    // The first words are looked up one by one; past kLookupsBeforeFilter,
    // the filter spares the lookups of the words it does not hold.
    const fs::path dir = samples_db_copy("compound-lookups");
    const std::string db_path = (dir / "db").string();
    {
        Xapian::WritableDatabase db(db_path, Xapian::DB_OPEN);
        vigie::CompoundLexiconWriter writer;
        for (int i = 0; i < 100; ++i) writer.note(fmt::format("motx{}", i), fmt::format("mot x{}", i));
        writer.flush(db);
        db.commit();
    }
    const vigie::IndexSet index({db_path});
    const Xapian::Database db(db_path);
    std::size_t found = 0;
    for (int round = 0; round < 3; ++round)
        for (int i = 0; i < 100; ++i) {
            const std::string key = fmt::format(i % 2 ? "motx{}" : "autre{}", i);
            INFO(key << ", round " << round);
            const std::vector<std::string> spellings = index.compound_spellings(key);
            CHECK(spellings == vigie::useful_spellings(db, key));
            found += !spellings.empty();
        }
    CHECK(found == 150);
    fs::remove_all(dir);
}
