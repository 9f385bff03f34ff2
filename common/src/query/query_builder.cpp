#include "query/query_builder.hpp"

#include <fmt/format.h>

#include "index/schema.hpp"
#include "query/analysed_text.hpp"
#include "query/highlights.hpp"
#include "query/parser.hpp"
#include "query/plain_words.hpp"
#include "query/xapianizer.hpp"
#include "util/utf8.hpp"
#include "vigie/error.hpp"

namespace vigie {

namespace {

using query::Node;

// The date: ranges every match must fall in: those of the top group and of
// ANDed branches. False when a date: term sits under OR, XOR or NOT.
bool required_dates(const Node& n, bool required, DateRange& range) {
    if (n.kind == Node::Kind::Date) {
        if (!required || n.sign == query::Sign::Excluded) return false;
        range = range.intersect(n.range);
        return true;
    }
    const bool and_like = n.kind == Node::Kind::Group || n.kind == Node::Kind::And;
    for (std::size_t i = 0; i < n.children.size(); ++i) {
        const bool child_required = required && n.sign != query::Sign::Excluded &&
                                    (and_like || (n.kind == Node::Kind::AndNot && i == 0));
        if (!required_dates(n.children[i], child_required, range)) return false;
    }
    return true;
}

}  // namespace

DateRange date_range_from_options(const std::string& since, const std::string& until) {
    DateRange range;
    const auto read = [](const std::string& option, const std::string& value, bool upper) {
        const DateParse parsed = parse_date(value);
        if (!parsed.date)
            throw Error(ExitCode::Error, fmt::format("invalid date '{}' for {}: {}",
                                                     utf8::sanitize_for_terminal(value, true), option, parsed.error));
        return upper ? parsed.date->last_day() : parsed.date->first_day();
    };
    if (!since.empty()) range.first_day = read("--since", since, false);
    if (!until.empty()) range.last_day = read("--until", until, true);
    return range;
}

QueryBuilder::QueryBuilder(const Xapian::Database& db, TermMaker& terms, query::CompoundLexicon compounds)
    : db_(db), terms_(terms), compounds_(std::move(compounds)) {}

BuiltQuery QueryBuilder::build(const std::string& text, const DateRange& filter, bool explain) {
    BuiltQuery built;
    built.date_filter = filter;
    query::ParsedQuery parsed = query::parse(text);
    built.notices = std::move(parsed.notices);

    query::WordAnalysis words(terms_, compounds_);
    built.plain_words = query::plain_words(parsed.root, words);
    if (synonyms_ && query::expand_synonyms(parsed.root, *synonyms_, words) > 0)
        built.notices.push_back(fmt::format("synonyms: no more than {} spellings are added to one query; some words are searched as written",
                                            query::kMaxLeaves));
    const bool keep_stopwords = query::keeps_stopwords(parsed.root, words);
    built.highlights = query::highlights(parsed.root, words, keep_stopwords);
    if (explain) {
        built.rewritten = query::analysed_text(parsed.root, words, keep_stopwords);
        built.tree = query::describe(parsed.root);
    }

    // --since/--until filter the whole query: a date item beside it.
    Node root = std::move(parsed.root);
    if (!filter.first_day.empty() || !filter.last_day.empty()) {
        Node dates;
        dates.kind = Node::Kind::Date;
        dates.field = &schema::field("date");
        dates.range = filter;
        Node both;
        both.children.push_back(std::move(root));
        both.children.push_back(std::move(dates));
        root = std::move(both);
    }
    DateRange dates;
    if (required_dates(root, true, dates)) built.all_dates = dates;

    query::Xapianizer xapianizer(db_, words, keep_stopwords);
    query::Xapianized all = xapianizer.build(root, Xapian::Query::OP_AND);
    built.relaxable = xapianizer.relaxable();
    built.words = xapianizer.positive_items();
    query::Xapianized any = xapianizer.build(root, Xapian::Query::OP_OR);
    built.all = all.query;
    built.all_test = all.test;
    built.any = any.query;
    built.any_test = any.test;
    built.all_sure = all.sure;
    built.any_sure = any.sure;
    built.any_but_one = any.all_but_one;
    built.checked = all.checked || any.checked;
    built.has_words = !built.all.empty();
    return built;
}

}  // namespace vigie
