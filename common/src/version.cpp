#include <xapian.h>

#include "analysis/french_stem.hpp"
#include "index/schema.hpp"
#include "output/result_json.hpp"
#include "vigie/vigie.hpp"

#ifndef VIGIE_VERSION
#error "VIGIE_VERSION comes from the CMake project's version"
#endif

namespace vigie {

VersionInfo version_info() {
    VersionInfo v;
    v.vigie = VIGIE_VERSION;
    v.xapian = Xapian::version_string();
    v.analyzer = std::string(kAnalyzerVersion);
    v.index_schema = std::string(schema::kSchemaVersion);
    v.json_schema = kJsonSchemaVersion;
    return v;
}

}  // namespace vigie
