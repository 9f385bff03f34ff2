#include "query/query_rewrite.hpp"

#include <fmt/format.h>

#include "document/dates.hpp"
#include "vigie/error.hpp"
#include "analysis/tokenizer.hpp"

namespace vigie {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Query words from a piece of text, French rules applied. Outside phrases a
// compound becomes (cyber-attaques OR cyberattaques), and a word whose
// joined form was seen hyphenated also matches its spaced spellings.
std::string normalize_words(std::string_view text, bool in_phrase, bool allow_expansion,
                            const CompoundLexicon& lexicon, const KeyFunction& key) {
    std::string out;
    Tokenizer tokenizer(text);
    Token token;
    std::size_t count = 0;
    while (tokenizer.next(token)) {
        if (!out.empty()) out += ' ';
        ++count;
        if (token.kind == Token::Kind::Compound && !in_phrase && allow_expansion) {
            std::string joined;
            for_each_part(token.term, [&](std::string_view part) { joined += part; });
            out += fmt::format("({} OR {}", token.term, joined);
            if (lexicon)
                for (const auto& s : lexicon(key(joined))) out += fmt::format(" OR \"{}\"", s);
            out += ')';
            continue;
        }
        if (token.kind == Token::Kind::Word && !in_phrase && allow_expansion && lexicon) {
            std::vector<std::string> spellings = lexicon(key(token.term));
            if (!spellings.empty()) {
                out += '(' + token.term;
                for (const auto& s : spellings) out += fmt::format(" OR \"{}\"", s);
                out += ')';
                continue;
            }
        }
        out += token.term;
    }
    // Keep a trailing wildcard: hôp* -> hop*
    if (count == 1 && !text.empty() && text.back() == '*' && !out.empty() && out.back() != ')') out += '*';
    return out;
}

bool balanced(const std::string& q, std::string& why) {
    int depth = 0;
    bool quoted = false;
    for (const char c : q) {
        if (c == '"') quoted = !quoted;
        if (quoted) continue;
        if (c == '(') ++depth;
        if (c == ')' && --depth < 0) break;
    }
    if (quoted) why = "unbalanced quote";
    else if (depth != 0) why = "unbalanced brackets";
    return why.empty();
}

// The days a date: value covers (2020-06, 2020-03..2020-06, ..2019).
DateRange date_value_range(const std::string& value) {
    const auto day = [&](const std::string& part, bool last) -> std::string {
        if (part.empty()) return {};
        const DateParse parsed = parse_date(part);
        if (!parsed.date)
            throw Error(ExitCode::Error,
                        fmt::format("invalid date '{}' in the query: {}", part, parsed.error));
        return last ? parsed.date->last_day() : parsed.date->first_day();
    };
    const std::size_t dots = value.find("..");
    if (dots == std::string::npos) {
        if (value.empty()) throw Error(ExitCode::Error, "empty date: in the query");
        return {day(value, false), day(value, true)};
    }
    return {day(value.substr(0, dots), false), day(value.substr(dots + 2), true)};
}

// One whitespace-separated chunk outside quotes.
std::string rewrite_chunk(const std::string& chunk, const CompoundLexicon& lexicon,
                          const KeyFunction& key, std::vector<DateRange>& dates) {
    if (is_query_operator(chunk)) return chunk;
    std::size_t start = 0;
    while (start < chunk.size() && (chunk[start] == '+' || chunk[start] == '-' || chunk[start] == '('))
        ++start;
    std::size_t end = chunk.size();
    while (end > start && chunk[end - 1] == ')') --end;
    const std::string lead = chunk.substr(0, start);
    const std::string tail = chunk.substr(end);
    std::string core = chunk.substr(start, end - start);

    const std::size_t colon = core.find(':');
    if (colon != std::string::npos) {
        const std::string field = core.substr(0, colon);
        const std::string value = core.substr(colon + 1);
        if (field == "id") return lead + core + tail;  // ids are exact
        if (field == "date") {
            dates.push_back(date_value_range(value));  // throws on a bad date
            return lead + core + tail;
        }
        if (field == "title" || field == "source") {
            std::string words = normalize_words(value, false, false, lexicon, key);
            if (words.empty()) return lead + tail;
            if (words.find(' ') != std::string::npos) words = '"' + words + '"';
            return lead + field + ':' + words + tail;
        }
    }
    const std::string words = normalize_words(core, false, true, lexicon, key);
    if (words.empty()) return lead.find('(') != std::string::npos || !tail.empty() ? lead + tail : "";
    if (!lead.empty() && lead.back() != '(' && words.find(' ') != std::string::npos &&
        words.front() != '(')
        return lead + '(' + words + ')' + tail;  // -l'État... keeps its sign on all words
    return lead + words + tail;
}

// A chunk that is one plain word (no syntax, digits or hyphen), folded.
bool bare_word(const std::string& chunk, std::string& term) {
    if (is_query_operator(chunk)) return false;
    Tokenizer tokenizer(chunk);
    Token token;
    if (!tokenizer.next(token) || token.begin != 0 || token.end != chunk.size()) return false;
    if (token.kind != Token::Kind::Word || token.term.find_first_of("0123456789'") != std::string::npos)
        return false;
    term = token.term;
    return true;
}

// The prefixes of the prefix* words of a rewritten query (one pass; id:
// values are exact, not patterns).
std::vector<std::string> wildcard_prefixes(const std::string& rewritten) {
    constexpr std::size_t kMaxWildcards = 64;
    std::vector<std::string> prefixes;
    std::size_t pos = 0;
    while (pos < rewritten.size() && prefixes.size() < kMaxWildcards) {
        while (pos < rewritten.size() && is_space(rewritten[pos])) ++pos;
        std::size_t end = pos;
        while (end < rewritten.size() && !is_space(rewritten[end])) ++end;
        std::string_view word(rewritten.data() + pos, end - pos);
        pos = end;
        while (!word.empty() && word.back() == ')') word.remove_suffix(1);
        while (!word.empty() && (word.front() == '(' || word.front() == '+' || word.front() == '-'))
            word.remove_prefix(1);
        if (word.size() < 2 || word.back() != '*' || word.rfind("id:", 0) == 0) continue;
        word.remove_suffix(1);
        const std::size_t colon = word.find(':');
        if (colon != std::string_view::npos) word.remove_prefix(colon + 1);
        if (!word.empty() && word.find('*') == std::string_view::npos) prefixes.emplace_back(word);
    }
    return prefixes;
}

std::string strip_syntax(const std::string& q) {
    std::string out;
    for (const char c : q) out += (c == '"' || c == '(' || c == ')') ? ' ' : c;
    return out;
}

}  // namespace

