// Searching a Vigie index from C++ in a few lines: the embedding example.
// Usage: vigie-embed-example DB QUERY [SINCE]
#include <vigie/vigie.hpp>

#include <iostream>

int main(int argc, char** argv) {
    if (argc < 3) {
        std::cerr << "usage: " << argv[0] << " DB QUERY [SINCE]\n";
        return 2;
    }
    try {
        vigie::Searcher searcher(argv[1]);
        vigie::SearchRequest request;
        request.query = argv[2];
        if (argc > 3) request.since = argv[3];
        const vigie::SearchResult result = searcher.search(request);
        for (const vigie::Hit& hit : result.hits)
            std::cout << hit.rank << '\t' << hit.id << '\t' << hit.date << '\t' << hit.snippet << '\n';
        return result.hits.empty() ? 1 : 0;
    } catch (const vigie::Error& e) {
        std::cerr << "error: " << e.what() << '\n';
        return static_cast<int>(e.code());
    }
}
