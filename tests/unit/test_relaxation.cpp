// Relaxation's first tier (query_builder.hpp, any_but_one): the documents
// that hold every word of the query but one at most, scored as the
// some-words query scores them.
#include <catch2/catch.hpp>

#include <xapian.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "index/terms.hpp"
#include "index/weighting.hpp"
#include "query/query_builder.hpp"
#include "samples_index.hpp"

namespace {

std::map<Xapian::docid, double> matches(const Xapian::Database& db, const Xapian::Query& query,
                                        const Xapian::Weight& weighting) {
    Xapian::Enquire enquire(db);
    enquire.set_weighting_scheme(weighting);
    enquire.set_query(query);
    std::map<Xapian::docid, double> out;
    const Xapian::MSet mset = enquire.get_mset(0, db.get_doccount());
    for (auto it = mset.begin(); it != mset.end(); ++it) out[*it] = it.get_weight();
    return out;
}

// The OR of relaxation's halves: the query they stand for.
Xapian::Query either(const std::vector<Xapian::Query>& halves) {
    return Xapian::Query(Xapian::Query::OP_OR, halves.begin(), halves.end());
}

vigie::BuiltQuery build(const Xapian::Database& db, const std::string& text, const vigie::DateRange& dates = {}) {
    static vigie::TermMaker terms;
    vigie::QueryBuilder builder(db, terms, [](const std::string&) { return std::vector<std::string>(); });
    return builder.build(text, dates);
}

}  // namespace

TEST_CASE("relaxation: all the words but one, scored as for some of the words") {
    const Xapian::Database db(samples_db());
    for (const std::string words : {"alliance militaire otan", "canicule vigilance chaleur départements",
                                    "otan \"sommet de bruxelles\" ukraine"}) {
        INFO(words);
        const vigie::BuiltQuery built = build(db, words);
        REQUIRE(built.any_but_one.size() == 2);
        const auto any = matches(db, built.any, vigie::weighting::relevance());
        const auto but_one = matches(db, either(built.any_but_one), vigie::weighting::relevance_once_per_term());
        const auto all = matches(db, built.all, vigie::weighting::relevance());
        CHECK_FALSE(but_one.empty());
        // Between every word and some: every complete match, no more than the OR's.
        for (const auto& [docid, weight] : all) CHECK(but_one.count(docid) == 1);
        for (const auto& [docid, weight] : but_one) {
            REQUIRE(any.count(docid) == 1);
            // A document holding two of three words scores as under the OR.
            if (!all.count(docid)) CHECK(weight == Approx(any.at(docid)).epsilon(1e-12));
        }
        CHECK(but_one.size() < any.size());
    }
    // Two words: some of them is all but one.
    CHECK(build(db, "alliance militaire").any_but_one.empty());
    // Past kMaxAllButOneItems, none (the OR alone, its words counted).
    CHECK(build(db, "alpha bravo charlie delta echo foxtrot golf hotel").any_but_one.size() == 2);
    CHECK(build(db, "alpha bravo charlie delta echo foxtrot golf hotel india").any_but_one.empty());
}

TEST_CASE("relaxation: all the words but one keeps the query's filters and exclusions") {
    const Xapian::Database db(samples_db());
    const vigie::BuiltQuery plain = build(db, "alliance militaire otan");
    const vigie::BuiltQuery excluding = build(db, "alliance militaire otan -ukraine");
    const vigie::BuiltQuery dated = build(db, "alliance militaire otan", vigie::date_range_from_options("2022", ""));
    const auto all_of = matches(db, either(plain.any_but_one), vigie::weighting::relevance_once_per_term());
    const auto without = matches(db, either(excluding.any_but_one), vigie::weighting::relevance_once_per_term());
    const auto since = matches(db, either(dated.any_but_one), vigie::weighting::relevance_once_per_term());
    const auto ukraine = matches(db, build(db, "ukraine").all, vigie::weighting::relevance());
    const auto in_2022 = matches(db, dated.any, vigie::weighting::relevance());
    REQUIRE_FALSE(without.empty());
    CHECK(without.size() < all_of.size());
    for (const auto& [docid, weight] : without) CHECK(ukraine.count(docid) == 0);
    CHECK(since.size() < all_of.size());
    for (const auto& [docid, weight] : since) CHECK(in_2022.count(docid) == 1);
}
