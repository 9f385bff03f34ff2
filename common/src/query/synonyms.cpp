#include "query/synonyms.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <unordered_map>

#include "analysis/fold.hpp"
#include "index/terms.hpp"
#include "query/parser.hpp"
#include "util/utf8.hpp"
#include "vigie/error.hpp"

namespace vigie::query {

// share/vigie/synonyms.txt as built in (shipped_synonyms.cpp, generated).
extern const char kShippedSynonyms[];

namespace {

std::string trimmed(std::string_view s) {
    const auto begin = s.find_first_not_of(" \t\r");
    if (begin == std::string_view::npos) return "";
    const auto end = s.find_last_not_of(" \t\r");
    std::string out;
    for (const char c : s.substr(begin, end - begin + 1))  // inner runs of blanks as one space
        if (c != ' ' && c != '\t') out += c;
        else if (out.back() != ' ') out += ' ';
    return out;
}

std::string joined(const std::vector<std::string>& keys) {
    std::string out;
    for (const auto& k : keys) out += (out.empty() ? "" : " ") + k;
    return out;
}

class Expander {
public:
    Expander(const Synonyms& synonyms, WordAnalysis& words) : synonyms_(synonyms), words_(words) {}

    // The entries left unexpanded for the bound on spellings added.
    std::size_t skipped() const { return skipped_; }

    void node(Node& n) {
        switch (n.kind) {
            case Node::Kind::Word:
            case Node::Kind::Phrase:
                if (!n.field) {
                    const auto* entry = find(keys(n.text));
                    if (entry && affordable(*entry)) n = expansion({n}, n.sign, *entry);
                }
                return;
            case Node::Kind::Group: return group(n);
            case Node::Kind::And:
            case Node::Kind::Or:
            case Node::Kind::Xor:
            case Node::Kind::AndNot:
                for (Node& child : n.children) node(child);
                return;
            default: return;  // NEAR, prefix*, filters: as written
        }
    }

private:
    using Entry = std::pair<std::size_t, std::size_t>;  // group, spelling

    std::vector<std::string> keys(const std::string& text) { return keys_of(text, words_); }

    const Entry* find(const std::vector<std::string>& k) const {
        return k.empty() ? nullptr : synonyms_.find(joined(k));
    }

    // Items side by side may spell a multi-word entry (logiciel malveillant):
    // the longest run of plain words that does is expanded.
    void group(Node& n) {
        std::vector<Node> out;
        for (std::size_t i = 0; i < n.children.size();) {
            Node& first = n.children[i];
            if (first.kind != Node::Kind::Word || first.field) {
                node(first);
                out.push_back(std::move(first));
                ++i;
                continue;
            }
            std::vector<std::string> run;
            std::size_t best_end = i;
            const Entry* best = nullptr;
            for (std::size_t j = i; j < n.children.size(); ++j) {
                const Node& item = n.children[j];
                if (item.kind != Node::Kind::Word || item.field || (j > i && (item.sign != Sign::None || first.sign != Sign::None)))
                    break;
                for (auto& k : keys(item.text)) run.push_back(std::move(k));
                if (!run.empty() && run.size() > synonyms_.longest_starting(run.front())) break;
                if (const Entry* e = find(run)) {
                    best = e;
                    best_end = j + 1;
                }
            }
            if (!best || !affordable(*best)) {
                out.push_back(std::move(first));
                ++i;
                continue;
            }
            const Sign sign = first.sign;
            std::vector<Node> typed(std::make_move_iterator(n.children.begin() + static_cast<std::ptrdiff_t>(i)),
                                    std::make_move_iterator(n.children.begin() + static_cast<std::ptrdiff_t>(best_end)));
            out.push_back(expansion(std::move(typed), sign, *best));
            i = best_end;
        }
        n.children = std::move(out);
    }

    // The spellings added to one query are bounded as its words are: a
    // group that would pass the bound is not expanded.
    bool affordable(const Entry& entry) {
        if (added_ + synonyms_.groups()[entry.first].size() - 1 <= kMaxLeaves) return true;
        ++skipped_;
        return false;
    }

