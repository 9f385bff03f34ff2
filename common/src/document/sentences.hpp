// Sentence segmentation shared by repeat collapsing and titles (private).
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace vigie::detail {

struct Segment {
    std::size_t begin = 0;
    std::size_t end = 0;  // includes the whitespace after the sentence
};

// Splits at sentence ends ([.!?…] then a capital, a quote, a line break or
// the end, even without a space: "ensemble.Des pays") and at line breaks.
std::vector<Segment> split_sentences(std::string_view text);

}  // namespace vigie::detail
