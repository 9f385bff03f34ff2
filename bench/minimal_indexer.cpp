// bench-minimal-indexer: the peer of the indexing benchmark.
//
// The simplest correct Xapian indexer for seed-format communiqués, written the
// way the Xapian documentation shows it, so that bench/index-bench.sh can
// compare vigie-index against it on the same files:
//   - walks the given directories (recursively) for *.txt files, in sorted order;
//   - parses the " date YYYY-MM-DD " (or YYYY-MM) header, the rest is the text;
//   - one Xapian::TermGenerator with Xapian::Stem("french"), STEM_SOME;
//   - replace_document() on a unique "Q<id>" term (id = path relative to the
//     walked directory, or the file name for a file given directly);
//   - the date as value slot 0, the text as document data;
//   - commit() every 2000 documents and at the end (Vigie's commit policy).
// Single-threaded.
//
// Usage: bench-minimal-indexer --db DIR PATH...
// Prints one JSON summary line on stdout.
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace fs = std::filesystem;

namespace {

constexpr unsigned kBatch = 2000;
constexpr Xapian::valueno kDateSlot = 0;

bool is_date(const std::string& s) {
    // YYYY-MM-DD or YYYY-MM
    if (s.size() != 10 && s.size() != 7) return false;
    for (size_t i = 0; i < s.size(); ++i) {
        if (i == 4 || i == 7) {
            if (s[i] != '-') return false;
        } else if (s[i] < '0' || s[i] > '9') {
            return false;
        }
    }
    return true;
}

// Splits " date YYYY-MM-DD text..." into date and text. Returns false when the
// header is missing (the document is then indexed without a date).
bool parse_header(const std::string& content, std::string& date, std::string& text) {
    size_t p = 0;
    while (p < content.size() && (content[p] == ' ' || content[p] == '\t')) ++p;
    if (content.compare(p, 5, "date ") == 0) {
        size_t q = p + 5;
        while (q < content.size() && content[q] == ' ') ++q;
        size_t e = q;
        while (e < content.size() && content[e] != ' ' && content[e] != '\n' && content[e] != '\r') ++e;
        std::string d = content.substr(q, e - q);
        if (is_date(d)) {
            date = std::move(d);
            if (e < content.size() && content[e] == ' ') ++e;
            text = content.substr(e);
            return true;
        }
    }
    date.clear();
    text = content;
    return false;
}

bool read_file(const fs::path& path, std::string& out) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    std::ostringstream ss;
    ss << in.rdbuf();
    out = ss.str();
    return true;
}

}  // namespace

int main(int argc, char** argv) {
    std::string db_path;
    std::vector<std::string> inputs;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "--db" && i + 1 < argc) {
            db_path = argv[++i];
        } else if (a.rfind("--db=", 0) == 0) {
            db_path = a.substr(5);
        } else if (a == "-h" || a == "--help") {
            std::cout << "Usage: bench-minimal-indexer --db DIR PATH...\n";
            return 0;
        } else {
            inputs.push_back(a);
        }
    }
    if (db_path.empty() || inputs.empty()) {
        std::cerr << "Usage: bench-minimal-indexer --db DIR PATH...\n";
        return 2;
    }

    // (path, id) pairs, sorted per input so runs are reproducible.
    std::vector<std::pair<fs::path, std::string>> files;
    for (const auto& in : inputs) {
        std::error_code ec;
        fs::path root(in);
        if (fs::is_directory(root, ec)) {
            std::vector<std::pair<fs::path, std::string>> found;
            for (auto it = fs::recursive_directory_iterator(root, fs::directory_options::skip_permission_denied, ec);
                 it != fs::recursive_directory_iterator(); it.increment(ec)) {
                if (ec) break;
                const fs::path& p = it->path();
                if (p.filename().string().rfind('.', 0) == 0) {  // hidden: skip (and do not descend)
                    if (it->is_directory(ec)) it.disable_recursion_pending();
                    continue;
                }
                if (it->is_regular_file(ec) && p.extension() == ".txt")
                    found.emplace_back(p, p.lexically_relative(root).generic_string());
            }
            std::sort(found.begin(), found.end());
            files.insert(files.end(), found.begin(), found.end());
        } else if (fs::is_regular_file(root, ec)) {
            files.emplace_back(root, root.filename().string());
        } else {
            std::cerr << "bench-minimal-indexer: cannot read " << in << "\n";
            return 2;
        }
    }

    auto t0 = std::chrono::steady_clock::now();
    unsigned long long bytes = 0, docs = 0, skipped = 0;
    try {
        Xapian::WritableDatabase db(db_path, Xapian::DB_CREATE_OR_OPEN);
        Xapian::TermGenerator tg;
        tg.set_stemmer(Xapian::Stem("french"));
        tg.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);

        std::string content, date, text;
        unsigned pending = 0;
        for (const auto& [path, id] : files) {
            if (!read_file(path, content)) {
                std::cerr << "bench-minimal-indexer: cannot read " << path << "\n";
                ++skipped;
                continue;
            }
            bytes += content.size();
            parse_header(content, date, text);

            Xapian::Document doc;
            tg.set_document(doc);
            tg.index_text(text);
            const std::string idterm = "Q" + id;
            doc.add_boolean_term(idterm);
            if (!date.empty()) doc.add_value(kDateSlot, date);
            doc.set_data(text);
            db.replace_document(idterm, doc);
            ++docs;
            if (++pending == kBatch) {
                db.commit();
                pending = 0;
            }
        }
        db.commit();
        db.close();
    } catch (const Xapian::Error& e) {
        std::cerr << "bench-minimal-indexer: " << e.get_description() << "\n";
        return 1;
    }
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf("{\"indexed\": %llu, \"skipped\": %llu, \"bytes\": %llu, \"seconds\": %.3f}\n", docs, skipped, bytes,
                secs);
    return skipped ? 1 : 0;
}
