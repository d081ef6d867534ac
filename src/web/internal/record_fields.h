// Internal to web/: the fields of a source record's raw JSON text, as the
// person page lists them.
//
// Thread safety: a pure function.
#ifndef MEMORIA_WEB_INTERNAL_RECORD_FIELDS_H_
#define MEMORIA_WEB_INTERNAL_RECORD_FIELDS_H_

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace memoria::web::internal {

using RecordField = std::pair<std::string, std::string>;  // key, text

// Each key of the object with its value's text (a string as it is, null as
// "", any other value as compact JSON), in the object's order; a key given
// twice keeps its first place and its last value (nlohmann's ordered_json).
// nullopt when "raw" is not one JSON object. A flat object of scalars with
// distinct keys (every packed record) is read without building it.
std::optional<std::vector<RecordField>> RecordFields(const std::string& raw);

}  // namespace memoria::web::internal

#endif  // MEMORIA_WEB_INTERNAL_RECORD_FIELDS_H_
