// JSON Lines as vigie-index reads them: lines split a block at a time
// (long lines passed over), each decoded by its own evidence, parsed,
// and built into a document.
#include "document/line_reader.hpp"
#include "fuzz_support.hpp"
#include "index/analysis_tasks.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static vigie::DocumentBuilder builder;
    static const vigie::AnalysisSettings settings = [] {
        vigie::AnalysisSettings s;
        s.max_document_size = 1 << 12;
        return s;
    }();
    vigie::LineReader lines(fuzz::empty_reader(), std::string(reinterpret_cast<const char*>(data), size),
                            settings.max_document_size);
    vigie::Task task;
    task.file = &fuzz::input_file(vigie::InputFormat::JsonLines);
    task.json = true;
    vigie::InputLine line;
    std::size_t bytes = 0;
    while (lines.next(line)) {
        bytes += line.length;
        fuzz::require(line.too_long == (line.length > settings.max_document_size), "long lines are flagged");
        task.lines.push_back(std::move(line));
    }
    fuzz::require(bytes <= size, "lines hold no more than the input");
    const vigie::TaskResult result = vigie::analyse(task, builder, settings);
    fuzz::require(result.documents.size() <= task.lines.size(), "at most one document per line");
    for (const auto& d : result.documents) fuzz::require_valid_utf8(d.id, "ids are UTF-8");
    return 0;
}
