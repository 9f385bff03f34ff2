#include "index/terms.hpp"

#include "analysis/french_stem.hpp"
#include "index/schema.hpp"

namespace vigie {

void position_keys(const Token& token, Xapian::Stem& stem, std::vector<std::string>& out) {
    out.clear();
    if (token.term.empty()) return;
    if (token.kind == Token::Kind::Compound) {
        for_each_part(token.term, [&](std::string_view part) { out.push_back(stem(std::string(part))); });
    } else {
        out.push_back(stem(token.term));
    }
}

Xapian::termpos position_count(const Token& token) {
    if (token.term.empty()) return 0;
    if (token.kind != Token::Kind::Compound) return 1;
    Xapian::termpos n = 0;
    for_each_part(token.term, [&](std::string_view) { ++n; });
    return n;
}

TermMaker::TermMaker() : stem_(make_french_stem()) {}

std::string TermMaker::key(const std::string& folded) { return stem_(folded); }

std::string TermMaker::key_term(std::string_view prefix, const std::string& folded) {
    std::string term(schema::kKeyPrefix);
    term += prefix;
    term += stem_(folded);
    return schema::bounded_term(std::move(term));
}

std::vector<std::string> TermMaker::parts(const Token& token) {
    std::vector<std::string> out;
    if (token.kind == Token::Kind::Word) {
        out.push_back(token.term);
    } else {
        for_each_part(token.term, [&](std::string_view part) { out.emplace_back(part); });
    }
    return out;
}

void TermMaker::terms_of(const Token& token, std::string_view prefix, TokenTerms& out) {
    out.positional.clear();
    out.unpositioned.clear();
    // A lone combining mark folds to nothing: no term.
    if (token.term.empty()) return;
    switch (token.kind) {
        case Token::Kind::Word:
            out.positional.push_back(key_term(prefix, token.term));
            break;
        case Token::Kind::Compound: {
            std::string joined;
            for_each_part(token.term, [&](std::string_view part) {
                const std::string p(part);
                out.positional.push_back(key_term(prefix, p));
                joined += part;
            });
            if (joined.empty()) break;  // parts of combining marks only
            out.unpositioned.push_back(key_term(prefix, joined));
            break;
        }
        case Token::Kind::Identifier:
            // cve_2021_44228 is one term; its parts are findable alone.
            out.positional.push_back(key_term(prefix, token.term));
            for_each_part(token.term, [&](std::string_view part) {
                out.unpositioned.push_back(key_term(prefix, std::string(part)));
            });
            break;
    }
}

}  // namespace vigie
