// NameIndex queries: Query() takes the candidate parts of each query word
// (name_index_candidates.cc), then makes one pass over the names of each
// candidate surname, scoring the other words against the given name and
// patronymic, and keeps the best name of each person; with no other full
// word (one word, or a surname with initials) each run is scored once per
// variant and only the best persons are kept (ScoreRunsOnce). The builder is
// name_index_build.cc, the file name_index_file.cc.
#include "search/name_index.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <limits>
#include <mutex>
#include <unordered_map>

#include "core/text.h"
#include "names/names.h"
#include "names/phonetic.h"
#include "names/translit.h"
#include "search/internal/utf8.h"

namespace memoria::search {

using internal::ForEachKeyDeletion;
using internal::ForEachTextDeletion;
using internal::Hash;

namespace {

constexpr size_t kMaxWords = NameIndex::kMaxWords;
// What a stored part the query leaves out costs (in the score's
// denominator): a given name much, a patronymic almost nothing, since most
// searches give surname and given name only. It still puts the name with
// the patronymic just below one without it that the query matches exactly.
constexpr double kLeftOutGiven = 0.4;
constexpr double kLeftOutPatronymic = 0.005;
// A one-letter query word standing for a longer part ranks a little below
// the same letter stored as an initial.
constexpr double kInitialExpanded = 0.99;
// Below this best score, names are also drawn from the given-name parts
// (SurnamesDrawnFromGiven).
constexpr double kDrawFromGivenBelow = 0.8;

// The first code point of UTF-8 "s" (s not empty), and its byte length.
char32_t FirstCodePoint(std::string_view s, size_t* len) {
  unsigned char c = static_cast<unsigned char>(s[0]);
  size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
  n = std::min(n, s.size());
  char32_t cp = n == 1 ? c : n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
  for (size_t i = 1; i < n; ++i) cp = (cp << 6) | (static_cast<unsigned char>(s[i]) & 0x3F);
  *len = n;
  return cp;
}

// The first letters of the name parts an initial may stand for: a Cyrillic
// initial stands for itself; a Latin one for itself and for the Cyrillic
// letters that transliterations start with (Y: ю, я, е, й, ы).
std::vector<char32_t> InitialLetters(std::string_view letter) {
  static const std::pair<char, std::u32string_view> kLatin[] = {
      {'a', U"а"},     {'b', U"б"},   {'c', U"цчкс"}, {'d', U"д"},     {'e', U"еэ"}, {'f', U"ф"},
      {'g', U"гжх"},   {'h', U"хг"},  {'i', U"ийы"},  {'j', U"йжяюе"}, {'k', U"кх"}, {'l', U"л"},
      {'m', U"м"},     {'n', U"н"},   {'o', U"о"},    {'p', U"п"},     {'q', U"к"},  {'r', U"р"},
      {'s', U"сшщз"},  {'t', U"тцч"}, {'u', U"ую"},   {'v', U"в"},     {'w', U"в"},  {'x', U"хк"},
      {'y', U"юяейы"}, {'z', U"зжц"}};
  std::vector<char32_t> out;
  if (letter.empty()) return out;
  size_t len = 0;
  const char32_t first = FirstCodePoint(letter, &len);
  out.push_back(first);
  if (letter.size() == 1) {
    for (const auto& [latin, cyrillic] : kLatin) {
      if (latin == letter[0]) out.insert(out.end(), cyrillic.begin(), cyrillic.end());
    }
  } else if (first < 0x400 || first > 0x4FF) {
    // A Latin letter with a diacritic (GOST "Â." for Я., "È." for Э.): the
    // letters it is read back as.
    for (const names::CyrillicCandidate& c : names::BackTransliterate(letter, 8)) {
      if (!c.text.empty()) out.push_back(FirstCodePoint(c.text, &len));
    }
  }
  return out;
}

// How each field matched, packed in 16 bits: surname, given and patronymic
// how + 1 (3 bits each: MatchHow; 4 is an initial, 5 a prefix, 0 not
// matched), reordered, alternative name.
uint16_t PackWhy(int surname, int given, int patronymic, bool reordered, bool alternative) {
  return static_cast<uint16_t>((surname + 1) | (given + 1) << 3 | (patronymic + 1) << 6 |
                               (reordered ? 1 << 9 : 0) | (alternative ? 1 << 10 : 0));
}

MatchReason DecodeWhy(uint16_t why) {
  MatchReason r;
  r.surname = static_cast<MatchHow>(why & 7);
  r.given = static_cast<MatchHow>((why >> 3) & 7);
  r.patronymic = static_cast<MatchHow>((why >> 6) & 7);
  r.reordered = (why & (1 << 9)) != 0;
  r.alternative = (why & (1 << 10)) != 0;
  return r;
}

// A scored name, before one is kept per person.
struct Match {
  double score;
  uint32_t person;
  uint16_t why;
};

// Per-thread working memory of Query(), reused so that a query allocates
// (almost) nothing.
struct Scratch {
  // Per part: the query epoch in which slot[] is valid.
  std::vector<uint32_t> stamp;
  std::vector<uint32_t> slot;
  uint32_t epoch = 0;
  // Per slot and query word: the word's cost for the part (infinity: the
  // word is not this part) and how it matched.
  std::vector<float> cost;
  std::vector<uint8_t> how;
  // Per part (and one more, all zero, for NameIndex::kNoPart): a bit per
  // full query word the part may be (bit j: word j); the parts set in this
  // query are listed in "masked", to be cleared at the next Begin.
  std::vector<uint8_t> word_mask;
  std::vector<uint32_t> masked;
  std::vector<Match> matches;
  // The entries of one surname run found through the given-name and
  // patronymic lists (Query), a bit each from the run's first entry.
  std::vector<uint64_t> picked_bits;
  // ScoreRunsOnce: where each candidate's run starts in "variants".
  std::vector<uint32_t> picked;
  // Open addressing, person -> index into matches; a slot is in use when
  // its epoch is this query's.
  struct Slot {
    uint32_t epoch, person, index;
  };
  std::vector<Slot> table;
  // ScoreRunsOnce: the persons counted in this query (a bit each; zero
  // again at the next Begin when "counting"), and those it kept.
  std::vector<uint64_t> counted;
  size_t count = 0;
  bool counting = false;
  std::vector<uint64_t> kept;
  // ScoreRunsOnce: per entry of the runs, its variant; per candidate and
  // variant, its score (negative: none) and why; the levels met.
  std::vector<uint8_t> variants;
  std::vector<double> variant_score;
  std::vector<uint16_t> variant_why;
  struct Level {
    double score;
    uint32_t candidate;
    uint8_t variant;
  };
  std::vector<Level> levels;
  std::vector<Match> level_matches;

