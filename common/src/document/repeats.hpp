// Collapsing the passages a communiqué repeats.
#pragma once

#include <string>
#include <string_view>

namespace vigie {

// Drops sentences that already appeared earlier in the same text (real
// files repeat their paragraphs, sometimes glued without spaces).
std::string collapse_repeats(std::string_view text);

}  // namespace vigie
