// Name-search quality benchmark. Not part of ctest: `make bench` runs it.
//
//   search_quality --archive DIR [--truth FILE] [--persons N] [--seed S]
//                  [--threads T] [--emit OUTDIR]
//   search_quality --wikidata FILE [--min-count C] [--emit OUTDIR]
//
// With --archive: picks N persons of a (generated) archive and derives
// queries with known answers, by variant type: each transliteration scheme,
// back-and-forth transliteration, one and two typos, OCR confusions, swapped
// order, initials, a missing patronymic, and a surname typed in Latin with
// one slip beside the right given name (the slip made in the Latin, or in
// the Cyrillic before transliterating), and a surname of one or two letters
// read with an OCR confusion. Persons are sampled in an order --seed fixes,
// so two binaries are asked the same cases. Prints recall@1, recall@10 and MRR
// per type. With --threads T (default 2) it then runs the same queries again
// on T threads, each with its own Store, and prints queries per second.
// With --emit OUTDIR it writes the cases (OUTDIR/cases.tsv: type, query,
// person_id, entity_id, and the rank 1..10 at which memoria found the right
// entity, 0 if it did not) and the names the index holds (OUTDIR/names.tsv:
// person_id, entity_id, surname, given, patronymic, as recorded) so that
// bench/peers/ can ask other engines the very same questions.
//
// With --wikidata: a Wikidata table of (Latin token, Cyrillic letters, count)
// pairs. Every distinct Cyrillic token becomes a person's surname in an
// in-memory archive; each Latin token is the query, its Cyrillic token the
// answer. Pairs seen fewer than C times (default 3) or with non-letters are
// dropped as noise. --emit writes these cases and names for the peers too.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <numeric>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "core/text.h"
#include "names/names.h"
#include "names/translit.h"
#include "search/search.h"
#include "store/internal/sqlite.h"
#include "store/internal/testing.h"
#include "store/reader.h"
#include "store/store.h"
#include "store/write.h"

