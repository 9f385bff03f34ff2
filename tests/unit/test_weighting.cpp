// Relevance weighting: BM25 with lengths normalised at indexing time
// (weighting.hpp) must rank as BM25 with lengths read at search time.
#include <catch2/catch.hpp>

#include <xapian.h>

#include <string>
#include <vector>

#include "document/communique.hpp"
#include "index/document_builder.hpp"
#include "index/weighting.hpp"

namespace {

using vigie::weighting::kReferenceWords;
using vigie::weighting::kWdfScale;
using vigie::weighting::scaled_wdf;

struct Doc {
    Xapian::termcount occurrences;  // of the query term "t"
    Xapian::termcount words;
};

// Ranks docs for the query "t" in a fresh in-memory index, each document
// holding "t" with wdf_of(doc) and filler words up to doc.words.
std::vector<std::pair<Xapian::docid, double>> rank(const std::vector<Doc>& docs, const Xapian::Weight& weight,
                                                   bool scaled) {
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    for (const Doc& d : docs) {
        Xapian::Document doc;
        doc.add_term("t", scaled ? scaled_wdf(d.occurrences, d.words) : d.occurrences);
        doc.add_term("filler", d.words - d.occurrences);
        db.add_document(doc);
    }
    Xapian::Enquire enquire(db);
    enquire.set_weighting_scheme(weight);
    enquire.set_query(Xapian::Query("t"));
    std::vector<std::pair<Xapian::docid, double>> out;
    const Xapian::MSet mset = enquire.get_mset(0, 100);
    for (auto it = mset.begin(); it != mset.end(); ++it) out.emplace_back(*it, it.get_weight());
    return out;
}

}  // namespace

TEST_CASE("scaled wdf: the term count over BM25's length factor") {
    const auto reference = static_cast<Xapian::termcount>(kReferenceWords);
    CHECK(scaled_wdf(0, 100) == 0);
    CHECK(scaled_wdf(1, reference) == kWdfScale);
    CHECK(scaled_wdf(3, reference) == 3 * kWdfScale);
    // Longer documents weigh each occurrence less; very short ones are
    // capped at kMinNormalisedLength of the reference length.
    CHECK(scaled_wdf(1, 10 * reference) < scaled_wdf(1, 2 * reference));
    CHECK(scaled_wdf(1, 2 * reference) < scaled_wdf(1, reference));
    CHECK(scaled_wdf(1, reference / 10) == scaled_wdf(1, reference / 4));
    CHECK(scaled_wdf(1, reference / 4) > scaled_wdf(1, reference / 2));
    CHECK(scaled_wdf(1, reference / 2) > scaled_wdf(1, reference));
    // A term present never drops to 0, however long the document.
    CHECK(scaled_wdf(1, 4'000'000'000u) == 1);
    CHECK(scaled_wdf(4'000'000'000u, 1) == 1u << 30);
}

TEST_CASE("BM25 on scaled wdfs ranks as BM25 on raw wdfs") {
    // Lengths averaging the reference length (1400 / 7 = 200), which BM25
    // on raw wdfs takes as the average length.
    const std::vector<Doc> docs = {{1, 40}, {1, 160}, {2, 200}, {1, 500}, {3, 100}, {5, 200}, {1, 200}};
    static_assert(kReferenceWords == 200.0, "the lengths above average 200 words");
    const auto raw = rank(docs, Xapian::BM25Weight(vigie::weighting::kK1, 0, 1, vigie::weighting::kB, vigie::weighting::kMinNormalisedLength), false);
    const auto scaled = rank(docs, vigie::weighting::relevance(), true);
    REQUIRE(raw.size() == docs.size());
    REQUIRE(scaled.size() == docs.size());
    // The scores differ by one common factor, up to the rounding of wdfs.
    const double factor = scaled[0].second / raw[0].second;
    for (std::size_t i = 0; i < raw.size(); ++i) {
        INFO("rank " << i);
        CHECK(scaled[i].first == raw[i].first);
        CHECK(scaled[i].second / raw[i].second == Approx(factor).epsilon(0.02));
    }
}

TEST_CASE("the document builder indexes scaled wdfs") {
    vigie::DocumentBuilder builder;
    const auto wdf_of = [&](const std::string& body, const std::string& term) {
        vigie::Communique c;
        c.id = "x";
        c.title = "titre";
        c.body = body;
        const Xapian::Document doc = builder.build(c).document;
        auto t = doc.termlist_begin();
        t.skip_to(term);
        REQUIRE(t != doc.termlist_end());
        REQUIRE(*t == term);
        return t.get_wdf();
    };
    std::string long_body = "alerte";
    for (int i = 0; i < 600; ++i) long_body += " mot" + std::to_string(i);
    const auto in_short = wdf_of("alerte rouge", "Zalert");
    const auto in_long = wdf_of(long_body, "Zalert");
    const auto twice_in_long = wdf_of(long_body + " alerte", "Zalert");
    CHECK(in_short > in_long);
    CHECK(twice_in_long > in_long);
    // A title's keys are scaled alike.
    CHECK(wdf_of("alerte rouge", "ZStitr") > 0);
}
