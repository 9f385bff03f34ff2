#include "index/locations.hpp"

#include <fmt/format.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "util/utf8.hpp"
#include "vigie/error.hpp"

namespace vigie {

namespace fs = std::filesystem;

namespace {

// Stubs may list stubs; a loop among them is an error, not a hang.
constexpr int kMaxStubDepth = 8;

Error stub_error(const std::string& stub, std::size_t line, const std::string& what) {
    return Error(ExitCode::Error,
                 fmt::format("stub database {}, line {}: {}", utf8::sanitize_for_terminal(stub, true), line, what),
                 "each line is 'auto PATH', 'glass PATH', 'remote HOST:PORT' or 'remote :PROGRAM ARGS'");
}

// "host:port", "[v6]:port": false when the port is missing or not a number.
bool parse_host_port(std::string text, std::string& host, unsigned& port) {
    const auto colon = text.rfind(':');
    if (colon == std::string::npos || colon + 1 == text.size()) return false;
    const std::string digits = text.substr(colon + 1);
    if (digits.find_first_not_of("0123456789") != std::string::npos || digits.size() > 5) return false;
    port = static_cast<unsigned>(std::strtoul(digits.c_str(), nullptr, 10));
    if (port == 0 || port > 65535) return false;
    host = text.substr(0, colon);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    return !host.empty();
}

void resolve_into(const std::string& given, const std::string& from_stub, int depth, std::vector<Location>& out);

// One stub's lines, as Xapian reads them (backends/databasehelpers.h):
// '#' comments, paths relative to the stub's folder.
void read_stub(const std::string& stub_path, int depth, std::vector<Location>& out) {
    if (depth > kMaxStubDepth) throw stub_error(stub_path, 0, "stubs list each other in a loop");
    std::ifstream in(stub_path);
    if (!in) throw Error(ExitCode::IndexMissing, fmt::format("cannot read stub database {}", stub_path));
    const fs::path folder = fs::path(stub_path).parent_path();
    std::string line;
    std::size_t number = 0;
    std::size_t listed = 0;
    while (std::getline(in, line)) {
        ++number;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty() || line[0] == '#') continue;
        const auto space = line.find(' ');
        const std::string type = line.substr(0, space);
        const std::string rest = space == std::string::npos ? std::string() : line.substr(space + 1);
        if (rest.empty()) throw stub_error(stub_path, number, fmt::format("'{}' names nothing", type));
        if (type == "auto" || type == "glass") {
            const fs::path p = fs::path(rest).is_absolute() ? fs::path(rest) : folder / rest;
            resolve_into(p.lexically_normal().string(), stub_path, depth + 1, out);
        } else if (type == "remote" && rest[0] == ':') {
            Location l;
            l.kind = Location::Kind::Program;
            const auto args = rest.find(' ');
            l.path = rest.substr(1, args == std::string::npos ? std::string::npos : args - 1);
            if (args != std::string::npos) l.args = rest.substr(args + 1);
            l.name = "remote " + rest;
            l.stub = stub_path;
            out.push_back(std::move(l));
        } else if (type == "remote") {
            Location l;
            l.kind = Location::Kind::Tcp;
            if (!parse_host_port(rest, l.host, l.port))
                throw stub_error(stub_path, number, fmt::format("'{}' is not HOST:PORT", rest));
            l.name = "tcp://" + rest;
            l.stub = stub_path;
            out.push_back(std::move(l));
        } else {
            throw stub_error(stub_path, number, fmt::format("unknown database type '{}'", type));
        }
        ++listed;
    }
    if (listed == 0) throw stub_error(stub_path, number, "it lists no database");
}

void resolve_into(const std::string& given, const std::string& from_stub, int depth, std::vector<Location>& out) {
    constexpr std::string_view kTcp = "tcp://";
    if (given.compare(0, kTcp.size(), kTcp) == 0) {
        Location l;
        l.kind = Location::Kind::Tcp;
        if (!parse_host_port(given.substr(kTcp.size()), l.host, l.port))
            throw Error(ExitCode::Error,
                        fmt::format("--db {}: expected tcp://HOST:PORT", utf8::sanitize_for_terminal(given, true)));
        l.name = given;
        l.stub = from_stub;
        out.push_back(std::move(l));
        return;
    }
    if (is_stub(given)) return read_stub(stub_file_of(given), depth, out);
    Location l;
    l.path = given;
    l.name = given;
    l.stub = from_stub;
    out.push_back(std::move(l));
}

}  // namespace

bool is_stub(const std::string& path) {
    std::error_code ec;
    const auto status = fs::status(path, ec);
    if (ec) return false;
    if (fs::is_regular_file(status)) return true;
    return fs::is_directory(status) && fs::is_regular_file(fs::path(path) / kStubFileName, ec);
}

std::string stub_file_of(const std::string& path) {
    std::error_code ec;
    return fs::is_directory(path, ec) ? (fs::path(path) / kStubFileName).string() : path;
}

std::vector<Location> resolve_location(const std::string& given) {
    std::vector<Location> out;
    resolve_into(given, "", 0, out);
    return out;
}

}  // namespace vigie