  // Starts a query over "parts" part ids.
  void Begin(size_t parts) {
    if (stamp.size() < parts) {
      stamp.resize(parts, 0);
      slot.resize(parts, 0);
    }
    for (uint32_t part : masked) word_mask[part] = 0;
    masked.clear();
    if (word_mask.size() < parts + 1) word_mask.resize(parts + 1, 0);
    if (++epoch == 0) {
      std::fill(stamp.begin(), stamp.end(), 0);
      std::fill(table.begin(), table.end(), Slot{0, 0, 0});
      epoch = 1;
    }
    cost.clear();
    how.clear();
    matches.clear();
    if (counting) std::fill(counted.begin(), counted.end(), 0);
    count = 0;
    counting = false;
  }
  // Makes room for the bits of "persons" persons.
  void CountUpTo(size_t persons) {
    if (counted.size() < persons / 64 + 1) {
      counted.resize(persons / 64 + 1, 0);
      kept.resize(persons / 64 + 1, 0);
    }
  }
  // Counts "person" once per query (CountUpTo first).
  void Count(uint32_t person) {
    uint64_t& w = counted[person / 64];
    const uint64_t bit = uint64_t{1} << (person % 64);
    count += (w & bit) == 0;
    w |= bit;
  }
  // The slot of "part", made on first use.
  uint32_t SlotOf(uint32_t part) {
    if (stamp[part] != epoch) {
      stamp[part] = epoch;
      slot[part] = static_cast<uint32_t>(cost.size() / kMaxWords);
      cost.resize(cost.size() + kMaxWords, std::numeric_limits<float>::infinity());
      how.resize(how.size() + kMaxWords, 0);
    }
    return slot[part];
  }
  // The cost of word "j" for "part": infinity when the word is not it.
  float Cost(uint32_t part, size_t j, uint8_t* how_out) const {
    if (part == NameIndex::kNoPart || stamp[part] != epoch) {
      return std::numeric_limits<float>::infinity();
    }
    size_t i = slot[part] * kMaxWords + j;
    *how_out = how[i];
    return cost[i];
  }
  // The best score so far, 0 when nothing matched.
  double BestScore() const {
    double best = 0;
    for (const Match& m : matches) best = std::max(best, m.score);
    return best;
  }
  // Keeps the better of "m" and the person's match so far.
  void Add(const Match& m) {
    if (matches.size() * 2 >= table.size()) Grow();
    const size_t mask = table.size() - 1;
    size_t i = (m.person * 0x9E3779B1u) & mask;
    while (table[i].epoch == epoch) {
      if (table[i].person == m.person) {
        Match& old = matches[table[i].index];
        if (m.score > old.score) old = m;
        return;
      }
      i = (i + 1) & mask;
    }
    table[i] = Slot{epoch, m.person, static_cast<uint32_t>(matches.size())};
    matches.push_back(m);
  }
  void Grow() {
    std::vector<Slot> bigger(std::max<size_t>(1024, table.size() * 2), Slot{0, 0, 0});
    const size_t mask = bigger.size() - 1;
    for (uint32_t k = 0; k < matches.size(); ++k) {
      size_t i = (matches[k].person * 0x9E3779B1u) & mask;
      while (bigger[i].epoch == epoch) i = (i + 1) & mask;
      bigger[i] = Slot{epoch, matches[k].person, k};
    }
    table.swap(bigger);
  }
};

thread_local Scratch scratch;

}  // namespace

namespace {

// The names of "entries" by one of their parts (CSR: begin has parts + 1
// offsets into out, which lists entry indices in entry order).
template <typename PartOf>
void NamesByPart(const std::vector<NameIndex::Entry>& entries, size_t parts, PartOf part_of,
                 std::vector<uint32_t>* begin, std::vector<uint32_t>* out) {
  begin->assign(parts + 1, 0);
  for (const NameIndex::Entry& e : entries) {
    if (part_of(e) != NameIndex::kNoPart) ++(*begin)[part_of(e) + 1];
  }
  for (size_t p = 1; p < begin->size(); ++p) (*begin)[p] += (*begin)[p - 1];
  out->resize(begin->back());
  std::vector<uint32_t> fill(begin->begin(), begin->end() - 1);
  for (uint32_t i = 0; i < entries.size(); ++i) {
    if (part_of(entries[i]) != NameIndex::kNoPart) (*out)[fill[part_of(entries[i])]++] = i;
  }
}

// Sets in *bits (bit k: entry first + k) the entry indices of
// list[begin[part] .. begin[part + 1]) (in entry order) that lie in
// [first, last).
void MarkInRun(const std::vector<uint32_t>& begin, const std::vector<uint32_t>& list, uint32_t part,
               uint32_t first, uint32_t last, std::vector<uint64_t>* bits) {
  if (part + 1 >= begin.size()) return;
  const auto from = list.begin() + begin[part];
  const auto to = list.begin() + begin[part + 1];
  uint64_t* words = bits->data();
  for (auto it = std::lower_bound(from, to, first); it != to && *it < last; ++it) {
    const uint32_t k = *it - first;
    words[k / 64] |= uint64_t{1} << (k % 64);
  }
}

// A variant no name has: the name does not match the query.
constexpr uint8_t kRejected = 0xff;

// Scores the names of the runs of "surnames" (word "s" read as the
// surname) when the query has no other full word: one word alone, or a
// surname with initials. A name's score then depends only on its surname
// candidate and its variant (variant_of(s, entry): whether it is the main
// name and how the initials fall on its parts, kRejected when they do
// not), so each candidate and variant is scored once (evaluate, on the
// first such entry), every matching person is counted in sc->counted, and
// the persons are added to sc->matches level by level, best first, until
// "max_persons" of them are known: a person left out has a lower score
// than that many others, or the same score and a higher id. Within a
// level, a person's match is its first name in candidate and entry order,
// as the pass over every name keeps it. With "person_order" (each run in
// person order), a run gives a level at most the persons still wanted.
// Without "with_initials" (one word) variant_of gives 0 or 1 only.
template <typename Candidates, typename Evaluate, typename VariantOf>
void ScoreRunsOnce(size_t s, const Candidates& surnames, const std::vector<uint32_t>& surname_begin,
                   const std::vector<NameIndex::Entry>& entries, size_t persons, bool person_order,
                   const Evaluate& evaluate, const VariantOf& variant_of, size_t max_persons,
                   bool with_initials, Scratch* sc) {
  // Without initials a variant is only "main name or not".
  const size_t per_candidate = with_initials ? 64 : 2;
  const size_t nc = surnames.size();
  sc->counting = true;
  sc->CountUpTo(persons);
  // Where each candidate's run starts in sc->variants.
  std::vector<uint32_t>& at = sc->picked;
  at.assign(nc + 1, 0);
  for (size_t c = 0; c < nc; ++c) {
    at[c + 1] = at[c] + surname_begin[surnames[c].part + 1] - surname_begin[surnames[c].part];
  }
  sc->variants.resize(at[nc]);
  sc->variant_score.assign(nc * per_candidate, -1.0);
  sc->variant_why.resize(nc * per_candidate);
  sc->levels.clear();
  uint8_t* variants = sc->variants.data();
  for (uint32_t c = 0; c < nc; ++c) {
    const uint32_t first = surname_begin[surnames[c].part];
    const uint32_t last = surname_begin[surnames[c].part + 1];
    double* scores = &sc->variant_score[c * per_candidate];
    for (uint32_t i = first, k = at[c]; i < last; ++i, ++k) {
      const uint8_t v = variant_of(s, i);
      variants[k] = v;
      if (v == kRejected) continue;
      sc->Count(entries[i].person & ~NameIndex::kMainName);
      if (scores[v] >= 0) continue;
      Match m;
      if (!evaluate(surnames[c], i, &m)) continue;  // not met: variant_of agrees
      scores[v] = m.score;
      sc->variant_why[c * per_candidate + v] = m.why;
      sc->levels.push_back(Scratch::Level{m.score, c, v});
    }
  }
  std::vector<Scratch::Level>& levels = sc->levels;
  std::sort(levels.begin(), levels.end(), [](const Scratch::Level& a, const Scratch::Level& b) {
    if (a.score != b.score) return a.score > b.score;
    if (a.candidate != b.candidate) return a.candidate < b.candidate;
    return a.variant < b.variant;
  });
  std::vector<Match>& out = sc->level_matches;
  out.clear();
  size_t wanted_end = 0;  // out[0, wanted_end): the persons kept
  for (size_t l = 0; l < levels.size() && wanted_end < max_persons;) {
    const double score = levels[l].score;
    const size_t wanted = max_persons - wanted_end;
    while (l < levels.size() && levels[l].score == score) {
      // The variants of one candidate at this level.
      const uint32_t c = levels[l].candidate;
      uint64_t mask = 0;
      for (; l < levels.size() && levels[l].score == score && levels[l].candidate == c; ++l) {
        mask |= uint64_t{1} << levels[l].variant;
      }
      const uint32_t first = surname_begin[surnames[c].part];
      size_t taken = 0;
      for (uint32_t k = at[c]; k < at[c + 1]; ++k) {
        const uint8_t v = variants[k];
        if (v == kRejected || ((mask >> v) & 1) == 0) continue;
        const uint32_t person = entries[first + (k - at[c])].person & ~NameIndex::kMainName;
        uint64_t& w = sc->kept[person / 64];
        const uint64_t bit = uint64_t{1} << (person % 64);
        if (w & bit) continue;
        w |= bit;
        out.push_back(Match{score, person, sc->variant_why[c * per_candidate + v]});
        // The persons after these in the run have higher ids.
        if (person_order && ++taken == wanted) break;
      }
    }
    std::sort(out.begin() + static_cast<ptrdiff_t>(wanted_end), out.end(),
              [](const Match& a, const Match& b) { return a.person < b.person; });
    wanted_end = std::min(out.size(), wanted_end + wanted);
  }
  for (size_t k = 0; k < out.size(); ++k) {
    sc->kept[out[k].person / 64] = 0;
    if (k < wanted_end) sc->Add(out[k]);
  }
}

}  // namespace

void NameIndex::Derive() {
  const size_t parts = distinct_parts();
  part_first_.assign(parts, 0);
  short_parts_.clear();
  NamesByPart(
      entries_, parts, [](const Entry& e) { return e.given; }, &given_begin_, &given_entries_);
  NamesByPart(
      entries_, parts, [](const Entry& e) { return e.patronymic; }, &patronymic_begin_,
      &patronymic_entries_);
  runs_in_person_order_ = true;
  for (size_t p = 0; p + 1 < surname_begin_.size() && runs_in_person_order_; ++p) {
    for (uint32_t i = surname_begin_[p] + 1; i < surname_begin_[p + 1]; ++i) {
      if ((entries_[i].person & ~kMainName) < (entries_[i - 1].person & ~kMainName)) {
        runs_in_person_order_ = false;
        break;
      }
    }
  }
  for (uint32_t p = 0; p < parts; ++p) {
    std::string_view text = Part(p);
    if (text.empty()) continue;
    size_t len = 0;
    char32_t cp = FirstCodePoint(text, &len);
    part_first_[p] = static_cast<uint32_t>(cp) | (len == text.size() ? kSingleLetter : 0);
    if (text.size() <= 12) {
      const std::u32string letters = internal::CodePoints(text);
      if (letters.size() <= 3) {
        ShortPart s{{0, 0, 0}, static_cast<uint32_t>(letters.size()), p};
        std::copy(letters.begin(), letters.end(), s.cp);
        short_parts_.push_back(s);
      }
    }
  }
}
IndexResult NameIndex::Query(const IndexQuery& query) const {
  IndexResult result;
  const size_t nwords = std::min(query.words.size(), kMaxWords);
  std::shared_ptr<const std::vector<Candidate>> cands[kMaxWords];
  bool initial[kMaxWords] = {};
  std::vector<Candidate> single[kMaxWords];
  // For an initial: the first letters of the parts it may stand for.
  std::vector<char32_t> initial_letters[kMaxWords];
  for (size_t i = 0; i < nwords; ++i) {
    std::string w = names::FoldForMatching(query.words[i]);
    if (Utf8Length(w) == 1) {
      initial[i] = true;
      initial_letters[i] = InitialLetters(w);
      // A surname may be one letter too (Ю, У, И): read so, the word
      // stands for that part alone.
      single[i] = SingleLetterCandidates(w);
    } else {
      const bool prefix = i < query.prefix.size() && query.prefix[i] != 0;
      cands[i] = CachedCandidatesFor(w, prefix ? kPrefixWord : query.exact ? kExactWord : kFuzzy);
    }
  }
  Scratch& sc = scratch;
  const size_t nparts = distinct_parts();
  sc.Begin(nparts);
  // Per part, a bit per full word it may be: most names under a surname are
  // rejected on these bits alone.
  for (size_t j = 0; j < nwords; ++j) {
    if (initial[j]) continue;
    for (const Candidate& c : *cands[j]) {
      size_t i = sc.SlotOf(c.part) * kMaxWords + j;
      sc.cost[i] = c.cost;
      sc.how[i] = c.how;
      if (sc.word_mask[c.part] == 0) sc.masked.push_back(c.part);
      sc.word_mask[c.part] |= static_cast<uint8_t>(1u << j);
    }
  }
  const uint8_t* word_mask = sc.word_mask.data();
  // The words "part" may be (kNoPart: none).
  auto words_of = [&](uint32_t part) { return word_mask[std::min<size_t>(part, nparts)]; };
  auto initial_matches = [&](uint32_t part, size_t j) {
    if (part == kNoPart) return false;
    char32_t first = part_first_[part] & ~kSingleLetter;
    for (char32_t l : initial_letters[j]) {
      if (l == first) return true;
    }
    return false;
  };
  // With no other full word than "s": how the name of entry "i" matches
  // (ScoreRunsOnce), as score_entry below reads it.
  auto variant_of = [&](size_t s, uint32_t i) -> uint8_t {
    const Entry& e = entries_[i];
    if (query.born_from != 0) {
      const Birth& b = births_[e.person & ~kMainName];
      if (b.from == 0 || b.to < query.born_from || b.from > query.born_to) return kRejected;
    }
    bool given_used = false, patronymic_used = false;
    size_t given_word = 0, patronymic_word = 0;
    for (size_t j = 0; j < nwords; ++j) {
      if (j == s) continue;
      if (!given_used && initial_matches(e.given, j)) {
        given_used = true;
        given_word = j;
      } else if (!patronymic_used && initial_matches(e.patronymic, j)) {
        patronymic_used = true;
        patronymic_word = j;
      } else {
        return kRejected;
      }
    }
    uint8_t v = (e.person & kMainName) != 0 ? 1 : 0;
    if (given_used) v |= (part_first_[e.given] & kSingleLetter) ? 2 | 8 : 2;
    if (patronymic_used) v |= (part_first_[e.patronymic] & kSingleLetter) ? 4 | 16 : 4;
    if (given_used && patronymic_used && patronymic_word < given_word) v |= 32;
    return v;
  };
  // Scores the names under "surnames" with word "s" read as the surname.
  auto score_under = [&](size_t s, const std::vector<Candidate>& surnames) {
    // The query's own words count too: a word the name lacks lowers it.
    double asked = 1.0;
    for (size_t j = 0; j < nwords; ++j) {
      if (j != s) asked += initial[j] ? 0.5 : 1.0;
    }
    // The full words other than the surname: each must be the given name
    // or the patronymic.
    size_t others[kMaxWords];
    size_t nothers = 0;
    uint8_t others_mask = 0;
    for (size_t j = 0; j < nwords; ++j) {
      if (j != s && !initial[j]) {
        others[nothers++] = j;
        others_mask |= static_cast<uint8_t>(1u << j);
      }
    }
    // The other full word with the fewest candidates: a name must have one
    // of them as its given name or patronymic.
    size_t narrow = kMaxWords;
    for (size_t o = 0; o < nothers; ++o) {
      if (narrow == kMaxWords || cands[others[o]]->size() < cands[narrow]->size()) {
        narrow = others[o];
      }
    }
    // Scores entry "i" under "surname" into *out; false when the name does
    // not match the query.
    auto evaluate = [&](const Candidate& surname, uint32_t i, Match* out) {
      const Entry& e = entries_[i];
      // Every other full word is the given name or the patronymic.
      if (((words_of(e.given) | words_of(e.patronymic)) & others_mask) != others_mask) {
        return false;
      }
      const uint32_t person = e.person & ~kMainName;
      if (query.born_from != 0) {
        const Birth& b = births_[person];
        if (b.from == 0 || b.to < query.born_from || b.from > query.born_to) return false;
      }
      double points = 1.0 - surname.cost;
      double factor = 1.0;
      bool given_used = false, patronymic_used = false, ok = true;
      bool given_by_initial = false, patronymic_by_initial = false;
      size_t given_word = 0, patronymic_word = 0;
      int given_how = -1, patronymic_how = -1;
      for (size_t j = 0; j < nwords && ok; ++j) {
        if (j == s) continue;
        if (initial[j]) {
          if (!given_used && initial_matches(e.given, j)) {
            given_used = given_by_initial = true;
            given_word = j;
            points += 0.5;
            given_how = 3;
            if (!(part_first_[e.given] & kSingleLetter)) factor *= kInitialExpanded;
          } else if (!patronymic_used && initial_matches(e.patronymic, j)) {
            patronymic_used = patronymic_by_initial = true;
            patronymic_word = j;
            points += 0.35;
            patronymic_how = 3;
            if (!(part_first_[e.patronymic] & kSingleLetter)) factor *= kInitialExpanded;
          } else {
            ok = false;
          }
          continue;
        }
        uint8_t how = 0;
        float cost =
            given_used ? std::numeric_limits<float>::infinity() : sc.Cost(e.given, j, &how);
        if (std::isfinite(cost)) {
          given_used = true;
          given_word = j;
          points += 1.0 - cost;
          given_how = how;
          continue;
        }
        cost = patronymic_used ? std::numeric_limits<float>::infinity()
                               : sc.Cost(e.patronymic, j, &how);
        if (!std::isfinite(cost)) {
          ok = false;
          break;
        }
        patronymic_used = true;
        patronymic_word = j;
        points += 0.7 * (1.0 - cost);
        patronymic_how = how;
      }
      if (!ok) return false;
      // What the stored name could have given: a matched part its full
      // weight (half for an initial, on either side); a part the query
      // left out a little, so a missing patronymic costs less than a typo.
      // A part the name lacks counts as left out too: a name of fewer
      // parts must not rank above fuller ones for the same query.
      auto weight = [&](uint32_t part, bool used, bool by_initial, double full, double left_out) {
        if (!used) return left_out;
        return by_initial || (part_first_[part] & kSingleLetter) ? full / 2 : full;
      };
      double possible = 1.0;
      possible += weight(e.given, given_used, given_by_initial, 1.0, kLeftOutGiven);
      possible +=
          weight(e.patronymic, patronymic_used, patronymic_by_initial, 0.7, kLeftOutPatronymic);
      double score = factor * points / std::max(possible, asked);
      const bool main = (e.person & kMainName) != 0;
      if (s != 0) score *= 0.99;
      if (!main) score *= 0.98;
      // Given name before patronymic is the order lists use.
      if (given_used && patronymic_used && patronymic_word < given_word) score *= 0.95;
      *out = Match{score, person, PackWhy(surname.how, given_how, patronymic_how, s != 0, !main)};
      return true;
    };
    auto score_entry = [&](const Candidate& surname, uint32_t i) {
      Match m;
      if (evaluate(surname, i, &m)) sc.Add(m);
    };
    if (nothers == 0 && !query.score_every_name) {
      ScoreRunsOnce(s, surnames, surname_begin_, entries_, persons(), runs_in_person_order_,
                    evaluate, variant_of, query.max_persons, nwords > 1, &sc);
      return;
    }
    for (const Candidate& surname : surnames) {
      const uint32_t first = surname_begin_[surname.part];
      const uint32_t last = surname_begin_[surname.part + 1];
      // A long run (a common surname) is read through the lists of the
      // narrowest word's candidates: two binary searches per candidate part
      // instead of a pass over every name of the surname. The entries are
      // then scored in entry order, as the pass would, so the result is the
      // same.
      // (score_every_name: the pass, for the tests to compare.)
      const size_t lookups =
          narrow == kMaxWords || query.score_every_name ? SIZE_MAX : cands[narrow]->size() * 40;
      if (lookups >= last - first) {
        for (uint32_t i = first; i < last; ++i) score_entry(surname, i);
        continue;
      }
      std::vector<uint64_t>& picked = sc.picked_bits;
      picked.assign((last - first) / 64 + 1, 0);
      for (const Candidate& c : *cands[narrow]) {
        MarkInRun(given_begin_, given_entries_, c.part, first, last, &picked);
        MarkInRun(patronymic_begin_, patronymic_entries_, c.part, first, last, &picked);
      }
      for (size_t w = 0; w < picked.size(); ++w) {
        for (uint64_t bits = picked[w]; bits != 0; bits &= bits - 1) {
          score_entry(surname, first + static_cast<uint32_t>(w * 64 + std::countr_zero(bits)));
        }
      }
    }
  };
  for (size_t s = 0; s < nwords; ++s) {
    const std::vector<Candidate>& surnames = initial[s] ? single[s] : *cands[s];
    if (!surnames.empty()) score_under(s, surnames);
  }
  // When no name matched well, the surname's neighbourhood may have missed
  // it ("tosi" for Цой: neither its key nor its Cyrillic reading is near):
  // the names drawn from another word's given-name parts are asked too,
  // their surnames compared with the word in Latin.
  if (!query.exact && nwords >= 2 && sc.BestScore() < kDrawFromGivenBelow) {
    for (size_t s = 0; s < nwords; ++s) {
      if (initial[s] || (s < query.prefix.size() && query.prefix[s] != 0)) continue;
      const std::vector<Candidate> drawn = SurnamesDrawnFromGiven(query.words, s, cands, initial);
      if (!drawn.empty()) score_under(s, drawn);
    }
  }
  if (sc.counting) {
    // Some persons were counted without being kept (ScoreRunsOnce).
    for (const Match& m : sc.matches) sc.Count(m.person);
    result.total = sc.count;
  } else {
    result.total = sc.matches.size();
  }
  auto better = [](const Match& a, const Match& b) {
    if (a.score != b.score) return a.score > b.score;
    return a.person < b.person;  // person ids are sorted
  };
  std::vector<Match>& m = sc.matches;
  const size_t k = std::min(query.max_persons, m.size());
  if (k < m.size()) {
    std::nth_element(m.begin(), m.begin() + static_cast<ptrdiff_t>(k), m.end(), better);
    m.resize(k);
  }
  std::sort(m.begin(), m.end(), better);
  result.matches.reserve(k);
  for (size_t i = 0; i < k; ++i) {
    const MatchReason reason = DecodeWhy(m[i].why);
    result.matches.push_back(IndexMatch{person_ids_[m[i].person], std::min(m[i].score, 1.0),
                                        i < query.describe ? WhyText(reason) : std::string(),
                                        reason});
  }
  return result;
}

}  // namespace memoria::search
