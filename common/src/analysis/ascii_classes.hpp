// What an ASCII byte is, looked up rather than computed: the tokenizer and
// the snippet's quick scan ask for every byte of every text they read.
#pragma once

#include <array>

namespace vigie {

enum AsciiClass : unsigned char {
    kDigit = 1,
    kLower = 2,
    kUpper = 4,
    kConnector = 8,  // what may join two word characters: ' - _ . ,
};

constexpr std::array<unsigned char, 256> make_ascii_classes() {
    std::array<unsigned char, 256> classes{};
    for (int c = '0'; c <= '9'; ++c) classes[c] = kDigit;
    for (int c = 'a'; c <= 'z'; ++c) classes[c] = kLower;
    for (int c = 'A'; c <= 'Z'; ++c) classes[c] = kUpper;
    for (const char c : {'\'', '-', '_', '.', ','}) classes[static_cast<unsigned char>(c)] = kConnector;
    return classes;
}
inline constexpr std::array<unsigned char, 256> kAsciiClasses = make_ascii_classes();

inline bool is_ascii_alnum(char c) {
    return kAsciiClasses[static_cast<unsigned char>(c)] & (kDigit | kLower | kUpper);
}

}  // namespace vigie