namespace memoria {
namespace {

struct Case {
  std::string type;
  std::string query;
  int64_t person;
  int rank = 0;  // 1..10 where Search put the right entity, 0 if not in the top 10
};

struct Tally {
  int n = 0, at1 = 0, at10 = 0;
  double mrr = 0;
};

// The code points of a UTF-8 string.
std::vector<std::string> Letters(const std::string& s) {
  std::vector<std::string> out;
  for (size_t i = 0; i < s.size();) {
    size_t n = 1;
    unsigned char c = s[i];
    if (c >= 0xF0)
      n = 4;
    else if (c >= 0xE0)
      n = 3;
    else if (c >= 0xC0)
      n = 2;
    out.push_back(s.substr(i, n));
    i += n;
  }
  return out;
}

std::string Join(const std::vector<std::string>& v) {
  std::string s;
  for (const std::string& x : v) s += x;
  return s;
}

const char* kCyrillic[] = {"а", "б", "в", "г", "д", "е", "ж", "з", "и", "к", "л", "м", "н",
                           "о", "п", "р", "с", "т", "у", "ф", "х", "ц", "ч", "ш", "щ", "ы"};

// One slip in a Latin word, as a researcher typing it makes: a letter
// dropped, doubled, two swapped, or a wrong one (never the first).
std::string LatinSlip(std::string w, std::mt19937_64& rng) {
  if (w.size() < 3) return w;
  size_t i = 1 + rng() % (w.size() - 1);
  switch (rng() % 4) {
    case 0:
      w.erase(i, 1);
      break;
    case 1:
      w.insert(i, 1, w[i]);
      break;
    case 2:
      if (i + 1 < w.size()) {
        std::swap(w[i], w[i + 1]);
      } else {
        std::swap(w[i], w[i - 1]);
      }
      break;
    default: {
      char c = static_cast<char>('a' + rng() % 26);
      if (c == w[i]) c = c == 'z' ? 'a' : static_cast<char>(c + 1);
      w[i] = c;
    }
  }
  return w;
}

// One slip in a Cyrillic word before it is transliterated: a letter
// dropped, doubled, two swapped, or a wrong one (never the first).
std::string CyrillicSlip(const std::string& word, std::mt19937_64& rng) {
  std::vector<std::string> l = Letters(word);
  if (l.size() < 3) return word;
  size_t i = 1 + rng() % (l.size() - 1);
  switch (rng() % 4) {
    case 0:
      l.erase(l.begin() + static_cast<long>(i));
      break;
    case 1:
      l.insert(l.begin() + static_cast<long>(i), l[i]);
      break;
    case 2:
      if (i + 1 < l.size()) {
        std::swap(l[i], l[i + 1]);
      } else {
        std::swap(l[i], l[i - 1]);
      }
      break;
    default: {
      std::string c = kCyrillic[rng() % std::size(kCyrillic)];
      if (c == l[i]) c = c == "ы" ? "а" : kCyrillic[(rng() % (std::size(kCyrillic) - 1))];
      l[i] = c;
    }
  }
  return Join(l);
}

// An OCR confusion in a short surname as recorded (capitalised): a letter
// read as a look-alike, Cyrillic or Latin ("Ли" -> "Лн", "Пи"; "Ан" ->
// "Аи", "Aн"; "Ем" -> "Eм", "Еи"; "Ю" -> "IO", "10"). "" when no letter of
// it has one.
std::string ShortOcr(const std::string& word, std::mt19937_64& rng) {
  static const std::pair<const char*, const char*> kConfusions[] = {
      {"и", "н"},  {"н", "и"},  {"л", "п"},  {"п", "н"}, {"Л", "П"}, {"П", "Л"},
      {"Ю", "IO"}, {"Ю", "10"}, {"ю", "io"}, {"А", "A"}, {"а", "a"}, {"Е", "E"},
      {"е", "e"},  {"м", "и"},  {"О", "0"},  {"о", "o"}, {"у", "y"}, {"Ш", "Щ"},
      {"Ц", "Щ"},  {"К", "K"},  {"Х", "X"},  {"Н", "H"}, {"Т", "T"}, {"С", "C"},
      {"Р", "P"},  {"В", "B"},  {"З", "3"},  {"Б", "6"}, {"Г", "Т"}, {"Ч", "4"}};
  std::vector<std::string> l = Letters(word);
  std::vector<std::pair<size_t, const char*>> spots;
  for (size_t i = 0; i < l.size(); ++i) {
    for (const auto& [from, to] : kConfusions) {
      if (l[i] == from) spots.emplace_back(i, to);
    }
  }
  if (spots.empty()) return "";
  const auto& [i, to] = spots[rng() % spots.size()];
  l[i] = to;
  return Join(l);
}

std::string Typo(const std::string& word, std::mt19937_64& rng) {
  std::vector<std::string> l = Letters(word);
  if (l.size() < 3) return word;
  size_t i = 1 + rng() % (l.size() - 1);
  switch (rng() % 4) {
    case 0:  // substitution
      l[i] = kCyrillic[rng() % std::size(kCyrillic)];
      break;
    case 1:  // deletion
      l.erase(l.begin() + static_cast<long>(i));
      break;
    case 2:  // insertion
      l.insert(l.begin() + static_cast<long>(i), kCyrillic[rng() % std::size(kCyrillic)]);
      break;
    default:  // transposition
      if (i + 1 < l.size())
        std::swap(l[i], l[i + 1]);
      else
        std::swap(l[i], l[i - 1]);
  }
  return Join(l);
}

std::string Ocr(const std::string& word, std::mt19937_64& rng) {
  static const std::pair<const char*, const char*> kConfusions[] = {
      {"ш", "щ"}, {"щ", "ш"}, {"и", "н"}, {"н", "и"}, {"п", "н"}, {"а", "a"}, {"о", "o"},
      {"е", "e"}, {"р", "p"}, {"с", "c"}, {"л", "п"}, {"в", "в"}, {"З", "3"}, {"О", "0"}};
  std::vector<std::string> l = Letters(word);
  std::vector<size_t> spots;
  for (size_t i = 0; i < l.size(); ++i) {
    for (const auto& [from, to] : kConfusions) {
      if (l[i] == from) spots.push_back(i);
    }
  }
  if (spots.empty()) return word;
  size_t i = spots[rng() % spots.size()];
  for (const auto& [from, to] : kConfusions) {
    if (l[i] == from) {
      l[i] = to;
      break;
    }
  }
  return Join(l);
}

std::string First(const std::string& word) {
  std::vector<std::string> l = Letters(word);
  return l.empty() ? "" : l[0];
}

// person id -> entity id (from a truth file); persons absent map to themselves.
std::map<int64_t, int64_t>* entity_of = nullptr;
int64_t Entity(int64_t person) {
  if (entity_of == nullptr) return person;
  auto it = entity_of->find(person);
  return it == entity_of->end() ? person : it->second;
}

void Run(store::Store* archive, std::vector<Case>& cases) {
  store::Reader* store = archive->ReaderFor(store::Visibility::kPublic).value();
  std::map<std::string, Tally> by_type;
  Tally all;
  std::vector<double> micros;
  micros.reserve(cases.size());
  // The first query loads or builds the index; it is timed apart.
  {
    auto t0 = std::chrono::steady_clock::now();
    (void)search::IndexFor(store);
    std::printf(
        "index ready in %.1f ms\n\n",
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  }
  for (Case& c : cases) {
    search::SearchOptions o;
    o.limit = 10;
    auto t0 = std::chrono::steady_clock::now();
    auto r = search::Search(store, c.query, o);
    micros.push_back(
        std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count());
    Tally& t = by_type[c.type];
    ++t.n;
    ++all.n;
    if (!r.ok()) continue;
    static const char* show = std::getenv("SHOW_MISSES");
    if (show != nullptr && c.type == show) {
      if (r->hits.empty() || Entity(r->hits[0].person_id) != Entity(c.person)) {
        std::printf("miss@1: %s -> %s %s %s (%.3f, %s)\n", c.query.c_str(),
                    r->hits.empty() ? "-" : r->hits[0].surname.c_str(),
                    r->hits.empty() ? "" : r->hits[0].given.c_str(),
                    r->hits.empty() ? "" : r->hits[0].patronymic.c_str(),
                    r->hits.empty() ? 0.0 : r->hits[0].score,
                    r->hits.empty() ? "" : r->hits[0].why.c_str());
      }
    }
    for (size_t k = 0; k < r->hits.size(); ++k) {
      if (Entity(r->hits[k].person_id) != Entity(c.person)) continue;
      c.rank = static_cast<int>(k) + 1;
      if (k == 0) {
        ++t.at1;
        ++all.at1;
      }
      ++t.at10;
      ++all.at10;
      t.mrr += 1.0 / static_cast<double>(k + 1);
      all.mrr += 1.0 / static_cast<double>(k + 1);
      break;
    }
  }
  std::printf(
      "| variant type | queries | recall@1 | recall@10 | MRR |\n|---|---:|---:|---:|---:|\n");
  auto row = [](const std::string& name, const Tally& t) {
    std::printf("| %s | %d | %.3f | %.3f | %.3f |\n", name.c_str(), t.n,
                static_cast<double>(t.at1) / t.n, static_cast<double>(t.at10) / t.n, t.mrr / t.n);
  };
  for (const auto& [type, t] : by_type) row(type, t);
  row("**all**", all);
  std::sort(micros.begin(), micros.end());
  auto pct = [&](double q) { return micros[static_cast<size_t>(q * (micros.size() - 1))]; };
  std::printf(
      "\nlatency per query, single thread, top 10 with names and birth dates from SQLite:"
      " p50 %.0f us, p90 %.0f us, p99 %.0f us, max %.0f us (%zu queries, %.0f queries/s)\n",
      pct(0.5), pct(0.9), pct(0.99), micros.back(), micros.size(),
      1e6 * static_cast<double>(micros.size()) /
          std::accumulate(micros.begin(), micros.end(), 0.0));
}

// Queries per second with "threads" threads, each with its own Store over
// the same archive (the index is shared), each thread taking every
// threads-th case.
void Throughput(const std::string& dir, const std::vector<Case>& cases, int threads) {
  std::vector<std::unique_ptr<store::Store>> stores;
  for (int i = 0; i < threads; ++i) {
    auto s = store::Store::Open(dir, /*read_only=*/true);
    if (!s.ok()) return;
    stores.push_back(std::move(*s));
    (void)search::IndexFor(stores.back()->ReaderFor(store::Visibility::kPublic).value());
  }
  auto t0 = std::chrono::steady_clock::now();
  std::vector<std::thread> pool;
  for (int i = 0; i < threads; ++i) {
    pool.emplace_back([&, i] {
      search::SearchOptions o;
      o.limit = 10;
      for (size_t k = static_cast<size_t>(i); k < cases.size(); k += static_cast<size_t>(threads))
        (void)search::Search(
            stores[static_cast<size_t>(i)]->ReaderFor(store::Visibility::kPublic).value(),
            cases[k].query, o);
    });
  }
  for (std::thread& t : pool) t.join();
  double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("throughput, %d threads: %zu queries in %.2f s, %.0f queries/s\n", threads,
              cases.size(), s, static_cast<double>(cases.size()) / s);
}

// Writes OUTDIR/cases.tsv and OUTDIR/names.tsv (see the top of this file).
bool Emit(store::Database* db, const std::string& out, const std::vector<Case>& cases) {
  std::ofstream c(out + "/cases.tsv");
  c << "type\tquery\tperson_id\tentity_id\tmemoria_rank\n";
  for (const Case& x : cases)
    c << x.type << '\t' << x.query << '\t' << x.person << '\t' << Entity(x.person) << '\t' << x.rank
      << '\n';
  std::ofstream n(out + "/names.tsv");
  n << "person_id\tentity_id\tsurname\tgiven\tpatronymic\n";
  auto st = db->Prepare(
      "SELECT n.person_id, n.surname, n.given, n.patronymic FROM names n"
      " JOIN persons p ON p.id = n.person_id"
      " WHERE n.visibility = 0 AND p.redirect_to IS NULL ORDER BY n.person_id, n.id");
  if (!st.ok()) return false;
  while (*st->Step()) {
    int64_t id = st->ColumnInt(0);
    n << id << '\t' << Entity(id) << '\t' << st->ColumnString(1) << '\t' << st->ColumnString(2)
      << '\t' << st->ColumnString(3) << '\n';
  }
  c.close();
  n.close();
  return c && n;
}

int ArchiveBench(const std::string& dir, int persons, uint64_t seed, const std::string& truth,
                 int threads, const std::string& emit) {
  auto store = store::Store::Open(dir, /*read_only=*/true);
  if (!store.ok()) {
    std::fprintf(stderr, "%s\n", store.status().ToString().c_str());
    return 1;
  }
  store::Database* db = store::StoreTesting::Db(store->get());
  // Entities: the truth file maps the list's person_id (the record's
  // external id) to an entity; records of one entity are the same person.
  static std::map<int64_t, int64_t> entities;
  if (!truth.empty()) {
    std::ifstream in(truth);
    std::map<std::string, int64_t> by_external;
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
      size_t tab = line.find('\t');
      if (tab == std::string::npos) continue;
      by_external[line.substr(0, tab)] = std::atoll(line.c_str() + tab + 1);
    }
    auto map = db->Prepare(
        "SELECT pr.person_id, r.external_id FROM person_records pr JOIN records r"
        " ON r.id = pr.record_id WHERE r.external_id IS NOT NULL");
    while (map.ok() && *map->Step()) {
      auto it = by_external.find(map->ColumnString(1));
      if (it != by_external.end()) entities[map->ColumnInt(0)] = it->second;
    }
    entity_of = &entities;
  }
  // Only persons whose full name no other entity shares: a query for an
  // ambiguous name has no single right answer.
  // The same for the shorter forms of the no-patronymic and initials
  // variants: those are asked only where they, too, point at one entity.
  std::map<std::string, std::set<int64_t>> holders, short_holders, initial_holders;
  auto initials_of = [](const std::string& s, const std::string& g, const std::string& p) {
    return s + "|" + First(g) + "|" + First(p);
  };
  {
    auto all = db->Prepare(
        "SELECT person_id, norm_surname, norm_given, norm_patronymic FROM names"
        " WHERE kind = 'main'");
    while (all.ok() && *all->Step()) {
      int64_t e = Entity(all->ColumnInt(0));
      std::string s = all->ColumnString(1), g = all->ColumnString(2), p = all->ColumnString(3);
      holders[s + "|" + g + "|" + p].insert(e);
      short_holders[s + "|" + g].insert(e);
      initial_holders[initials_of(s, g, p)].insert(e);
    }
  }
  // Every main name, in an order that --seed fixes (SQLite's random() cannot
  // be seeded), so that two binaries are asked the same cases.
  struct NameRow {
    int64_t id;
    std::string surname, given, patronymic, ns, ng, np;
  };
  std::vector<NameRow> rows;
  {
    auto st = db->Prepare(
        "SELECT person_id, surname, given, patronymic, norm_surname, norm_given,"
        " norm_patronymic FROM names WHERE kind = 'main' ORDER BY id");
    if (!st.ok()) return 1;
    while (*st->Step()) {
      rows.push_back(NameRow{st->ColumnInt(0), st->ColumnString(1), st->ColumnString(2),
                             st->ColumnString(3), st->ColumnString(4), st->ColumnString(5),
                             st->ColumnString(6)});
    }
  }
  std::mt19937_64 rng(seed);
  std::shuffle(rows.begin(), rows.end(), rng);
  std::vector<Case> cases;
  const std::pair<const char*, names::Scheme> kSchemes[] = {
      {"translit icao_doc_9303", names::Scheme::kIcaoDoc9303},
      {"translit bgn_pcgn", names::Scheme::kBgnPcgn},
      {"translit gost_779", names::Scheme::kGost779},
      {"translit gost_52535", names::Scheme::kGost52535},
      {"translit mvd_782", names::Scheme::kMvd782},
      {"translit ala_lc", names::Scheme::kAlaLc},
      {"translit wikipedia", names::Scheme::kWikipedia},
      {"translit german", names::Scheme::kGerman},
      {"translit polish", names::Scheme::kPolish},
      {"translit czech", names::Scheme::kCzech},
      {"translit french", names::Scheme::kFrench},
  };
  int picked = 0;
  for (const NameRow& row : rows) {
    if (picked == persons) break;
    if (row.given.empty() || row.patronymic.empty()) continue;
    const std::string& ns = row.ns;
    const std::string& ng = row.ng;
    const std::string& np = row.np;
    if (holders[ns + "|" + ng + "|" + np].size() != 1) continue;
    ++picked;
    const int64_t id = row.id;
    const std::string& s = row.surname;
    const std::string& g = row.given;
    const std::string& p = row.patronymic;
    std::string full = s + " " + g + (p.empty() ? "" : " " + p);
    cases.push_back({"exact", full, id});
    for (const auto& [type, scheme] : kSchemes) {
      cases.push_back({type, names::Transliterate(full, scheme), id});
    }
    {
      std::string latin = names::Transliterate(s, names::Scheme::kBgnPcgn);
      auto back = names::BackTransliterate(latin, 1);
      std::string again = back.empty() ? latin : back[0].text;
      cases.push_back({"back-and-forth", again + " " + g + " " + p, id});
    }
    cases.push_back({"typo 1", Typo(s, rng) + " " + g + " " + p, id});
    cases.push_back({"typo 2", Typo(Typo(s, rng), rng) + " " + g + " " + p, id});
    cases.push_back({"ocr", Ocr(s, rng) + " " + Ocr(g, rng) + " " + p, id});
    cases.push_back({"swapped order", g + " " + (p.empty() ? "" : p + " ") + s, id});
    if (initial_holders[initials_of(ns, ng, np)].size() == 1) {
      cases.push_back({"initials", s + " " + First(g) + ". " + First(p) + ".", id});
    }
    if (short_holders[ns + "|" + ng].size() == 1) {
      cases.push_back({"no patronymic", s + " " + g, id});
      // Typed in Latin (ICAO, lower case) with one slip in the surname,
      // the given name right, no patronymic. The normalised spelling is
      // transliterated, as a reader would: a record's OCR look-alike (a
      // Latin p inside "Жмуpков") is not typed as a Latin p.
      cases.push_back(
          {"latin slip, no patronymic",
           LatinSlip(FoldCase(names::Transliterate(ns, names::Scheme::kIcaoDoc9303)), rng) + " " +
               FoldCase(names::Transliterate(ng, names::Scheme::kIcaoDoc9303)),
           id});
      // The same with the slip made in the Cyrillic before transliterating.
      cases.push_back(
          {"cyrillic slip, latin, no patronymic",
           FoldCase(names::Transliterate(CyrillicSlip(ns, rng), names::Scheme::kIcaoDoc9303)) +
               " " + FoldCase(names::Transliterate(ng, names::Scheme::kIcaoDoc9303)),
           id});
    }
  }
  // Surnames of one or two letters (Ли, Ан, Ем, Ю: Korean and Chinese names,
  // most without a patronymic) read with an OCR confusion, the other parts
  // as recorded: as many persons again, where the archive has them.
  int short_picked = 0;
  for (const NameRow& row : rows) {
    if (short_picked == persons) break;
    if (Letters(row.surname).size() > 2 || row.given.empty()) continue;
    if (holders[row.ns + "|" + row.ng + "|" + row.np].size() != 1) continue;
    const std::string slipped = ShortOcr(row.surname, rng);
    if (slipped.empty()) continue;
    ++short_picked;
    cases.push_back(
        {"short surname, ocr",
         slipped + " " + row.given + (row.patronymic.empty() ? "" : " " + row.patronymic), row.id});
  }
  std::printf(
      "archive %s: %d persons with a name no other entity shares (and %d with a surname of one or"
      " two letters), %zu queries\n\n",
      dir.c_str(), picked, short_picked, cases.size());
  Run(store->get(), cases);
  if (threads > 0) {
    std::printf("\n");
    Throughput(dir, cases, threads);
  }
  if (!emit.empty()) {
    if (!Emit(db, emit, cases)) {
      std::fprintf(stderr, "cannot write %s/cases.tsv and names.tsv\n", emit.c_str());
      return 1;
    }
    std::printf("wrote %s/cases.tsv and %s/names.tsv\n", emit.c_str(), emit.c_str());
  }
  return 0;
}

int WikidataBench(const std::string& path, int min_count, const std::string& emit) {
  std::ifstream in(path);
  if (!in) {
    std::fprintf(stderr, "cannot open %s\n", path.c_str());
    return 1;
  }
  auto made = store::Store::OpenInMemory();
  if (!made.ok()) return 1;
  store::Store* store = made->get();
  std::map<std::string, int64_t> person_of;
  std::vector<std::pair<std::string, std::string>> pairs;
  std::string line;
  int read = 0;
  while (std::getline(in, line)) {
    ++read;
    std::vector<std::string> f;
    std::stringstream ss(line);
    std::string x;
    while (std::getline(ss, x, '\t')) f.push_back(x);
    if (f.size() != 3 || std::atoi(f[2].c_str()) < min_count) continue;
    bool letters = f[0].size() >= 2;
    for (char c : f[0]) letters &= (c >= 'a' && c <= 'z');
    if (!letters) continue;
    std::string cyr;
    for (char c : f[1]) {
      if (c != ' ') cyr += c;
    }
    pairs.emplace_back(f[0], cyr);
  }
  auto tx = store->BeginWrite().value();
  store::SourceInfo info;
  info.key = "bench:wikidata";
  info.title = "wikidata";
  info.profile = "bench";
  int64_t source = *tx.EnsureSource(info);
  int64_t batch = *tx.BeginBatch(source, "bench", "wd", "0");
  for (const auto& [latin, cyr] : pairs) {
    if (person_of.count(cyr)) continue;
    int64_t record = *tx.AddRecord(source, batch, 0, "", "{\"t\":\"" + cyr + "\"}");
    int64_t person = *tx.AddPerson(batch);
    (void)tx.LinkRecord(person, record, "import");
    store::NameFact n;
    n.person_id = person;
    n.record_id = record;
    n.surname = cyr;
    (void)tx.AddName(n);
    person_of[cyr] = person;
  }
  (void)tx.Commit();
  std::vector<Case> cases;
  for (const auto& [latin, cyr] : pairs)
    cases.push_back({"wikidata latin->cyrillic", latin, person_of[cyr]});
  std::printf(
      "wikidata %s: %d lines, %zu pairs kept (count >= %d, letters only), %zu distinct Cyrillic "
      "tokens\n\n",
      path.c_str(), read, pairs.size(), min_count, person_of.size());
  Run(store, cases);
  if (!emit.empty()) {
    if (!Emit(store::StoreTesting::Db(store), emit, cases)) {
      std::fprintf(stderr, "cannot write %s/cases.tsv and names.tsv\n", emit.c_str());
      return 1;
    }
    std::printf("wrote %s/cases.tsv and %s/names.tsv\n", emit.c_str(), emit.c_str());
  }
  return 0;
}

}  // namespace
}  // namespace memoria

int main(int argc, char** argv) {
  std::string archive, wikidata, truth, emit;
  int persons = 1000, min_count = 3, threads = 2;
  uint64_t seed = 1;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--archive")
      archive = argv[i + 1];
    else if (a == "--wikidata")
      wikidata = argv[i + 1];
    else if (a == "--truth")
      truth = argv[i + 1];
    else if (a == "--emit")
      emit = argv[i + 1];
    else if (a == "--threads")
      threads = std::atoi(argv[i + 1]);
    else if (a == "--persons")
      persons = std::atoi(argv[i + 1]);
    else if (a == "--seed")
      seed = std::strtoull(argv[i + 1], nullptr, 10);
    else if (a == "--min-count")
      min_count = std::atoi(argv[i + 1]);
  }
  if (!archive.empty()) return memoria::ArchiveBench(archive, persons, seed, truth, threads, emit);
  if (!wikidata.empty()) return memoria::WikidataBench(wikidata, min_count, emit);
  std::fprintf(stderr, "usage: search_quality --archive DIR | --wikidata FILE\n");
  return 2;
}
