// An index of samples/ built once per test process with run_indexer, for
// the unit tests that search through the library.
#pragma once

#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <string>

#include "vigie/indexer.hpp"

inline const std::string& samples_db() {
    static const std::string path = [] {
        const auto dir = std::filesystem::temp_directory_path() / ("vigie-unit-" + std::to_string(::getpid()));
        std::filesystem::remove_all(dir);
        vigie::IndexOptions opts;
        opts.db_path = (dir / "db").string();
        opts.inputs = {VIGIE_SAMPLES_DIR};
        const auto summary = vigie::run_indexer(opts, {}, nullptr);
        REQUIRE(summary.skipped == 0);
        REQUIRE(summary.indexed >= 30);
        return opts.db_path;
    }();
    return path;
}

// A folder of its own (named after name and the process) holding a copy
// of samples_db() at folder/db, for a test that writes to it; the test
// removes the folder.
inline std::filesystem::path samples_db_copy(const std::string& name) {
    const auto dir = std::filesystem::temp_directory_path() / ("vigie-unit-" + name + "-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    std::filesystem::copy(samples_db(), dir / "db");
    return dir;
}
