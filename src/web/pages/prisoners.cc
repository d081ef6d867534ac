// The political-prisoners list: the list with its filters and sorts, a
// prisoner's card, birthdays, the guide to writing letters and the exports.
#include "web/internal/prisoners.h"

#include <algorithm>
#include <map>
#include <mutex>
#include <set>

#include "auth/auth.h"
#include "cases/cases.h"
#include "cases/markdown.h"
#include "core/text.h"
#include "web/internal/pages.h"
#include "web/internal/pages_common.h"
#include "web/internal/url.h"

namespace memoria::web {

namespace internal {

Result<std::shared_ptr<const PrisonersSnapshot>> PrisonersFor(store::Reader* reader) {
  static std::mutex mu;
  static std::map<std::string, std::shared_ptr<const PrisonersSnapshot>>* cache =
      new std::map<std::string, std::shared_ptr<const PrisonersSnapshot>>();
  MEMORIA_ASSIGN_OR_RETURN(uint64_t version, reader->DataVersion());
  const std::string key = reader->CacheKey();
  const bool cacheable = !reader->InWriteTransaction();
  if (cacheable) {
    std::lock_guard<std::mutex> lock(mu);
    auto it = cache->find(key);
    if (it != cache->end() && it->second->version == version) return it->second;
  }
  auto snapshot = std::make_shared<PrisonersSnapshot>();
  snapshot->version = version;
  {
    MEMORIA_ASSIGN_OR_RETURN(store::Reader::Snapshot read, reader->BeginSnapshot());
    store::CasesReader cases(reader);
    MEMORIA_ASSIGN_OR_RETURN(snapshot->rows, cases.Prisoners());
  }
  std::set<std::string> regions, groups;
  for (size_t i = 0; i < snapshot->rows.size(); ++i) {
    const store::PrisonerRow& r = snapshot->rows[i];
    snapshot->by_person.emplace(r.person_id, i);
    if (!r.region.empty()) regions.insert(r.region);
    if (!r.case_group.empty()) groups.insert(r.case_group);
  }
  snapshot->regions.assign(regions.begin(), regions.end());
  snapshot->groups.assign(groups.begin(), groups.end());
  snapshot->index = std::make_unique<cases::ListIndex>(snapshot->rows);
  if (cacheable) {
    std::lock_guard<std::mutex> lock(mu);
    (*cache)[key] = snapshot;
  }
  return snapshot;
}

std::string ValueLabel(const RequestContext& ctx, std::string_view prefix, std::string_view value) {
  if (value.empty()) return "";
  const std::string key = std::string(prefix) + "_" + std::string(value);
  const std::string& text = ctx.t().Get(key);
  return text == key ? std::string(value) : text;
}

std::string AtomTime(std::string_view edtf) {
  if (edtf.empty()) return "";
  Result<Edtf> e = Edtf::Parse(edtf);
  if (!e.ok() || e->empty()) return "";
  const int32_t d = e->earliest_day();
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT00:00:00Z", d / 10000, d / 100 % 100, d % 100);
  return buf;
}

std::string Absolute(const RequestContext& ctx, std::string_view path) {
  return ctx.base_url + std::string(path);
}

void AppendXml(std::string_view text, std::string* out) { AppendHtmlEscaped(text, out); }

std::string RowName(const store::PrisonerRow& r) {
  return JoinName(r.surname, r.given, r.patronymic);
}

}  // namespace internal

namespace {

using internal::Json;

constexpr int64_t kPageSize = 100;

std::string Human(const RequestContext& ctx, std::string_view edtf) {
  return internal::HumanDate(edtf, ctx.lang);
}

Json Options(const RequestContext& ctx, std::string_view prefix,
             std::span<const std::string_view> values, const std::string& chosen) {
  Json out = Json::array();
  for (std::string_view v : values) {
    out.push_back(
        {{"value", v}, {"label", internal::ValueLabel(ctx, prefix, v)}, {"selected", chosen == v}});
  }
  return out;
}

Json TextOptions(const std::vector<std::string>& values, const std::string& chosen) {
  Json out = Json::array();
  for (const std::string& v : values) {
    out.push_back({{"value", v}, {"label", v}, {"selected", chosen == v}});
  }
  return out;
}

std::string JoinArticles(const std::vector<std::string>& a) {
  std::string s;
  for (const std::string& x : a) {
    if (!s.empty()) s += "; ";
    s += x;
  }
  return s;
}

// One row of the list (docs/formats/json.md, "prisoner").
Json RowModel(const RequestContext& ctx, const store::PrisonerRow& r) {
  Json j = ObjectWithRoom(20);
  j["person_id"] = r.person_id;
  j["url"] = ctx.Link("/prisoners/" + std::to_string(r.person_id));
  j["name"] = internal::RowName(r);
  j["latin"] = internal::LatinName(ctx, j["name"].get_ref<const std::string&>());
  j["birth"] = r.birth;
  j["region"] = r.region;
  j["case_group"] = r.case_group;
  j["articles"] = r.articles;
  j["articles_text"] = JoinArticles(r.articles);
  j["detained"] = r.detained;
  j["detained_human"] = Human(ctx, r.detained);
  j["sentence"] = r.sentence;
  if (r.sentence_months >= 0) j["sentence_months"] = r.sentence_months;
  const std::string_view status = cases::CurrentStatus(r);
  const std::string_view assessment = cases::CurrentAssessment(r);
  j["status"] = status;
  j["status_label"] = internal::ValueLabel(ctx, "status", status);
  j["status_date"] = r.statuses.empty() ? "" : r.statuses.back().date;
  j["status_date_human"] = r.statuses.empty() ? "" : Human(ctx, r.statuses.back().date);
  j["assessment"] = assessment;
  j["assessment_label"] = internal::ValueLabel(ctx, "assessment", assessment);
  const bool letter = cases::InCustody(status) && !r.address.empty();
  j["letter"] = letter;
  if (letter) j["letter_url"] = ctx.Link("/prisoners/" + std::to_string(r.person_id)) + "#letter";
  return j;
}

cases::ListFilter ReadFilter(const RequestContext& ctx) {
  cases::ListFilter f;
  f.assessment = ctx.Param("assessment");
  f.status = ctx.Param("status");
  f.region = ctx.Param("region");
  f.article = ctx.Param("article");
  f.case_group = ctx.Param("group");
  if (!ctx.Param("sort").empty()) f.sort = ctx.Param("sort");
  const std::string& year = ctx.Param("year");
  if (!year.empty()) {
    f.year = -1;
    if (year.size() == 4 && std::all_of(year.begin(), year.end(), ::isdigit)) {
      f.year = std::stoi(year);
    }
  }
  return f;
}

// The list's own address with the filters given (for the pager).
std::string ListBase(const cases::ListFilter& f, const RequestContext& ctx) {
  std::string q;
  auto add = [&](std::string_view name, const std::string& value) {
    if (value.empty()) return;
    q += q.empty() ? "?" : "&";
    q += std::string(name) + "=" + internal::UrlEncode(value);
  };
  add("assessment", f.assessment);
  add("status", f.status);
  add("region", f.region);
  add("article", f.article);
  add("group", f.case_group);
  add("year", ctx.Param("year"));
  if (f.sort != "name") add("sort", f.sort);
  return "/prisoners" + q;
}

}  // namespace

Page PrisonersPage(const RequestContext& ctx) {
  cases::ListFilter filter = ReadFilter(ctx);
  if (filter.year == -1) return ErrorModel(ctx, 400, ctx.t().Get("prisoners_bad_year"));
  Status checked = cases::CheckFilter(filter);
  if (!checked.ok()) return ErrorModel(ctx, 400, checked.message());
  Result<std::shared_ptr<const internal::PrisonersSnapshot>> snapshot =
      internal::PrisonersFor(ctx.reader);
  if (!snapshot.ok()) return StatusModel(ctx, snapshot.status());
  const std::vector<const store::PrisonerRow*> hits =
      cases::FilterPrisoners(*(*snapshot)->index, filter);

  Page page;
  page.view = "prisoners";
  page.title = ctx.t().Get("prisoners_title");
  Json& m = page.model;
  m["total"] = static_cast<int64_t>(hits.size());
  const int64_t first = (ctx.page - 1) * kPageSize;
  Json list = Json::array();
  for (int64_t i = first; i < static_cast<int64_t>(hits.size()) && i < first + kPageSize; ++i) {
    list.push_back(RowModel(ctx, *hits[static_cast<size_t>(i)]));
  }
  m["has_results"] = !list.empty();
  m["results"] = std::move(list);
  m["first"] = first + 1;
  const int64_t pages = (static_cast<int64_t>(hits.size()) + kPageSize - 1) / kPageSize;
  m["pager"] =
      internal::PaginationModel(ctx, ListBase(filter, ctx), ctx.page,
                                first + kPageSize < static_cast<int64_t>(hits.size()), pages);
  Json f = ObjectWithRoom(12);
  std::vector<std::string_view> assessments(std::begin(cases::kAssessments),
                                            std::end(cases::kAssessments));
  assessments.push_back("all");
  f["assessment"] = filter.assessment;
  f["assessments"] = Options(ctx, "assessment", assessments, filter.assessment);
  f["status"] = filter.status;
  f["statuses"] = Options(ctx, "status", cases::kStatuses, filter.status);
  f["region"] = filter.region;
  f["regions"] = TextOptions((*snapshot)->regions, filter.region);
  f["group"] = filter.case_group;
  f["groups"] = TextOptions((*snapshot)->groups, filter.case_group);
  f["article"] = filter.article;
  f["year"] = ctx.Param("year");
  constexpr std::string_view kSorts[] = {"name", "detained", "sentence"};
  f["sort"] = filter.sort;
  f["sorts"] = Options(ctx, "sort", kSorts, filter.sort);
  m["filter"] = std::move(f);
  m["links"] = {{"figures", ctx.Link("/prisoners/figures")},
                {"birthdays", ctx.Link("/prisoners/birthdays")},
                {"letters", ctx.Link("/prisoners/letters")},
                {"feed", "/prisoners/feed.atom"},
                {"csv", "/api/v1/prisoners.csv"},
                {"jsonl", "/api/v1/prisoners.jsonl"}};
  return page;
}

Page PrisonerPage(const RequestContext& ctx) {
  Result<std::shared_ptr<const internal::PrisonersSnapshot>> snapshot =
      internal::PrisonersFor(ctx.reader);
  if (!snapshot.ok()) return StatusModel(ctx, snapshot.status());
  Result<store::Reader::Snapshot> read = ctx.reader->BeginSnapshot();
  if (!read.ok()) return StatusModel(ctx, read.status());
  store::CasesReader reader(ctx.reader);
  Result<store::PrisonerCard> card = reader.Card(ctx.id);
  if (!card.ok()) {
    return card.status().code() == StatusCode::kNotFound ? ErrorModel(ctx, 404, "")
                                                         : StatusModel(ctx, card.status());
  }
  Result<store::PersonView> person = ctx.reader->GetPerson(ctx.id);
  if (!person.ok()) {
    return person.status().code() == StatusCode::kNotFound ? ErrorModel(ctx, 404, "")
                                                           : StatusModel(ctx, person.status());
  }
  Page page;
  page.view = "prisoner";
  Json& m = page.model;
  m["person_id"] = ctx.id;
  m["person_url"] = ctx.Link("/person/" + std::to_string(ctx.id));
  const store::NameFact* name = person->names.empty() ? nullptr : &person->names.front();
  m["name"] =
      name == nullptr ? "" : internal::JoinName(name->surname, name->given, name->patronymic);
  m["latin"] = internal::LatinName(ctx, m["name"].get_ref<const std::string&>());
  page.title = m["name"].get<std::string>();
  // Volunteers and editors draft assessments, statuses and cases
  // (pages/case_drafts.cc); signed-in pages are never in the page cache.
  if (ctx.session.has_value() &&
      auth::Includes(ctx.session->principal.role, auth::Role::kVolunteer)) {
    m["draft_url"] = ctx.Link("/prisoners/" + std::to_string(ctx.id) + "/draft");
  }
  const auto row_it = (*snapshot)->by_person.find(ctx.id);
  const store::PrisonerRow* row =
      row_it == (*snapshot)->by_person.end() ? nullptr : &(*snapshot)->rows[row_it->second];
  if (row != nullptr) {
    m["birth"] = row->birth;
    m["birth_human"] = Human(ctx, row->birth);
    m["status"] = cases::CurrentStatus(*row);
    m["status_label"] = internal::ValueLabel(ctx, "status", cases::CurrentStatus(*row));
    m["assessment"] = cases::CurrentAssessment(*row);
    m["assessment_label"] = internal::ValueLabel(ctx, "assessment", cases::CurrentAssessment(*row));
    if (cases::InCustody(cases::CurrentStatus(*row)) && !row->address.empty()) {
      m["letter"] = {{"facility", row->facility},
                     {"address", row->address},
                     {"name", internal::RowName(*row)},
                     {"guide_url", ctx.Link("/prisoners/letters")}};
    }
  }
  Json statements = Json::array();
  for (const store::AssessmentFact& a : card->assessments) {
    Json j = ObjectWithRoom(10);
    j["assessment"] = a.verdict;
    j["label"] = internal::ValueLabel(ctx, "assessment", a.verdict);
    j["date"] = a.date.ToString();
    j["date_human"] = Human(ctx, a.date.ToString());
    j["organisation"] = a.organisation;
    j["criteria"] = a.criteria;
    j["statement"] = a.statement;
    if (a.statement_url.starts_with("https://") || a.statement_url.starts_with("http://")) {
      j["statement_url"] = a.statement_url;
    }
    j["record_id"] = a.from.record_id;
    statements.push_back(std::move(j));
  }
  std::reverse(statements.begin(), statements.end());  // newest first
  m["has_assessments"] = !statements.empty();
  m["assessments"] = std::move(statements);
  Json cases_json = Json::array();
  for (const store::CaseView& c : card->cases) {
    const store::CaseFact& f = c.fact;
    Json j = ObjectWithRoom(20);
    j["case_id"] = f.id;
    j["title"] = f.title;
    j["case_group"] = f.case_group;
    j["region"] = f.region;
    j["court"] = f.court;
    j["investigator"] = f.investigator;
    Json articles = Json::array();
    for (const store::ArticleFact& a : f.articles) {
      articles.push_back({{"normal", a.normal},
                          {"country", a.country},
                          {"code", a.code},
                          {"article", a.article},
                          {"part", a.part},
                          {"point", a.point},
                          {"text", a.text}});
    }
    j["articles"] = std::move(articles);
    Json dates = Json::array();
    const std::pair<std::string_view, const Edtf*> kDates[] = {
        {"opened", &f.opened},   {"detained", &f.detained}, {"charged", &f.charged},
        {"verdict", &f.verdict}, {"appeal", &f.appeal},     {"released", &f.released}};
    for (const auto& [kind, date] : kDates) {
      if (date->empty()) continue;
      dates.push_back({{"kind", kind},
                       {"label", ctx.t().Get(std::string("case_") + std::string(kind))},
                       {"date", date->ToString()},
                       {"date_human", Human(ctx, date->ToString())}});
    }
    j["dates"] = std::move(dates);
    j["restraint"] = f.restraint;
    j["sentence"] = f.sentence;
    if (f.sentence_months >= 0) j["sentence_months"] = f.sentence_months;
    j["sentence_kind"] = f.sentence_kind;
    Json involved = Json::array();
    for (const store::InvolvementFact& i : c.involvements) {
      if (i.role == "prosecuted" && i.person_id == ctx.id) continue;
      Json p = {{"role", i.role},
                {"role_label", internal::ValueLabel(ctx, "role", i.role)},
                {"name", i.name}};
      if (i.person_id != 0) {
        p["person_id"] = i.person_id;
        p["url"] = ctx.Link("/prisoners/" + std::to_string(i.person_id));
      }
      involved.push_back(std::move(p));
    }
    j["involved"] = std::move(involved);
    j["record_id"] = f.from.record_id;
    cases_json.push_back(std::move(j));
  }
  m["has_cases"] = !cases_json.empty();
  m["cases"] = std::move(cases_json);
  // The timeline: statuses and places of detention by date.
  struct Item {
    int32_t day;
    int64_t order;
    Json json;
  };
  std::vector<Item> items;
  for (const store::StatusChangeFact& s : card->statuses) {
    items.push_back({s.date.empty() ? 0 : s.date.earliest_day(),
                     s.id * 2,
                     {{"kind", "status"},
                      {"status", s.status},
                      {"label", internal::ValueLabel(ctx, "status", s.status)},
                      {"date", s.date.ToString()},
                      {"date_human", Human(ctx, s.date.ToString())},
                      {"record_id", s.from.record_id}}});
  }
  for (const store::DetentionFact& d : card->detentions) {
    items.push_back({d.from_date.empty() ? 0 : d.from_date.earliest_day(),
                     d.id * 2 + 1,
                     {{"kind", "detention"},
                      {"label", ctx.t().Get("timeline_detention")},
                      {"facility", d.facility},
                      {"address", d.address},
                      {"date", d.from_date.ToString()},
                      {"date_human", Human(ctx, d.from_date.ToString())},
                      {"record_id", d.from.record_id}}});
  }
  std::stable_sort(items.begin(), items.end(), [](const Item& a, const Item& b) {
    return a.day != b.day ? a.day < b.day : a.order < b.order;
  });
  Json timeline = Json::array();
  for (Item& i : items) timeline.push_back(std::move(i.json));
  m["has_timeline"] = !timeline.empty();
  m["timeline"] = std::move(timeline);
  Json publications = Json::array();
  for (const store::PublicationRow& p : card->publications) {
    publications.push_back({{"publication_id", p.fact.id},
                            {"url", ctx.Link("/news/" + std::to_string(p.fact.id))},
                            {"kind", p.fact.kind},
                            {"kind_label", internal::ValueLabel(ctx, "publication", p.fact.kind)},
                            {"title", p.fact.title},
                            {"summary", p.fact.summary},
                            {"date", p.fact.date.ToString()},
                            {"date_human", Human(ctx, p.fact.date.ToString())}});
  }
  m["has_publications"] = !publications.empty();
  m["publications"] = std::move(publications);
  return page;
}

Page PrisonersBirthdaysPage(const RequestContext& ctx) {
  Result<std::shared_ptr<const internal::PrisonersSnapshot>> snapshot =
      internal::PrisonersFor(ctx.reader);
  if (!snapshot.ok()) return StatusModel(ctx, snapshot.status());
  const std::string today = internal::TodayIso();
  const int32_t day = std::stoi(today.substr(0, 4)) * 10000 + std::stoi(today.substr(5, 2)) * 100 +
                      std::stoi(today.substr(8, 2));
  Page page;
  page.view = "prisoners_birthdays";
  page.title = ctx.t().Get("birthdays_title");
  page.model["today"] = today;
  Json list = Json::array();
  for (const cases::Birthday& b : cases::UpcomingBirthdays((*snapshot)->rows, day, 30)) {
    char iso[16];
    std::snprintf(iso, sizeof iso, "%04d-%02d-%02d", b.day / 10000, b.day / 100 % 100, b.day % 100);
    Json j = RowModel(ctx, *b.row);
    j["birthday"] = iso;
    j["birthday_human"] = Human(ctx, iso);
    j["age"] = b.age;
    j["age_text"] = internal::AgeText(b.age, ctx.lang);
    j["facility"] = b.row->facility;
    j["address"] = b.row->address;
    list.push_back(std::move(j));
  }
  page.model["has_prisoners"] = !list.empty();
  page.model["prisoners"] = std::move(list);
  return page;
}

Page PrisonersLettersPage(const RequestContext& ctx) {
  Page page;
  page.view = "prisoners_letters";
  page.title = ctx.t().Get("letters_title");
  // The guide is kept as Markdown in the catalog of each language.
  Result<std::string> html = cases::RenderMarkdown(ctx.t().Get("letters_guide"));
  if (!html.ok()) return StatusModel(ctx, html.status());
  page.model["guide"] = ctx.t().Get("letters_guide");
  if (!ctx.api) page.model["guide_html"] = *html;
  return page;
}

namespace {

std::string CsvField(std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

Result<Response> Export(const RequestContext& ctx, bool csv) {
  MEMORIA_ASSIGN_OR_RETURN(std::shared_ptr<const internal::PrisonersSnapshot> snapshot,
                           internal::PrisonersFor(ctx.reader));
  Response r;
  r.content_type = csv ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8";
  r.headers.emplace_back("Content-Disposition", csv ? "attachment; filename=\"prisoners.csv\""
                                                    : "attachment; filename=\"prisoners.jsonl\"");
  auto next = std::make_shared<size_t>(0);
  auto header = std::make_shared<bool>(csv);
  r.stream = [snapshot, next, header, csv](std::string* piece) -> Result<bool> {
    if (*header) {
      piece->append(
          "person_id,name,birth_date,gender,region,articles,case_group,detained,sentence,"
          "sentence_months,facility,facility_address,status,status_date,assessment,"
          "assessment_date\r\n");
      *header = false;
    }
    const std::vector<store::PrisonerRow>& rows = snapshot->rows;
    const size_t end = std::min(rows.size(), *next + 512);
    for (; *next < end; ++*next) {
      const store::PrisonerRow& p = rows[*next];
      const std::string_view status = cases::CurrentStatus(p);
      const std::string_view assessment = cases::CurrentAssessment(p);
      const std::string status_date = p.statuses.empty() ? "" : p.statuses.back().date;
      const std::string assessment_date = p.assessments.empty() ? "" : p.assessments.back().date;
      if (csv) {
        std::string line = std::to_string(p.person_id);
        const std::string name = internal::RowName(p);
        const std::string articles = JoinArticles(p.articles);
        for (std::string_view f : {std::string_view(name), std::string_view(p.birth),
                                   std::string_view(p.sex), std::string_view(p.region),
                                   std::string_view(articles), std::string_view(p.case_group),
                                   std::string_view(p.detained), std::string_view(p.sentence)}) {
          line += "," + CsvField(f);
        }
        line += "," + (p.sentence_months >= 0 ? std::to_string(p.sentence_months) : "");
        for (std::string_view f :
             {std::string_view(p.facility), std::string_view(p.address), status,
              std::string_view(status_date), assessment, std::string_view(assessment_date)}) {
          line += "," + CsvField(f);
        }
        piece->append(line + "\r\n");
      } else {
        nlohmann::ordered_json j = {{"person_id", p.person_id},
                                    {"name", internal::RowName(p)},
                                    {"birth", p.birth},
                                    {"sex", p.sex},
                                    {"region", p.region},
                                    {"articles", p.articles},
                                    {"case_group", p.case_group},
                                    {"detained", p.detained},
                                    {"sentence", p.sentence},
                                    {"facility", p.facility},
                                    {"facility_address", p.address}};
        if (p.sentence_months >= 0) j["sentence_months"] = p.sentence_months;
        nlohmann::ordered_json statuses = nlohmann::ordered_json::array();
        for (const store::DatedValue& v : p.statuses) {
          statuses.push_back({{"status", v.value}, {"date", v.date}});
        }
        nlohmann::ordered_json assessments = nlohmann::ordered_json::array();
        for (const store::DatedValue& v : p.assessments) {
          assessments.push_back({{"assessment", v.value}, {"date", v.date}});
        }
        j["status"] = status;
        j["assessment"] = assessment;
        j["statuses"] = std::move(statuses);
        j["assessments"] = std::move(assessments);
        piece->append(j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
        piece->push_back('\n');
      }
    }
    return !piece->empty();
  };
  return r;
}

}  // namespace

Result<Response> PrisonersCsv(const RequestContext& ctx) { return Export(ctx, true); }
Result<Response> PrisonersJsonl(const RequestContext& ctx) { return Export(ctx, false); }

}  // namespace memoria::web
