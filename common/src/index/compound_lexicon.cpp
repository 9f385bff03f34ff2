#include "index/compound_lexicon.hpp"

#include <algorithm>

#include "index/schema.hpp"
#include "util/hash.hpp"
#include "util/lines.hpp"

namespace vigie {

namespace {

constexpr std::size_t kMaxSpellingsPerCompound = 8;
constexpr int kHashes = 7;                 // about 1% false positives at 10 bits a key
constexpr std::size_t kMinBytes = 1024;
constexpr std::string_view kFormat = "vcf1";  // format, then keys and bits as 8 bytes each

std::string meta_key(std::string_view joined_key) {
    return std::string(schema::kCompoundKeyPrefix) + std::string(joined_key);
}

// Two independent 64-bit hashes (FNV-1a, and a mix of it), combined as
// h1 + i h2 (Kirsch and Mitzenmacher) for the k bit positions.
using hash::fnv1a;
// Odd, so that the k positions h1 + i h2 never repeat.
std::uint64_t mix(std::uint64_t h) {
    return hash::mix(h) | 1;
}

void put64(std::string& out, std::uint64_t v) {
    for (int i = 0; i < 8; ++i) out += static_cast<char>((v >> (8 * i)) & 0xFF);
}
std::uint64_t get64(std::string_view in, std::size_t at) {
    std::uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v |= static_cast<std::uint64_t>(static_cast<unsigned char>(in[at + i])) << (8 * i);
    return v;
}

}  // namespace

CompoundFilter CompoundFilter::with_capacity(std::size_t keys) {
    CompoundFilter f;
    std::size_t bytes = kMinBytes;
    while (bytes * 8 < keys * 20) bytes *= 2;  // room to double before it is crowded
    f.bits_.assign(bytes, 0);
    return f;
}

CompoundFilter CompoundFilter::load(const Xapian::Database& db) {
    CompoundFilter f;
    const std::string blob = db.get_metadata(std::string(schema::kCompoundFilterKey));
    const std::size_t header = kFormat.size() + 16;
    if (blob.size() < header || blob.compare(0, kFormat.size(), kFormat) != 0) return f;
    const std::uint64_t keys = get64(blob, kFormat.size());
    const std::uint64_t bytes = get64(blob, kFormat.size() + 8);
    if (bytes == 0 || (bytes & (bytes - 1)) || blob.size() != header + bytes) return f;  // damaged: "maybe"
    f.keys_ = static_cast<std::size_t>(keys);
    f.bits_.assign(blob.begin() + static_cast<std::ptrdiff_t>(header), blob.end());
    return f;
}

bool CompoundFilter::may_contain(std::string_view key) const {
    if (bits_.empty()) return true;
    const std::uint64_t h1 = fnv1a(key), h2 = mix(h1);
    const std::uint64_t mask = bits_.size() * 8 - 1;
    for (int i = 0; i < kHashes; ++i) {
        const std::uint64_t bit = (h1 + static_cast<std::uint64_t>(i) * h2) & mask;
        if (!(bits_[bit >> 3] & (1u << (bit & 7)))) return false;
    }
    return true;
}

void CompoundFilter::add(std::string_view key) {
    const std::uint64_t h1 = fnv1a(key), h2 = mix(h1);
    const std::uint64_t mask = bits_.size() * 8 - 1;
    for (int i = 0; i < kHashes; ++i) {
        const std::uint64_t bit = (h1 + static_cast<std::uint64_t>(i) * h2) & mask;
        bits_[bit >> 3] |= static_cast<unsigned char>(1u << (bit & 7));
    }
    ++keys_;
}

std::string CompoundFilter::serialise() const {
    std::string out(kFormat);
    put64(out, keys_);
    put64(out, bits_.size());
    out.append(bits_.begin(), bits_.end());
    return out;
}

namespace {

// A metadata value: one spelling a line, then a tab and its document count
// (1 when a line has none).
std::map<std::string, std::size_t> parse_spellings(const std::string& value) {
    std::map<std::string, std::size_t> out;
    for (const auto line : split_lines(value)) {
        const std::size_t tab = line.find('\t');
        std::size_t documents = 1;
        if (tab != std::string_view::npos) {
            documents = 0;
            for (const char c : line.substr(tab + 1))
                if (c >= '0' && c <= '9') documents = documents * 10 + static_cast<std::size_t>(c - '0');
        }
        out[std::string(line.substr(0, tab))] += documents;
    }
    return out;
}

}  // namespace

std::vector<Spelling> read_spellings(const Xapian::Database& db, const std::string& joined_key) {
    std::vector<Spelling> spellings;
    const std::string key = meta_key(joined_key);
    if (key.size() > schema::kMaxTermBytes) return spellings;
    for (auto& [text, documents] : parse_spellings(db.get_metadata(key))) spellings.push_back({text, documents});
    return spellings;
}

std::vector<std::string> useful_spellings(const Xapian::Database& db, const std::string& joined_key) {
    const std::vector<Spelling> all = read_spellings(db, joined_key);
    if (all.empty()) return {};
    return useful_spellings(all, db.get_termfreq(std::string(schema::kKeyPrefix) + joined_key));
}

std::vector<std::string> useful_spellings(const std::vector<Spelling>& all, Xapian::doccount with_key) {
    std::vector<std::string> out;
    for (const Spelling& s : all)
        if (s.documents * 100 >= with_key) out.push_back(s.text);
    return out;
}

void CompoundLexiconWriter::note(const std::string& joined_key, const std::string& spelling) {
    auto& spellings = pending_[joined_key];
    if (spellings.size() < kMaxSpellingsPerCompound || spellings.count(spelling)) ++spellings[spelling];
}

void CompoundLexiconWriter::flush(Xapian::WritableDatabase& db) {
    if (pending_.empty()) return;
    CompoundFilter filter = CompoundFilter::load(db);
    std::vector<std::string> new_keys;
    for (auto& [joined_key, spellings] : pending_) {
        const std::string key = meta_key(joined_key);
        if (key.size() > schema::kMaxTermBytes) continue;
        const std::string old = db.get_metadata(key);
        std::map<std::string, std::size_t> all = parse_spellings(old);
        for (const auto& [spelling, documents] : spellings) all[spelling] += documents;
        // The most written first, when there are too many to keep.
        std::vector<std::pair<std::string, std::size_t>> kept(all.begin(), all.end());
        std::stable_sort(kept.begin(), kept.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
        if (kept.size() > kMaxSpellingsPerCompound) kept.resize(kMaxSpellingsPerCompound);
        std::sort(kept.begin(), kept.end());
        std::string value;
        for (const auto& [spelling, documents] : kept) {
            if (!value.empty()) value += '\n';
            value += spelling + '\t' + std::to_string(documents);
        }
        db.set_metadata(key, value);
        if (old.empty()) new_keys.push_back(joined_key);
    }
    pending_.clear();
    if (new_keys.empty() && filter.loaded()) return;
    if (!filter.fits(new_keys.size())) {
        // Built afresh, big enough for what the index now holds.
        std::vector<std::string> every;
        const std::string prefix(schema::kCompoundKeyPrefix);
        for (auto it = db.metadata_keys_begin(prefix); it != db.metadata_keys_end(prefix); ++it)
            every.push_back((*it).substr(prefix.size()));
        filter = CompoundFilter::with_capacity(every.size());
        for (const auto& k : every) filter.add(k);
    } else {
        for (const auto& k : new_keys) filter.add(k);
    }
    db.set_metadata(std::string(schema::kCompoundFilterKey), filter.serialise());
}

}  // namespace vigie
