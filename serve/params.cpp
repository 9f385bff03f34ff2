#include "params.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "search/request_words.hpp"
#include "util/utf8.hpp"

namespace vigie::serve {

namespace {

// A message quoting a value of the request stays short and valid UTF-8.
std::string quoted(const std::string& value) {
    std::string shown = value.size() > 60 ? value.substr(0, utf8::safe_cut(value, 60)) + "…" : value;
    return "'" + utf8::sanitize_for_terminal(shown, true) + "'";
}

std::size_t number(const std::string& name, const std::string& value, std::size_t max) {
    if (value.empty() || value.size() > 12 || !std::all_of(value.begin(), value.end(), [](char c) {
            return c >= '0' && c <= '9';
        }))
        throw BadRequest(fmt::format("{} wants a number of 0 or more, got {}", name, quoted(value)));
    const std::size_t n = std::stoull(value);
    if (n > max) throw BadRequest(fmt::format("{} is at most {}, got {}", name, max, n));
    return n;
}

bool yes_no(const std::string& name, const std::string& value) {
    if (value == "1" || value == "true" || value == "yes") return true;
    if (value == "0" || value == "false" || value == "no") return false;
    throw BadRequest(fmt::format("{} wants 1 or 0, got {}", name, quoted(value)));
}

template <typename T>
T choice(const std::string& name, const std::string& value, const std::map<std::string, T>& words) {
    const auto it = words.find(value);
    if (it == words.end())
        throw BadRequest(
            fmt::format("{} is one of {}, got {}", name, request_words::choices_text(words), quoted(value)));
    return it->second;
}

}  // namespace

SearchRequest parse_search_params(const Params& params, const Limits& limits) {
    SearchRequest request;
    std::set<std::string> seen;
    for (const auto& [name, value] : params) {
        if (!utf8::is_valid(name) || !utf8::is_valid(value))
            throw BadRequest("parameters must be UTF-8");
        if (name != "facet" && !seen.insert(name).second)
            throw BadRequest(fmt::format("{} is given twice", quoted(name)));
        if (name == "q") {
            if (value.size() > limits.max_query_bytes)
                throw BadRequest(fmt::format("the query is {} bytes long, at most {} are read", value.size(),
                                             limits.max_query_bytes));
            request.query = value;
        } else if (name == "since") {
            request.since = value;
        } else if (name == "until") {
            request.until = value;
        } else if (name == "sort") {
            request.sort = choice(name, value, request_words::sorts());
        } else if (name == "match") {
            request.match = choice(name, value, request_words::matches());
        } else if (name == "limit") {
            request.limit = number(name, value, limits.max_limit);
        } else if (name == "offset") {
            request.offset = number(name, value, limits.max_offset);
        } else if (name == "snippet_length") {
            request.snippet_chars = number(name, value, 100000);
            if (request.snippet_chars < 20) throw BadRequest("snippet_length is at least 20");
        } else if (name == "timeline") {
            request.timeline = choice(name, value, request_words::timeline_units());
        } else if (name == "facet") {
            const auto& names = Searcher::facet_names();
            if (std::find(names.begin(), names.end(), value) == names.end())
                throw BadRequest(fmt::format("facet is one of cve, ref, source or year, got {}", quoted(value)));
            if (request.facets.size() >= names.size()) throw BadRequest("too many facets");
            request.facets.push_back(value);
        } else if (name == "facet_limit") {
            request.facet_limit = number(name, value, 1000);
        } else if (name == "like") {
            if (value.size() > limits.max_query_bytes) throw BadRequest("like: the id is too long");
            request.like = value;
        } else if (name == "collapse") {
            request.collapse = yes_no(name, value);
        } else if (name == "snippets") {
            request.snippets = yes_no(name, value);
        } else {
            throw BadRequest(fmt::format("unknown parameter {}", quoted(name)));
        }
    }
    if (request.query.find_first_not_of(" \t\r\n") == std::string::npos && request.like.empty() &&
        request.since.empty() && request.until.empty())
        throw BadRequest("no query given: q=WORDS (or like=ID, since=, until=)");
    return request;
}

}  // namespace vigie::serve
