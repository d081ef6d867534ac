#include "search/name_index.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <unordered_map>

#include "core/text.h"
#include "names/names.h"
#include "names/phonetic.h"
#include "names/translit.h"

namespace memoria::search {

namespace {

// FNV-1a, 64 bits: hashes keys and their deletions.
uint64_t Hash(std::string_view s) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

// Keys are ASCII, so deleting byte i deletes one letter.
void ForEachDeletion(std::string_view key, const std::function<void(uint64_t)>& fn) {
  fn(Hash(key));
  if (key.size() < 3) return;  // short keys: exact only, too many neighbours otherwise
  std::string buf;
  for (size_t i = 0; i < key.size(); ++i) {
    buf.assign(key.substr(0, i));
    buf.append(key.substr(i + 1));
    fn(Hash(buf));
  }
}

// Words of this many letters or more tolerate two typos, shorter ones one.
constexpr size_t kTwoEditLetters = 5;

// The hash of "text" and of every text with one code point deleted (texts of
// three or more code points), and with two deleted (texts of five or more):
// two words within two edits share at least one of these.
void ForEachTextDeletion(std::string_view text, const std::function<void(uint64_t)>& fn) {
  fn(Hash(text));
  std::vector<size_t> starts;
  for (size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) starts.push_back(i);
  }
  const size_t n = starts.size();
  if (n < 3) return;
  starts.push_back(text.size());
  std::string buf;
  for (size_t a = 0; a < n; ++a) {
    buf.assign(text.substr(0, starts[a]));
    buf.append(text.substr(starts[a + 1]));
    fn(Hash(buf));
    if (n < kTwoEditLetters) continue;
    for (size_t b = a + 1; b < n; ++b) {
      buf.assign(text.substr(0, starts[a]));
      buf.append(text.substr(starts[a + 1], starts[b] - starts[a + 1]));
      buf.append(text.substr(starts[b + 1]));
      fn(Hash(buf));
    }
  }
}

int YearOf(int64_t yyyymmdd) { return static_cast<int>(yyyymmdd / 10000); }

std::string KeyOf(std::string_view part) { return names::PhoneticKey(part); }

// Candidates whose reference forms are less alike than this are dropped.
constexpr double kMinSimilarity = 0.72;

// A word in the Latin reference form used to compare spellings across
// scripts: Cyrillic transliterated under ICAO Doc 9303, Latin as it is.
std::string ReferenceForm(std::string_view word) {
  return names::Transliterate(word, names::Scheme::kIcaoDoc9303);
}

std::vector<std::string_view> SplitOn(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == sep) {
      if (i > start) out.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  return out;
}

// The first letters of the name parts an initial may stand for, joined by
// '|': a Cyrillic initial stands for itself; a Latin one for itself and for
// the Cyrillic letters that transliterations start with (Y: ю, я, е, й, ы).
std::string InitialLetters(const std::string& letter) {
  static const std::pair<char, const char*> kLatin[] = {
      {'a', "а"},    {'b', "б"},     {'c', "ц|ч|к|с"}, {'d', "д"},       {'e', "е|э"},
      {'f', "ф"},    {'g', "г|ж|х"}, {'h', "х|г"},     {'i', "и|й|ы"},   {'j', "й|ж|я|ю|е"},
      {'k', "к|х"},  {'l', "л"},     {'m', "м"},       {'n', "н"},       {'o', "о"},
      {'p', "п"},    {'q', "к"},     {'r', "р"},       {'s', "с|ш|щ|з"}, {'t', "т|ц|ч"},
      {'u', "у|ю"},  {'v', "в"},     {'w', "в"},       {'x', "х|к"},     {'y', "ю|я|е|й|ы"},
      {'z', "з|ж|ц"}};
  if (letter.size() == 1) {
    for (const auto& [latin, cyrillic] : kLatin) {
      if (latin == letter[0]) return letter + "|" + cyrillic;
    }
  }
  return letter;
}

}  // namespace

