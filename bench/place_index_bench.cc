// Place index benchmark. Not part of ctest.
//
//   place_index_bench --archive DIR [--runs N]
//
// Over the public view of an archive, times (median of N runs, default 5):
//   read      Reader::ForEachPlaceText alone: every visible place text read
//             from SQLite (the peer: what any index of these texts costs at
//             least);
//   parse     places::ParsePlace over the distinct texts;
//   authority the place authority built from the parsed texts;
//   place     query::PlaceIndex::Build over the texts read;
//   address   query::AddressIndex::Build over the texts read;
//   index     query::BuildPlaceIndexes: reading, parsing, the authority, the
//             persons of every unit and the address index, as the website
//             builds it once per data version;
// the counts: texts, distinct texts, live units; and the heap each built
// index keeps (mallinfo2's bytes in use with the index alive, less the
// bytes before it was built), which the server holds per visibility level.
#include <malloc.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <unordered_set>
#include <vector>

#include "places/authority.h"
#include "places/places.h"
#include "query/places.h"
#include "store/reader.h"
#include "store/store.h"

namespace {

using Clock = std::chrono::steady_clock;

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

size_t HeapInUse() { return mallinfo2().uordblks + mallinfo2().hblkhd; }

double Ms(Clock::time_point from) {
  return std::chrono::duration<double, std::milli>(Clock::now() - from).count();
}

}  // namespace

int main(int argc, char** argv) {
  using namespace memoria;
  std::string dir;
  int runs = 5;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--archive" && i + 1 < argc) {
      dir = argv[++i];
    } else if (a == "--runs" && i + 1 < argc) {
      runs = std::max(1, std::atoi(argv[++i]));
    } else {
      std::fprintf(stderr, "usage: place_index_bench --archive DIR [--runs N]\n");
      return 2;
    }
  }
  if (dir.empty()) {
    std::fprintf(stderr, "usage: place_index_bench --archive DIR [--runs N]\n");
    return 2;
  }
  auto store = store::Store::Open(dir, true);
  if (!store.ok()) {
    std::fprintf(stderr, "%s\n", store.status().ToString().c_str());
    return 1;
  }
  auto reader = (*store)->ReaderFor(store::Visibility::kPublic);
  if (!reader.ok()) {
    std::fprintf(stderr, "%s\n", reader.status().ToString().c_str());
    return 1;
  }
  std::vector<double> read, parse, authority, place_index, address_index, index;
  size_t texts = 0, distinct = 0, units = 0, place_bytes = 0, address_bytes = 0;
  for (int r = 0; r < runs; ++r) {
    auto t0 = Clock::now();
    std::vector<store::PlaceText> all;
    Status s = (*reader)->ForEachPlaceText([&](store::PlaceText&& t) {
      all.push_back(std::move(t));
      return Status();
    });
    if (!s.ok()) {
      std::fprintf(stderr, "%s\n", s.ToString().c_str());
      return 1;
    }
    read.push_back(Ms(t0));
    texts = all.size();
    std::unordered_set<std::string> seen;
    std::vector<const std::string*> unique;
    for (const store::PlaceText& t : all) {
      if (seen.insert(t.text).second) unique.push_back(&t.text);
    }
    distinct = unique.size();
    t0 = Clock::now();
    std::vector<places::ParsedPlace> parsed;
    parsed.reserve(unique.size());
    for (const std::string* t : unique) parsed.push_back(places::ParsePlace(*t));
    parse.push_back(Ms(t0));
    t0 = Clock::now();
    places::Authority::Builder b;
    for (places::ParsedPlace& p : parsed) b.Add(std::move(p));
    const places::Authority a = std::move(b).Build();
    authority.push_back(Ms(t0));
    units = 0;
    for (places::Authority::UnitId id = 0; id < static_cast<places::Authority::UnitId>(a.size());
         ++id) {
      units += a.IsLive(id) ? 1 : 0;
    }
    auto places_table = (*reader)->Places();
    if (!places_table.ok()) {
      std::fprintf(stderr, "%s\n", places_table.status().ToString().c_str());
      return 1;
    }
    size_t heap = HeapInUse();
    t0 = Clock::now();
    {
      const query::PlaceIndex kept = query::PlaceIndex::Build(all);
      place_index.push_back(Ms(t0));
      place_bytes = HeapInUse() - heap;
    }
    heap = HeapInUse();
    t0 = Clock::now();
    {
      const query::AddressIndex kept = query::AddressIndex::Build(all, *places_table);
      address_index.push_back(Ms(t0));
      address_bytes = HeapInUse() - heap;
    }
    t0 = Clock::now();
    auto built = query::BuildPlaceIndexes(*reader);
    if (!built.ok()) {
      std::fprintf(stderr, "%s\n", built.status().ToString().c_str());
      return 1;
    }
    index.push_back(Ms(t0));
  }
  std::printf("texts %zu, distinct %zu, units %zu, runs %d\n", texts, distinct, units, runs);
  std::printf("| step | median ms |\n|---|---:|\n");
  std::printf("| read the place texts (SQLite, the peer) | %.1f |\n", Median(read));
  std::printf("| parse the distinct texts | %.1f |\n", Median(parse));
  std::printf("| build the authority | %.1f |\n", Median(authority));
  std::printf("| PlaceIndex::Build (parse, authority, persons per unit) | %.1f |\n",
              Median(place_index));
  std::printf("| AddressIndex::Build | %.1f |\n", Median(address_index));
  std::printf("| BuildPlaceIndexes (read and both indexes) | %.1f |\n", Median(index));
  std::printf("heap kept: PlaceIndex %.1f MiB, AddressIndex %.1f MiB\n",
              static_cast<double>(place_bytes) / (1 << 20),
              static_cast<double>(address_bytes) / (1 << 20));
  return 0;
}
