// The publications profile: statements and news as pages of the archive
// (docs/formats/prisoners.md, "Publications"). Two shapes of file:
//
//   FILE.md   one publication: header lines "key: value" (title, kind,
//             date, url, language, persons), a line "---", then the body in
//             the Markdown subset of cases/markdown.h;
//   FILE.txt  a page of a list as published: entries of a headline line and
//             a summary paragraph, separated by blank lines. A headline that
//             recognises someone ("... is a political prisoner", "...
//             politically motivated", "политзаключ...") is a statement, any
//             other a news item; a date written in the text ("On November
//             18, 2021") dates it.
//
// Each publication is a source record; it is linked to every person of the
// archive's cases whose given name and surname it names (in any script:
// the names' phonetic keys are compared) and to the persons its header
// lists by id.
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <unordered_map>

#include "cases/markdown.h"
#include "core/edtf.h"
#include "core/hash.h"
#include "core/text.h"
#include "ingest/internal/context.h"
#include "names/phonetic.h"

namespace memoria::ingest::internal {

namespace {

constexpr size_t kMaxFileBytes = 4 << 20;
constexpr size_t kMaxTitleBytes = 1000;

struct Entry {
  int64_t line = 0;
  store::PublicationFact fact;
  std::vector<int64_t> persons;  // named in a header
};

bool Contains(const std::string& folded, std::initializer_list<std::string_view> any) {
  for (std::string_view w : any) {
    if (folded.find(w) != std::string::npos) return true;
  }
  return false;
}

// "November 18, 2021" or "18 ноября 2021" anywhere in the text.
Edtf FindDate(const std::string& text) {
  static constexpr std::string_view kMonths[] = {"January",   "February", "March",    "April",
                                                 "May",       "June",     "July",     "August",
                                                 "September", "October",  "November", "December"};
  for (int m = 0; m < 12; ++m) {
    size_t at = 0;
    while ((at = text.find(kMonths[m], at)) != std::string::npos) {
      size_t i = at + kMonths[m].size();
      at = i;
      if (i >= text.size() || text[i] != ' ') continue;
      ++i;
      int day = 0, digits = 0;
      while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])) && digits < 2) {
        day = day * 10 + (text[i++] - '0');
        ++digits;
      }
      if (digits == 0 || i + 6 > text.size() || text[i] != ',' || text[i + 1] != ' ') continue;
      i += 2;
      int year = 0;
      for (int k = 0; k < 4; ++k) {
        if (!std::isdigit(static_cast<unsigned char>(text[i + k]))) year = -1;
        if (year >= 0) year = year * 10 + (text[i + k] - '0');
      }
      if (year < 1900 || day < 1 || day > 31) continue;
      return Edtf::Day(year, m + 1, day);
    }
  }
  Result<Edtf> ru = EdtfFromRussianText(text);
  if (ru.ok() && !ru->empty() && ru->earliest_day() == ru->latest_day()) return *ru;
  return Edtf();
}

// Markdown punctuation in plain text made literal.
std::string EscapeMarkdown(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '\\' || c == '*' || c == '_' || c == '`' || c == '[' || c == ']') out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

Result<std::vector<Entry>> ReadListPage(const std::string& text) {
  std::vector<Entry> out;
  std::vector<std::pair<int64_t, std::string>> paragraphs;
  std::istringstream in(text);
  std::string line;
  int64_t number = 0;
  std::string current;
  int64_t current_line = 0;
  auto flush = [&] {
    if (!current.empty()) paragraphs.emplace_back(current_line, CollapseSpace(current));
    current.clear();
  };
  while (std::getline(in, line)) {
    ++number;
    if (CollapseSpace(line).empty()) {
      flush();
      continue;
    }
    if (current.empty()) current_line = number;
    current += " " + line;
  }
  flush();
  for (size_t i = 0; i < paragraphs.size(); i += 2) {
    Entry e;
    e.line = paragraphs[i].first;
    store::PublicationFact& f = e.fact;
    f.title = paragraphs[i].second;
    if (f.title.size() > kMaxTitleBytes) {
      return InvalidArgumentError("line " + std::to_string(e.line) + ": a headline longer than " +
                                  std::to_string(kMaxTitleBytes) + " bytes");
    }
    if (i + 1 < paragraphs.size()) f.summary = paragraphs[i + 1].second;
    f.body = EscapeMarkdown(f.summary);
    const std::string folded = FoldCase(f.title);
    f.kind = Contains(folded, {"political prisoner", "politically motivated", "политзаключ",
                               "политически мотивирован"})
                 ? "statement"
                 : "news";
    f.date = FindDate(f.title + " " + f.summary);
    bool cyrillic = false;
    for (unsigned char c : f.title) cyrillic |= (c == 0xD0 || c == 0xD1);
    f.language = cyrillic ? "ru" : "en";
    out.push_back(std::move(e));
  }
  return out;
}

