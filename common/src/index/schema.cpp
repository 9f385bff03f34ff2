#include "index/schema.hpp"

#include <fmt/format.h>

#include <cstdint>
#include <stdexcept>

#include "util/hash.hpp"
#include "util/utf8.hpp"

namespace vigie::schema {

namespace {
using hash::fnv1a;
}  // namespace

const Field* find_queryable(std::string_view name) {
    for (const Field& f : kFields)
        if (f.queryable && f.name == name) return &f;
    return nullptr;
}

const Field& field(std::string_view name) {
    for (const Field& f : kFields)
        if (f.name == name) return f;
    throw std::logic_error("no field " + std::string(name) + " in the schema");
}

std::string bounded_term(std::string term) {
    if (term.size() <= kMaxTermBytes) return term;
    const std::uint64_t hash = fnv1a(term);
    term.resize(utf8::safe_cut(term, kMaxTermBytes - 17));  // room for "#" and the hash
    return fmt::format("{}#{:016x}", term, hash);
}

std::string id_term(std::string_view id) { return bounded_term(std::string(kIdPrefix) + std::string(id)); }

std::string oldest_first_key(std::string_view compact_date) {
    return compact_date.empty() ? std::string("~") : std::string(compact_date);
}

std::string file_term(std::string_view absolute_path) {
    return fmt::format("{}{:016x}", kFilePrefix, fnv1a(absolute_path));
}

std::string file_state_key(std::string_view absolute_path) {
    return fmt::format("{}{:016x}", kFileStateKeyPrefix, fnv1a(absolute_path));
}

std::string file_state(std::string_view signature, std::size_t cut_at) {
    return cut_at == 0 ? std::string(signature) : fmt::format("{} cut at {}", signature, cut_at);
}

std::string vanished_records_key(std::string_view absolute_path) {
    return fmt::format("{}{:016x}", kVanishedRecordsKeyPrefix, fnv1a(absolute_path));
}

}  // namespace vigie::schema
