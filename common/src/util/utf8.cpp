#include "util/utf8.hpp"

#include <algorithm>
#include <array>

namespace vigie::utf8 {

namespace {
constexpr char32_t kReplacement = 0xFFFD;

// Windows-1252 bytes 0x80..0x9F; 0 marks the five undefined bytes.
constexpr std::array<char32_t, 32> kCp1252High = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
    0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};
}  // namespace

char32_t decode_multibyte(std::string_view text, std::size_t& pos) {
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    const unsigned char lead = byte(pos);
    std::size_t extra = 0;
    char32_t cp = 0;
    char32_t min = 0;
    if ((lead & 0xE0) == 0xC0) {
        extra = 1, cp = lead & 0x1F, min = 0x80;
    } else if ((lead & 0xF0) == 0xE0) {
        extra = 2, cp = lead & 0x0F, min = 0x800;
    } else if ((lead & 0xF8) == 0xF0) {
        extra = 3, cp = lead & 0x07, min = 0x10000;
    } else {
        ++pos;
        return kReplacement;
    }
    if (pos + extra >= text.size()) {  // truncated sequence
        ++pos;
        return kReplacement;
    }
    for (std::size_t i = 1; i <= extra; ++i) {
        const unsigned char c = byte(pos + i);
        if ((c & 0xC0) != 0x80) {
            ++pos;
            return kReplacement;
        }
        cp = (cp << 6) | (c & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        ++pos;
        return kReplacement;
    }
    pos += extra + 1;
    return cp;
}

void append_multibyte(std::string& out, char32_t cp) {
    if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

bool is_valid(std::string_view text) {
    std::size_t pos = 0;
    while (pos < text.size()) {
        if (static_cast<unsigned char>(text[pos]) < 0x80) {
            ++pos;
            continue;
        }
        const std::size_t before = pos;
        const char32_t cp = decode(text, pos);
        if (cp == kReplacement && pos == before + 1) return false;
    }
    return true;
}

std::size_t length(std::string_view text) {
    std::size_t n = 0;
    for (const char c : text) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return n;
}

std::size_t safe_cut(std::string_view text, std::size_t max_bytes) {
    if (max_bytes >= text.size()) return text.size();
    std::size_t cut = max_bytes;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    return cut;
}

std::size_t prefix_bytes(std::string_view text, std::size_t chars) {
    std::size_t pos = 0;
    for (std::size_t n = 0; pos < text.size() && n < chars; ++n) decode(text, pos);
    return pos;
}

DecodedText decode_text(std::string_view bytes) {
    DecodedText result;
    std::string& out = result.text;
    out.reserve(bytes.size() + bytes.size() / 8);
    std::size_t multibyte = 0;
    std::size_t pos = 0;
    while (pos < bytes.size()) {
        const auto lead = static_cast<unsigned char>(bytes[pos]);
        if (lead < 0x80) {
            out += bytes[pos++];
            continue;
        }
        const std::size_t start = pos;
        const char32_t cp = decode_multibyte(bytes, pos);
        if (cp != kReplacement || pos > start + 1) {  // valid, U+FFFD itself included
            out.append(bytes, start, pos - start);
            ++multibyte;
            continue;
        }
        if (result.foreign_bytes++ == 0) result.first_foreign = start;
        const char32_t legacy = lead < 0xA0 ? kCp1252High[lead - 0x80] : lead;
        append(out, legacy ? legacy : kReplacement);
    }
    if (result.foreign_bytes > 0) result.source_encoding = multibyte ? Encoding::Mixed : Encoding::Windows1252;
    return result;
}

namespace {
bool looks_binary(std::string_view bytes) {
    const std::size_t probe = std::min<std::size_t>(bytes.size(), 8192);
    std::size_t controls = 0;
    for (std::size_t i = 0; i < probe; ++i) {
        const unsigned char b = static_cast<unsigned char>(bytes[i]);
        if (b == 0) return true;
        if (b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != '\f') ++controls;
    }
    return probe > 0 && controls * 10 > probe;
}

std::string normalize_line_ends(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\r') {
            out += '\n';
            if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
        } else {
            out += text[i];
        }
    }
    return out;
}
}  // namespace

DecodedText decode_file_bytes(std::string_view bytes) {
    const std::size_t bom = bytes.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
    bytes.remove_prefix(bom);
    if (looks_binary(bytes)) {
        DecodedText binary;
        binary.source_encoding = Encoding::Binary;
        return binary;
    }
    DecodedText result = decode_text(bytes);
    result.text = normalize_line_ends(result.text);
    result.first_foreign += bom;
    return result;
}

std::string sanitize_for_terminal(std::string_view text, bool collapse_space) {
    std::string out;
    out.reserve(text.size());
    bool pending_space = false;
    std::size_t pos = 0;
    while (pos < text.size()) {
        const char32_t cp = decode(text, pos);
        const bool space = cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0xA0;
        if (collapse_space && space) {
            pending_space = !out.empty();
            continue;
        }
        if (pending_space) {
            out += ' ';
            pending_space = false;
        }
        append(out, is_control(cp) ? kReplacement : cp);
    }
    return out;
}

}  // namespace vigie::utf8
