// Import (registers.h): snapshots into the store, the history rewritten from
// all of them, the register's persons into the archive, in one transaction.
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "core/edtf.h"
#include "core/hash.h"
#include "core/text.h"
#include "names/names.h"
#include "registers/registers.h"
#include "store/write.h"

namespace memoria::registers {

namespace {

namespace fs = std::filesystem;

bool IsRegisterKey(std::string_view key) {
  if (key.empty() || key.size() > 64) return false;
  for (char c : key) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) return false;
  }
  return true;
}

Result<std::string> ReadFile(const std::string& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) return NotFoundError("no such file: " + path);
  if (!fs::is_regular_file(path, ec)) return InvalidArgumentError("not a regular file: " + path);
  const auto size = fs::file_size(path, ec);
  if (ec) return FailedPreconditionError("cannot read " + path + ": " + ec.message());
  if (size > kMaxSnapshotBytes) {
    return ResourceExhaustedError(path + ": snapshot over " +
                                  std::to_string(kMaxSnapshotBytes >> 20) + " MiB");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return FailedPreconditionError("cannot open " + path);
  std::string data(static_cast<size_t>(size), '\0');
  in.read(data.data(), static_cast<std::streamsize>(size));
  if (static_cast<uint64_t>(in.gcount()) != size) return DataLossError("short read: " + path);
  return data;
}

struct Pending {
  std::string path, name, as_of, sha;
  int32_t day = 0;
  int64_t rows = 0;
  std::vector<std::string> headers;
};

// The archive persons of the register's person entries.
class PersonWriter {
 public:
  PersonWriter(store::WriteTransaction* tx, const store::RegisterInfo& reg,
               const std::map<int64_t, int64_t>& batch_of_snapshot, ImportReport* report)
      : tx_(tx), reg_(reg), batch_of_(batch_of_snapshot), report_(report) {}

  Status Entry(int64_t entry_id, const std::string& number, const std::string& included,
               const std::vector<HistoryBuilder::NameSource>& names) {
    MEMORIA_ASSIGN_OR_RETURN(int64_t person, tx_->RegisterEntryPerson(entry_id));
    if (person == 0) {
      MEMORIA_ASSIGN_OR_RETURN(person, tx_->FindPersonByExternalId(reg_.source_id, number));
    }
    std::string method = "source-id";
    bool fresh = false;
    for (const HistoryBuilder::NameSource& n : names) {
      const names::FullName full = names::SplitFullName(n.name);
      if (full.surname.empty()) continue;
      Result<std::string> birth = RegisterDate(n.birth_date);
      const std::string birth_edtf = birth.ok() ? *birth : "";
      auto batch = batch_of_.find(n.snapshot_id);
      if (batch == batch_of_.end()) return InternalError("a name of no snapshot");
      const Sha256Digest hash = Sha256(n.raw);
      MEMORIA_ASSIGN_OR_RETURN(int64_t in_archive, tx_->RecordBatch(reg_.source_id, hash, 1));
      if (in_archive != 0) continue;  // this record, and its facts, are there
      if (person == 0) {
        MEMORIA_ASSIGN_OR_RETURN(
            person, tx_->FindPersonByNameAndBirth(names::NormalizeNamePart(full.surname),
                                                  names::NormalizeNamePart(full.given),
                                                  names::NormalizeNamePart(full.patronymic),
                                                  birth_edtf, reg_.source_id));
        if (person != 0) {
          method = "rule";
          ++report_->persons_linked;
        } else {
          MEMORIA_ASSIGN_OR_RETURN(person, tx_->AddPerson(batch->second));
          method = "import";
          fresh = true;
          ++report_->persons_added;
        }
      }
      MEMORIA_ASSIGN_OR_RETURN(int64_t record, tx_->AddRecord(reg_.source_id, batch->second, n.line,
                                                              number, n.raw, &hash));
      if (record == 0) continue;
      ++report_->records_added;
      MEMORIA_RETURN_IF_ERROR(tx_->LinkRecord(person, record, method));
      store::NameFact name;
      name.person_id = person;
      name.record_id = record;
      name.kind = fresh ? "main" : "variant";
      name.surname = full.surname;
      name.given = full.given;
      name.patronymic = full.patronymic;
      MEMORIA_RETURN_IF_ERROR(tx_->AddName(name).status());
      if (!birth_edtf.empty()) {
        store::EventFact b;
        b.person_id = person;
        b.record_id = record;
        b.type = "birth";
        Result<Edtf> e = Edtf::Parse(birth_edtf);
        if (e.ok()) b.date = *e;
        b.date_text = n.birth_date;
        MEMORIA_RETURN_IF_ERROR(tx_->AddEvent(b).status());
      }
      store::EventFact d;
      d.person_id = person;
      d.record_id = record;
      d.type = "designation";
      Result<Edtf> inc = Edtf::Parse(included);
      if (inc.ok()) d.date = *inc;
      d.date_text = included;
      d.body = reg_.publisher;
      d.note = reg_.title + ", № " + number;
      MEMORIA_RETURN_IF_ERROR(tx_->AddEvent(d).status());
      fresh = false;
      method = "source-id";
    }
    if (person != 0) MEMORIA_RETURN_IF_ERROR(tx_->SetRegisterEntryPerson(entry_id, person));
    return Status();
  }