Result<Entry> ReadMarkdownFile(const std::string& text) {
  Entry e;
  e.line = 1;
  store::PublicationFact& f = e.fact;
  std::istringstream in(text);
  std::string line;
  int64_t number = 0;
  bool body = false;
  std::string out_body;
  while (std::getline(in, line)) {
    ++number;
    if (body) {
      out_body += line + "\n";
      continue;
    }
    if (CollapseSpace(line) == "---") {
      body = true;
      continue;
    }
    if (CollapseSpace(line).empty()) continue;
    const size_t colon = line.find(':');
    if (colon == std::string::npos) {
      return InvalidArgumentError("line " + std::to_string(number) +
                                  ": expected 'key: value' or '---' before the body");
    }
    const std::string key = CollapseSpace(line.substr(0, colon));
    const std::string value = CollapseSpace(line.substr(colon + 1));
    if (key == "title") {
      f.title = value;
    } else if (key == "kind") {
      if (value != "statement" && value != "news" && value != "guide") {
        return InvalidArgumentError("line " + std::to_string(number) + ": unknown kind '" + value +
                                    "' (expected statement, news or guide)");
      }
      f.kind = value;
    } else if (key == "date") {
      Result<Edtf> d = Edtf::Parse(value);
      if (!d.ok()) {
        return InvalidArgumentError("line " + std::to_string(number) + ": bad date '" + value +
                                    "' (EDTF such as 2021-11-18)");
      }
      f.date = *d;
    } else if (key == "url") {
      f.url = value;
    } else if (key == "language") {
      f.language = value;
    } else if (key == "summary") {
      f.summary = value;
    } else if (key == "persons") {
      for (std::string_view w : SplitWords(value)) {
        while (!w.empty() && w.back() == ',') w.remove_suffix(1);
        int64_t id = 0;
        for (char c : w) {
          if (c < '0' || c > '9' || id > 1'000'000'000'000) {
            return InvalidArgumentError("line " + std::to_string(number) +
                                        ": persons must be person ids separated by commas");
          }
          id = id * 10 + (c - '0');
        }
        if (id > 0) e.persons.push_back(id);
      }
    } else {
      return InvalidArgumentError("line " + std::to_string(number) + ": unknown key '" + key +
                                  "' (title, kind, date, url, language, summary, persons)");
    }
  }
  if (!body) return InvalidArgumentError("no '---' line before the body");
  if (f.title.empty()) return InvalidArgumentError("line 1: the header has no title");
  f.body = out_body;
  MEMORIA_RETURN_IF_ERROR(cases::RenderMarkdown(f.body).status());  // checks limits and UTF-8
  if (f.summary.empty()) {
    f.summary = cases::MarkdownToText(f.body);
    if (f.summary.size() > 400) {
      size_t cut = f.summary.rfind(' ', 400);
      f.summary = f.summary.substr(0, cut == std::string::npos ? 400 : cut) + "…";
    }
  }
  return e;
}

// Words of "text" that start with a capital letter, folded to phonetic keys
// in order, with the positions of adjacent pairs.
std::vector<std::string> CapitalisedKeys(const std::string& text) {
  std::vector<std::string> keys;
  for (std::string_view w : SplitWords(text)) {
    while (!w.empty() && !std::isalnum(static_cast<unsigned char>(w.back())) &&
           static_cast<unsigned char>(w.back()) < 0x80) {
      w.remove_suffix(1);
    }
    while (!w.empty() && !std::isalnum(static_cast<unsigned char>(w.front())) &&
           static_cast<unsigned char>(w.front()) < 0x80) {
      w.remove_prefix(1);
    }
    if (w.size() > 2 && w.ends_with("'s")) w.remove_suffix(2);
    const unsigned char c = w.empty() ? 0 : static_cast<unsigned char>(w[0]);
    const bool capital = (c >= 'A' && c <= 'Z') ||
                         (c == 0xD0 && w.size() > 1 && static_cast<unsigned char>(w[1]) >= 0x81 &&
                          static_cast<unsigned char>(w[1]) <= 0xAF);
    keys.push_back(capital && IsValidUtf8(w) ? names::PhoneticKey(w) : std::string());
  }
  return keys;
}

}  // namespace