    // (what was typed OR the group's other spellings), with the sign of
    // what was typed.
    Node expansion(std::vector<Node> typed, Sign sign, const Entry& entry) {
        const auto& group = synonyms_.groups()[entry.first];
        added_ += group.size() - 1;
        Node either;
        either.kind = Node::Kind::Or;
        for (Node& t : typed) t.sign = Sign::None;
        if (typed.size() == 1) {
            either.children.push_back(std::move(typed[0]));
        } else {
            Node words;
            words.children = std::move(typed);
            either.children.push_back(std::move(words));
        }
        for (std::size_t s = 0; s < group.size(); ++s) {
            if (s == entry.second) continue;
            Node spelling;
            spelling.kind = words_.tokens(group[s]).size() > 1 ? Node::Kind::Phrase : Node::Kind::Word;
            spelling.text = group[s];
            either.children.push_back(std::move(spelling));
        }
        if (sign == Sign::None) return either;
        Node signed_group;  // -ransomware excludes every spelling
        signed_group.sign = sign;
        signed_group.children.push_back(std::move(either));
        return signed_group;
    }

    const Synonyms& synonyms_;
    WordAnalysis& words_;
    std::size_t added_ = 0;    // spellings added to the query
    std::size_t skipped_ = 0;  // entries not expanded, for the bound
};

}  // namespace

// The groups of a text in the synonyms format, in order.
std::vector<std::vector<std::string>> parse_groups(std::string_view text, const std::string& origin) {
    std::vector<std::vector<std::string>> groups;
    std::size_t line_number = 0;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(start, end - start);
        start = end + 1;
        ++line_number;
        line = line.substr(0, line.find('#'));
        std::vector<std::string> group;
        std::size_t from = 0;
        while (from <= line.size()) {
            std::size_t comma = line.find(',', from);
            if (comma == std::string_view::npos) comma = line.size();
            std::string spelling = trimmed(line.substr(from, comma - from));
            if (!spelling.empty()) group.push_back(std::move(spelling));
            from = comma + 1;
        }
        if (group.empty()) continue;
        if (group.size() == 1)
            throw Error(ExitCode::Error, fmt::format("{}, line {}: a group needs two spellings or more, separated by commas",
                                                     origin, line_number));
        if (group.size() > Synonyms::kMaxSpellings)
            throw Error(ExitCode::Error, fmt::format("{}, line {}: a group has at most {} spellings ({} here)", origin,
                                                     line_number, Synonyms::kMaxSpellings, group.size()));
        groups.push_back(std::move(group));
    }
    return groups;
}

Synonyms Synonyms::shipped() {
    // Taken as written: no two shipped groups share a spelling (a unit
    // test checks it), and comparing them would stem every spelling at
    // the start of every search.
    Synonyms s;
    s.groups_ = parse_groups(kShippedSynonyms, "the shipped synonyms");
    s.index_spellings();
    return s;
}

void Synonyms::read(std::string_view text, const std::string& origin) {
    std::vector<std::vector<std::string>> added = parse_groups(text, origin);
    // A group replaces those it shares a spelling with, spellings compared
    // by their keys as the index compares words (Rançongiciels and
    // rançongiciel, l'OTAN and OTAN), through one map from keys to group.
    TermMaker terms;
    WordAnalysis words(terms, nullptr);
    std::unordered_map<std::string, std::size_t> group_of;
    std::vector<bool> replaced(groups_.size(), false);
    const auto note = [&](std::size_t g) {
        for (const auto& spelling : groups_[g]) {
            std::string k = joined(keys_of(spelling, words));
            if (!k.empty()) group_of[std::move(k)] = g;
        }
    };
    for (std::size_t g = 0; g < groups_.size(); ++g) note(g);
    for (auto& group : added) {
        std::vector<std::string> keys;
        for (const auto& spelling : group) {
            keys.push_back(joined(keys_of(spelling, words)));
            const auto it = group_of.find(keys.back());
            if (it != group_of.end()) replaced[it->second] = true;
        }
        groups_.push_back(std::move(group));
        replaced.push_back(false);
        for (auto& k : keys)
            if (!k.empty()) group_of[std::move(k)] = groups_.size() - 1;
    }
    std::size_t kept = 0;
    for (std::size_t g = 0; g < groups_.size(); ++g) {
        if (replaced[g]) continue;
        if (kept != g) groups_[kept] = std::move(groups_[g]);
        ++kept;
    }
    groups_.resize(kept);
    index_spellings();
}

