// Errors that reach the user, each with the exit code the commands return.
#pragma once

#include <stdexcept>
#include <string>

namespace vigie {

// Exit codes shared by vigie-index and vigie-search (grep-like 0/1/2).
enum class ExitCode : int {
    Ok = 0,                 // search: hits; index: every input indexed
    NoMatchOrSkipped = 1,   // search: no hits; index: some inputs skipped
    Error = 2,              // usage error, bad argument, fatal error
    IndexMissing = 3,       // no index at --db
    IndexLocked = 4,        // another vigie-index is writing
    IndexIncompatible = 5,  // built by another schema or analyzer version
    Interrupted = 130,      // SIGINT/SIGTERM: work done so far committed
};

class Error : public std::runtime_error {
public:
    Error(ExitCode code, const std::string& message, std::string hint = {})
        : std::runtime_error(message), code_(code), hint_(std::move(hint)) {}
    ExitCode code() const { return code_; }
    const std::string& hint() const { return hint_; }

private:
    ExitCode code_;
    std::string hint_;
};

}  // namespace vigie
