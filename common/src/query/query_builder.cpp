#include "query/query_builder.hpp"

#include <fmt/format.h>

#include "index/date_terms.hpp"
#include "vigie/error.hpp"
#include "analysis/french_stem.hpp"
#include "util/lines.hpp"
#include "query/query_rewrite.hpp"
#include "index/schema.hpp"

namespace vigie {

namespace {

// Both ends of a date query bound, as first or last day covered.
std::string bound(const std::string& text, bool upper) {
    if (text.empty()) return {};
    const DateParse parsed = parse_date(text);
    if (!parsed.date) throw Xapian::QueryParserError("invalid date '" + text + "': " + parsed.error);
    return upper ? parsed.date->last_day() : parsed.date->first_day();
}

// date:2020-03..2020-06, date:..2019, date:2021..
class DateRangeProcessor : public Xapian::RangeProcessor {
public:
    explicit DateRangeProcessor(const Xapian::Database& db)
        : Xapian::RangeProcessor(schema::kDateSort, "date:"), db_(db) {}
    Xapian::Query operator()(const std::string& begin, const std::string& end) override {
        return date_filter_query({bound(begin, false), bound(end, true)}, db_);
    }

private:
    Xapian::Database db_;
};

// date:2020-06 is the whole month.
class DateFieldProcessor : public Xapian::FieldProcessor {
public:
    explicit DateFieldProcessor(const Xapian::Database& db) : db_(db) {}
    Xapian::Query operator()(const std::string& value) override {
        return date_filter_query({bound(value, false), bound(value, true)}, db_);
    }

private:
    Xapian::Database db_;
};

// id:VALUE matches the id exactly, long ids included.
class IdFieldProcessor : public Xapian::FieldProcessor {
public:
    Xapian::Query operator()(const std::string& value) override {
        return Xapian::Query(schema::id_term(value));
    }
};

}  // namespace

DateRange date_range_from_options(const std::string& since, const std::string& until) {
    DateRange range;
    const auto read = [](const std::string& option, const std::string& value, bool upper) {
        const DateParse parsed = parse_date(value);
        if (!parsed.date)
            throw Error(ExitCode::Error,
                        fmt::format("invalid date '{}' for {}: {}", value, option, parsed.error));
        return upper ? parsed.date->last_day() : parsed.date->first_day();
    };
    if (!since.empty()) range.first_day = read("--since", since, false);
    if (!until.empty()) range.last_day = read("--until", until, true);
    return range;
}

QueryBuilder::QueryBuilder(const Xapian::Database& db) : db_(db), stem_(make_french_stem()) {
    parser_.set_database(db_);
    parser_.set_stemmer(stem_);
    // Every query word becomes its positional key (Z...), phrases included.
    parser_.set_stemming_strategy(Xapian::QueryParser::STEM_ALL_Z);
    parser_.set_stopper(&french_stopper());
    parser_.set_max_expansion(1000, Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
    parser_.add_prefix("title", std::string(schema::kTitlePrefix));
    parser_.add_prefix("source", std::string(schema::kSourcePrefix));
    // release(): the parser owns them and deletes them with itself.
    parser_.add_boolean_prefix("id", (new IdFieldProcessor)->release());
    parser_.add_boolean_prefix("date", (new DateFieldProcessor(db_))->release());
    parser_.add_rangeprocessor((new DateRangeProcessor(db_))->release());
}

Xapian::Query QueryBuilder::parse(const std::string& rewritten, Xapian::Query::op default_op,
                                  bool plain) {
    parser_.set_default_op(default_op);
    const unsigned flags = plain ? 0u
                                 : Xapian::QueryParser::FLAG_BOOLEAN | Xapian::QueryParser::FLAG_PHRASE |
                                       Xapian::QueryParser::FLAG_LOVEHATE |
                                       Xapian::QueryParser::FLAG_WILDCARD |
                                       Xapian::QueryParser::FLAG_PURE_NOT;
    return parser_.parse_query(rewritten, flags);
}

BuiltQuery QueryBuilder::build(const std::string& text, const DateRange& filter) {
    BuiltQuery built;
    built.date_filter = filter;
    const CompoundLexicon lexicon = [this](const std::string& key) {
        std::vector<std::string> spellings;
        const std::string value = db_.get_metadata(std::string(schema::kCompoundKeyPrefix) + key);
        for (const auto line : split_lines(value)) spellings.emplace_back(line);
        return spellings;
    };
    const KeyFunction key = [this](const std::string& word) { return stem_(word); };

    RewrittenQuery rewritten = rewrite_query(text, false, lexicon, key);
    if (rewritten.plain) {
        built.notices.push_back(fmt::format("{}: read as plain words", rewritten.plain_reason));
    }
    try {
        built.all = parse(rewritten.text, Xapian::Query::OP_AND, rewritten.plain);
        built.any = parse(rewritten.text, Xapian::Query::OP_OR, rewritten.plain);
    } catch (const Xapian::QueryParserError& e) {
        rewritten = rewrite_query(text, true, lexicon, key);
        built.notices.push_back(fmt::format("query syntax not understood ({}): read as plain words",
                                            e.get_msg()));
        built.all = parse(rewritten.text, Xapian::Query::OP_AND, true);
        built.any = parse(rewritten.text, Xapian::Query::OP_OR, true);
    }
    built.rewritten = rewritten.text;
    built.wildcards = rewritten.wildcards;
    if (!rewritten.has_alternatives || rewritten.dates.empty()) {
        DateRange all = filter;
        for (const auto& range : rewritten.dates) all = all.intersect(range);
        built.all_dates = all;
    }
    built.has_words = !built.all.empty();
    for (auto t = built.any.get_unique_terms_begin(); t != built.any.get_unique_terms_end(); ++t)
        if ((*t).rfind(schema::kDatePrefix, 0) != 0) ++built.word_terms;
    const bool filtered = !filter.first_day.empty() || !filter.last_day.empty();
    if (filtered) {
        const Xapian::Query dates = date_filter_query(filter, db_);
        if (!built.has_words) {
            built.all = built.any = dates;
        } else {
            built.all = Xapian::Query(Xapian::Query::OP_FILTER, built.all, dates);
            built.any = Xapian::Query(Xapian::Query::OP_FILTER, built.any, dates);
        }
    }
    return built;
}

}  // namespace vigie