bool is_query_operator(const std::string& w) {
    if (w == "AND" || w == "OR" || w == "NOT" || w == "XOR" || w == "NEAR" || w == "ADJ") return true;
    for (const char* op : {"NEAR/", "ADJ/"}) {
        const std::string p(op);
        if (w.size() > p.size() && w.compare(0, p.size(), p) == 0 &&
            w.find_first_not_of("0123456789", p.size()) == std::string::npos)
            return true;
    }
    return false;
}

RewrittenQuery rewrite_query(const std::string& query, bool plain, const CompoundLexicon& lexicon,
                             const KeyFunction& key) {
    RewrittenQuery result;
    std::string why;
    if (plain || !balanced(query, why)) {
        result.plain = true;
        result.plain_reason = plain ? "query syntax not understood" : why;
        // Plain words only: no operators, signs, fields or phrases.
        std::string words;
        std::size_t pos = 0;
        const std::string text = strip_syntax(query);
        while (pos < text.size()) {
            while (pos < text.size() && is_space(text[pos])) ++pos;
            std::size_t end = pos;
            while (end < text.size() && !is_space(text[end])) ++end;
            std::string chunk = text.substr(pos, end - pos);
            pos = end;
            if (chunk.empty()) continue;
            if (!words.empty()) words += ' ';
            words += normalize_words(chunk, true, false, lexicon, key);
        }
        result.text = words;
        return result;
    }
    // Chunks run to the next space outside quotes: title:"a b" is one.
    std::vector<std::string> chunks;
    std::size_t pos = 0;
    while (pos < query.size()) {
        if (is_space(query[pos])) {
            ++pos;
            continue;
        }
        std::size_t end = pos;
        bool quoted = false;
        while (end < query.size() && (quoted || !is_space(query[end]))) {
            if (query[end] == '"') quoted = !quoted;
            ++end;
        }
        chunks.push_back(query.substr(pos, end - pos));
        pos = end;
    }
    std::string out;
    for (std::size_t c = 0; c < chunks.size(); ++c) {
        const std::string& chunk = chunks[c];
        std::string rewritten;
        // "cyber attaques" also finds cyberattaques when the index met the
        // compound (cyber-attaques) somewhere.
        std::string first, second;
        if (lexicon && c + 1 < chunks.size() && bare_word(chunk, first) &&
            bare_word(chunks[c + 1], second) && !lexicon(key(first + second)).empty()) {
            rewritten = fmt::format("(({} {}) OR {})", first, second,
                                    normalize_words(first + second, false, true, lexicon, key));
            ++c;
            if (!out.empty()) out += ' ';
            out += rewritten;
            continue;
        }
        const std::size_t quote = chunk.find('"');
        if (quote == std::string::npos) {
            rewritten = rewrite_chunk(chunk, lexicon, key, result.dates);
        } else {
            // Phrases: words normalised, quotes and what surrounds them kept.
            std::size_t i = 0;
            bool inside = false;
            bool exact = false;  // the phrase of id:"..." is an id, kept as written
            std::string piece;
            const auto flush = [&] {
                if (piece.empty()) return;
                if (inside) {
                    rewritten += exact ? piece : normalize_words(piece, true, false, lexicon, key);
                } else if (piece.find_first_not_of("+-(") == std::string::npos) {
                    rewritten += piece;  // the sign or bracket of -"a phrase"
                } else if (piece.back() == ':') {
                    rewritten += piece;  // a field prefix: title:"..."
                    const std::size_t field = piece.find_first_not_of("+-(");
                    exact = piece.compare(field, std::string::npos, "id:") == 0;
                } else {
                    rewritten += rewrite_chunk(piece, lexicon, key, result.dates);
                    exact = false;
                }
                piece.clear();
            };
            for (; i < chunk.size(); ++i) {
                if (chunk[i] == '"') {
                    flush();
                    rewritten += '"';
                    if (inside) exact = false;
                    inside = !inside;
                } else {
                    piece += chunk[i];
                }
            }
            flush();
        }
        if (rewritten.empty()) continue;
        if (!out.empty()) out += ' ';
        out += rewritten;
    }
    result.text = out;
    result.wildcards = wildcard_prefixes(out);
    for (const std::string op : {"OR", "NOT", "XOR"})
        result.has_alternatives |= (" " + out + " ").find(" " + op + " ") != std::string::npos;
    return result;
}

}  // namespace vigie