std::vector<std::string> keys_of(const std::string& text, WordAnalysis& words) {
    std::vector<std::string> out;
    for (const Token& t : words.tokens(text))
        for (auto& k : words.position_keys(t)) out.push_back(std::move(k));
    return out;
}

namespace {

// The first bytes text's keys can begin with: that of its first word
// (the first that does not fold to nothing), folded as the tokenizer folds
// it, and, should that word be elided (l'OTAN), that of the word after the
// apostrophe. Every word has keys, stopwords too, and a key begins as its
// word does: a compound's first part does.
std::vector<unsigned char> possible_first_bytes(std::string_view text) {
    std::vector<unsigned char> out;
    std::string folded;
    bool in_word = false, after_apostrophe = false;
    for (std::size_t pos = 0; pos < text.size();) {
        const char32_t cp = utf8::decode(text, pos);
        if (!is_word_char(cp)) {
            if (!in_word) continue;
            if (!is_apostrophe(cp) || after_apostrophe) break;
            after_apostrophe = true;
            in_word = false;
            continue;
        }
        if (in_word) continue;
        folded.clear();
        append_folded(folded, cp);
        if (folded.empty()) continue;  // the next word character begins it
        const auto first = static_cast<unsigned char>(folded[0]);
        if (std::find(out.begin(), out.end(), first) == out.end()) out.push_back(first);
        if (after_apostrophe) break;
        in_word = true;
    }
    return out;
}

}  // namespace

void Synonyms::index_spellings() {
    // Nothing is stemmed here: a single search asks for a bucket or two.
    buckets_ = std::make_unique<Buckets>();
    for (std::size_t g = 0; g < groups_.size(); ++g)
        for (std::size_t s = 0; s < groups_[g].size(); ++s)
            for (const unsigned char first : possible_first_bytes(groups_[g][s]))
                buckets_->spellings[first].emplace_back(g, s);
}

void Synonyms::fill(unsigned char first) const {
    TermMaker terms;
    WordAnalysis words(terms, nullptr);
    auto& entries = buckets_->entries[first];
    std::size_t& longest = buckets_->longest[first];
    for (const auto& [g, s] : buckets_->spellings[first]) {
        const std::vector<std::string> k = keys_of(groups_[g][s], words);
        std::string key = joined(k);
        if (key.empty() || static_cast<unsigned char>(key[0]) != first) continue;  // of another bucket
        longest = std::max(longest, k.size());
        entries.emplace(std::move(key), std::make_pair(g, s));  // the first spelling of some keys wins
    }
}

void Synonyms::ensure_filled(unsigned char first) const {
    buckets_->filled.ensure(first, [&] { fill(first); });
}

std::size_t Synonyms::longest_starting(const std::string& first_key) const {
    const auto first = static_cast<unsigned char>(first_key[0]);  // '\0' for an empty key: a bucket of none
    ensure_filled(first);
    return buckets_->longest[first];
}

const std::pair<std::size_t, std::size_t>* Synonyms::find(const std::string& keys) const {
    if (keys.empty()) return nullptr;
    const auto first = static_cast<unsigned char>(keys[0]);
    ensure_filled(first);
    const auto& entries = buckets_->entries[first];
    const auto it = entries.find(keys);
    return it == entries.end() ? nullptr : &it->second;
}

void Synonyms::read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    // An empty file is no error: it adds no group.
    std::string text;
    if (in) text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    if (!in && !in.eof()) throw Error(ExitCode::Error, fmt::format("cannot read the synonyms file {}", path));
    read(text, path);
}

std::size_t expand_synonyms(Node& root, const Synonyms& synonyms, WordAnalysis& words) {
    if (synonyms.empty()) return 0;
    Expander expander(synonyms, words);
    expander.node(root);
    return expander.skipped();
}

}  // namespace vigie::query
