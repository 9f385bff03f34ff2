// Glass's compress_min, read and set in its version file: a database told
// not to deflate its documents' data stores them as they are, stays
// readable and writable, and merges into an ordinary index.
#include <catch2/catch.hpp>

#include <fmt/format.h>
#include <xapian.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include <unistd.h>

#include "index/glass_version_file.hpp"

namespace fs = std::filesystem;
using vigie::glass_version_file::Table;

namespace {

fs::path fresh_folder(const std::string& name) {
    const fs::path path = fs::temp_directory_path() / fmt::format("vigie-glass-{}-{}", name, ::getpid());
    fs::remove_all(path);
    return path;
}

std::string contents(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// A document whose data zlib shrinks to almost nothing.
Xapian::Document compressible(int i) {
    Xapian::Document doc;
    doc.set_data(std::string(60000, static_cast<char>('a' + i % 26)));
    doc.add_term("Q" + std::to_string(i));
    return doc;
}

}  // namespace

TEST_CASE("glass version file: compress_min is read, set for one table, and Xapian follows it") {
    const fs::path plain = fresh_folder("plain"), raw = fresh_folder("raw");
    for (const auto& path : {plain, raw}) Xapian::WritableDatabase(path.string(), Xapian::DB_CREATE).close();
    // Xapian 1.4's defaults: 18 bytes for the data and term lists, never
    // for the postings.
    CHECK(vigie::glass_version_file::compress_min(plain.string(), Table::Docdata) == 18u);
    CHECK(vigie::glass_version_file::compress_min(plain.string(), Table::Termlist) == 18u);
    CHECK(vigie::glass_version_file::compress_min(plain.string(), Table::Postlist) == 0u);

    REQUIRE(vigie::glass_version_file::set_compress_min(raw.string(), Table::Docdata, 0));
    CHECK(vigie::glass_version_file::compress_min(raw.string(), Table::Docdata) == 0u);
    CHECK(vigie::glass_version_file::compress_min(raw.string(), Table::Termlist) == 18u);
    CHECK(vigie::glass_version_file::compress_min(raw.string(), Table::Synonym) == 18u);

    for (const auto& path : {plain, raw}) {
        Xapian::WritableDatabase db(path.string(), Xapian::DB_OPEN);
        for (int i = 0; i < 5; ++i) db.add_document(compressible(i));
        db.commit();
    }
    // Five documents of 60,000 bytes: stored as they are, or deflated.
    CHECK(fs::file_size(raw / "docdata.glass") >= 5 * 60000);
    CHECK(fs::file_size(plain / "docdata.glass") < 60000);
    // Commits keep the setting; the data read back are the same.
    CHECK(vigie::glass_version_file::compress_min(raw.string(), Table::Docdata) == 0u);
    {
        Xapian::Database db(raw.string());
        REQUIRE(db.get_doccount() == 5);
        CHECK(db.get_document(3).get_data() == std::string(60000, 'c'));
    }

    // Merged, the entries are copied as they are, into an ordinary index.
    const fs::path merged = fresh_folder("merged");
    Xapian::Database sources(raw.string());
    sources.add_database(Xapian::Database(plain.string()));
    sources.compact(merged.string());
    {
        Xapian::Database db(merged.string());
        REQUIRE(db.get_doccount() == 10);
        CHECK(db.get_document(3).get_data() == std::string(60000, 'c'));
        CHECK(db.get_document(8).get_data() == std::string(60000, 'c'));
    }
    CHECK(vigie::glass_version_file::compress_min(merged.string(), Table::Docdata) == 18u);
    for (const auto& path : {plain, raw, merged}) fs::remove_all(path);
}

TEST_CASE("glass version file: anything else is left as it is") {
    const fs::path folder = fresh_folder("other");
    fs::create_directories(folder);
    // No version file.
    CHECK_FALSE(vigie::glass_version_file::compress_min(folder.string(), Table::Docdata));
    CHECK_FALSE(vigie::glass_version_file::set_compress_min(folder.string(), Table::Docdata, 0));
    CHECK_FALSE(fs::exists(folder / "iamglass"));
    // Not Glass's, or cut short: unchanged.
    for (const std::string& bytes : {std::string("not a version file at all, but long enough to parse"),
                                     std::string("\x0f\x0dXapian Glass\x00\x01", 16) + std::string(10, '\x00')}) {
        { std::ofstream(folder / "iamglass", std::ios::binary) << bytes; }
        CHECK_FALSE(vigie::glass_version_file::compress_min(folder.string(), Table::Docdata));
        CHECK_FALSE(vigie::glass_version_file::set_compress_min(folder.string(), Table::Docdata, 0));
        CHECK(contents(folder / "iamglass") == bytes);
    }
    // A real one cut after its first table: the later tables are not there.
    const fs::path real = fresh_folder("real");
    Xapian::WritableDatabase(real.string(), Xapian::DB_CREATE).close();
    const std::string whole = contents(real / "iamglass");
    { std::ofstream(folder / "iamglass", std::ios::binary) << whole.substr(0, 40); }
    CHECK_FALSE(vigie::glass_version_file::compress_min(folder.string(), Table::Synonym));
    CHECK(contents(folder / "iamglass") == whole.substr(0, 40));
    CHECK_FALSE(fs::exists(folder / "iamglass.vigie-new"));
    for (const auto& path : {folder, real}) fs::remove_all(path);
}