Status ImportPublications(FileContext* ctx, const std::string& path) {
  std::error_code ec;
  const uintmax_t size = std::filesystem::file_size(path, ec);
  if (ec) return NotFoundError("cannot read " + path + ": " + ec.message());
  if (size > kMaxFileBytes) {
    return ResourceExhaustedError(path + ": a publications file larger than 4 MiB");
  }
  std::ifstream in(path, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!in && !in.eof()) return InvalidArgumentError("cannot read " + path);
  if (!IsValidUtf8(text)) return InvalidArgumentError(path + ": the file is not UTF-8");
  const bool markdown = path.ends_with(".md");
  std::vector<Entry> entries;
  if (markdown) {
    Result<Entry> e = ReadMarkdownFile(text);
    if (!e.ok()) return InvalidArgumentError(path + ": " + e.status().message());
    entries.push_back(std::move(*e));
  } else {
    Result<std::vector<Entry>> list = ReadListPage(text);
    if (!list.ok()) return InvalidArgumentError(path + ": " + list.status().message());
    entries = std::move(*list);
  }
  const std::string file = std::filesystem::path(path).filename().string();
  store::SourceInfo source;
  source.key = "publications:" + file;
  source.title = "Publications: " + file;
  source.profile = "publications";
  MEMORIA_RETURN_IF_ERROR(ctx->Begin(source, path));
  if (ctx->skipped()) return Status();
  store::WriteTransaction* tx = ctx->tx();

  // The persons of the archive's cases by the keys of (given, surname).
  MEMORIA_ASSIGN_OR_RETURN(std::vector<store::WriteTransaction::NamedPerson> named,
                           tx->CasePersonsNames());
  std::unordered_map<std::string, std::vector<int64_t>> by_name;
  for (const auto& n : named) {
    if (n.surname.empty() || n.given.empty()) continue;
    const std::string given = n.given.substr(0, n.given.find(' '));
    std::vector<int64_t>& ids =
        by_name[names::PhoneticKey(given) + "|" + names::PhoneticKey(n.surname)];
    if (ids.empty() || ids.back() != n.person_id) ids.push_back(n.person_id);
  }

  for (Entry& e : entries) {
    ++ctx->report()->rows_read;
    nlohmann::ordered_json raw = {
        {"kind", e.fact.kind}, {"title", e.fact.title},          {"summary", e.fact.summary},
        {"body", e.fact.body}, {"date", e.fact.date.ToString()}, {"url", e.fact.url}};
    const std::string raw_text = raw.dump();
    MEMORIA_ASSIGN_OR_RETURN(int64_t record,
                             ctx->AddPreparedRecord(e.line, "", raw_text, Sha256(raw_text)));
    if (record == 0) continue;
    e.fact.from = {record, 0};
    MEMORIA_ASSIGN_OR_RETURN(int64_t publication, tx->AddPublication(e.fact));
    std::vector<int64_t> linked = e.persons;
    const std::vector<std::string> keys = CapitalisedKeys(e.fact.title + " " + e.fact.summary);
    for (size_t i = 0; i + 1 < keys.size(); ++i) {
      if (keys[i].empty() || keys[i + 1].empty()) continue;
      // "Given Surname" (as English writes) or "Surname Given" (as Russian lists do).
      for (const std::string& key : {keys[i] + "|" + keys[i + 1], keys[i + 1] + "|" + keys[i]}) {
        auto it = by_name.find(key);
        if (it == by_name.end()) continue;
        for (int64_t id : it->second) {
          if (std::find(linked.begin(), linked.end(), id) == linked.end()) linked.push_back(id);
        }
      }
    }
    for (int64_t person : linked) {
      Status s = tx->LinkPublication(publication, person, 0);
      if (!s.ok()) {
        return InvalidArgumentError(path + ": line " + std::to_string(e.line) +
                                    ": cannot link person " + std::to_string(person) + ": " +
                                    s.message());
      }
    }
  }
  return ctx->Finish();
}

}  // namespace memoria::ingest::internal
