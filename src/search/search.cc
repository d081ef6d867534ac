#include "search/search.h"

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/text.h"
#include "names/names.h"
#include "search/hit_lines.h"
#include "search/internal/background_threads.h"
#include "search/name_index.h"
#include "store/reader.h"

namespace memoria::search {

namespace {

constexpr const char* kIndexFile = "name_index.bin";

struct CacheEntry {
  uint64_t version = 0;
  int64_t removals = 0;  // Reader::NamesRemovals when the index was read
  std::shared_ptr<const NameIndex> index;
  bool rebuilding = false;  // a background rebuild is under way
};

std::mutex cache_mu;
std::map<std::string, CacheEntry>& Cache() {
  static auto* cache = new std::map<std::string, CacheEntry>();
  return *cache;
}

std::atomic<uint64_t> generation{1};

// Background rebuilds (AnswerFromOlderIndexWhileRebuilding).
std::mutex background_mu;
bool background_on = false;
internal::BackgroundThreads& BackgroundThreads() {
  static auto* threads = new internal::BackgroundThreads();
  return *threads;
}

// Moved by CancelIndexBuilds: a build that began under another value stops.
std::atomic<uint64_t> builds_cancelled{0};

// The index file of an archive, or "" where none is kept: in-memory
// archives, and every ceiling but the public one (an index of restricted
// names is never written beside the archive).
std::string IndexPath(const std::string& dir, store::Visibility ceiling) {
  if (dir.empty() || ceiling != store::Visibility::kPublic) return "";
  return (std::filesystem::path(dir) / kIndexFile).string();
}

// Loads the index of "version" from "path", or builds it through "reader"
// and saves it there.
Result<std::unique_ptr<NameIndex>> LoadOrBuild(store::Reader* reader, const std::string& path,
                                               uint64_t version) {
  if (!path.empty()) {
    Result<std::unique_ptr<NameIndex>> loaded = NameIndex::Load(path, version);
    if (loaded.ok()) return loaded;
  }
  const uint64_t begun = builds_cancelled.load();
  MEMORIA_ASSIGN_OR_RETURN(std::unique_ptr<NameIndex> index, NameIndex::Build(reader, [begun] {
                             return builds_cancelled.load(std::memory_order_relaxed) != begun;
                           }));
  // Saving is an optimisation: a read-only directory only costs a rebuild
  // at the next start.
  if (!path.empty()) index->Save(path, version).IgnoreError();
  return index;
}

// Builds the index of archive "dir" at "ceiling" on a connection of its own
// and puts it in the cache under "key".
// The cache entry of archive "dir" at "ceiling", read or built on a
// connection of its own.
Result<CacheEntry> BuildEntry(const std::string& dir, store::Visibility ceiling) {
  MEMORIA_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store,
                           store::Store::Open(dir, store::OpenOptions{true, 16}));
  MEMORIA_ASSIGN_OR_RETURN(store::Reader * reader, store->ReaderFor(ceiling));
  MEMORIA_ASSIGN_OR_RETURN(uint64_t version, reader->NamesVersion());
  MEMORIA_ASSIGN_OR_RETURN(int64_t removals, reader->NamesRemovals());
  MEMORIA_ASSIGN_OR_RETURN(std::unique_ptr<NameIndex> index,
                           LoadOrBuild(reader, IndexPath(dir, ceiling), version));
  return CacheEntry{version, removals, std::shared_ptr<const NameIndex>(std::move(index)), false};
}

// Builds the index of archive "dir" at "ceiling" and puts it in the cache
// under "key".
void RebuildInBackground(std::string dir, store::Visibility ceiling, std::string key) {
  Result<CacheEntry> built = BuildEntry(dir, ceiling);
  std::lock_guard<std::mutex> lock(cache_mu);
  CacheEntry& entry = Cache()[key];
  entry.rebuilding = false;
  // On failure the older index keeps answering; the next search tries again.
  if (built.ok()) {
    entry = std::move(built).value();
    ++generation;
  }
}

}  // namespace

void AnswerFromOlderIndexWhileRebuilding(bool on) {
  internal::BackgroundThreads running;
  {
    std::lock_guard<std::mutex> lock(background_mu);
    background_on = on;
    if (!on) running = BackgroundThreads().TakeAll();
  }
  running.JoinAll();
}

