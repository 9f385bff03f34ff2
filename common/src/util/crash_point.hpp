// For the kill loop of the tests: VIGIE_CRASH_AT=<point> kills vigie-index
// (SIGKILL) at that step, where a random kill seldom lands.
#pragma once

#include <csignal>
#include <cstdlib>
#include <cstring>

namespace vigie {

inline void crash_point(const char* point) {
    static const char* wanted = std::getenv("VIGIE_CRASH_AT");
    if (wanted && std::strcmp(wanted, point) == 0) std::raise(SIGKILL);
}

}  // namespace vigie
