// Why a name matched a query: how each field of the name was reached.
// The name index records it per hit; the CLI and the JSON API print it in
// English (WhyText), the website in the reader's language.

#ifndef MEMORIA_SEARCH_MATCH_REASON_H_
#define MEMORIA_SEARCH_MATCH_REASON_H_

#include <cstdint>
#include <string>

namespace memoria::search {

enum class MatchHow : uint8_t {
  kNone = 0,      // the field was not matched by any query word
  kExact = 1,     // the same normalised word
  kTranslit = 2,  // through a transliteration or a phonetic key
  kEdit = 3,      // one or two edits away (typo, OCR confusion)
  kInitial = 4,   // an initial of the word
  kPrefix = 5,    // the word begins with the query's prefix ("Кузьм*")
};

struct MatchReason {
  MatchHow surname = MatchHow::kNone;
  MatchHow given = MatchHow::kNone;
  MatchHow patronymic = MatchHow::kNone;
  bool reordered = false;    // the query gave the parts in another order
  bool alternative = false;  // matched an alternative name (maiden name, other spelling)
};

// "surname exact, given name initial (reordered)".
std::string WhyText(const MatchReason& reason);

}  // namespace memoria::search

#endif  // MEMORIA_SEARCH_MATCH_REASON_H_
