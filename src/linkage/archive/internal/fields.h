// What the archive linker (archive.h) compares and how it learns its model:
// the fields, the blocking passes, one linkage record per person of the
// store, and the estimation of m on training subsets. Internal to
// linkage/archive/.
#ifndef MEMORIA_LINKAGE_ARCHIVE_INTERNAL_FIELDS_H_
#define MEMORIA_LINKAGE_ARCHIVE_INTERNAL_FIELDS_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
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

// m per field of a model (FieldParams::m), in the order of specs.
using FieldM = std::vector<std::array<double, kLevels>>;

// The model of an archive whose m is known (stored by an earlier link):
// m as given, u from random pairs, p estimated over "levels" as
// EstimateArchiveModel does.
Model ArchiveModelWithM(const FieldM& m, const std::vector<std::array<double, kLevels>>& u,
                        const std::vector<int8_t>& levels);

// The stored form of a model's m (JSON: format, fields by name with their
// m by level, the p of the run, "when"), and back: nullopt when "json" is
// not that form or names other fields than "specs" (an older linker's).
std::string ModelJson(const std::vector<FieldSpec>& specs, const Model& model,
                      std::string_view when);
std::optional<FieldM> StoredM(const std::vector<FieldSpec>& specs, std::string_view json,
                              std::string* when);

}  // namespace memoria::linkage

#endif  // MEMORIA_LINKAGE_ARCHIVE_INTERNAL_FIELDS_H_
