#include "index/copies.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <unordered_set>

#include "index/schema.hpp"
#include "index/stored_fields.hpp"
#include "util/hash.hpp"

namespace vigie::copies {

namespace {

using hash::mix;

std::uint64_t word_hash(const std::string& w) { return hash::fnv1a(w); }

// Three words in a row, order kept.
std::uint64_t shingle(std::uint64_t a, std::uint64_t b, std::uint64_t c) {
    return mix(a * 0x9E3779B97F4A7C15ULL ^ mix(b) * 31 ^ mix(c ^ 0x632BE59BD9B4E019ULL));
}

constexpr std::uint64_t kSeeds[kBands * kRows] = {
    0x243F6A8885A308D3ULL, 0x13198A2E03707344ULL, 0xA4093822299F31D0ULL, 0x082EFA98EC4E6C89ULL,
    0x452821E638D01377ULL, 0xBE5466CF34E90C6CULL, 0xC0AC29B7C97C50DDULL, 0x3F84D5B5B5470917ULL};

}  // namespace

void Shingler::clear() {
    mins_.fill(~0ULL);
    previous_[0] = previous_[1] = 0;
    words_ = 0;
    any_ = false;
}

void Shingler::add(const std::string& folded_word) {
    if (words_ == 0) mins_.fill(~0ULL);
    const std::uint64_t w = word_hash(folded_word);
    if (++words_ >= 3) {
        const std::uint64_t s = shingle(previous_[0], previous_[1], w);
        for (int i = 0; i < kBands * kRows; ++i) mins_[i] = std::min(mins_[i], mix(s ^ kSeeds[i]));
        any_ = true;
    }
    previous_[0] = previous_[1];
    previous_[1] = w;
}

std::vector<std::string> Shingler::band_terms() const {
    std::vector<std::string> terms;
    if (words_ == 0) return terms;
    std::array<std::uint64_t, kBands * kRows> mins = mins_;
    if (!any_) {  // a text of one or two words: itself
        const std::uint64_t s = shingle(0, previous_[0], previous_[1]);
        for (int i = 0; i < kBands * kRows; ++i) mins[i] = mix(s ^ kSeeds[i]);
    }
    for (int band = 0; band < kBands; ++band) {
        std::uint64_t h = static_cast<std::uint64_t>(band) + 1;
        for (int row = 0; row < kRows; ++row) h = mix(h ^ mins[band * kRows + row]);
        terms.push_back(fmt::format("{}{}{:016x}", schema::kBandPrefix, band, h));
    }
    return terms;
}

std::vector<std::uint64_t> shingles(std::string_view text) {
    std::vector<std::uint64_t> out;
    Tokenizer tokenizer(text);
    Token token;
    std::uint64_t a = 0, b = 0;
    std::size_t words = 0;
    while (tokenizer.next(token)) {
        const std::uint64_t w = word_hash(token.term);
        if (++words >= 3) out.push_back(shingle(a, b, w));
        a = b;
        b = w;
    }
    if (words > 0 && words < 3) out.push_back(shingle(0, a, b));
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

double jaccard(const std::vector<std::uint64_t>& a, const std::vector<std::uint64_t>& b) {
    if (a.empty() && b.empty()) return 1.0;
    std::size_t common = 0, i = 0, j = 0;
    while (i < a.size() && j < b.size()) {
        if (a[i] == b[j]) ++common, ++i, ++j;
        else if (a[i] < b[j]) ++i;
        else ++j;
    }
    return static_cast<double>(common) / static_cast<double>(a.size() + b.size() - common);
}

std::string key_term(const std::string& key) { return "XK" + key; }

std::string Linker::text_of(const Holder& holder, Xapian::docid id, const StoredDictionary* dictionary) {
    return std::string(StoredFields::unpack(holder(id).get_document(id).get_data(), dictionary).get("body"));
}

void Linker::join(const Holder& holder, Xapian::docid copy, Xapian::docid of) {
    Xapian::Document original = holder(of).get_document(of);
    std::string key = original.get_value(schema::kCopyKey);
    if (key.empty()) {
        // Named after the first copy's id: stable across compaction.
        auto t = original.termlist_begin();
        t.skip_to(std::string(schema::kIdPrefix));
        std::uint64_t h = 1469598103934665603ULL;
        if (t != original.termlist_end())
            for (const char c : *t) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
        key = fmt::format("{:016x}", h);
        original.add_value(schema::kCopyKey, key);
        original.add_boolean_term(key_term(key));
        holder(of).replace_document(of, original);
    }
    Xapian::Document doc = holder(copy).get_document(copy);
    if (doc.get_value(schema::kCopyKey) == key) return;
    doc.add_value(schema::kCopyKey, key);
    doc.add_boolean_term(key_term(key));
    holder(copy).replace_document(copy, doc);
    ++linked_;
}

namespace {

constexpr std::size_t kMaxCandidates = 16;

std::vector<std::string> band_terms_of(const Xapian::Document& doc) {
    std::vector<std::string> bands;
    auto t = doc.termlist_begin();
    for (t.skip_to(std::string(schema::kBandPrefix)); t != doc.termlist_end(); ++t) {
        if ((*t).compare(0, schema::kBandPrefix.size(), schema::kBandPrefix) != 0) break;
        bands.push_back(*t);
    }
    return bands;
}

void consider(std::vector<Xapian::docid>& candidates, Xapian::docid id, Xapian::docid c) {
    if (c != id && candidates.size() < kMaxCandidates &&
        std::find(candidates.begin(), candidates.end(), c) == candidates.end())
        candidates.push_back(c);
}

}  // namespace

// Earlier documents of this run sharing a band; the document's bands are
// recorded for those that follow.
std::vector<Xapian::docid> Linker::candidates_in_run(Xapian::docid id, const std::vector<std::string>& bands) {
    const std::hash<std::string> hash;
    std::vector<Xapian::docid> candidates;
    for (const auto& band : bands) {
        const auto it = first_with_band_.find(hash(band));
        if (it != first_with_band_.end()) consider(candidates, id, it->second);
        if (existing_)
            for (auto p = db_.postlist_begin(band); p != db_.postlist_end(band) && candidates.size() < kMaxCandidates; ++p)
                consider(candidates, id, *p);
    }
    for (const auto& band : bands) first_with_band_.emplace(hash(band), id);
    return candidates;
}

void Linker::link_first_copy(const Holder& holder, Xapian::docid id,
                             const std::vector<Xapian::docid>& candidates, const StoredDictionary* dictionary) {
    if (candidates.empty()) return;
    const std::vector<std::uint64_t> mine = shingles(text_of(holder, id, dictionary));
    for (const Xapian::docid c : candidates) {
        if (jaccard(mine, shingles(text_of(holder, c, dictionary))) >= kThreshold) {
            join(holder, id, c);
            return;
        }
    }
}

void Linker::link(const std::vector<Xapian::docid>& written, const StoredDictionary* dictionary) {
    const Holder holder = [this](Xapian::docid) -> Xapian::WritableDatabase& { return db_; };
    for (const Xapian::docid id : written)
        link_first_copy(holder, id, candidates_in_run(id, band_terms_of(db_.get_document(id))), dictionary);
}

void Linker::note(Xapian::docid id, const Xapian::Document& document) {
    std::vector<Xapian::docid> candidates = candidates_in_run(id, band_terms_of(document));
    if (!candidates.empty()) noted_.push_back({id, std::move(candidates)});
}

namespace {

bool exists(const Linker::Holder& holder, Xapian::docid id) {
    try {
        holder(id).get_document(id);
        return true;
    } catch (const Xapian::DocNotFoundError&) {
        return false;
    }
}

}  // namespace

void Linker::link_noted(const Holder& holder, const StoredDictionary* dictionary) {
    for (const auto& [id, candidates] : noted_) {
        // A document replaced later in the run by a record of the same id
        // is gone.
        if (!exists(holder, id)) continue;
        std::vector<Xapian::docid> present;
        for (const Xapian::docid c : candidates)
            if (exists(holder, c)) present.push_back(c);
        link_first_copy(holder, id, present, dictionary);
    }
    noted_.clear();
}

}  // namespace vigie::copies
