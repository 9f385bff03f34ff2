#include "query/syntax_tree.hpp"

#include <fmt/format.h>

namespace vigie::query {

namespace {

std::string quoted(const std::string& text) {
    std::string out = "\"";
    for (const char c : text) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + '"';
}

std::string field_prefix(const Node& node) { return node.field ? std::string(node.field->name) + ":" : ""; }

void describe_into(const Node& node, std::string& out) {
    if (node.sign == Sign::Required) out += '+';
    if (node.sign == Sign::Excluded) out += '-';
    const auto branch = [&](const char* name) {
        out += '(';
        out += name;
        for (const Node& child : node.children) {
            out += ' ';
            describe_into(child, out);
        }
        out += ')';
    };
    switch (node.kind) {
        case Node::Kind::Word: out += "(word " + field_prefix(node) + quoted(node.text) + ")"; break;
        case Node::Kind::Phrase: out += "(phrase " + field_prefix(node) + quoted(node.text) + ")"; break;
        case Node::Kind::Wildcard: out += "(prefix " + field_prefix(node) + quoted(node.text) + ")"; break;
        case Node::Kind::Exact: out += "(exact " + field_prefix(node) + quoted(node.text) + ")"; break;
        case Node::Kind::Date: out += "(date " + node.range.describe() + ")"; break;
        case Node::Kind::Group: branch("group"); break;
        case Node::Kind::And: branch("and"); break;
        case Node::Kind::Or: branch("or"); break;
        case Node::Kind::Xor: branch("xor"); break;
        case Node::Kind::AndNot: branch("and-not"); break;
        case Node::Kind::Near: branch(fmt::format("{}/{}", node.ordered ? "adj" : "near", node.window).c_str()); break;
    }
}

}  // namespace

std::string describe(const Node& node) {
    std::string out;
    describe_into(node, out);
    return out;
}

}  // namespace vigie::query
