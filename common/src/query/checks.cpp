#include "query/checks.hpp"

#include <algorithm>

#include "analysis/tokenizer.hpp"
#include "index/terms.hpp"
#include "search/matched_terms.hpp"
#include "search/snippet_scan.hpp"

namespace vigie::query {

namespace {

class Constant : public Test {
public:
    explicit Constant(bool value) : value_(value) {}
    bool matches(Candidate&) const override { return value_; }

private:
    bool value_;
};

class AnyTerm : public Test {
public:
    explicit AnyTerm(std::vector<std::string> terms) : terms_(std::move(terms)) {}
    bool matches(Candidate& c) const override {
        for (const auto& t : terms_)
            if (c.has_term(t)) return true;
        return false;
    }

private:
    std::vector<std::string> terms_;
};

// Phrases and prefixes: found as a snippet finds them (snippet_scan), so
// that what matches is what gets highlighted.
class FoundInText : public Test {
public:
    FoundInText(MatchedTerms sought, std::vector<TextField> fields)
        : sought_(std::move(sought)), fields_(std::move(fields)) {}
    bool matches(Candidate& c) const override {
        for (const TextField f : fields_)
            if (!find_matches(c.text(f), sought_, c.stemmer()).empty()) return true;
        return false;
    }
    bool reads_text() const override { return true; }

private:
    MatchedTerms sought_;
    std::vector<TextField> fields_;
};

// The keys a text has, position by position, as the index counted them:
// a compound's parts one position each.
std::vector<std::string> positions_of(std::string_view text, Xapian::Stem& stem) {
    std::vector<std::string> keys, token_keys;
    Tokenizer tokenizer(text);
    Token token;
    while (tokenizer.next(token)) {
        position_keys(token, stem, token_keys);
        for (auto& k : token_keys) keys.push_back(std::move(k));
    }
    return keys;
}

class Near : public Test {
public:
    Near(std::vector<std::string> keys, unsigned window, bool ordered, std::vector<TextField> fields)
        : keys_(std::move(keys)), window_(window), ordered_(ordered), fields_(std::move(fields)) {}

    bool matches(Candidate& c) const override {
        for (const TextField f : fields_)
            if (within(positions_of(c.text(f), c.stemmer()))) return true;
        return false;
    }
    bool reads_text() const override { return true; }

private:
    // Some position of each key, all inside a span of window positions
    // (and in the keys' order, for ADJ), each position used once.
    bool within(const std::vector<std::string>& text) const {
        for (std::size_t start = 0; start < text.size(); ++start) {
            if (ordered_ ? text[start] != keys_[0]
                         : std::find(keys_.begin(), keys_.end(), text[start]) == keys_.end())
                continue;
            const std::size_t end = std::min(text.size(), start + window_);
            std::vector<bool> used(keys_.size(), false);
            std::size_t found = 0, next = 0;
            for (std::size_t p = start; p < end && found < keys_.size(); ++p) {
                if (ordered_) {
                    if (text[p] == keys_[next]) ++next, ++found;
                    continue;
                }
                for (std::size_t k = 0; k < keys_.size(); ++k)
                    if (!used[k] && text[p] == keys_[k]) {
                        used[k] = true;
                        ++found;
                        break;
                    }
            }
            if (found == keys_.size()) return true;
        }
        return false;
    }

    std::vector<std::string> keys_;
    unsigned window_;
    bool ordered_;
    std::vector<TextField> fields_;
};

enum class Combine { All, Any, One };

class Branch : public Test {
public:
    // Every or any of tests: those read from postings first, so that a
    // cheap answer spares reading the text (XOR reads them all anyway).
    Branch(Combine how, std::vector<TestPtr> tests) : how_(how), tests_(std::move(tests)) {
        std::stable_partition(tests_.begin(), tests_.end(), [](const TestPtr& t) { return !t->reads_text(); });
    }
    bool reads_text() const override {
        return std::any_of(tests_.begin(), tests_.end(), [](const TestPtr& t) { return t->reads_text(); });
    }
    bool matches(Candidate& c) const override {
        std::size_t true_count = 0;
        for (const auto& t : tests_) {
            const bool m = t->matches(c);
            if (how_ == Combine::All && !m) return false;
            if (how_ == Combine::Any && m) return true;
            true_count += m;
        }
        if (how_ == Combine::All) return true;
        if (how_ == Combine::Any) return false;
        return true_count % 2 == 1;  // Xapian's XOR: an odd number
    }

private:
    Combine how_;
    std::vector<TestPtr> tests_;
};

class AndNot : public Test {
public:
    AndNot(TestPtr kept, std::vector<TestPtr> removed) : kept_(std::move(kept)), removed_(std::move(removed)) {}
    bool reads_text() const override {
        return kept_->reads_text() ||
               std::any_of(removed_.begin(), removed_.end(), [](const TestPtr& t) { return t->reads_text(); });
    }
    bool matches(Candidate& c) const override {
        if (!kept_->matches(c)) return false;
        for (const auto& r : removed_)
            if (r->matches(c)) return false;
        return true;
    }

private:
    TestPtr kept_;
    std::vector<TestPtr> removed_;
};

}  // namespace

std::vector<TextField> fields_of(std::string_view prefix) {
    if (prefix.empty()) return {TextField::Title, TextField::Body};
    if (prefix == "S") return {TextField::Title};
    return {TextField::Source};
}

TestPtr always() { return std::make_shared<Constant>(true); }
TestPtr never() { return std::make_shared<Constant>(false); }
TestPtr any_term(std::vector<std::string> terms) { return std::make_shared<AnyTerm>(std::move(terms)); }

TestPtr sequence(std::vector<std::string> keys, std::vector<TextField> fields) {
    MatchedTerms sought;
    sought.add_phrase(std::move(keys));
    return std::make_shared<FoundInText>(std::move(sought), std::move(fields));
}

TestPtr near(std::vector<std::string> keys, unsigned window, bool ordered, std::vector<TextField> fields) {
    return std::make_shared<Near>(std::move(keys), window, ordered, std::move(fields));
}

TestPtr prefix(std::string folded, std::vector<TextField> fields) {
    MatchedTerms sought;
    sought.add_prefix(folded);
    return std::make_shared<FoundInText>(std::move(sought), std::move(fields));
}

TestPtr all_of(std::vector<TestPtr> tests) {
    if (tests.size() == 1) return tests[0];
    return std::make_shared<Branch>(Combine::All, std::move(tests));
}
TestPtr any_of(std::vector<TestPtr> tests) {
    if (tests.size() == 1) return tests[0];
    return std::make_shared<Branch>(Combine::Any, std::move(tests));
}
TestPtr one_of(std::vector<TestPtr> tests) { return std::make_shared<Branch>(Combine::One, std::move(tests)); }
TestPtr and_not(TestPtr kept, std::vector<TestPtr> removed) {
    return std::make_shared<AndNot>(std::move(kept), std::move(removed));
}

}  // namespace vigie::query
