#include "search/search.h"

#include <algorithm>
#include <unordered_map>

#include "core/text.h"
#include "names/names.h"

namespace memoria::search {

namespace {

// At most this many name rows are examined per query word taken as surname.
constexpr int kMaxCandidatesPerSurname = 20000;

struct Match {
  double score = 0;
  std::string why;
  bool main = false;
};

// Scores one stored name against the query words, with words[s] taken as the
// surname. Every other query word must match a distinct word of the stored
// given name or patronymic, in full or as its initial; stored words the
// query leaves out (a missing patronymic) only lower the score. Returns score
// 0 when some query word matches nothing.
Match ScoreName(const std::vector<std::string>& words, size_t s, std::string_view given,
                std::string_view patronymic) {
  struct Part {
    std::string_view word;
    bool patronymic;
    bool used;
  };
  Part parts[8];
  size_t n = 0;
  for (auto [field, is_patronymic] : {std::pair{given, false}, std::pair{patronymic, true}}) {
    for (std::string_view w : SplitWords(field)) {
      if (n < std::size(parts)) parts[n++] = Part{w, is_patronymic, false};
    }
  }
  double points = 1.0;  // the surname
  bool matched_given = false, matched_patronymic = false, initials = false;
  for (size_t i = 0; i < words.size(); ++i) {
    if (i == s) continue;
    const std::string& w = words[i];
    Part* hit = nullptr;
    bool initial = false;
    for (size_t k = 0; k < n && hit == nullptr; ++k) {
      if (!parts[k].used && parts[k].word == w) hit = &parts[k];
    }
    if (hit == nullptr && Utf8Length(w) == 1) {
      for (size_t k = 0; k < n && hit == nullptr; ++k) {
        if (!parts[k].used && parts[k].word.substr(0, w.size()) == w) {
          hit = &parts[k];
          initial = true;
        }
      }
    }
    if (hit == nullptr) return Match{};
    hit->used = true;
    points += initial ? 0.6 : 1.0;
    initials |= initial;
    (hit->patronymic ? matched_patronymic : matched_given) = true;
  }
  Match m;
  double possible = 1.0 + static_cast<double>(n);
  m.score = std::min(1.0, points / std::max(possible, static_cast<double>(words.size())));
  m.why = "surname";
  if (matched_given) m.why += ", given name";
  if (matched_patronymic) m.why += ", patronymic";
  if (initials) m.why += " (initials)";
  if (s != 0) {
    m.score *= 0.98;  // the surname written first is the usual order
    m.why += " (reordered)";
  }
  return m;
}

}  // namespace

Result<SearchResult> Search(store::Store* store, std::string_view query,
                            const SearchOptions& options) {
  if (query.size() > kMaxQueryBytes) {
    return ResourceExhaustedError("query longer than " + std::to_string(kMaxQueryBytes) + " bytes");
  }
  if (!IsValidUtf8(query)) return InvalidArgumentError("query is not valid UTF-8");
  if (options.limit < 1 || options.limit > kMaxLimit) {
    return InvalidArgumentError("limit must be between 1 and " + std::to_string(kMaxLimit));
  }
  if (options.offset < 0) return InvalidArgumentError("offset must not be negative");
  std::vector<std::string> words = names::NormalizedWords(query);
  if (words.empty()) return InvalidArgumentError("query has no letters or digits");
  if (words.size() > 8) words.resize(8);

  store::Database* db = store->db();
  MEMORIA_ASSIGN_OR_RETURN(
      store::Statement st,
      db->Prepare("SELECT n.person_id, n.norm_given, n.norm_patronymic, n.kind = 'main'"
                  " FROM names n JOIN persons p ON p.id = n.person_id"
                  " LEFT JOIN records r ON r.id = n.record_id"
                  " LEFT JOIN sources s ON s.id = r.source_id"
                  " WHERE n.norm_surname = ?1 AND n.visibility = 0 AND p.redirect_to IS NULL"
                  " AND coalesce(r.visibility, 0) = 0 AND coalesce(s.visibility, 0) = 0"
                  " LIMIT ?2"));
  std::unordered_map<int64_t, Match> best;
  for (size_t s = 0; s < words.size(); ++s) {
    if (Utf8Length(words[s]) < 2 && words.size() > 1) continue;  // an initial is no surname
    st.Reset();
    st.Bind(1, words[s]).Bind(2, kMaxCandidatesPerSurname);
    while (true) {
      MEMORIA_ASSIGN_OR_RETURN(bool row, st.Step());
      if (!row) break;
      Match m = ScoreName(words, s, st.ColumnText(1), st.ColumnText(2));
      if (m.score <= 0) continue;
      m.main = st.ColumnInt(3) != 0;
      if (!m.main) {
        m.score *= 0.97;
        m.why += " (alternative name)";
      }
      auto [it, inserted] = best.try_emplace(st.ColumnInt(0), m);
      if (!inserted && m.score > it->second.score) it->second = std::move(m);
    }
  }

  std::vector<std::pair<int64_t, Match>> ranked(best.begin(), best.end());
  std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
    if (a.second.score != b.second.score) return a.second.score > b.second.score;
    return a.first < b.first;
  });
  SearchResult result;
  result.total = static_cast<int64_t>(ranked.size());
  size_t begin = std::min(ranked.size(), static_cast<size_t>(options.offset));
  size_t end = std::min(ranked.size(), begin + static_cast<size_t>(options.limit));

  MEMORIA_ASSIGN_OR_RETURN(
      store::Statement name_st,
      db->Prepare("SELECT surname, given, patronymic FROM names WHERE person_id = ?1"
                  " AND visibility = 0 ORDER BY kind <> 'main', id LIMIT 1"));
  MEMORIA_ASSIGN_OR_RETURN(
      store::Statement birth_st,
      db->Prepare("SELECT date FROM events WHERE person_id = ?1 AND type = 'birth'"
                  " AND visibility = 0 AND date <> '' ORDER BY id LIMIT 1"));
  for (size_t i = begin; i < end; ++i) {
    Hit h;
    h.person_id = ranked[i].first;
    h.score = ranked[i].second.score;
    h.why = ranked[i].second.why;
    name_st.Reset();
    name_st.Bind(1, h.person_id);
    MEMORIA_ASSIGN_OR_RETURN(bool has_name, name_st.Step());
    if (has_name) {
      h.surname = name_st.ColumnString(0);
      h.given = name_st.ColumnString(1);
      h.patronymic = name_st.ColumnString(2);
    }
    birth_st.Reset();
    birth_st.Bind(1, h.person_id);
    MEMORIA_ASSIGN_OR_RETURN(bool has_birth, birth_st.Step());
    if (has_birth) h.birth = birth_st.ColumnString(0);
    result.hits.push_back(std::move(h));
  }
  return result;
}

}  // namespace memoria::search