// Collects rows, then lays them out in the flat arrays.
class NameIndexBuilder {
 public:
  uint32_t Intern(std::string_view part) {
    if (part.empty()) return NameIndex::kNoPart;
    auto [it, inserted] =
        parts_.try_emplace(std::string(part), static_cast<uint32_t>(texts_.size()));
    if (inserted) texts_.push_back(&it->first);
    return it->second;
  }

  std::unique_ptr<NameIndex> Finish(std::vector<NameIndex::Entry> entries) {
    auto index = std::make_unique<NameIndex>();
    const uint32_t nparts = static_cast<uint32_t>(texts_.size());
    // Parts arena.
    index->part_offsets_.reserve(nparts + 1);
    for (const std::string* t : texts_) {
      index->part_offsets_.push_back(static_cast<uint32_t>(index->part_arena_.size()));
      index->part_arena_ += *t;
    }
    index->part_offsets_.push_back(static_cast<uint32_t>(index->part_arena_.size()));
    // Keys: computed per distinct part, then sorted and deduplicated.
    std::vector<std::string> part_keys(nparts);
    for (uint32_t p = 0; p < nparts; ++p) part_keys[p] = KeyOf(*texts_[p]);
    std::vector<std::string> keys = part_keys;
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    for (const std::string& k : keys) {
      index->key_offsets_.push_back(static_cast<uint32_t>(index->key_arena_.size()));
      index->key_arena_ += k;
    }
    index->key_offsets_.push_back(static_cast<uint32_t>(index->key_arena_.size()));
    index->part_key_.resize(nparts);
    std::vector<uint32_t> key_count(keys.size() + 1, 0);
    for (uint32_t p = 0; p < nparts; ++p) {
      uint32_t k = static_cast<uint32_t>(std::lower_bound(keys.begin(), keys.end(), part_keys[p]) -
                                         keys.begin());
      index->part_key_[p] = k;
      ++key_count[k + 1];
    }
    for (size_t k = 1; k < key_count.size(); ++k) key_count[k] += key_count[k - 1];
    index->key_parts_begin_ = key_count;
    index->key_part_ids_.resize(nparts);
    std::vector<uint32_t> fill(key_count.begin(), key_count.end() - 1);
    for (uint32_t p = 0; p < nparts; ++p) index->key_part_ids_[fill[index->part_key_[p]]++] = p;
    // Deletion neighbourhood.
    std::vector<std::pair<uint64_t, uint32_t>> deletes;
    for (uint32_t k = 0; k < keys.size(); ++k) {
      ForEachDeletion(keys[k], [&](uint64_t h) { deletes.emplace_back(h, k); });
    }
    std::sort(deletes.begin(), deletes.end());
    deletes.erase(std::unique(deletes.begin(), deletes.end()), deletes.end());
    index->delete_hashes_.reserve(deletes.size());
    index->delete_keys_.reserve(deletes.size());
    for (const auto& [h, k] : deletes) {
      index->delete_hashes_.push_back(h);
      index->delete_keys_.push_back(k);
    }
    // Text deletion neighbourhood of every part.
    std::vector<std::pair<uint64_t, uint32_t>> text_deletes;
    for (uint32_t p = 0; p < nparts; ++p) {
      ForEachTextDeletion(*texts_[p], [&](uint64_t h) { text_deletes.emplace_back(h, p); });
    }
    std::sort(text_deletes.begin(), text_deletes.end());
    text_deletes.erase(std::unique(text_deletes.begin(), text_deletes.end()), text_deletes.end());
    index->text_delete_hashes_.reserve(text_deletes.size());
    index->text_delete_parts_.reserve(text_deletes.size());
    for (const auto& [h, p] : text_deletes) {
      index->text_delete_hashes_.push_back(h);
      index->text_delete_parts_.push_back(p);
    }
    // Surname postings.
    index->part_surnames_.assign(nparts, 0);
    std::vector<uint32_t> begin(nparts + 1, 0);
    for (const NameIndex::Entry& e : entries) {
      if (e.surname != NameIndex::kNoPart) ++begin[e.surname + 1];
    }
    for (uint32_t p = 0; p < nparts; ++p) index->part_surnames_[p] = begin[p + 1];
    for (size_t p = 1; p < begin.size(); ++p) begin[p] += begin[p - 1];
    index->surname_begin_ = begin;
    index->surname_entries_.resize(begin.back());
    std::vector<uint32_t> pos(begin.begin(), begin.end() - 1);
    for (uint32_t i = 0; i < entries.size(); ++i) {
      if (entries[i].surname != NameIndex::kNoPart) {
        index->surname_entries_[pos[entries[i].surname]++] = i;
      }
    }
    index->entries_ = std::move(entries);
    return index;
  }

