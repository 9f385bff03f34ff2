// JSON Lines communiqués: one object per line.
#pragma once

#include <string>
#include <string_view>

#include "document/communique.hpp"

namespace vigie {

// One JSON Lines record: id, date, title, body (or text, or content),
// source, url. fallback_id is used when the record has no id.
ParseOutcome parse_json_communique(std::string_view line, std::string fallback_id);

}  // namespace vigie
