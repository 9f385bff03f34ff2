#include "index/identifiers.hpp"

#include <algorithm>

#include "analysis/tokenizer.hpp"

namespace vigie {

namespace {

bool digits(std::string_view s, std::size_t min, std::size_t max) {
    return s.size() >= min && s.size() <= max && s.find_first_not_of("0123456789") == std::string_view::npos;
}
bool letters(std::string_view s, std::size_t min, std::size_t max) {
    return s.size() >= min && s.size() <= max && s.find_first_not_of("abcdefghijklmnopqrstuvwxyz") == std::string_view::npos;
}

enum class Kind { None, Cve, Ref };

// What an identifier token (cve_2021_44228, certfr_2021_avi_001) is.
Kind kind_of(const std::vector<std::string_view>& parts) {
    if (parts.size() == 3 && parts[0] == "cve" && digits(parts[1], 4, 4) && digits(parts[2], 4, 9)) return Kind::Cve;
    if (parts.size() == 4 && (parts[0] == "certfr" || parts[0] == "certa") && digits(parts[1], 4, 4) &&
        letters(parts[2], 2, 5) && digits(parts[3], 1, 6))
        return Kind::Ref;
    return Kind::None;
}

std::string written_in_capitals(const std::vector<std::string_view>& parts) {
    std::string out;
    for (const auto part : parts) {
        if (!out.empty()) out += '-';
        for (const char c : part) out += static_cast<char>(c >= 'a' && c <= 'z' ? c - ('a' - 'A') : c);
    }
    return out;
}

void add_once(std::vector<std::string>& list, std::string value) {
    if (std::find(list.begin(), list.end(), value) == list.end()) list.push_back(std::move(value));
}

}  // namespace

void note_identifier(const Token& token, Identifiers& found) {
    if (token.kind != Token::Kind::Identifier) return;
    std::vector<std::string_view> parts;
    for_each_part(token.term, [&](std::string_view part) { parts.push_back(part); });
    switch (kind_of(parts)) {
        case Kind::Cve: add_once(found.cves, written_in_capitals(parts)); break;
        case Kind::Ref: add_once(found.refs, written_in_capitals(parts)); break;
        case Kind::None: break;
    }
}

void find_identifiers(std::string_view text, Identifiers& found) {
    Tokenizer tokenizer(text);
    Token token;
    while (tokenizer.next(token)) note_identifier(token, found);
}

std::string identifier_value(std::string_view written) {
    Tokenizer tokenizer(written);
    Token token;
    std::vector<std::string_view> parts;
    if (tokenizer.next(token) && token.begin == 0 && token.end == written.size()) {
        for_each_part(token.term, [&](std::string_view part) { parts.push_back(part); });
        if (kind_of(parts) != Kind::None) return written_in_capitals(parts);
    }
    std::string out(written);
    for (char& c : out)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - ('a' - 'A'));
    return out;
}

}  // namespace vigie
