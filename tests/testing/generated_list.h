// A generated list imported as an archivist would, for the tests that read a
// realistic archive (header-only: the tests that use it link memoria_ingest
// and memoria_synth, which the testing library does not).
#ifndef MEMORIA_TESTS_TESTING_GENERATED_LIST_H_
#define MEMORIA_TESTS_TESTING_GENERATED_LIST_H_

#include <cstdint>
#include <fstream>
#include <string>

#include "core/status.h"
#include "ingest/ingest.h"
#include "store/store.h"
#include "synth/generator.h"

namespace memoria::testing {

// Writes "rows" rows of synth::GenerateCorpus("seed") to "tsv_path" and
// imports them into "store" with the memorial-lists profile.
inline Status ImportGeneratedList(store::Store* store, const std::string& tsv_path, int64_t rows,
                                  uint64_t seed) {
  synth::GenerateOptions g;
  g.rows = rows;
  g.seed = seed;
  {
    std::ofstream out(tsv_path, std::ios::binary);
    MEMORIA_RETURN_IF_ERROR(synth::GenerateCorpus(g, &out, nullptr));
    if (!out.flush()) return InternalError("cannot write " + tsv_path);
  }
  ingest::ImportOptions o;
  o.profile = "memorial-lists";
  return ingest::Import(store, {tsv_path}, o).status();
}

}  // namespace memoria::testing

#endif  // MEMORIA_TESTS_TESTING_GENERATED_LIST_H_
