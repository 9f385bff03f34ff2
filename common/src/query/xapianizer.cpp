#include "query/xapianizer.hpp"

#include <algorithm>
#include <map>

#include "index/date_terms.hpp"
#include "index/schema.hpp"
#include "index/weighting.hpp"

namespace vigie::query {

namespace {

using Q = Xapian::Query;

// A term no index holds: the partner that keeps an OP_SYNONYM of one term
// from being simplified away.
const std::string kAbsentTerm("\x01vigie-absent");

Q combine(Q::op op, const std::vector<Q>& queries) {
    if (queries.size() == 1) return queries[0];
    return Q(op, queries.begin(), queries.end());
}

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

Xapian::Query Xapianizer::build(const Node& root, Xapian::Query::op default_op) {
    default_op_ = default_op;
    wildcards_ = count_wildcards(root);
    relaxable_ = false;
    positive_items_ = 0;
    const MaybeQuery q = node(root);
    return q ? *q : Q();
}

std::string_view Xapianizer::prefix_of(const Node& n) { return n.field ? n.field->term_prefix : std::string_view(); }

Xapian::Query Xapianizer::term(const std::string& t) {
    if (gaps_ && db_.get_termfreq(t) == doccount_) {
        const Q pair[] = {Q(t), Q(kAbsentTerm)};
        return Q(Q::OP_SYNONYM, std::begin(pair), std::end(pair));
    }
    return Q(t);
}

Xapianizer::MaybeQuery Xapianizer::node(const Node& n) {
    switch (n.kind) {
        case Node::Kind::Word: return word(n);
        case Node::Kind::Phrase: return phrase(n);
        case Node::Kind::Wildcard: return wildcard(n);
        case Node::Kind::Near: return near(n);
        case Node::Kind::Exact: return exact(n);
        case Node::Kind::Date: return date(n);
        case Node::Kind::Group: return group(n);
        default: return branch(n);
    }
}

Xapianizer::MaybeQuery Xapianizer::group(const Node& n) {
    std::vector<Q> positives, required, excluded;
    std::map<std::string_view, std::vector<Q>> filters;  // same field: either value
    for (std::size_t i = 0; i < n.children.size(); ++i) {
        const Node& item = n.children[i];
        if (item.is_filter()) {
            (item.sign == Sign::Excluded ? excluded : filters[item.field->name]).push_back(*node(item));
            continue;
        }
        MaybeQuery q;
        const bool weighed = weighed_;
        weighed_ = weighed && item.sign != Sign::Excluded;
        if (i + 1 < n.children.size() && (q = joined_pair(item, n.children[i + 1]))) {
            ++i;
        } else {
            q = node(item);
        }
        weighed_ = weighed;
        if (!q) continue;
        switch (item.sign) {
            case Sign::None: positives.push_back(*q); break;
            case Sign::Required: required.push_back(*q); break;
            case Sign::Excluded: excluded.push_back(*q); break;
        }
    }
    positive_items_ += positives.size() + required.size();
    if (!positives.empty() && positives.size() + required.size() >= 2) relaxable_ = true;

    MaybeQuery main;
    if (default_op_ == Q::OP_AND) {
        std::vector<Q> all = required;
        all.insert(all.end(), positives.begin(), positives.end());
        if (!all.empty()) main = combine(Q::OP_AND, all);
    } else if (!required.empty()) {
        main = combine(Q::OP_AND, required);
        if (!positives.empty()) main = Q(Q::OP_AND_MAYBE, *main, combine(Q::OP_OR, positives));
    } else if (!positives.empty()) {
        main = combine(Q::OP_OR, positives);
    }
    MaybeQuery filter;
    for (const auto& [field, values] : filters) {
        const Q either = combine(Q::OP_OR, values);
        filter = filter ? Q(Q::OP_AND, *filter, either) : either;
    }
    if (!main) {
        // Filters alone select without ranking; exclusions alone leave
        // every other document (as notmuch reads "not x").
        if (filter) {
            main = filter;
            filter.reset();
        } else if (!excluded.empty()) {
            main = Q::MatchAll;
        } else {
            return std::nullopt;
        }
    }
    if (filter) main = Q(Q::OP_FILTER, *main, *filter);
    if (!excluded.empty()) main = Q(Q::OP_AND_NOT, *main, combine(Q::OP_OR, excluded));
    return main;
}

Xapianizer::MaybeQuery Xapianizer::branch(const Node& n) {
    std::vector<MaybeQuery> built;
    const bool weighed = weighed_;
    for (std::size_t i = 0; i < n.children.size(); ++i) {
        weighed_ = weighed && !(n.kind == Node::Kind::AndNot && i > 0);
        built.push_back(node(n.children[i]));
    }
    weighed_ = weighed;
    std::vector<Q> parts;
    for (std::size_t i = n.kind == Node::Kind::AndNot ? 1 : 0; i < built.size(); ++i)
        if (built[i]) parts.push_back(*built[i]);
    if (n.kind == Node::Kind::AndNot) {
        // a NOT b; a lone NOT b keeps every document without b.
        const MaybeQuery& kept = built.empty() ? std::nullopt : built[0];
        if (parts.empty()) return kept;
        return Q(Q::OP_AND_NOT, kept ? *kept : Q::MatchAll, combine(Q::OP_OR, parts));
    }
    if (parts.empty()) return std::nullopt;
    switch (n.kind) {
        case Node::Kind::And: return combine(Q::OP_AND, parts);
        case Node::Kind::Or: return combine(Q::OP_OR, parts);
        case Node::Kind::Xor: return combine(Q::OP_XOR, parts);
        default: return std::nullopt;
    }
}

Xapian::Query Xapianizer::token_query(const Token& token, std::string_view prefix, bool default_field) {
    words_.terms().terms_of(token, prefix, token_terms_);
    switch (token.kind) {
        case Token::Kind::Word: {
            Q q = term(token_terms_.positional[0]);
            // Its exact form weighs in too (weighting.hpp); stopwords have none.
            if (weighed_ && !token_terms_.wildcard.empty())
                q = Q(Q::OP_OR, q, Q(Q::OP_SCALE_WEIGHT, term(token_terms_.wildcard[0]), weighting::kExactFormWeight));
            // cyberattaques also finds the "cyber attaques" of a text that
            // elsewhere wrote cyber-attaques.
            if (default_field)
                for (const std::string& spelling : words_.spellings(token.term))
                    q = Q(Q::OP_OR, q, phrase_of(words_.tokens(spelling), prefix));
            return q;
        }
        case Token::Kind::Compound: {
            // cyber-attaques: the parts in a row (cyber-attaques, cyber
            // attaques), or the joined word (cyberattaques).
            const std::vector<std::string> parts = token_terms_.positional;
            const std::string joined = token_terms_.unpositioned[0];
            return Q(Q::OP_OR, Q(Q::OP_PHRASE, parts.begin(), parts.end(), parts.size()), term(joined));
        }
        case Token::Kind::Identifier: break;
    }
    return term(token_terms_.positional[0]);
}

Xapian::Query Xapianizer::phrase_of(const std::vector<Token>& tokens, std::string_view prefix) {
    std::vector<std::string> positions;
    for (const Token& t : tokens) {
        words_.terms().terms_of(t, prefix, token_terms_);
        positions.insert(positions.end(), token_terms_.positional.begin(), token_terms_.positional.end());
    }
    if (positions.empty()) return Q::MatchNothing;
    if (positions.size() == 1) return Q(positions[0]);
    return Q(Q::OP_PHRASE, positions.begin(), positions.end(), positions.size());
}

Xapianizer::MaybeQuery Xapianizer::word(const Node& n) {
    const std::vector<Token> tokens = words_.tokens(n.text);
    if (tokens.empty()) return std::nullopt;
    // Stopwords go, unless asked for (+le) or all the query has.
    if (!keep_stopwords_ && n.sign == Sign::None && WordAnalysis::all_stopwords(tokens)) return std::nullopt;
    // Several tokens written together (a/b, 198.51.100.0/24) stand in a row.
    if (tokens.size() > 1) return phrase_of(tokens, prefix_of(n));
    return token_query(tokens[0], prefix_of(n), !n.field);
}

Xapianizer::MaybeQuery Xapianizer::phrase(const Node& n) {
    const std::vector<Token> tokens = words_.tokens(n.text);
    if (tokens.empty()) return std::nullopt;
    return phrase_of(tokens, prefix_of(n));
}

Xapianizer::MaybeQuery Xapianizer::wildcard(const Node& n) {
    const std::vector<Token> tokens = words_.tokens(n.text);
    if (tokens.empty()) return std::nullopt;
    // The star ends the last word: what comes before it must be there too.
    const Token& last = tokens.back();
    std::string folded;
    for (const std::string& part : TermMaker::parts(last)) folded += part;
    if (last.kind == Token::Kind::Identifier) folded = last.term;
    const auto expansion = static_cast<Xapian::termcount>(
        std::max<std::size_t>(10, kWildcardTermBudget / std::max<std::size_t>(wildcards_, 1)));
    Q q(Q::OP_WILDCARD, TermMaker::wildcard_term(prefix_of(n), folded), expansion, Q::WILDCARD_LIMIT_MOST_FREQUENT);
    for (std::size_t i = 0; i + 1 < tokens.size(); ++i) q = Q(Q::OP_AND, token_query(tokens[i], prefix_of(n), !n.field), q);
    return q;
}

Xapianizer::MaybeQuery Xapianizer::near(const Node& n) {
    std::vector<std::string> positions;
    for (const Node& child : n.children) {
        for (const Token& t : words_.tokens(child.text)) {
            words_.terms().terms_of(t, prefix_of(child), token_terms_);
            positions.insert(positions.end(), token_terms_.positional.begin(), token_terms_.positional.end());
        }
    }
    if (positions.empty()) return std::nullopt;
    if (positions.size() == 1) return Q(positions[0]);
    // A compound adds positions: the window grows with them.
    const auto window = static_cast<Xapian::termcount>(n.window + positions.size() - n.children.size());
    return Q(n.ordered ? Q::OP_PHRASE : Q::OP_NEAR, positions.begin(), positions.end(), window);
}

Xapian::Query Xapianizer::exact(const Node& n) {
    std::vector<Q> terms;
    if (n.field->name == "id") {
        terms.push_back(term(schema::id_term(n.text)));
        // A text file's id without its extension: id:CERTFR-2021-AVI-951.
        constexpr std::string_view kText = ".txt";
        if (n.text.size() < kText.size() || n.text.compare(n.text.size() - kText.size(), kText.size(), kText) != 0)
            terms.push_back(term(schema::id_term(n.text + std::string(kText))));
    } else {
        terms.push_back(term(schema::bounded_term(std::string(n.field->term_prefix) + n.text)));
    }
    return combine(Q::OP_OR, terms);
}

Xapian::Query Xapianizer::date(const Node& n) {
    std::vector<Q> terms;
    for (const std::string& t : date_filter_terms(n.range, db_)) terms.push_back(term(t));
    if (terms.empty()) return Q::MatchNothing;
    return combine(Q::OP_OR, terms);
}

Xapianizer::MaybeQuery Xapianizer::joined_pair(const Node& a, const Node& b) {
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
    const Q both = default_op_ == Q::OP_AND ? Q(Q::OP_AND, token_query(first[0], "", true), token_query(second[0], "", true))
                                             : Q(Q::OP_OR, token_query(first[0], "", true), token_query(second[0], "", true));
    ++positive_items_;  // the pair counts as two words
    relaxable_ = true;
    return Q(Q::OP_OR, both, token_query(joined_token, "", true));
}

}  // namespace vigie::query
