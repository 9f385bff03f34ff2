// Printing answers: text for people, JSON, JSON Lines and TSV for scripts.
#pragma once

#include <string>

#include "options.hpp"
#include "vigie/vigie.hpp"

namespace vigie::cli {

struct OutputStyle {
    OutputFormat format = OutputFormat::Text;
    bool color = false;
    std::string open_marker = "[";
    std::string close_marker = "]";
    unsigned width = 0;  // of the terminal; 0 when not on one
};

void print_result(const OutputStyle& style, const std::string& query, const SearchResult& result,
                  double took_ms);
void print_explanation(const OutputStyle& style, const Explanation& explanation);
void print_count(const OutputStyle& style, const std::string& query, std::size_t count);
void print_document(const OutputStyle& style, const Document& document);
// --fields: what a query can name, from the schema.
void print_fields(const OutputStyle& style);

}  // namespace vigie::cli