 private:
  std::unordered_map<std::string, uint32_t> parts_;
  std::vector<const std::string*> texts_;
};

Result<std::unique_ptr<NameIndex>> NameIndex::Build(store::Store* store) {
  store::Database* db = store->db();
  // Birth years per person, from public birth events with a known date.
  std::unordered_map<int64_t, std::pair<int16_t, int16_t>> births;
  {
    MEMORIA_ASSIGN_OR_RETURN(
        store::Statement st,
        db->Prepare("SELECT person_id, min(date_min), max(date_max) FROM events"
                    " WHERE type = 'birth' AND date_min IS NOT NULL AND visibility = 0"
                    " GROUP BY person_id"));
    while (true) {
      MEMORIA_ASSIGN_OR_RETURN(bool row, st.Step());
      if (!row) break;
      int from = YearOf(st.ColumnInt(1)), to = YearOf(st.ColumnInt(2));
      if (from < 1 || to > 9999) continue;
      births[st.ColumnInt(0)] = {static_cast<int16_t>(from), static_cast<int16_t>(to)};
    }
  }
  NameIndexBuilder builder;
  std::vector<Entry> entries;
  MEMORIA_ASSIGN_OR_RETURN(
      store::Statement st,
      db->Prepare("SELECT n.person_id, n.norm_surname, n.norm_given, n.norm_patronymic,"
                  " n.kind = 'main' FROM names n JOIN persons p ON p.id = n.person_id"
                  " LEFT JOIN records r ON r.id = n.record_id"
                  " LEFT JOIN sources s ON s.id = r.source_id"
                  " WHERE n.visibility = 0 AND p.redirect_to IS NULL"
                  " AND coalesce(r.visibility, 0) = 0 AND coalesce(s.visibility, 0) = 0"
                  " ORDER BY n.person_id, n.id"));
  while (true) {
    MEMORIA_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    Entry e{};
    e.person_id = st.ColumnInt(0);
    e.surname = builder.Intern(names::FoldForMatching(st.ColumnText(1)));
    std::string given = names::FoldForMatching(st.ColumnText(2));
    std::string patronymic = names::FoldForMatching(st.ColumnText(3));
    // Two-word given names without a patronymic (Korean, Chinese: "Ен Хак")
    // are indexed as two parts, so that each query word meets one of them.
    if (size_t space = given.find(' '); space != std::string::npos && patronymic.empty()) {
      patronymic = given.substr(space + 1);
      given.resize(space);
    }
    e.given = builder.Intern(given);
    e.patronymic = builder.Intern(patronymic);
    e.main = st.ColumnInt(4) != 0 ? 1 : 0;
    if (auto it = births.find(e.person_id); it != births.end()) {
      e.birth_from = it->second.first;
      e.birth_to = it->second.second;
    }
    entries.push_back(e);
  }
  return builder.Finish(std::move(entries));
}

std::string_view NameIndex::Part(uint32_t id) const {
  return std::string_view(part_arena_)
      .substr(part_offsets_[id], part_offsets_[id + 1] - part_offsets_[id]);
}

std::string_view NameIndex::Key(uint32_t id) const {
  return std::string_view(key_arena_)
      .substr(key_offsets_[id], key_offsets_[id + 1] - key_offsets_[id]);
}

uint32_t NameIndex::FindKey(std::string_view key) const {
  size_t lo = 0, hi = distinct_keys();
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (Key(static_cast<uint32_t>(mid)) < key) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  if (lo < distinct_keys() && Key(static_cast<uint32_t>(lo)) == key) {
    return static_cast<uint32_t>(lo);
  }
  return kNoPart;
}

