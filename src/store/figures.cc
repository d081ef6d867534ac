#include "store/figures.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <thread>
#include <utility>

namespace memoria::store {

namespace {

using Json = nlohmann::ordered_json;
constexpr int kFormatVersion = 1;

std::string Hex(uint64_t v) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

bool SameSource(const SourceRow& a, const SourceRow& b) {
  return a.id == b.id && a.key == b.key && a.title == b.title && a.profile == b.profile &&
         a.citation == b.citation && a.language == b.language && a.licence == b.licence &&
         a.created_at == b.created_at && a.records == b.records && a.persons == b.persons;
}

Json ToJson(int ceiling, uint64_t data_version, const SiteFigures& f) {
  Json j = Json::object();
  j["format"] = kFormatVersion;
  j["ceiling"] = ceiling;
  j["data_version"] = Hex(data_version);
  j["persons"] = f.stats.persons;
  j["records"] = f.stats.records;
  j["sources"] = f.stats.sources;
  Json months = Json::array();
  for (const MonthCount& m : f.months) months.push_back({m.month, m.arrests, m.executions});
  j["months"] = std::move(months);
  Json sources = Json::array();
  for (const SourceRow& s : f.sources) {
    sources.push_back({{"id", s.id},
                       {"key", s.key},
                       {"title", s.title},
                       {"profile", s.profile},
                       {"citation", s.citation},
                       {"language", s.language},
                       {"licence", s.licence},
                       {"created_at", s.created_at},
                       {"records", s.records},
                       {"persons", s.persons}});
  }
  j["source_rows"] = std::move(sources);
  return j;
}

// Throws nlohmann's exceptions on a wrong type; the caller catches them.
SiteFigures FromJson(const Json& j) {
  SiteFigures f;
  f.stats.persons = j.at("persons").get<int64_t>();
  f.stats.records = j.at("records").get<int64_t>();
  f.stats.sources = j.at("sources").get<int64_t>();
  for (const Json& m : j.at("months")) {
    f.months.push_back({m.at(0).get<int32_t>(), m.at(1).get<int64_t>(), m.at(2).get<int64_t>()});
  }
  for (const Json& s : j.at("source_rows")) {
    SourceRow r;
    r.id = s.at("id").get<int64_t>();
    r.key = s.at("key").get<std::string>();
    r.title = s.at("title").get<std::string>();
    r.profile = s.at("profile").get<std::string>();
    r.citation = s.at("citation").get<std::string>();
    r.language = s.at("language").get<std::string>();
    r.licence = s.at("licence").get<std::string>();
    r.created_at = s.at("created_at").get<std::string>();
    r.records = s.at("records").get<int64_t>();
    r.persons = s.at("persons").get<int64_t>();
    f.sources.push_back(std::move(r));
  }
  return f;
}

}  // namespace

bool operator==(const SiteFigures& a, const SiteFigures& b) {
  if (a.stats.persons != b.stats.persons || a.stats.records != b.stats.records ||
      a.stats.sources != b.stats.sources || a.months.size() != b.months.size() ||
      a.sources.size() != b.sources.size()) {
    return false;
  }
  for (size_t i = 0; i < a.months.size(); ++i) {
    if (a.months[i].month != b.months[i].month || a.months[i].arrests != b.months[i].arrests ||
        a.months[i].executions != b.months[i].executions) {
      return false;
    }
  }
  for (size_t i = 0; i < a.sources.size(); ++i) {
    if (!SameSource(a.sources[i], b.sources[i])) return false;
  }
  return true;
}

Result<SiteFigures> ComputeSiteFigures(Reader* reader, uint64_t* data_version) {
  // One snapshot: the reads count the same archive, at the version read.
  MEMORIA_ASSIGN_OR_RETURN(Reader::Snapshot snapshot, reader->BeginSnapshot());
  if (data_version != nullptr) {
    MEMORIA_ASSIGN_OR_RETURN(*data_version, reader->DataVersion());
  }
  SiteFigures f;
  MEMORIA_ASSIGN_OR_RETURN(f.stats, reader->GetHeadlineStats());
  MEMORIA_ASSIGN_OR_RETURN(f.months, reader->MonthlyCounts());
  MEMORIA_ASSIGN_OR_RETURN(f.sources, reader->Sources());
  return f;
}

std::string SiteFiguresPath(Reader* reader) {
  if (reader->archive_dir().empty()) return "";
  return (std::filesystem::path(reader->archive_dir()) /
          ("site-figures-" + std::to_string(static_cast<int>(reader->ceiling())) + ".json"))
      .string();
}

std::optional<SiteFigures> LoadSiteFigures(Reader* reader, uint64_t data_version) {
  const std::string path = SiteFiguresPath(reader);
  if (path.empty()) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const Json j = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return std::nullopt;
  try {
    if (j.at("format").get<int>() != kFormatVersion ||
        j.at("ceiling").get<int>() != static_cast<int>(reader->ceiling()) ||
        j.at("data_version").get<std::string>() != Hex(data_version)) {
      return std::nullopt;
    }
    return FromJson(j);
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;  // damaged: computed again
  }
}

Status SaveSiteFigures(Reader* reader, uint64_t data_version, const SiteFigures& figures) {
  const std::string path = SiteFiguresPath(reader);
  if (path.empty()) return Status();
  const std::string text = ToJson(static_cast<int>(reader->ceiling()), data_version, figures)
                               .dump(-1, ' ', false, Json::error_handler_t::replace) +
                           "\n";
  // A temporary file of this process, renamed over the old one: a reader
  // sees the old file or the new one, never a part.
  const std::string tmp = path + ".tmp" + std::to_string(::getpid()) + "-" +
                          std::to_string(std::hash<std::thread::id>()(std::this_thread::get_id()));
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return UnavailableError("cannot write " + tmp);
    out << text;
    out.close();
    if (!out) {
      std::error_code ec;
      std::filesystem::remove(tmp, ec);
      return UnavailableError("cannot write " + tmp);
    }
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    std::filesystem::remove(tmp, ec);
    return UnavailableError("cannot write " + path + ": " + ec.message());
  }
  return Status();
}

Status UpdateSiteFigures(Reader* reader) {
  MEMORIA_ASSIGN_OR_RETURN(uint64_t current, reader->DataVersion());
  if (LoadSiteFigures(reader, current).has_value()) return Status();  // kept already
  uint64_t version = 0;
  MEMORIA_ASSIGN_OR_RETURN(SiteFigures figures, ComputeSiteFigures(reader, &version));
  return SaveSiteFigures(reader, version, figures);
}

}  // namespace memoria::store