 private:
  store::WriteTransaction* tx_;
  const store::RegisterInfo& reg_;
  const std::map<int64_t, int64_t>& batch_of_;
  ImportReport* report_;
};

}  // namespace

Result<ImportReport> Import(store::Store* store, const std::vector<std::string>& files,
                            const ImportOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  if (!IsRegisterKey(options.register_key)) {
    return InvalidArgumentError("a register key is lower-case letters, digits, '-' and '_': '" +
                                options.register_key + "'");
  }
  if (files.empty()) return InvalidArgumentError("no snapshot files given");
  if (!options.as_of.empty() && files.size() > 1) {
    return InvalidArgumentError(
        "--as-of names the date of one file; give one file, or name the "
        "files *_YYYY-MM-DD.csv");
  }
  Profile profile;
  if (!options.mapping_path.empty()) {
    MEMORIA_ASSIGN_OR_RETURN(profile, LoadMappedProfile(options.mapping_path));
  } else if (options.profile == "foreign-agents") {
    profile = ForeignAgentsProfile();
  } else {
    return InvalidArgumentError("unknown register profile '" + options.profile +
                                "' (foreign-agents, or --mapping FILE)");
  }
  if (profile.title.empty()) profile.title = options.register_key;

  // Every file is read and checked before anything is written.
  std::vector<Pending> pending;
  std::map<std::string, std::string> file_of_day;
  for (const std::string& path : files) {
    Pending p;
    p.path = path;
    p.name = fs::path(path).filename().string();
    if (!options.as_of.empty()) {
      p.as_of = options.as_of;
    } else if (std::optional<std::string> d = AsOfFromFileName(p.name)) {
      p.as_of = *d;
    } else {
      return InvalidArgumentError(path +
                                  ": no as-of date: name the file *_YYYY-MM-DD.csv or "
                                  "give --as-of YYYY-MM-DD");
    }
    std::optional<int32_t> day = DayOf(p.as_of);
    if (!day.has_value()) {
      return InvalidArgumentError("the as-of date must be YYYY-MM-DD: '" + p.as_of + "'");
    }
    p.day = *day;
    // Checked now, read again when written: one file in memory at a time.
    MEMORIA_ASSIGN_OR_RETURN(std::string content, ReadFile(path));
    Result<ParsedSnapshot> parsed = ParseSnapshot(content, profile);
    if (!parsed.ok()) return parsed.status().Annotate(path);
    p.rows = static_cast<int64_t>(parsed->rows.size());
    p.headers = std::move(parsed->headers);
    p.sha = ToHex(Sha256(content));
    auto [it, fresh] = file_of_day.emplace(p.as_of, p.sha);
    if (!fresh && it->second != p.sha) {
      return InvalidArgumentError(path + ": another file given is also a snapshot as of " +
                                  p.as_of);
    }
    if (!fresh) continue;  // the same file twice
    pending.push_back(std::move(p));
  }

  ImportReport report;
  MEMORIA_ASSIGN_OR_RETURN(store::WriteTransaction tx, store->BeginWrite());
  store::SourceInfo source;
  source.key = "register:" + options.register_key;
  source.title = profile.title;
  source.profile = "register-" + profile.name;
  source.citation = profile.citation;
  source.licence = profile.licence;
  MEMORIA_ASSIGN_OR_RETURN(int64_t source_id, tx.EnsureSource(source));
  store::RegisterInfo info;
  info.key = options.register_key;
  info.title = profile.title;
  info.publisher = profile.publisher;
  info.legal_basis = profile.legal_basis;
  info.profile = profile.name;
  MEMORIA_ASSIGN_OR_RETURN(store::RegisterInfo reg, tx.EnsureRegister(info, source_id));

  for (Pending& p : pending) {
    SnapshotReport r;
    r.file = p.path;
    r.as_of = p.as_of;
    r.sha256 = p.sha;
    r.rows = p.rows;
    MEMORIA_ASSIGN_OR_RETURN(std::optional<store::SnapshotInfo> have,
                             tx.FindSnapshot(reg.id, p.sha, p.as_of));
    if (have.has_value() && have->file_sha256 == p.sha) {
      r.already_imported = true;
      report.snapshots.push_back(std::move(r));
      continue;
    }
    if (have.has_value()) {
      return AlreadyExistsError(p.path + ": register '" + reg.key +
                                "' already has a snapshot as of " + p.as_of +
                                " from another file (" + have->file_name + ", SHA-256 " +
                                have->file_sha256.substr(0, 12) + "…)");
    }
    MEMORIA_ASSIGN_OR_RETURN(std::string content, ReadFile(p.path));
    if (ToHex(Sha256(content)) != p.sha) {
      return FailedPreconditionError(p.path + " changed while it was being imported");
    }
    MEMORIA_ASSIGN_OR_RETURN(int64_t batch,
                             tx.BeginBatch(source_id, source.profile, p.name, p.sha));
    store::SnapshotInfo s;
    s.register_id = reg.id;
    s.batch_id = batch;
    s.as_of = p.as_of;
    s.as_of_day = p.day;
    s.file_name = p.name;
    s.file_sha256 = p.sha;
    s.columns = p.headers;
    s.rows = r.rows;
    MEMORIA_RETURN_IF_ERROR(tx.AddSnapshot(s, content).status());
    store::BatchCounts counts;
    counts.rows_read = r.rows;
    MEMORIA_RETURN_IF_ERROR(tx.FinishBatch(batch, counts));
    ++report.snapshots_added;
    report.snapshots.push_back(std::move(r));
  }
  if (report.snapshots_added == 0) {
    MEMORIA_RETURN_IF_ERROR(tx.Rollback());
    report.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return report;
  }

  // The history, from every snapshot of the register, oldest first.
  HistoryBuilder builder;
  std::map<int64_t, int64_t> batch_of_snapshot;
  MEMORIA_RETURN_IF_ERROR(tx.ForEachSnapshot(reg.id, [&](const store::StoredSnapshot& s) -> Status {
    batch_of_snapshot[s.info.id] = s.info.batch_id;
    Result<ParsedSnapshot> parsed = ParseSnapshot(s.content, profile);
    if (!parsed.ok()) {
      return parsed.status().Annotate("snapshot " + s.info.file_name + " as of " + s.info.as_of +
                                      " (kept in the archive)");
    }
    return builder.Add(s.info, *parsed);
  }));
  const std::vector<std::vector<HistoryBuilder::NameSource>> names = builder.name_sources();
  store::DerivedHistory history = builder.Finish();
  MEMORIA_ASSIGN_OR_RETURN(std::vector<int64_t> ids, tx.ReplaceRegisterHistory(reg.id, history));
  report.entries = static_cast<int64_t>(history.entries.size());
  report.events = static_cast<int64_t>(history.events.size());

  // The persons, with the inclusion decision each entry states first.
  std::vector<std::string> included(history.entries.size());
  for (const store::DerivedEvent& ev : history.events) {
    if (ev.kind == "included" && included[ev.entry].empty()) included[ev.entry] = ev.date;
  }
  PersonWriter persons(&tx, reg, batch_of_snapshot, &report);
  for (size_t e = 0; e < history.entries.size(); ++e) {
    if (history.entries[e].kind != "person") continue;
    MEMORIA_RETURN_IF_ERROR(
        persons.Entry(ids[e], history.entries[e].number, included[e], names[e]));
  }
  if (options.dry_run) {
    MEMORIA_RETURN_IF_ERROR(tx.Rollback());
  } else {
    MEMORIA_RETURN_IF_ERROR(tx.Commit());
  }
  report.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return report;
}

}  // namespace memoria::registers
