#include "query/xapianizer.hpp"

#include <algorithm>
#include <map>

#include "index/date_terms.hpp"
#include "index/identifiers.hpp"
#include "index/schema.hpp"
#include "index/weighting.hpp"

namespace vigie::query {

namespace {

using Q = Xapian::Query;

// A term no index holds: the partner that keeps an OP_SYNONYM of one term
// from being simplified away.
const std::string kAbsentTerm("\x01vigie-absent");

std::size_t count_wildcards(const Node& n) {
    std::size_t count = n.kind == Node::Kind::Wildcard;
    for (const Node& child : n.children) count += count_wildcards(child);
    return count;
}

bool has_content(const Node& n, bool positive, WordAnalysis& words) {
    if (n.sign == Sign::Excluded) positive = false;
    switch (n.kind) {
        case Node::Kind::Word: return positive && !WordAnalysis::all_stopwords(words.tokens(n.text));
        case Node::Kind::Phrase:
        case Node::Kind::Wildcard:
        case Node::Kind::Near: return positive;
        case Node::Kind::Exact:
        case Node::Kind::Date: return false;
        case Node::Kind::AndNot: return !n.children.empty() && has_content(n.children[0], positive, words);
        default:
            for (const Node& child : n.children)
                if (has_content(child, positive, words)) return true;
            return false;
    }
}

bool is_bare_word(const Node& n) { return n.kind == Node::Kind::Word && n.sign == Sign::None && !n.field; }

}  // namespace

bool keeps_stopwords(const Node& root, WordAnalysis& words) { return !has_content(root, true, words); }

Xapianizer::Xapianizer(const Xapian::Database& db, WordAnalysis& words, bool keep_stopwords)
    : db_(db), words_(words), keep_stopwords_(keep_stopwords) {
    doccount_ = db_.get_doccount();
    gaps_ = db_.get_lastdocid() > doccount_;
}

Xapianized Xapianizer::build(const Node& root, Xapian::Query::op default_op) {
    default_op_ = default_op;
    wildcards_ = count_wildcards(root);
    relaxable_ = false;
    checked_ = false;
    positive_items_ = 0;
    all_but_one_.clear();
    all_but_one_group_ = nullptr;
    const MaybeBuilt b = node(root, true);
    if (!b) return {Q(), never(), false, Q(), {}};
    // Filters, exclusions and the items of other groups apply to it too:
    // the query filters it, unless it is the whole query's group, alone.
    std::vector<Q> all_but_one = all_but_one_;
    if (all_but_one_group_ != &root || all_but_one_filtered_)
        for (Q& half : all_but_one) half = Q(Q::OP_FILTER, half, b->query);
    return {b->query, b->test, checked_, b->exact ? b->query : b->sure, all_but_one};
}

std::string_view Xapianizer::prefix_of(const Node& n) { return n.field ? n.field->term_prefix : std::string_view(); }

Xapianizer::Built Xapianizer::term(const std::string& t) {
    if (gaps_ && db_.get_termfreq(t) == doccount_) {
        const Q pair[] = {Q(t), Q(kAbsentTerm)};
        const Q q(Q::OP_SYNONYM, std::begin(pair), std::end(pair));
        return {q, any_term({t}), true, q};
    }
    return {Q(t), any_term({t}), true, Q(t)};
}

Xapianizer::Built Xapianizer::combine(Q::op op, const std::vector<Built>& parts) {
    if (parts.size() == 1) return parts[0];
    std::vector<Q> queries, sure;
    std::vector<TestPtr> tests;
    bool exact = true;
    for (const auto& p : parts) {
        queries.push_back(p.query);
        sure.push_back(p.sure);
        tests.push_back(p.test);
        exact &= p.exact;
    }
    TestPtr test = op == Q::OP_AND ? all_of(tests) : op == Q::OP_XOR ? one_of(tests) : any_of(tests);
    if (op == Q::OP_XOR && !exact) {
        // XOR of candidates is no superset of XOR of matches: OR, then the
        // test; and no candidate is sure.
        const Q any(Q::OP_OR, queries.begin(), queries.end());
        return {any, std::move(test), false, Q::MatchNothing};
    }
    const Q query(op, queries.begin(), queries.end());
    return {query, std::move(test), exact, exact ? query : Q(op, sure.begin(), sure.end())};
}

std::vector<Xapian::Query> Xapianizer::all_but_one(const std::vector<Built>& musts, const std::vector<Built>& optional) const {
    // What reading an AND costs grows with its lists: the AND without the
    // most frequent item is the cheapest. Frequencies of an item's terms
    // added: a bound for an OR of them.
    std::vector<std::pair<Xapian::doccount, std::size_t>> by_frequency;  // (frequency, item)
    for (std::size_t i = 0; i < optional.size(); ++i) {
        Xapian::doccount frequency = 0;
        for (auto t = optional[i].query.get_unique_terms_begin(); t != optional[i].query.get_unique_terms_end(); ++t)
            frequency += db_.get_termfreq(*t);
        by_frequency.emplace_back(frequency, i);
    }
    std::sort(by_frequency.begin(), by_frequency.end());
    // The costliest ANDs first, each to the half that costs less so far
    // (its frequency left out: the smaller, the costlier).
    std::vector<Q> halves[2];
    double cost[2] = {0, 0};
    double all = 0;
    for (const auto& [frequency, item] : by_frequency) all += frequency;
    for (const auto& [frequency, left_out] : by_frequency) {
        std::vector<Q> every;
        for (const Built& must : musts) every.push_back(must.query);
        for (std::size_t i = 0; i < optional.size(); ++i)
            if (i != left_out) every.push_back(optional[i].query);
        const int half = cost[0] <= cost[1] ? 0 : 1;
        halves[half].emplace_back(Q::OP_AND, every.begin(), every.end());
        cost[half] += all - frequency;
    }
    return {Q(Q::OP_OR, halves[0].begin(), halves[0].end()), Q(Q::OP_OR, halves[1].begin(), halves[1].end())};
}

Xapianizer::Built Xapianizer::without(const Built& kept, const Built& removed) {
    // Removing candidates of a phrase would remove documents where the
    // words are, not in a row: only the test can tell. Sure are those kept
    // for sure, with no candidate of the removed.
    const Q query = removed.exact ? Q(Q::OP_AND_NOT, kept.query, removed.query) : kept.query;
    const bool exact = kept.exact && removed.exact;
    return {query, and_not(kept.test, {removed.test}), exact,
            exact ? query : Q(Q::OP_AND_NOT, kept.sure, removed.query)};
}

Xapianizer::MaybeBuilt Xapianizer::node(const Node& n, bool required) {
    MaybeBuilt b;
    switch (n.kind) {
        case Node::Kind::Word: b = word(n); break;
        case Node::Kind::Phrase: b = phrase(n); break;
        case Node::Kind::Wildcard: b = wildcard(n); break;
        case Node::Kind::Near: b = near(n); break;
        case Node::Kind::Exact: b = exact(n); break;
        case Node::Kind::Date: b = date(n); break;
        case Node::Kind::Group: b = group(n, required); break;
        default: b = branch(n, required); break;
    }
    if (b && required && b->exact) b->test = always();
    return b;
}

Xapianizer::MaybeBuilt Xapianizer::group(const Node& n, bool required) {
    std::vector<Built> positives, musts, excluded;
    std::map<std::string_view, std::vector<Built>> filters;  // same field: either value
    for (std::size_t i = 0; i < n.children.size(); ++i) {
        const Node& item = n.children[i];
        // In every-word mode the plain and + items are all required; in
        // some-words mode only the + ones.
        const bool item_required = required && item.sign != Sign::Excluded &&
                                   (default_op_ == Q::OP_AND || item.sign == Sign::Required);
        if (item.is_filter()) {
            (item.sign == Sign::Excluded ? excluded : filters[item.field->name])
                .push_back(*node(item, required && item.sign != Sign::Excluded));
            continue;
        }
        MaybeBuilt b;
        if (i + 1 < n.children.size() && (b = joined_pair(item, n.children[i + 1]))) {
            ++i;
            if (item_required && b->exact) b->test = always();
        } else {
            b = node(item, item_required);
        }
        if (!b) continue;
        switch (item.sign) {
            case Sign::None: positives.push_back(*b); break;
            case Sign::Required: musts.push_back(*b); break;
            case Sign::Excluded: excluded.push_back(*b); break;
        }
    }
    positive_items_ += positives.size() + musts.size();
    if (!positives.empty() && positives.size() + musts.size() >= 2) relaxable_ = true;

    MaybeBuilt main;
    if (default_op_ == Q::OP_AND) {
        std::vector<Built> all = musts;
        all.insert(all.end(), positives.begin(), positives.end());
        if (!all.empty()) main = combine(Q::OP_AND, all);
    } else if (!musts.empty()) {
        main = combine(Q::OP_AND, musts);
        // The others only rank: the required decide.
        if (!positives.empty()) {
            main->query = Q(Q::OP_AND_MAYBE, main->query, combine(Q::OP_OR, positives).query);
            if (main->exact) main->sure = main->query;
        }
    } else if (!positives.empty()) {
        main = combine(Q::OP_OR, positives);
    }
    // Groups are built inside out: the outermost one sets it last. Past
    // kMaxAllButOneItems, as many ANDs of as many items are not worth
    // writing for every query (a long question rarely has all its words
    // but one anywhere): relaxation then counts the OR's words alone.
    if (default_op_ == Q::OP_OR && positives.size() >= 2 && positives.size() + musts.size() >= 3 &&
        positives.size() + musts.size() <= kMaxAllButOneItems) {
        all_but_one_ = all_but_one(musts, positives);
        all_but_one_group_ = &n;
        all_but_one_filtered_ = !filters.empty() || !excluded.empty();
    }
    MaybeBuilt filter;
    for (const auto& [field, values] : filters) {
        const Built either = combine(Q::OP_OR, values);
        filter = filter ? combine(Q::OP_AND, {*filter, either}) : either;
    }
    if (!main) {
        // Filters alone select without ranking; exclusions alone leave
        // every other document (as notmuch reads "not x").
        if (filter) {
            main = filter;
            filter.reset();
        } else if (!excluded.empty()) {
            main = Built{Q::MatchAll, always(), true, Q::MatchAll};
        } else {
            return std::nullopt;
        }
    }
    if (filter) {
        const bool exact = main->exact && filter->exact;
        const Q query(Q::OP_FILTER, main->query, filter->query);
        main = Built{query, all_of({main->test, filter->test}), exact,
                     exact ? query : Q(Q::OP_FILTER, main->sure, filter->sure)};
    }
    if (!excluded.empty()) main = without(*main, combine(Q::OP_OR, excluded));
    return main;
}

Xapianizer::MaybeBuilt Xapianizer::branch(const Node& n, bool required) {
    std::vector<MaybeBuilt> built;
    for (std::size_t i = 0; i < n.children.size(); ++i) {
        const bool child_required =
            required && (n.kind == Node::Kind::And || (n.kind == Node::Kind::AndNot && i == 0));
        built.push_back(node(n.children[i], child_required));
    }
    std::vector<Built> parts;
    for (std::size_t i = n.kind == Node::Kind::AndNot ? 1 : 0; i < built.size(); ++i)
        if (built[i]) parts.push_back(*built[i]);
    if (n.kind == Node::Kind::AndNot) {
        // a NOT b; a lone NOT b keeps every document without b.
        const MaybeBuilt& kept = built.empty() ? std::nullopt : built[0];
        if (parts.empty()) return kept;
        return without(kept ? *kept : Built{Q::MatchAll, always(), true, Q::MatchAll}, combine(Q::OP_OR, parts));
    }
    if (parts.empty()) return std::nullopt;
    switch (n.kind) {
        case Node::Kind::And: return combine(Q::OP_AND, parts);
        case Node::Kind::Or: return combine(Q::OP_OR, parts);
        case Node::Kind::Xor: return combine(Q::OP_XOR, parts);
        default: return std::nullopt;
    }
}

Xapianizer::Built Xapianizer::token_query(const Token& token, std::string_view prefix, bool default_field) {
    words_.terms().terms_of(token, prefix, token_terms_);
    switch (token.kind) {
        case Token::Kind::Word: {
            Built b = term(token_terms_.positional[0]);
            // A word the stemmer leaves whole (a name, an acronym, a
            // number) is its own exact form: it weighs that much more
            // (weighting::kExactFormWeight; search/proximity weighs the
            // exact forms of the others), in the text; a field's word
            // is a filter as much as a score.
            if (default_field && words_.key(token.term) == token.term)
                b.query = Q(Q::OP_SCALE_WEIGHT, b.query, 1 + weighting::kExactFormWeight);
            // cyberattaques also finds the "cyber attaques" of a text that
            // elsewhere wrote cyber-attaques.
            if (default_field)
                for (const std::string& spelling : words_.spellings(token.term))
                    b = combine(Q::OP_OR, {b, in_a_row(words_.tokens(spelling), prefix)});
            return b;
        }
        case Token::Kind::Compound: {
            // cyber-attaques: the parts in a row (cyber-attaques, cyber
            // attaques), or the joined word (cyberattaques).
            const Built joined = term(token_terms_.unpositioned[0]);
            return combine(Q::OP_OR, {in_a_row({token}, prefix), joined});
        }
        case Token::Kind::Identifier: break;
    }
    return term(token_terms_.positional[0]);
}

Xapianizer::Built Xapianizer::in_a_row(const std::vector<Token>& tokens, std::string_view prefix) {
    std::vector<std::string> terms, keys;
    for (const Token& t : tokens) {
        words_.terms().terms_of(t, prefix, token_terms_);
        terms.insert(terms.end(), token_terms_.positional.begin(), token_terms_.positional.end());
        for (auto& k : words_.position_keys(t)) keys.push_back(std::move(k));
    }
    if (terms.empty()) return {Q::MatchNothing, never(), true, Q::MatchNothing};
    if (terms.size() == 1) return term(terms[0]);
    std::sort(terms.begin(), terms.end());
    terms.erase(std::unique(terms.begin(), terms.end()), terms.end());
    std::vector<Built> all;
    for (const auto& t : terms) all.push_back(term(t));
    checked_ = true;
    return {combine(Q::OP_AND, all).query, sequence(std::move(keys), fields_of(prefix)), false, Q::MatchNothing};
}

Xapianizer::MaybeBuilt Xapianizer::word(const Node& n) {
    const std::vector<Token> tokens = words_.tokens(n.text);
    if (tokens.empty()) return std::nullopt;
    // Stopwords go, unless asked for (+le) or all the query has.
    if (!keep_stopwords_ && n.sign == Sign::None && WordAnalysis::all_stopwords(tokens)) return std::nullopt;
    // Several tokens written together (a/b, 198.51.100.0/24) stand in a row.
    if (tokens.size() > 1) return in_a_row(tokens, prefix_of(n));
    return token_query(tokens[0], prefix_of(n), !n.field);
}

Xapianizer::MaybeBuilt Xapianizer::phrase(const Node& n) {
    const std::vector<Token> tokens = words_.tokens(n.text);
    if (tokens.empty()) return std::nullopt;
    return in_a_row(tokens, prefix_of(n));
}

// The most frequent terms that begin with prefix, each weighted as
// itself, ORed. Expanded here over the whole index rather than by
// OP_WILDCARD, which each shard expands on its own, and weighted without
// OP_SYNONYM, whose frequency each shard estimates: sharded or not, the
// same terms and the same weights. Not OP_MAX: Xapian 1.4.22's MaxPostList
// calls a sub-list it has already given away once its last ones end
// together, which crashed `a*` over several databases.
Q Xapianizer::expand_prefix(const std::string& prefix, Xapian::termcount most) const {
    std::vector<std::pair<Xapian::doccount, std::string>> found;
    for (auto t = db_.allterms_begin(prefix); t != db_.allterms_end(prefix); ++t)
        found.emplace_back(t.get_termfreq(), *t);
    const auto more_frequent = [](const auto& a, const auto& b) {
        return a.first != b.first ? a.first > b.first : a.second < b.second;
    };
    if (found.size() > most) {
        std::partial_sort(found.begin(), found.begin() + most, found.end(), more_frequent);
        found.resize(most);
    }
    std::vector<Q> terms;
    terms.reserve(found.size());
    for (auto& f : found) terms.emplace_back(std::move(f.second));
    return terms.empty() ? Q::MatchNothing : Q(Q::OP_OR, terms.begin(), terms.end());
}

Xapianizer::MaybeBuilt Xapianizer::wildcard(const Node& n) {
    const std::vector<Token> tokens = words_.tokens(n.text);
    if (tokens.empty()) return std::nullopt;
    const std::string_view prefix = prefix_of(n);
    // The star ends the last word: what comes before it must be there too.
    const std::string folded = WordAnalysis::wildcard_prefix(tokens.back());
    const auto expansion = static_cast<Xapian::termcount>(
        std::max<std::size_t>(10, kWildcardTermBudget / std::max<std::size_t>(wildcards_, 1)));
    // Candidates: the keys that begin so (hop* -> hopital), and those a
    // longer prefix begins with (vulnerabilit* -> vulner); the text tells.
    const std::string keys = std::string(schema::kKeyPrefix) + std::string(prefix);
    std::vector<Q> candidates{expand_prefix(keys + folded, expansion)};
    for (std::size_t length = 2; length < folded.size(); ++length) {
        const std::string shorter = keys + folded.substr(0, length);
        if (db_.term_exists(shorter)) candidates.push_back(term(shorter).query);
    }
    checked_ = true;
    Built b{Q(Q::OP_OR, candidates.begin(), candidates.end()), query::prefix(folded, fields_of(prefix)), false,
            Q::MatchNothing};
    for (std::size_t i = 0; i + 1 < tokens.size(); ++i) b = combine(Q::OP_AND, {token_query(tokens[i], prefix, !n.field), b});
    return b;
}

Xapianizer::MaybeBuilt Xapianizer::near(const Node& n) {
    std::vector<std::string> terms, keys;
    for (const Node& child : n.children) {
        for (const Token& t : words_.tokens(child.text)) {
            words_.terms().terms_of(t, prefix_of(child), token_terms_);
            terms.insert(terms.end(), token_terms_.positional.begin(), token_terms_.positional.end());
            for (auto& k : words_.position_keys(t)) keys.push_back(std::move(k));
        }
    }
    if (terms.empty()) return std::nullopt;
    if (terms.size() == 1) return term(terms[0]);
    // A compound adds positions: the window grows with them.
    const auto window = static_cast<unsigned>(n.window + keys.size() - n.children.size());
    std::vector<Built> all;
    for (const auto& t : terms) all.push_back(term(t));
    checked_ = true;
    return Built{combine(Q::OP_AND, all).query,
                 query::near(std::move(keys), window, n.ordered, fields_of(n.children.empty() ? "" : prefix_of(n.children[0]))),
                 false, Q::MatchNothing};
}

Xapianizer::Built Xapianizer::exact(const Node& n) {
    std::vector<Built> terms;
    if (n.field->name == "id") {
        terms.push_back(term(schema::id_term(n.text)));
        // A text file's id without its extension: id:CERTFR-2021-AVI-951.
        constexpr std::string_view kText = ".txt";
        if (n.text.size() < kText.size() || n.text.compare(n.text.size() - kText.size(), kText.size(), kText) != 0)
            terms.push_back(term(schema::id_term(n.text + std::string(kText))));
    } else {
        // cve:cve-2021-44228 is CVE-2021-44228, as the index writes it.
        terms.push_back(term(schema::bounded_term(std::string(n.field->term_prefix) + identifier_value(n.text))));
    }
    return combine(Q::OP_OR, terms);
}

Xapianizer::Built Xapianizer::date(const Node& n) {
    std::vector<Built> terms;
    for (const std::string& t : date_filter_terms(n.range, db_)) terms.push_back(term(t));
    if (terms.empty()) return {Q::MatchNothing, never(), true, Q::MatchNothing};
    return combine(Q::OP_OR, terms);
}

Xapianizer::MaybeBuilt Xapianizer::joined_pair(const Node& a, const Node& b) {
    if (!is_bare_word(a) || !is_bare_word(b)) return std::nullopt;
    const std::vector<Token> first = words_.tokens(a.text);
    const std::vector<Token> second = words_.tokens(b.text);
    if (first.size() != 1 || second.size() != 1 || first[0].kind != Token::Kind::Word ||
        second[0].kind != Token::Kind::Word)
        return std::nullopt;
    const auto letters_only = [](const std::string& s) {
        return s.find_first_of("0123456789'._,") == std::string::npos;
    };
    if (!letters_only(first[0].term) || !letters_only(second[0].term)) return std::nullopt;
    const std::string joined = first[0].term + second[0].term;
    if (words_.spellings(joined).empty()) return std::nullopt;
    Token joined_token = first[0];
    joined_token.term = joined;
    const Built both = combine(default_op_ == Q::OP_AND ? Q::OP_AND : Q::OP_OR,
                               {token_query(first[0], "", true), token_query(second[0], "", true)});
    ++positive_items_;  // the pair counts as two words
    relaxable_ = true;
    // The joined word's own spaced spellings are the pair itself: left out.
    return combine(Q::OP_OR, {both, token_query(joined_token, "", false)});
}

}  // namespace vigie::query
