// The words that name a search request's choices (--sort newest, sort=newest,
// sort="newest"): one table, read by vigie-search's options, vigie-serve's
// query parameters and the Python module's keywords.
#pragma once

#include <map>
#include <string>

#include "vigie/vigie.hpp"

namespace vigie::request_words {

inline const std::map<std::string, SortOrder>& sorts() {
    static const std::map<std::string, SortOrder> words{
        {"relevance", SortOrder::Relevance}, {"newest", SortOrder::Newest}, {"oldest", SortOrder::Oldest},
        {"recent", SortOrder::Recent}};
    return words;
}

inline const std::map<std::string, bool>& suggests() {
    static const std::map<std::string, bool> words{{"auto", true}, {"never", false}};
    return words;
}

inline const std::map<std::string, MatchMode>& matches() {
    static const std::map<std::string, MatchMode> words{
        {"auto", MatchMode::Auto}, {"all", MatchMode::All}, {"any", MatchMode::Any}};
    return words;
}

inline const std::map<std::string, TimelineUnit>& timeline_units() {
    static const std::map<std::string, TimelineUnit> words{
        {"day", TimelineUnit::Day}, {"month", TimelineUnit::Month}, {"year", TimelineUnit::Year}};
    return words;
}

// The word of a choice, for messages and for reading it back.
template <typename T>
std::string word_of(const std::map<std::string, T>& words, T value) {
    for (const auto& [word, v] : words)
        if (v == value) return word;
    return {};
}

// "a, b or c", to say what is accepted.
template <typename T>
std::string choices_text(const std::map<std::string, T>& words) {
    std::string out;
    std::size_t i = 0;
    for (const auto& entry : words) {
        if (i) out += ++i == words.size() ? " or " : ", ";
        else ++i;
        out += entry.first;
    }
    return out;
}

}  // namespace vigie::request_words
