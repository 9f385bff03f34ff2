#include <catch2/catch.hpp>

#include "harness.hpp"

TEST_CASE("samples index and a CVE search finds exactly its advisory") {
    const auto db = e2e::samples_index().string();
    const auto r = e2e::search({"--db", db, "--format", "json", "CVE-2021-44228"});
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(e2e::hit_ids(r) == std::vector<std::string>{"anssi-log4shell-2021-12-10.txt"});
}
