// Synonyms, expanded in the query tree at search time (no reindexing, so
// shards and remote databases get them too): a word or run of words that
// spells an entry becomes "it OR its other spellings", multi-word spellings
// as phrases. The stages after it (Xapian query, highlights, --explain)
// read the expanded tree like any other.
//
// The file format: one group of spellings per line, separated by commas;
// a spelling is one word or several (a phrase); '#' starts a comment.
//   rançongiciel, ransomware
//   logiciel malveillant, maliciel, malware
// Spellings are compared as the index compares words (case, accents,
// elisions and stems): "Rançongiciels" spells "rançongiciel".
#pragma once

#include <array>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "query/syntax_tree.hpp"
#include "query/word_analysis.hpp"
#include "util/fill_once.hpp"

namespace vigie::query {

class Synonyms {
public:
    // The most spellings of one group (more could never be expanded).
    static constexpr std::size_t kMaxSpellings = 256;

    Synonyms() = default;
    // A copy works its buckets out anew (their keys are filled on use).
    Synonyms(const Synonyms& other) : groups_(other.groups_) { index_spellings(); }
    Synonyms& operator=(const Synonyms& other) {
        if (this != &other) {
            groups_ = other.groups_;
            index_spellings();
        }
        return *this;
    }
    Synonyms(Synonyms&&) noexcept = default;
    Synonyms& operator=(Synonyms&&) noexcept = default;

    // The groups shipped with Vigie (share/vigie/synonyms.txt, compiled in).
    static Synonyms shipped();
    // Reads text in the format above: each group is added, and replaces
    // every group it shares a spelling with (compared as words are). Throws
    // Error naming origin and line for a line with a single spelling.
    void read(std::string_view text, const std::string& origin);
    // read() of a file; throws Error when it cannot be read.
    void read_file(const std::string& path);

    const std::vector<std::vector<std::string>>& groups() const { return groups_; }
    bool empty() const { return groups_.empty(); }

    // The group and spelling whose keys (space-separated) are these, or null.
    const std::pair<std::size_t, std::size_t>* find(const std::string& keys) const;
    // The most keys of a spelling whose keys begin as first_key does.
    std::size_t longest_starting(const std::string& first_key) const;

private:
    // The spellings by the first byte of their keys: a query's keys can
    // only be a spelling of their first byte's bucket. A bucket's keys are
    // worked out (tokenized and stemmed) the first time a query asks for
    // it: stemming every spelling was a fifth of a single search's work,
    // and tokenizing every one to find its bucket still a tenth. Until
    // then a bucket holds every spelling that may begin so (synonyms.cpp,
    // possible_first_bytes). Each bucket is filled once (util/fill_once).
    struct Buckets {
        std::array<std::vector<std::pair<std::size_t, std::size_t>>, 256> spellings;  // (group, spelling)
        std::array<std::unordered_map<std::string, std::pair<std::size_t, std::size_t>>, 256> entries;
        std::array<std::size_t, 256> longest{};  // the most keys of an entry
        FillOnce<256> filled;
    };
    void index_spellings();
    void fill(unsigned char first) const;
    void ensure_filled(unsigned char first) const;

    std::vector<std::vector<std::string>> groups_;
    std::unique_ptr<Buckets> buckets_ = std::make_unique<Buckets>();
};

// The keys of a text's words, space-separated, as the index compares them.
std::vector<std::string> keys_of(const std::string& text, WordAnalysis& words);

// Expands the words of root that spell an entry of synonyms, adding at most
// kMaxLeaves spellings to the query; returns the entries left unexpanded
// for that bound.
std::size_t expand_synonyms(Node& root, const Synonyms& synonyms, WordAnalysis& words);

}  // namespace vigie::query
