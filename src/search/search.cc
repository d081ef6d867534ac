#include "search/search.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <mutex>
#include <unordered_set>

#include "core/text.h"
#include "names/names.h"
#include "search/name_index.h"
#include "store/reader.h"

namespace memoria::search {

namespace {

constexpr const char* kIndexFile = "name_index.bin";

struct CacheEntry {
  uint64_t version = 0;
  std::shared_ptr<const NameIndex> index;
};

std::mutex cache_mu;
std::map<std::string, CacheEntry>& Cache() {
  static auto* cache = new std::map<std::string, CacheEntry>();
  return *cache;
}

}  // namespace

Result<std::shared_ptr<const NameIndex>> IndexFor(store::Reader* reader) {
  MEMORIA_ASSIGN_OR_RETURN(uint64_t version, reader->NamesVersion());
  const std::string& dir = reader->archive_dir();
  // In-memory archives (tests, tools) are cached per Store object.
  const std::string cache_key = reader->CacheKey();
  std::lock_guard<std::mutex> lock(cache_mu);
  if (auto it = Cache().find(cache_key); it != Cache().end() && it->second.version == version) {
    return it->second.index;
  }
  // Only the public index is kept on disk: an index of restricted names is
  // never written beside the archive.
  std::string path = dir.empty() || reader->ceiling() != store::Visibility::kPublic
                         ? ""
                         : (std::filesystem::path(dir) / kIndexFile).string();
  std::unique_ptr<NameIndex> index;
  if (!path.empty()) {
    Result<std::unique_ptr<NameIndex>> loaded = NameIndex::Load(path, version);
    if (loaded.ok()) index = std::move(loaded).value();
  }
  if (!index) {
    MEMORIA_ASSIGN_OR_RETURN(index, NameIndex::Build(reader));
    // Saving is an optimisation: a read-only directory only costs a rebuild
    // at the next start.
    if (!path.empty()) index->Save(path, version).IgnoreError();
  }
  std::shared_ptr<const NameIndex> shared(std::move(index));
  // In-memory stores die without telling the cache: keep few of them.
  if (Cache().size() >= 16) {
    for (auto it = Cache().begin(); it != Cache().end();) {
      it = it->first.rfind("memory:", 0) == 0 ? Cache().erase(it) : std::next(it);
    }
  }
  Cache()[cache_key] = CacheEntry{version, shared};
  return shared;
}

Result<SearchResult> Search(store::Reader* reader, std::string_view query,
                            const SearchOptions& options) {
  if (query.size() > kMaxQueryBytes) {
    return ResourceExhaustedError("query longer than " + std::to_string(kMaxQueryBytes) + " bytes");
  }
  if (!IsValidUtf8(query)) return InvalidArgumentError("query is not valid UTF-8");
  if (options.limit < 1 || options.limit > kMaxLimit) {
    return InvalidArgumentError("limit must be between 1 and " + std::to_string(kMaxLimit));
  }
  if (options.offset < 0) return InvalidArgumentError("offset must not be negative");
  if (options.born_from > options.born_to) {
    return InvalidArgumentError("birth year range is empty");
  }
  IndexQuery iq;
  iq.words = names::NormalizedWords(query);
  if (iq.words.empty()) return InvalidArgumentError("query has no letters or digits");
  if (iq.words.size() > 8) iq.words.resize(8);
  iq.born_from = options.born_from;
  iq.born_to = options.born_to;
  // Without a place filter only the page shown is ranked and explained;
  // the index still counts every match.
  iq.max_persons = options.place.empty()
                       ? static_cast<size_t>(options.offset) + static_cast<size_t>(options.limit)
                       : SIZE_MAX;
  iq.describe = iq.max_persons;

  MEMORIA_ASSIGN_OR_RETURN(std::shared_ptr<const NameIndex> index, IndexFor(reader));
  IndexResult found = index->Query(iq);
  std::vector<IndexMatch>& matches = found.matches;

  // Everything shown of a hit is read through the same Reader (the one
  // visibility filter, store/reader.h).
  if (!options.place.empty()) {
    std::string needle = FoldCase(options.place);
    std::vector<IndexMatch> kept;
    for (IndexMatch& m : matches) {
      MEMORIA_ASSIGN_OR_RETURN(std::vector<std::string> places,
                               reader->EventPlaces(m.person_id, "birth"));
      if (std::any_of(places.begin(), places.end(), [&](const std::string& place) {
            return FoldCase(place).find(needle) != std::string::npos;
          })) {
        kept.push_back(std::move(m));
      }
    }
    matches.swap(kept);
  }

  SearchResult result;
  result.total = static_cast<int64_t>(options.place.empty() ? found.total : matches.size());
  size_t begin = std::min(matches.size(), static_cast<size_t>(options.offset));
  size_t end = std::min(matches.size(), begin + static_cast<size_t>(options.limit));
  std::vector<int64_t> ids;
  for (size_t i = begin; i < end; ++i) ids.push_back(matches[i].person_id);
  MEMORIA_ASSIGN_OR_RETURN(std::vector<store::PersonSummary> summaries, reader->Summaries(ids));
  size_t next = 0;
  for (size_t i = begin; i < end; ++i) {
    if (next >= summaries.size() || summaries[next].id != matches[i].person_id) continue;
    const store::PersonSummary& s = summaries[next++];
    Hit h;
    h.person_id = matches[i].person_id;
    h.score = matches[i].score;
    h.why = matches[i].why;
    h.reason = matches[i].reason;
    h.surname = s.surname;
    h.given = s.given;
    h.patronymic = s.patronymic;
    h.birth = s.birth;
    result.hits.push_back(std::move(h));
  }
  return result;
}

}  // namespace memoria::search