std::vector<NameIndex::Candidate> NameIndex::CandidatesFor(const std::string& word) const {
  std::vector<Candidate> out;
  std::string key = KeyOf(word);
  if (key.empty()) return out;
  // The key finds candidates; the cost says how close the spelling really
  // is, comparing both in one Latin reference form (ICAO Doc 9303), since
  // keys are deliberately coarse (every inner vowel is one letter).
  // A Latin query is also read back into its likeliest Cyrillic spellings,
  // so that Polish "Szczerbakowa" or GOST "Ŝerbakova" compare well too.
  std::vector<std::string> query_refs = {ReferenceForm(word)};
  bool latin = false;
  for (unsigned char c : word) latin |= (c >= 'a' && c <= 'z');
  if (latin) {
    for (const names::CyrillicCandidate& c : names::BackTransliterate(word, 4)) {
      query_refs.push_back(ReferenceForm(c.text));
    }
  }
  auto add_key = [&](uint32_t k, uint8_t how) {
    for (uint32_t i = key_parts_begin_[k]; i < key_parts_begin_[k + 1]; ++i) {
      uint32_t p = key_part_ids_[i];
      std::string_view text = Part(p);
      if (text == word) {
        out.push_back(Candidate{p, 0.0f, 0});
        continue;
      }
      const std::string ref = ReferenceForm(text);
      double similarity = 0;
      for (const std::string& q : query_refs) {
        similarity = std::max(similarity, names::JaroWinkler(q, ref));
      }
      if (similarity < kMinSimilarity) continue;
      float cost = static_cast<float>((how == 1 ? 0.04 : 0.12) + 0.8 * (1.0 - similarity));
      out.push_back(Candidate{p, cost, how});
    }
  };
  uint32_t exact_key = FindKey(key);
  if (exact_key != kNoPart) add_key(exact_key, 1);
  // Keys one edit away: their deletion sets meet the query's.
  std::vector<uint32_t> near;
  ForEachDeletion(key, [&](uint64_t h) {
    auto range = std::equal_range(delete_hashes_.begin(), delete_hashes_.end(), h);
    for (auto it = range.first; it != range.second; ++it) {
      near.push_back(delete_keys_[it - delete_hashes_.begin()]);
    }
  });
  // Long keys: two deletions on the query side meet one on the stored side,
  // reaching keys two edits away.
  if (key.size() >= 6) {
    std::string buf;
    for (size_t i = 0; i < key.size(); ++i) {
      buf.assign(key.substr(0, i));
      buf.append(key.substr(i + 1));
      for (size_t j = i; j < buf.size(); ++j) {
        std::string two = buf.substr(0, j) + buf.substr(j + 1);
        auto range = std::equal_range(delete_hashes_.begin(), delete_hashes_.end(), Hash(two));
        for (auto it = range.first; it != range.second; ++it) {
          near.push_back(delete_keys_[it - delete_hashes_.begin()]);
        }
      }
    }
  }
  std::sort(near.begin(), near.end());
  near.erase(std::unique(near.begin(), near.end()), near.end());
  for (uint32_t k : near) {
    if (k == exact_key) continue;
    if (names::DamerauLevenshtein(key, Key(k)) <= (key.size() >= 6 ? 2 : 1)) add_key(k, 2);
  }
  // Parts one or two typos away in their own spelling.
  std::vector<uint32_t> typo_parts;
  ForEachTextDeletion(word, [&](uint64_t h) {
    auto range = std::equal_range(text_delete_hashes_.begin(), text_delete_hashes_.end(), h);
    for (auto it = range.first; it != range.second; ++it) {
      typo_parts.push_back(text_delete_parts_[it - text_delete_hashes_.begin()]);
    }
  });
  std::sort(typo_parts.begin(), typo_parts.end());
  typo_parts.erase(std::unique(typo_parts.begin(), typo_parts.end()), typo_parts.end());
  const int max_typos = Utf8Length(word) >= kTwoEditLetters ? 2 : 1;
  for (uint32_t p : typo_parts) {
    int distance = names::DamerauLevenshtein(word, Part(p));
    if (distance > max_typos) continue;
    double similarity = names::JaroWinkler(word, Part(p));
    out.push_back(
        Candidate{p, static_cast<float>(0.06 * distance + 0.06 + 0.8 * (1.0 - similarity)), 2});
  }
  // One candidate per part, the cheapest.
  std::sort(out.begin(), out.end(), [](const Candidate& a, const Candidate& b) {
    return a.part != b.part ? a.part < b.part : a.cost < b.cost;
  });
  out.erase(std::unique(out.begin(), out.end(),
                        [](const Candidate& a, const Candidate& b) { return a.part == b.part; }),
            out.end());
  return out;
}

