// What the fuzz targets share: a reader whose bytes all come from the
// fuzzer (the file itself is /dev/null), and the invariant checks.
#pragma once

#include <cstdlib>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>

#include "document/input_reader.hpp"
#include "document/inputs.hpp"
#include "util/utf8.hpp"

namespace fuzz {

// A broken invariant is a crash, so that libFuzzer keeps the input.
inline void require(bool condition, const char* what) {
    if (!condition) {
        std::fprintf(stderr, "invariant broken: %s\n", what);
        std::abort();
    }
}

// Text a user may see: valid UTF-8.
inline void require_valid_utf8(std::string_view text, const char* what) { require(vigie::utf8::is_valid(text), what); }

inline const vigie::InputFile& input_file(vigie::InputFormat format) {
    static vigie::InputFile text = [] {
        vigie::InputFile f;
        f.display_path = "fuzz";
        f.absolute_path = "/dev/null";
        f.id = "fuzz.txt";
        f.format = vigie::InputFormat::Text;
        return f;
    }();
    static vigie::InputFile json = [] {
        vigie::InputFile f = text;
        f.id = "fuzz.jsonl";
        f.format = vigie::InputFormat::JsonLines;
        return f;
    }();
    return format == vigie::InputFormat::JsonLines ? json : text;
}

// A reader at its end: everything is in the head the fuzzer gives.
inline std::unique_ptr<vigie::InputReader> empty_reader() {
    return std::make_unique<vigie::InputReader>(input_file(vigie::InputFormat::Text), nullptr);
}

}  // namespace fuzz
