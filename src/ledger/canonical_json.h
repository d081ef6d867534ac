// Canonical JSON (RFC 8785, the JSON Canonicalization Scheme) for the
// bodies of ledger entries (docs/formats/ledger.md): object members sorted
// by the UTF-16 code units of their names, no insignificant white space,
// strings with only the escapes RFC 8785 requires, integers in decimal.
//
// The ledger's bodies hold no fractional numbers, so this encoder accepts
// integers only (a double with an integral value of magnitude below 2^53
// is written as that integer); RFC 8785's ECMAScript number formatting of
// fractions is not implemented.
//
// Thread safety: pure functions.
#ifndef MEMORIA_LEDGER_CANONICAL_JSON_H_
#define MEMORIA_LEDGER_CANONICAL_JSON_H_

#include <nlohmann/json.hpp>
#include <string>

#include "core/result.h"

namespace memoria::ledger {

// The canonical encoding of "value". kInvalidArgument for a fractional or
// out-of-range number, and for a string that is not valid UTF-8.
Result<std::string> CanonicalJson(const nlohmann::json& value);

}  // namespace memoria::ledger

#endif  // MEMORIA_LEDGER_CANONICAL_JSON_H_