std::vector<IndexMatch> NameIndex::Query(const IndexQuery& query) const {
  // (word index, candidates) for full words; initials kept apart.
  const size_t nwords = std::min<size_t>(query.words.size(), 8);
  std::vector<std::vector<Candidate>> cands(nwords);
  std::vector<bool> initial(nwords, false);
  // For an initial: the first letters (UTF-8) of the parts it may stand for.
  std::vector<std::vector<std::string>> initial_letters(nwords);
  for (size_t i = 0; i < nwords; ++i) {
    const std::string& w = query.words[i];
    if (Utf8Length(w) == 1) {
      initial[i] = true;
      std::string list = InitialLetters(names::FoldForMatching(w));
      for (std::string_view l : SplitOn(list, '|')) initial_letters[i].emplace_back(l);
    } else {
      cands[i] = CandidatesFor(names::FoldForMatching(w));
    }
  }
  // How each field matched, packed: built into text only for the winners.
  struct Why {
    uint8_t surname = 0;     // kHow index
    int8_t given = -1;       // kHow index, 3 initial, -1 not matched
    int8_t patronymic = -1;  // likewise
    bool reordered = false;
    bool alternative = false;
  };
  struct Best {
    double score = -1;
    Why why;
  };
  std::unordered_map<int64_t, Best> best;
  const char* kHow[] = {"exact", "transliteration/phonetic", "one edit"};

  for (size_t s = 0; s < nwords; ++s) {
    if (initial[s]) continue;
    for (const Candidate& sc : cands[s]) {
      for (uint32_t i = surname_begin_[sc.part]; i < surname_begin_[sc.part + 1]; ++i) {
        const Entry& e = entries_[surname_entries_[i]];
        if (query.born_from != 0 &&
            (e.birth_from == 0 || e.birth_to < query.born_from || e.birth_from > query.born_to)) {
          continue;
        }
        double points = 1.0 - sc.cost;
        double possible = 1.0;
        bool given_used = false, patronymic_used = false, ok = true;
        bool given_by_initial = false, patronymic_by_initial = false;
        size_t given_word = 0, patronymic_word = 0;
        Why why;
        why.surname = sc.how;
        for (size_t j = 0; j < nwords && ok; ++j) {
          if (j == s) continue;
          if (initial[j]) {
            auto matches = [&](uint32_t part) {
              if (part == kNoPart) return false;
              std::string_view text = Part(part);
              size_t len = 1;
              while (len < text.size() && (static_cast<unsigned char>(text[len]) & 0xC0) == 0x80) {
                ++len;
              }
              std::string_view first = text.substr(0, len);
              for (const std::string& l : initial_letters[j]) {
                if (l == first) return true;
              }
              return false;
            };
            if (!given_used && matches(e.given)) {
              given_used = true;
              given_by_initial = true;
              given_word = j;
              points += 0.5;
              why.given = 3;
            } else if (!patronymic_used && matches(e.patronymic)) {
              patronymic_used = true;
              patronymic_by_initial = true;
              patronymic_word = j;
              points += 0.35;
              why.patronymic = 3;
            } else {
              ok = false;
            }
            continue;
          }
          const Candidate* hit = nullptr;
          bool as_given = false;
          for (const Candidate& c : cands[j]) {
            if (!given_used && c.part == e.given && (hit == nullptr || c.cost < hit->cost)) {
              hit = &c;
              as_given = true;
            }
          }
          if (hit == nullptr) {
            for (const Candidate& c : cands[j]) {
              if (!patronymic_used && c.part == e.patronymic &&
                  (hit == nullptr || c.cost < hit->cost)) {
                hit = &c;
              }
            }
          }
          if (hit == nullptr) {
            ok = false;
            break;
          }
          if (as_given) {
            given_used = true;
            given_word = j;
            points += 1.0 - hit->cost;
            why.given = static_cast<int8_t>(hit->how);
          } else {
            patronymic_used = true;
            patronymic_word = j;
            points += 0.7 * (1.0 - hit->cost);
            why.patronymic = static_cast<int8_t>(hit->how);
          }
        }
        if (!ok) continue;
        // What the stored name could have given: a matched part its full
        // weight (half for an initial, on either side); a part the query
        // left out a little, so a missing patronymic costs less than a typo.
        auto weight = [&](uint32_t part, bool used, bool by_initial, double full, double left_out) {
          if (part == kNoPart) return 0.0;
          if (!used) return left_out;
          return by_initial || Utf8Length(Part(part)) == 1 ? full / 2 : full;
        };
        possible += weight(e.given, given_used, given_by_initial, 1.0, 0.4);
        possible += weight(e.patronymic, patronymic_used, patronymic_by_initial, 0.7, 0.2);
        // The query's own words count too: a word the name lacks lowers it.
        double asked = 1.0;
        for (size_t j = 0; j < nwords; ++j) {
          if (j != s) asked += initial[j] ? 0.5 : 1.0;
        }
        double score = points / std::max(possible, asked);
        if (s != 0) score *= 0.99;
        if (!e.main) score *= 0.98;
        // Given name before patronymic is the order lists use.
        if (given_used && patronymic_used && patronymic_word < given_word) score *= 0.95;
        Best& b = best[e.person_id];
        if (score > b.score) {
          b.score = score;
          why.reordered = s != 0;
          why.alternative = !e.main;
          b.why = why;
        }
      }
    }
  }
  std::vector<IndexMatch> out;
  out.reserve(best.size());
  for (auto& [person, b] : best) out.push_back(IndexMatch{person, std::min(b.score, 1.0), ""});
  auto better = [](const IndexMatch& a, const IndexMatch& b) {
    if (a.score != b.score) return a.score > b.score;
    return a.person_id < b.person_id;
  };
  if (out.size() > query.max_persons) {
    std::partial_sort(out.begin(), out.begin() + query.max_persons, out.end(), better);
    out.resize(query.max_persons);
  } else {
    std::sort(out.begin(), out.end(), better);
  }
  // Explanations, for the first results only.
  auto field = [&](std::string& text, const char* name, int8_t how) {
    if (how < 0) return;
    text += ", ";
    text += name;
    text += how == 3 ? " initial" : std::string(" ") + kHow[how];
  };
  for (size_t i = 0; i < out.size() && i < query.describe; ++i) {
    const Why& w = best[out[i].person_id].why;
    std::string text = std::string("surname ") + kHow[w.surname];
    field(text, "given name", w.given);
    field(text, "patronymic", w.patronymic);
    if (w.reordered) text += " (reordered)";
    if (w.alternative) text += " (alternative name)";
    out[i].why = std::move(text);
  }
  return out;
}

size_t NameIndex::MemoryBytes() const {
  auto v = [](const auto& x) { return x.capacity() * sizeof(x[0]); };
  return part_arena_.capacity() + key_arena_.capacity() + v(part_offsets_) + v(part_key_) +
         v(part_surnames_) + v(key_offsets_) + v(key_parts_begin_) + v(key_part_ids_) +
         v(delete_hashes_) + v(delete_keys_) + v(text_delete_hashes_) + v(text_delete_parts_) +
         v(entries_) + v(surname_begin_) + v(surname_entries_);
}

}  // namespace memoria::search
