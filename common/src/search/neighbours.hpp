// Derivational neighbours: two keys the stemmer keeps apart although one
// word derives from the other (bresilien / bresil, espagnol / espagn,
// revolutionnair / revolu), told by a long common beginning. The
// re-ranking counts a neighbour of a query word as a fraction of an
// occurrence of it (search/proximity).
#pragma once

#include <cstddef>
#include <string_view>

namespace vigie {

// The shortest common beginning, in bytes of the folded keys, that makes
// two keys neighbours: at 4, part / parti and cour / cours would be.
inline constexpr std::size_t kMinNeighbourPrefix = 5;

// Whether two different keys are neighbours: they begin with the same
// kMinNeighbourPrefix bytes or more, and the shorter one is all of that
// common beginning, or all of it and one byte (europ / europeen,
// constitu / constitutionnel, algerien / algeri...).
constexpr bool neighbours(std::string_view a, std::string_view b) {
    const std::size_t shorter = a.size() < b.size() ? a.size() : b.size();
    std::size_t common = 0;
    while (common < shorter && a[common] == b[common]) ++common;
    return common >= kMinNeighbourPrefix && common + 1 >= shorter && a != b;
}

}  // namespace vigie
