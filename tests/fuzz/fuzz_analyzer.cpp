// The French analyzer: tokenizer (elisions, compounds, identifiers, case
// and accent folding) and the stem key of every term.
#include <xapian.h>

#include "analysis/fold.hpp"
#include "analysis/french_stem.hpp"
#include "analysis/tokenizer.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static Xapian::Stem stem = vigie::make_french_stem();
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    vigie::Tokenizer tokenizer(text);
    vigie::Token token;
    std::size_t previous_end = 0;
    while (tokenizer.next(token)) {
        fuzz::require(token.begin >= previous_end, "tokens in order, not overlapping");
        fuzz::require(token.begin <= token.word_begin && token.word_begin < token.end, "token offsets");
        fuzz::require(token.end <= text.size(), "token within the text");
        previous_end = token.end;
        fuzz::require_valid_utf8(token.term, "terms are UTF-8");
        const std::string key = stem(token.term);
        fuzz::require_valid_utf8(key, "keys are UTF-8");
        vigie::for_each_part(token.term, [](std::string_view part) { fuzz::require(!part.empty(), "parts"); });
    }
    fuzz::require_valid_utf8(vigie::fold(text), "folded text is UTF-8");
    return 0;
}
