// memoria search: a name, filters, or a batch of names (README, "memoria
// search"), through query::FindPersons and search::Search.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/args.h"
#include "cli/internal/common.h"
#include "core/text.h"
#include "ingest/csv.h"
#include "query/query.h"
#include "search/search.h"
#include "store/reader.h"
#include "store/store.h"

namespace memoria::cli {
namespace {

using nlohmann::ordered_json;

void AddFacts(const store::HitFacts& f, ordered_json* j) {
  (*j)["birth_place"] = f.birth_place;
  (*j)["death_place"] = f.death_place;
  (*j)["sources"] = ordered_json::array();
  for (const store::HitSource& s : f.sources) {
    (*j)["sources"].push_back(
        {{"source_id", s.source_id}, {"source_key", s.key}, {"source_title", s.title}});
  }
  (*j)["records"] = f.records;
}

ordered_json HitJson(const search::Hit& h) {
  ordered_json j;
  j["person_id"] = h.person_id;
  j["score"] = h.score;
  j["name"] = {{"surname", h.surname}, {"given", h.given}, {"patronymic", h.patronymic}};
  j["birth"] = h.birth;
  j["death"] = h.death;
  j["death_type"] = h.death_type;
  AddFacts(h.facts, &j);
  j["why"] = h.why;
  return j;
}

ordered_json PersonHitJson(const query::PersonHit& h) {
  ordered_json j;
  j["person_id"] = h.person.id;
  j["score"] = h.score;
  j["name"] = {{"surname", h.person.surname},
               {"given", h.person.given},
               {"patronymic", h.person.patronymic}};
  j["birth"] = h.person.birth;
  j["death"] = h.person.death;
  j["death_type"] = h.person.death_type;
  AddFacts(h.facts, &j);
  j["why"] = h.why;
  return j;
}

// One hit as a line of text: "Кузьмин Иван Петрович, born 1899 (Москва),
// executed 1937-10-05 (Бутово); 2 records: Source A, Source B".
std::string HitLine(const store::PersonSummary& p, const store::HitFacts& f) {
  std::string line = p.surname;
  if (!p.given.empty()) line += " " + p.given;
  if (!p.patronymic.empty()) line += " " + p.patronymic;
  auto life = [&](const char* word, const std::string& date, const std::string& place) {
    if (date.empty() && place.empty()) return;
    line += std::string(", ") + word;
    if (!date.empty()) line += " " + date;
    if (!place.empty()) line += " (" + place + ")";
  };
  life("born", p.birth, f.birth_place);
  life(p.death_type == "execution" ? "executed" : "died", p.death, f.death_place);
  if (f.records > 0) {
    line += "; " + std::to_string(f.records) + (f.records == 1 ? " record: " : " records: ");
    for (size_t i = 0; i < f.sources.size(); ++i) {
      if (i > 0) line += ", ";
      line += f.sources[i].title;
    }
  }
  return line;
}

// What an empty page says: nothing matched, or the offset is past the end.
std::string NothingShown(const std::string& query, int64_t total, int64_t limit) {
  if (total <= 0) return "no persons found for \"" + query + "\"";
  const int64_t last_page = (total - 1) / limit * limit;
  return "no persons on this page: " + std::to_string(total) + " found; the last offset is " +
         std::to_string(total - 1) + " (the last page of " + std::to_string(limit) + ": --offset " +
         std::to_string(last_page) + ")";
}

// The answer of a single search (by name, filters or both).
void PrintPersons(const std::string& query, const query::PersonResult& result, bool json,
                  int64_t limit) {
  if (json) {
    ordered_json j;
    j["query"] = query;
    j["total"] = result.total;
    j["total_is_lower_bound"] = result.total_is_lower_bound;
    j["hits"] = ordered_json::array();
    for (const query::PersonHit& h : result.hits) j["hits"].push_back(PersonHitJson(h));
    std::cout << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    return;
  }
  if (result.hits.empty()) {
    std::printf("%s\n", NothingShown(query, result.total, limit).c_str());
    return;
  }
  for (const query::PersonHit& h : result.hits) {
    std::printf("%8lld  %.2f  %s", static_cast<long long>(h.person.id), h.score,
                HitLine(h.person, h.facts).c_str());
    if (!h.why.empty()) std::printf("  [%s]", h.why.c_str());
    std::printf("\n");
  }
  std::printf("%lld of %s%lld persons\n", static_cast<long long>(result.hits.size()),
              result.total_is_lower_bound ? "at least " : "", static_cast<long long>(result.total));
}

void PrintHits(const std::string& query, const search::SearchResult& result) {
  ordered_json j;
  j["query"] = query;
  j["total"] = result.total;
  j["hits"] = ordered_json::array();
  for (const search::Hit& h : result.hits) j["hits"].push_back(HitJson(h));
  std::cout << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

// One query per line, or a CSV/TSV with a header naming a name column
// (name, full_name, фио, имя) and optionally a birth-year column (birth,
// birth_year, born, год рождения).
struct BatchQuery {
  int64_t line = 0;
  std::string text;
  int born = 0;
};

Result<std::vector<BatchQuery>> ReadBatch(const std::string& path) {
  std::ifstream probe(path);
  if (!probe) return NotFoundError("cannot open " + path);
  std::string first;
  std::getline(probe, first);
  std::vector<BatchQuery> out;
  bool table = path.size() > 4 &&
               (path.substr(path.size() - 4) == ".csv" || path.substr(path.size() - 4) == ".tsv");
  if (!table) {
    std::ifstream in(path);
    std::string line;
    int64_t n = 0;
    while (std::getline(in, line)) {
      ++n;
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (CollapseSpace(line).empty()) continue;
      if (out.size() >= 1000000) return ResourceExhaustedError("more than 1,000,000 queries");
      out.push_back(BatchQuery{n, line, 0});
    }
    return out;
  }
  ingest::CsvOptions options = path.substr(path.size() - 4) == ".tsv" ? ingest::CsvOptions::Tsv()
                                                                      : ingest::CsvOptions::Csv();
  MEMORIA_ASSIGN_OR_RETURN(auto reader, ingest::CsvReader::Open(path, options));
  std::vector<std::string_view> fields;
  MEMORIA_ASSIGN_OR_RETURN(bool got, reader->Next(&fields));
  if (!got) return out;
  int name_col = -1, year_col = -1;
  for (size_t i = 0; i < fields.size(); ++i) {
    std::string h = FoldCase(CollapseSpace(fields[i]));
    if (h == "name" || h == "full_name" || h == "фио" || h == "имя") name_col = static_cast<int>(i);
    if (h == "birth" || h == "birth_year" || h == "born" || h == "год рождения" || h == "год") {
      year_col = static_cast<int>(i);
    }
  }
  if (name_col < 0) {
    return InvalidArgumentError(path + ": line 1: no name column (name, full_name, фио or имя)");
  }
  while (true) {
    Result<bool> row = reader->Next(&fields);
    if (!row.ok()) return row.status().Annotate(path);
    if (!*row) break;
    if (name_col >= static_cast<int>(fields.size())) continue;
    BatchQuery q{reader->line(), std::string(fields[name_col]), 0};
    if (year_col >= 0 && year_col < static_cast<int>(fields.size())) {
      q.born = std::atoi(std::string(fields[year_col]).c_str());
    }
    if (out.size() >= 1000000) return ResourceExhaustedError("more than 1,000,000 queries");
    out.push_back(std::move(q));
  }
  return out;
}

// The filters of `memoria search` (--born, --died, --place, --event,
// --from, --to, --source) into "q"; the year and date grammar is the
// website's (query/dates.h).
Status ReadFilters(const ParsedArgs& parsed, query::PersonQuery* q) {
  for (auto [flag, range] : {std::pair{"--born", &q->born}, std::pair{"--died", &q->died}}) {
    if (!parsed.Has(flag)) continue;
    Result<query::YearRange> years = query::ParseYearRange(parsed.Get(flag));
    if (!years.ok()) return years.status().Annotate(flag);
    *range = *years;
  }
  q->place = parsed.Get("--place");
  q->event_type = parsed.Get("--event");
  Result<query::DayRange> days = query::ParseDayRange(parsed.Get("--from"), parsed.Get("--to"));
  if (!days.ok()) return days.status().Annotate("--from/--to");
  q->event_days = *days;
  if (parsed.Has("--source")) {
    Result<long long> source = parsed.GetInt("--source", 0, 1, INT64_MAX);
    if (!source.ok()) return source.status();
    q->source_id = *source;
  }
  return Status();
}

}  // namespace

int CmdSearch(const std::vector<std::string>& args) {
  auto parsed = ParseArgs(args, 1,
                          {"--limit", "--offset", "--born", "--died", "--place", "--event",
                           "--from", "--to", "--source", "--batch"},
                          {"--json", "--exact"});
  if (!parsed.ok()) return Usage(parsed.status().message());
  bool batch = parsed->Has("--batch");
  if (parsed->positional.empty()) return Usage("search needs DIR");
  if (batch && parsed->positional.size() > 1) return Usage("search --batch takes no QUERY");
  std::string query;
  for (size_t i = 1; i < parsed->positional.size(); ++i) {
    if (i > 1) query += ' ';
    query += parsed->positional[i];
  }
  auto limit = parsed->GetInt("--limit", batch ? 5 : 20, 1, search::kMaxLimit);
  if (!limit.ok()) return Usage(limit.status().message());
  auto offset = parsed->GetInt("--offset", 0, 0, 1000000000);
  if (!offset.ok()) return Usage(offset.status().message());
  query::PersonQuery pq;
  pq.name = query;
  pq.limit = static_cast<int>(*limit);
  pq.offset = *offset;
  pq.exact = parsed->Has("--exact");
  if (Status s = ReadFilters(*parsed, &pq); !s.ok()) return Usage(s.message());
  if (!batch && CollapseSpace(query).empty() && !query::HasFilters(pq)) {
    return Usage("search needs DIR and a QUERY, or filters (--born, --died, --event, --source)");
  }
  auto store = store::Store::Open(parsed->positional[0], /*read_only=*/true);
  if (!store.ok()) return Fail(store.status());
  auto reader = (*store)->ReaderFor(store::Visibility::kPublic);
  if (!reader.ok()) return Fail(reader.status());
  const bool json = parsed->Has("--json");
  if (!batch) {
    auto result = query::FindPersons(*reader, pq);
    if (!result.ok()) return Fail(result.status());
    PrintPersons(query, *result, json, pq.limit);
    return 0;
  }
  // A batch runs the name search per line, with --born and --place.
  search::SearchOptions options;
  options.limit = static_cast<int>(*limit);
  options.offset = static_cast<int>(*offset);
  options.place = pq.place;
  options.born_from = pq.born.from;
  options.born_to = pq.born.to;
  options.exact = pq.exact;
  auto queries = ReadBatch(parsed->Get("--batch"));
  if (!queries.ok()) return Fail(queries.status());
  int64_t found = 0;
  for (const BatchQuery& q : *queries) {
    search::SearchOptions o = options;
    if (q.born > 0 && options.born_from == 0) {
      o.born_from = q.born - 1;
      o.born_to = q.born + 1;
    }
    auto result = search::Search(*reader, q.text, o);
    if (!result.ok()) {
      if (json) {
        ordered_json j;
        j["query"] = q.text;
        j["error"] = result.status().message();
        j["hits"] = ordered_json::array();
        std::cout << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
      } else {
        std::printf("%s\t-\terror: %s\n", q.text.c_str(), result.status().message().c_str());
      }
      continue;
    }
    if (!result->hits.empty()) ++found;
    if (json) {
      PrintHits(q.text, *result);
    } else if (result->hits.empty()) {
      std::printf(
          "%s\t-\t%s\n", q.text.c_str(),
          result->total == 0 ? "not found" : NothingShown(q.text, result->total, o.limit).c_str());
    } else {
      // Up to --limit lines per query, best first.
      for (const search::Hit& h : result->hits) {
        store::PersonSummary p;
        p.surname = h.surname;
        p.given = h.given;
        p.patronymic = h.patronymic;
        p.birth = h.birth;
        p.death = h.death;
        p.death_type = h.death_type;
        std::printf("%s\t%lld\t%.2f\t%s\t%s\n", q.text.c_str(), static_cast<long long>(h.person_id),
                    h.score, HitLine(p, h.facts).c_str(), h.why.c_str());
      }
    }
  }
  std::fprintf(stderr, "memoria: %lld of %zu queries found at least one person\n",
               static_cast<long long>(found), queries->size());
  return 0;
}

}  // namespace memoria::cli
