// Text communiqués as vigie-index reads them: bounded reading, encoding
// decided by evidence (UTF-8, Windows-1252, mixed, binary), the date
// header, the title, and the document built from it.
#include "fuzz_support.hpp"
#include "index/analysis_tasks.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static vigie::DocumentBuilder builder;
    static const vigie::AnalysisSettings settings = [] {
        vigie::AnalysisSettings s;
        s.max_document_size = 1 << 16;  // small, so that cuts are fuzzed too
        return s;
    }();
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);

    const vigie::utf8::DecodedText decoded = vigie::utf8::decode_file_bytes(bytes);
    fuzz::require_valid_utf8(decoded.text, "decoded text is UTF-8");
    fuzz::require(decoded.foreign_bytes == 0 || decoded.first_foreign < size, "first foreign byte within input");

    vigie::Task task;
    task.file = &fuzz::input_file(vigie::InputFormat::Text);
    task.reader = fuzz::empty_reader();
    task.head.assign(bytes);
    const vigie::TaskResult result = vigie::analyse(task, builder, settings);
    fuzz::require(result.documents.size() <= 1, "one document per text file");
    for (const auto& d : result.diagnostics) fuzz::require_valid_utf8(d.message, "diagnostics are UTF-8");
    return 0;
}
