// The query parser's bounds: brackets nested deeper than kMaxDepth are
// broken syntax, read as plain words, on a small stack too.
#include <catch2/catch.hpp>
#include <pthread.h>

#include <string>

#include "query/parser.hpp"

namespace {

using vigie::query::kMaxDepth;
using vigie::query::parse;
using vigie::query::ParsedQuery;

std::string nest(std::size_t depth, const std::string& inside) {
    return std::string(depth, '(') + inside + std::string(depth, ')');
}

struct OnSmallStack {
    std::string text;
    ParsedQuery parsed;
};

// CI's stack may be smaller than a desktop's: parse where 256 KiB is all
// there is, as a thread of a program embedding the library might.
ParsedQuery parse_on_small_stack(const std::string& text) {
    OnSmallStack job{text, {}};
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, 256 * 1024);
    pthread_t thread;
    REQUIRE(pthread_create(
                &thread, &attr,
                [](void* arg) -> void* {
                    auto* j = static_cast<OnSmallStack*>(arg);
                    j->parsed = parse(j->text);
                    return nullptr;
                },
                &job) == 0);
    pthread_join(thread, nullptr);
    pthread_attr_destroy(&attr);
    return job.parsed;
}

bool has_notice(const ParsedQuery& p, const std::string& part) {
    for (const auto& n : p.notices)
        if (n.find(part) != std::string::npos) return true;
    return false;
}

}  // namespace

TEST_CASE("brackets nested deeper than the limit are read as plain words, without exhausting the stack") {
    for (const std::string& q : {std::string(2000, '('), nest(1000, "cyberattaque"), std::string(4000, '(') + "mot"}) {
        INFO(q.size() << " bytes");
        const ParsedQuery p = parse_on_small_stack(q);
        CHECK(p.plain);
        CHECK(has_notice(p, "nested more than"));
    }
    const ParsedQuery words = parse_on_small_stack(nest(1000, "cyberattaque"));
    REQUIRE(words.root.children.size() == 1);
    CHECK(words.root.children[0].text == "cyberattaque");
}

TEST_CASE("brackets nested up to the limit keep their meaning") {
    const ParsedQuery p = parse_on_small_stack(nest(kMaxDepth, "otan OR alliance"));
    CHECK_FALSE(p.plain);
    CHECK(p.notices.empty());
    REQUIRE(p.root.children.size() == 1);
    CHECK(p.root.children[0].kind == vigie::query::Node::Kind::Or);
}
