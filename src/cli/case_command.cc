// memoria case draft|drafts|publish|reject (cli/case_command.h). The
// author of each step is the operating-system account (CliAccount), as for
// memoria edit; each step is also written to the audit log.
#include "cli/case_command.h"

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/args.h"
#include "cli/internal/common.h"
#include "core/edtf.h"
#include "store/accounts.h"
#include "store/case_drafts.h"
#include "store/store.h"
#include "store/write.h"

namespace memoria::cli {
namespace {

constexpr const char* kCaseUsage =
    "usage:\n"
    "  memoria case draft DIR PERSON_ID assessment --verdict V [--criteria T] [--date EDTF]\n"
    "                      [--statement MARKDOWN] [--url URL] --citation C [--reason R]\n"
    "  memoria case draft DIR PERSON_ID status --status S [--date EDTF] --citation C\n"
    "  memoria case draft DIR PERSON_ID case [--title T] [--region R] [--court C]\n"
    "                      [--detained EDTF] --citation C\n"
    "  memoria case drafts DIR [--json]                 (pending drafts, oldest first)\n"
    "  memoria case publish DIR ITEM ID [--reason R]     (ITEM: assessment|status_change|case)\n"
    "  memoria case reject DIR ITEM ID --reason R\n";

Result<int64_t> ParseId(const std::string& text, const std::string& what) {
  char* end = nullptr;
  const long long id = std::strtoll(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || id <= 0) {
    return InvalidArgumentError(what + " needs a positive whole number, not '" + text + "'");
  }
  return static_cast<int64_t>(id);
}

// The author of a step: the operating-system account, as memoria edit.
std::string CliAccount() {
  const char* user = std::getenv("USER");
  return std::string("cli:") + (user != nullptr && *user != '\0' ? user : "?");
}

int CaseUsage(const std::string& message) {
  std::fprintf(stderr, "memoria: %s\n\n%s", message.c_str(), kCaseUsage);
  return 2;
}

Result<Edtf> DateOf(const ParsedArgs& p, const char* flag) {
  if (!p.Has(flag)) return Edtf();
  return Edtf::Parse(p.Get(flag));
}

Status Audit(store::WriteTransaction* tx, std::string_view what) {
  store::AuditEntry e;
  e.account = CliAccount();
  e.action = "case";
  e.route = "memoria case";
  e.subject = std::string(what);
  return tx->AppendAudit(e).status();
}

int Draft(const ParsedArgs& p) {
  if (p.positional.size() != 4) return CaseUsage("case draft needs DIR, PERSON_ID and a kind");
  auto person = ParseId(p.positional[2], "PERSON_ID");
  if (!person.ok()) return CaseUsage(person.status().message());
  const std::string& kind = p.positional[3];
  store::ReviewNote note{CliAccount(), p.Get("--citation"), p.Get("--reason")};
  auto store = store::Store::Open(p.positional[1]);
  if (!store.ok()) return Fail(store.status());
  auto tx = (*store)->BeginWrite();
  if (!tx.ok()) return Fail(tx.status());
  Result<int64_t> id = InvalidArgumentError("kind must be assessment, status or case");
  if (kind == "assessment") {
    store::AssessmentFact f;
    f.person_id = *person;
    f.verdict = p.Get("--verdict");
    f.criteria = p.Get("--criteria");
    f.statement = p.Get("--statement");
    f.statement_url = p.Get("--url");
    auto date = DateOf(p, "--date");
    if (!date.ok()) return CaseUsage(date.status().message());
    f.date = *date;
    id = tx->DraftAssessment(f, note);
  } else if (kind == "status") {
    store::StatusChangeFact f;
    f.person_id = *person;
    f.status = p.Get("--status");
    auto date = DateOf(p, "--date");
    if (!date.ok()) return CaseUsage(date.status().message());
    f.date = *date;
    id = tx->DraftStatusChange(f, note);
  } else if (kind == "case") {
    store::CaseFact f;
    f.title = p.Get("--title");
    f.region = p.Get("--region");
    f.court = p.Get("--court");
    auto date = DateOf(p, "--detained");
    if (!date.ok()) return CaseUsage(date.status().message());
    f.detained = *date;
    id = tx->DraftCase(f, *person, note);
  }
  if (!id.ok()) return Fail(id.status());
  const std::string item = kind == "status" ? "status_change" : kind;
  Status logged = Audit(
      &*tx, "draft " + item + " " + std::to_string(*id) + " of person " + std::to_string(*person));
  if (!logged.ok()) return Fail(logged);
  Status committed = tx->Commit();
  if (!committed.ok()) return Fail(committed);
  std::printf("memoria: draft %s %lld of person %lld waits for an editor\n", item.c_str(),
              static_cast<long long>(*id), static_cast<long long>(*person));
  return 0;
}

int Review(const ParsedArgs& p, bool publish) {
  if (p.positional.size() != 4) return CaseUsage("needs DIR, ITEM and ID");
  auto item = store::ParseDraftItem(p.positional[2]);
  if (!item.ok()) return CaseUsage(item.status().message());
  auto id = ParseId(p.positional[3], "ID");
  if (!id.ok()) return CaseUsage(id.status().message());
  if (!publish && p.Get("--reason").empty()) return CaseUsage("case reject needs --reason");
  store::ReviewNote note{CliAccount(), "", p.Get("--reason")};
  auto store = store::Store::Open(p.positional[1]);
  if (!store.ok()) return Fail(store.status());
  auto tx = (*store)->BeginWrite();
  if (!tx.ok()) return Fail(tx.status());
  Status s = publish ? tx->PublishDraft(*item, *id, note) : tx->RejectDraft(*item, *id, note);
  if (!s.ok()) return Fail(s);
  const std::string what =
      std::string(publish ? "publish " : "reject ") + p.positional[2] + " " + std::to_string(*id);
  s = Audit(&*tx, what);
  if (s.ok()) s = tx->Commit();
  if (!s.ok()) return Fail(s);
  std::printf("memoria: %s %lld %s\n", p.positional[2].c_str(), static_cast<long long>(*id),
              publish ? "published" : "rejected");
  return 0;
}

int List(const ParsedArgs& p) {
  if (p.positional.size() != 2) return CaseUsage("case drafts needs DIR");
  auto store = store::Store::Open(p.positional[1], /*read_only=*/true);
  if (!store.ok()) return Fail(store.status());
  store::CaseDrafts drafts(store->get());
  auto pending = drafts.Pending(store::Visibility::kConfidential);
  if (!pending.ok()) return Fail(pending.status());
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const store::DraftRow& d : *pending) {
    const store::ReviewStep first = d.steps.empty() ? store::ReviewStep() : d.steps.front();
    if (p.Has("--json")) {
      out.push_back({{"item", std::string(store::DraftItemName(d.item))},
                     {"id", d.id},
                     {"person_id", d.person_id},
                     {"value", d.value},
                     {"date", d.date},
                     {"drafted_by", first.author},
                     {"at", first.at},
                     {"citation", first.citation}});
    } else {
      std::printf("%-13s %-6lld person %-8lld %-24s %-10s by %s, citing %s\n",
                  std::string(store::DraftItemName(d.item)).c_str(), static_cast<long long>(d.id),
                  static_cast<long long>(d.person_id), d.value.c_str(), d.date.c_str(),
                  first.author.c_str(), first.citation.c_str());
    }
  }
  if (p.Has("--json")) std::cout << out.dump() << "\n";
  return 0;
}

}  // namespace

int CmdCase(const std::vector<std::string>& args) {
  auto parsed =
      ParseArgs(args, 1,
                {"--verdict", "--criteria", "--date", "--statement", "--url", "--citation",
                 "--reason", "--status", "--title", "--region", "--court", "--detained"},
                {"--json"});
  if (!parsed.ok()) return CaseUsage(parsed.status().message());
  if (parsed->positional.empty()) return CaseUsage("case needs a subcommand");
  const std::string& sub = parsed->positional[0];
  if (sub == "draft") return Draft(*parsed);
  if (sub == "drafts") return List(*parsed);
  if (sub == "publish") return Review(*parsed, true);
  if (sub == "reject") return Review(*parsed, false);
  return CaseUsage("unknown case subcommand '" + sub + "'");
}

}  // namespace memoria::cli
