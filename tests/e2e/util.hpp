// Small helpers shared by the end-to-end tests: UTF-8 checks, highlight
// extraction, id lists.
#pragma once

#include <catch2/catch.hpp>

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include "harness.hpp"

namespace e2e {

// The lines of a program's output, without their newlines.
inline std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) lines.push_back(line);
    return lines;
}

// Whether bytes are well-formed UTF-8 (no overlongs, surrogates or cut
// sequences).
inline bool valid_utf8(const std::string& s) {
    std::size_t i = 0;
    while (i < s.size()) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        std::size_t n = 0;
        char32_t cp = 0;
        if (c < 0x80) {
            ++i;
            continue;
        } else if ((c & 0xE0) == 0xC0) {
            n = 1, cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            n = 2, cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            n = 3, cp = c & 0x07;
        } else {
            return false;
        }
        for (std::size_t k = 1; k <= n; ++k) {
            if (i + k >= s.size()) return false;
            const unsigned char d = static_cast<unsigned char>(s[i + k]);
            if ((d & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (d & 0x3F);
        }
        if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000)) return false;
        if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
        i += n + 1;
    }
    return true;
}

// Code points of valid UTF-8.
inline std::u32string to_u32(const std::string& s) {
    std::u32string out;
    std::size_t i = 0;
    while (i < s.size()) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        std::size_t n = c < 0x80 ? 0 : (c & 0xE0) == 0xC0 ? 1 : (c & 0xF0) == 0xE0 ? 2 : 3;
        char32_t cp = n == 0 ? c : n == 1 ? (c & 0x1F) : n == 2 ? (c & 0x0F) : (c & 0x07);
        for (std::size_t k = 1; k <= n && i + k < s.size(); ++k)
            cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
        out.push_back(cp);
        i += n + 1;
    }
    return out;
}

inline std::string from_u32(const std::u32string& s) {
    std::string out;
    for (const char32_t cp : s) {
        if (cp < 0x80) {
            out += static_cast<char>(cp);
        } else if (cp < 0x800) {
            out += static_cast<char>(0xC0 | (cp >> 6));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            out += static_cast<char>(0xE0 | (cp >> 12));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        } else {
            out += static_cast<char>(0xF0 | (cp >> 18));
            out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        }
    }
    return out;
}

inline std::size_t code_points(const std::string& s) { return to_u32(s).size(); }

// The highlighted passages of a JSON hit: [begin, end) code-point offsets
// into its snippet. Fails the test on offsets that do not fit the snippet.
inline std::vector<std::string> highlighted(const nlohmann::json& hit) {
    const std::u32string snippet = to_u32(hit.at("snippet").get<std::string>());
    std::vector<std::string> out;
    std::size_t previous_end = 0;
    for (const auto& span : hit.at("highlights")) {
        const auto begin = span.at(0).get<std::size_t>();
        const auto end = span.at(1).get<std::size_t>();
        INFO("highlight [" << begin << "," << end << ") in a snippet of " << snippet.size() << " code points");
        CHECK(begin < end);
        CHECK(end <= snippet.size());
        CHECK(begin >= previous_end);  // sorted, not overlapping
        previous_end = end;
        if (begin < end && end <= snippet.size()) out.push_back(from_u32(snippet.substr(begin, end - begin)));
    }
    return out;
}

// vigie-index --json's summary (the test fails when stdout is not one).
inline nlohmann::json summary_of(const Run& r) {
    INFO("stdout: " << r.out << "\nstderr: " << r.err);
    nlohmann::json s;
    REQUIRE_NOTHROW(s = r.json());
    return s;
}

// vigie-search's JSON answer to args (matches or none), without its
// timing: what two indexes of the same data must agree on.
inline nlohmann::json answer_of(const std::vector<std::string>& args) {
    const Run r = search(args);
    INFO(r.err);
    REQUIRE((r.exit_code == 0 || r.exit_code == 1));
    nlohmann::json j = r.json();
    j.erase("took_ms");
    return j;
}

// The hits of a JSON answer, as a value (a loop over r.json().at("hits")
// would read a destroyed temporary).
inline nlohmann::json hits_of(const Run& r) { return r.json().at("hits"); }

inline std::vector<std::string> sorted(std::vector<std::string> v) {
    std::sort(v.begin(), v.end());
    return v;
}

inline bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

inline std::size_t occurrences(const std::string& haystack, const std::string& needle) {
    std::size_t n = 0;
    for (std::size_t at = haystack.find(needle); at != std::string::npos; at = haystack.find(needle, at + needle.size()))
        ++n;
    return n;
}

// vigie-search --format json on db, every hit (up to 1000).
inline Run search_json(const std::string& db, const std::vector<std::string>& args) {
    std::vector<std::string> all{"--db", db, "--format", "json", "--limit", "1000"};
    all.insert(all.end(), args.begin(), args.end());
    return search(all);
}

// The sorted ids of every hit, with --match all so that no relaxed hit
// blurs an exact list, and --no-collapse so that copies of a communiqué are
// listed too. Empty when the search fails or finds nothing.
inline std::vector<std::string> ids_for(const std::string& db, const std::vector<std::string>& args) {
    std::vector<std::string> all{"--match", "all", "--no-collapse"};
    all.insert(all.end(), args.begin(), args.end());
    const Run r = search_json(db, all);
    if (r.exit_code != 0) return {};
    return sorted(hit_ids(r));
}

}  // namespace e2e