void CancelIndexBuilds() { builds_cancelled.fetch_add(1); }

size_t BackgroundRebuildThreadsForTesting() {
  std::lock_guard<std::mutex> lock(background_mu);
  return BackgroundThreads().size();
}

Result<std::shared_ptr<const NameIndex>> IndexFor(store::Reader* reader) {
  MEMORIA_ASSIGN_OR_RETURN(uint64_t version, reader->NamesVersion());
  MEMORIA_ASSIGN_OR_RETURN(int64_t removals, reader->NamesRemovals());
  const std::string& dir = reader->archive_dir();
  // In-memory archives (tests, tools) are cached per Store object.
  const std::string cache_key = reader->CacheKey();
  std::lock_guard<std::mutex> lock(cache_mu);
  auto it = Cache().find(cache_key);
  if (it != Cache().end() && it->second.index != nullptr) {
    CacheEntry& entry = it->second;
    if (entry.version == version) return entry.index;
    // Only additions since the cached index was made: it hides everything
    // that is hidden now, so it answers while its successor is built.
    std::lock_guard<std::mutex> background(background_mu);
    if (background_on && !dir.empty() && entry.removals == removals) {
      if (!entry.rebuilding) {
        entry.rebuilding = true;
        BackgroundThreads().Start([dir, ceiling = reader->ceiling(), cache_key] {
          RebuildInBackground(dir, ceiling, cache_key);
        });
      }
      return entry.index;
    }
  }
  MEMORIA_ASSIGN_OR_RETURN(std::unique_ptr<NameIndex> index,
                           LoadOrBuild(reader, IndexPath(dir, reader->ceiling()), version));
  std::shared_ptr<const NameIndex> shared(std::move(index));
  // In-memory stores die without telling the cache: keep few of them.
  if (Cache().size() >= 16) {
    for (auto i = Cache().begin(); i != Cache().end();) {
      i = i->first.rfind("memory:", 0) == 0 && !i->second.rebuilding ? Cache().erase(i)
                                                                     : std::next(i);
    }
  }
  Cache()[cache_key] = CacheEntry{version, removals, shared, false};
  ++generation;
  return shared;
}

uint64_t IndexGeneration() { return generation.load(); }

namespace {

// The sealed names' indexes (NameIndex::BuildSealed), per archive, by names
// version: in memory only, so no confidential name reaches a file.
struct SealedEntry {
  uint64_t version = 0;
  std::shared_ptr<const NameIndex> index;
};
std::mutex sealed_mu;
std::map<std::string, SealedEntry>& SealedCache() {
  static auto* cache = new std::map<std::string, SealedEntry>;
  return *cache;
}

// The index of the sealed names "reader" may see, or null: only the
// confidential ceiling (editors and admins) with the archive's key loaded
// gets one; every other reader never looks at sealed names.
Result<std::shared_ptr<const NameIndex>> SealedIndexFor(store::Reader* reader) {
  if (reader->ceiling() != store::Visibility::kConfidential || !reader->Unlocked()) {
    return std::shared_ptr<const NameIndex>();
  }
  MEMORIA_ASSIGN_OR_RETURN(uint64_t version, reader->NamesVersion());
  const std::string key = reader->CacheKey();
  std::lock_guard<std::mutex> lock(sealed_mu);
  auto it = SealedCache().find(key);
  if (it != SealedCache().end() && it->second.version == version) return it->second.index;
  MEMORIA_ASSIGN_OR_RETURN(std::unique_ptr<NameIndex> built, NameIndex::BuildSealed(reader));
  std::shared_ptr<const NameIndex> shared(std::move(built));
  if (SealedCache().size() >= 16) SealedCache().clear();
  SealedCache()[key] = SealedEntry{version, shared};
  return shared;
}

}  // namespace

