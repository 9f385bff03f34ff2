// The round trip: every token of an indexed communiqué, typed as a query,
// finds that communiqué. The query goes through the same parser, analysis
// and term maker as any search; the check filters on the document's id.
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <cstdlib>
#include <filesystem>
#include <set>

#include <unistd.h>

#include "analysis/tokenizer.hpp"
#include "index/compound_lexicon.hpp"
#include "index/schema.hpp"
#include "index/stored_dictionary.hpp"
#include "index/stored_fields.hpp"
#include "index/terms.hpp"
#include "query/query_builder.hpp"
#include "search/candidate.hpp"
#include "vigie/indexer.hpp"

namespace fs = std::filesystem;

namespace {

struct Failure {
    std::string id, token;
};

// Indexes inputs into a fresh folder and returns its path.
fs::path build_index(const std::string& name, const std::vector<std::string>& inputs) {
    const fs::path db = fs::temp_directory_path() / fmt::format("vigie-round-trip-{}-{}", name, ::getpid());
    fs::remove_all(db);
    vigie::IndexOptions options;
    options.db_path = db.string();
    options.inputs = inputs;
    options.compact = vigie::IndexOptions::Compact::Never;
    const vigie::IndexSummary summary = vigie::run_indexer(options, {}, nullptr);
    REQUIRE(summary.indexed > 0);
    return db;
}

// Every distinct token of every document, as written, searched alone
// with a filter on the document: the failures.
std::vector<Failure> round_trip(const fs::path& db_path, std::size_t& checked) {
    Xapian::Database db(db_path.string());
    vigie::TermMaker terms;
    const vigie::CompoundFilter compounds = vigie::CompoundFilter::load(db);
    vigie::QueryBuilder builder(db, terms, [&](const std::string& key) {
        return compounds.may_contain(key) ? vigie::useful_spellings(db, key) : std::vector<std::string>();
    });
    const auto dictionary = vigie::StoredDictionary::load(db);
    const vigie::Dictionaries dictionaries(dictionary);
    std::vector<Failure> failures;
    for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
        const Xapian::Document doc = db.get_document(*it);
        const vigie::StoredFields fields = vigie::StoredFields::unpack(doc.get_data(), dictionary.get());
        const std::string id(fields.get("id"));
        const Xapian::Query only_this(vigie::schema::id_term(id));
        std::set<std::string> seen;
        for (const std::string_view text : {fields.get("title"), fields.get("body")}) {
            vigie::Tokenizer tokenizer(text);
            vigie::Token token;
            while (tokenizer.next(token)) {
                std::string written(text.substr(token.begin, token.end - token.begin));
                if (!seen.insert(written).second) continue;
                ++checked;
                const vigie::BuiltQuery built = builder.build(written, {});
                Xapian::Enquire enquire(db);
                enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, built.all, only_this));
                const Xapian::MSet found = enquire.get_mset(0, 1);
                // Found by its keys, and confirmed on its text when the
                // query has a phrase (a compound's parts in a row).
                if (found.empty() || (built.checked && !vigie::confirmed(db, *found.begin(), built.all_test,
                                                                         dictionaries, terms.stemmer())))
                    failures.push_back({id, written});
            }
        }
    }
    return failures;
}

void check_round_trip(const fs::path& db, std::size_t at_least) {
    std::size_t checked = 0;
    const std::vector<Failure> failures = round_trip(db, checked);
    for (std::size_t i = 0; i < failures.size() && i < 20; ++i)
        UNSCOPED_INFO("not found by its own token: " << failures[i].id << ": '" << failures[i].token << "'");
    CHECK(failures.empty());
    CHECK(checked >= at_least);
    WARN(checked << " tokens checked, " << failures.size() << " not found");
}

// A real corpus made by the shared converter: ../shared beside the
// project, as in CI. Empty when it is not there.
std::string real_corpus(const std::string& corpus, const std::string& args) {
    const fs::path shared = VIGIE_SHARED_DIR;
    const fs::path converter = shared / "corpora" / corpus / "to_seed_format.py";
    if (!fs::exists(converter)) return {};
    const fs::path out = fs::temp_directory_path() / fmt::format("vigie-round-trip-corpus-{}-{}", corpus, ::getpid());
    fs::remove_all(out);
    const std::string command =
        fmt::format("python3 '{}' '{}' {} >/dev/null 2>&1", converter.string(), out.string(), args);
    REQUIRE(std::system(command.c_str()) == 0);
    return out.string();
}

}  // namespace

TEST_CASE("round trip: every token of the samples finds its communiqué") {
    const fs::path db = build_index("samples", {VIGIE_SAMPLES_DIR});
    check_round_trip(db, 2000);
    fs::remove_all(db);
}

TEST_CASE("round trip: every token of real CERT-FR advisories and TV news reports finds its communiqué") {
    const std::string certfr = real_corpus("certfr-avis", "--from 2020-01-01 --limit 1200");
    const std::string tv = real_corpus("tv-news-fr", "--limit 600");
    if (certfr.empty() || tv.empty()) {
        WARN("../shared/corpora not found beside the project: real-data round trip skipped");
        return;
    }
    const fs::path db = build_index("real", {certfr, tv});
    check_round_trip(db, 50000);
    fs::remove_all(db);
    fs::remove_all(certfr);
    fs::remove_all(tv);
}
