// What the archive linker (archive.h) compares and how it learns its model:
// the fields, the blocking passes, one linkage record per person of the
// store, and the estimation of m on training subsets. Internal to
// linkage/archive/.
#ifndef MEMORIA_LINKAGE_ARCHIVE_INTERNAL_FIELDS_H_
#define MEMORIA_LINKAGE_ARCHIVE_INTERNAL_FIELDS_H_

#include <array>
#include <cstdint>
#include <vector>

#include "linkage/linkage.h"
#include "store/reader.h"

namespace memoria::linkage {

// The fields compared (names, birth, arrest, sentence, death, residence,
// occupation, nationality) and the blocking passes of an archive.
std::vector<FieldSpec> ArchiveFields();
std::vector<BlockingPass> ArchivePasses();

// One linkage record per person: its first main name, its first birth
// (date and place), its first arrest, sentence, execution or death, its
// first residence, occupation and nationality; the source of its first
// record.
Record RecordOf(const store::PersonView& p);

// The model of an archive from the comparison vectors of a sample of its
// candidate pairs ("levels", rows of specs.size() levels) and u from
// random pairs: m trained on subsets where matches are common, then p.
Model EstimateArchiveModel(const std::vector<FieldSpec>& specs, const std::vector<int8_t>& levels,
                           const std::vector<std::array<double, kLevels>>& u, const EmOptions& em);

}  // namespace memoria::linkage

#endif  // MEMORIA_LINKAGE_ARCHIVE_INTERNAL_FIELDS_H_