Status ReadQueryWords(std::string_view text, IndexQuery* query) {
  if (text.size() > kMaxQueryBytes) {
    return ResourceExhaustedError("query longer than " + std::to_string(kMaxQueryBytes) + " bytes");
  }
  if (!IsValidUtf8(text)) return InvalidArgumentError("query is not valid UTF-8");
  query->words.clear();
  query->prefix.clear();
  // Split on white space first: a "*" ends a token, and the token's last
  // word is the prefix.
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n')) ++i;
    size_t end = i;
    while (end < text.size() && text[end] != ' ' && text[end] != '\t' && text[end] != '\n') ++end;
    std::string_view token = text.substr(i, end - i);
    i = end;
    bool prefix = false;
    while (!token.empty() && token.back() == '*') {
      token.remove_suffix(1);
      prefix = true;
    }
    for (std::string& w : names::NormalizedWords(token)) {
      query->words.push_back(std::move(w));
      query->prefix.push_back(0);
    }
    if (prefix && !query->prefix.empty() && !token.empty()) query->prefix.back() = 1;
  }
  if (query->words.empty()) return InvalidArgumentError("query has no letters or digits");
  if (query->words.size() > 8) {
    query->words.resize(8);
    query->prefix.resize(8);
  }
  return Status();
}

Result<SearchResult> Search(store::Reader* reader, std::string_view query,
                            const SearchOptions& options) {
  IndexQuery iq;
  MEMORIA_RETURN_IF_ERROR(ReadQueryWords(query, &iq));
  if (options.limit < 1 || options.limit > kMaxLimit) {
    return InvalidArgumentError("limit must be between 1 and " + std::to_string(kMaxLimit));
  }
  if (options.offset < 0) return InvalidArgumentError("offset must not be negative");
  if (options.born_from > options.born_to) {
    return InvalidArgumentError("birth year range is empty");
  }
  iq.exact = options.exact;
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
  // Editors find confidential names too, from the sealed names' index.
  MEMORIA_ASSIGN_OR_RETURN(std::shared_ptr<const NameIndex> sealed, SealedIndexFor(reader));
  if (sealed != nullptr && sealed->names() > 0) {
    IndexResult more = sealed->Query(iq);
    std::unordered_set<int64_t> seen;
    for (const IndexMatch& m : matches) seen.insert(m.person_id);
    for (IndexMatch& m : more.matches) {
      if (seen.insert(m.person_id).second) {
        matches.push_back(std::move(m));
        ++found.total;
      }
    }
    std::stable_sort(matches.begin(), matches.end(),
                     [](const IndexMatch& a, const IndexMatch& b) { return a.score > b.score; });
  }

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
  std::vector<store::HitFacts> facts;
  MEMORIA_ASSIGN_OR_RETURN(std::vector<store::PersonSummary> summaries,
                           HitsFor(reader, ids, &facts));
  std::unordered_map<int64_t, store::HitFacts*> facts_of;
  for (store::HitFacts& f : facts) facts_of[f.id] = &f;
  size_t next = 0;
  for (size_t i = begin; i < end; ++i) {
    if (next >= summaries.size() || summaries[next].id != matches[i].person_id) continue;
    store::PersonSummary& s = summaries[next++];
    Hit h;
    h.person_id = matches[i].person_id;
    h.score = matches[i].score;
    h.why = std::move(matches[i].why);
    h.reason = matches[i].reason;
    h.surname = std::move(s.surname);
    h.given = std::move(s.given);
    h.patronymic = std::move(s.patronymic);
    h.birth = std::move(s.birth);
    h.death = std::move(s.death);
    h.death_type = std::move(s.death_type);
    if (auto it = facts_of.find(h.person_id); it != facts_of.end())
      h.facts = std::move(*it->second);
    result.hits.push_back(std::move(h));
  }
  return result;
}

std::string WhyText(const MatchReason& reason) {
  static const char* kHow[] = {"",         "exact",   "transliteration/phonetic",
                               "one edit", "initial", "prefix"};
  std::string text;
  auto field = [&](const char* name, MatchHow how) {
    if (how == MatchHow::kNone) return;
    if (!text.empty()) text += ", ";
    text += name;
    text += ' ';
    text += kHow[static_cast<int>(how)];
  };
  field("surname", reason.surname);
  field("given name", reason.given);
  field("patronymic", reason.patronymic);
  if (reason.reordered) text += " (reordered)";
  if (reason.alternative) text += " (alternative name)";
  return text;
}

}  // namespace memoria::search
