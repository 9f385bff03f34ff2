// The compound lexicon and its Bloom filter: a query looks up only the
// words the filter may hold, so the filter must never miss one.
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <filesystem>

#include <unistd.h>

#include "index/compound_lexicon.hpp"
#include "index/schema.hpp"

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
