// The first stage of parsing: query text into lexemes (words, phrases,
// brackets, operators), each with the sign and field written before it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "query/syntax_tree.hpp"

namespace vigie::query {

struct Lexeme {
    enum class Type {
        Word,    // a chunk of text up to a space, a bracket or a quote
        Phrase,  // text between quotes (" ", « », “ ”)
        Open,
        Close,
        Operator,
    };
    enum class Op { None, And, Or, Not, Xor, Near, Adj };

    Type type = Type::Word;
    std::string text;         // Word and Phrase; the operator as written
    Sign sign = Sign::None;   // +x -x
    std::string field;        // title:x -> "title"; "" when none
    bool field_empty = false; // "title:" followed by nothing it can apply to
    Op op = Op::None;
    unsigned window = 0;      // NEAR/n, ADJ/n; 0 when not given
};

struct LexedQuery {
    std::vector<Lexeme> lexemes;
    std::string error;  // "unbalanced quote"... when the text cannot be read as syntax
};

// Operators are recognised in capitals only (AND, OR, NOT, XOR, NEAR,
// NEAR/n, ADJ, ADJ/n); a field is a known or unknown name before ':'.
LexedQuery lex(std::string_view text);

}  // namespace vigie::query
