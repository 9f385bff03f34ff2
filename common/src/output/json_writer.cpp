#include "output/json_writer.hpp"

#include <fmt/format.h>

#include <cmath>

#include "util/utf8.hpp"

namespace vigie {

namespace {

bool is_plain_ascii(unsigned char c) { return c >= 0x20 && c < 0x7F && c != '"' && c != '\\'; }

void append_escape(std::string& out, char32_t cp) {
    switch (cp) {
        case '"': out += "\\\""; return;
        case '\\': out += "\\\\"; return;
        case '\b': out += "\\b"; return;
        case '\f': out += "\\f"; return;
        case '\n': out += "\\n"; return;
        case '\r': out += "\\r"; return;
        case '\t': out += "\\t"; return;
        default: fmt::format_to(std::back_inserter(out), "\\u{:04x}", static_cast<unsigned>(cp));
    }
}

}  // namespace

void append_json_string(std::string& out, std::string_view text) {
    out += '"';
    std::size_t pos = 0;
    while (pos < text.size()) {
        // Runs of plain ASCII, nearly all of the text, are copied at once.
        std::size_t run = pos;
        while (run < text.size() && is_plain_ascii(static_cast<unsigned char>(text[run]))) ++run;
        out.append(text, pos, run - pos);
        pos = run;
        if (pos >= text.size()) break;
        const std::size_t at = pos;
        const char32_t cp = utf8::decode(text, pos);
        if (cp < 0x20 || cp == '"' || cp == '\\' || (cp >= 0x7F && cp <= 0x9F)) {
            append_escape(out, cp);
        } else if (cp == 0xFFFD && pos - at == 1) {
            utf8::append(out, cp);  // an invalid byte
        } else {
            out.append(text, at, pos - at);
        }
    }
    out += '"';
}

void JsonWriter::new_line(std::size_t depth) {
    out_ += '\n';
    out_.append(depth * static_cast<std::size_t>(indent_), ' ');
}

void JsonWriter::before_value() {
    if (after_key_) {
        after_key_ = false;
        return;
    }
    if (levels_.empty()) return;
    Level& level = levels_.back();
    if (!level.empty) out_ += ',';
    level.empty = false;
    if (indent_ >= 0) new_line(levels_.size());
}

JsonWriter& JsonWriter::open(char bracket) {
    before_value();
    out_ += bracket;
    levels_.push_back({});
    return *this;
}

JsonWriter& JsonWriter::close(char bracket) {
    const bool empty = levels_.back().empty;
    levels_.pop_back();
    if (!empty && indent_ >= 0) new_line(levels_.size());
    out_ += bracket;
    return *this;
}

JsonWriter& JsonWriter::begin_object() { return open('{'); }
JsonWriter& JsonWriter::end_object() { return close('}'); }
JsonWriter& JsonWriter::begin_array() { return open('['); }
JsonWriter& JsonWriter::end_array() { return close(']'); }

JsonWriter& JsonWriter::key(std::string_view name) {
    before_value();
    append_json_string(out_, name);
    out_ += indent_ >= 0 ? ": " : ":";
    after_key_ = true;
    return *this;
}

JsonWriter& JsonWriter::value(std::string_view text) {
    before_value();
    append_json_string(out_, text);
    return *this;
}

JsonWriter& JsonWriter::value(bool b) {
    before_value();
    out_ += b ? "true" : "false";
    return *this;
}

JsonWriter& JsonWriter::value(double number) {
    before_value();
    if (!std::isfinite(number)) {
        out_ += "null";
        return *this;
    }
    const std::size_t start = out_.size();
    fmt::format_to(std::back_inserter(out_), "{}", number);
    // Keep it a float for readers that tell 2 from 2.0.
    if (out_.find_first_of(".e", start) == std::string::npos) out_ += ".0";
    return *this;
}

JsonWriter& JsonWriter::integer(std::int64_t number) {
    before_value();
    fmt::format_to(std::back_inserter(out_), "{}", number);
    return *this;
}

JsonWriter& JsonWriter::unsigned_integer(std::uint64_t number) {
    before_value();
    fmt::format_to(std::back_inserter(out_), "{}", number);
    return *this;
}

JsonWriter& JsonWriter::null() {
    before_value();
    out_ += "null";
    return *this;
}

JsonWriter& JsonWriter::string_or_null(std::string_view text) {
    return text.empty() ? null() : value(text);
}

}  // namespace vigie
