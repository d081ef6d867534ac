#include "cli/edit.h"

#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>

#include "cli/args.h"
#include "cli/internal/common.h"
#include "store/accounts.h"
#include "store/edits.h"
#include "store/reader.h"
#include "store/store.h"
#include "store/write.h"

namespace memoria::cli {
namespace {

Result<int64_t> ParseId(const std::string& text, const std::string& what) {
  char* end = nullptr;
  const long long id = std::strtoll(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || id <= 0) {
    return InvalidArgumentError(what + " needs a positive whole number, not '" + text + "'");
  }
  return static_cast<int64_t>(id);
}

std::string CliAccount() {
  const char* user = std::getenv("USER");
  return std::string("cli:") + (user != nullptr && *user != '\0' ? user : "?");
}

// memoria edit DIR history PERSON_ID [--json]
int History(const ParsedArgs& parsed) {
  auto id = ParseId(parsed.positional[2], "PERSON_ID");
  if (!id.ok()) return Usage(id.status().message());
  auto store = store::Store::Open(parsed.positional[0], /*read_only=*/true);
  if (!store.ok()) return Fail(store.status());
  auto reader = (*store)->ReaderFor(store::Visibility::kConfidential);
  if (!reader.ok()) return Fail(reader.status());
  auto h = store::EditReader(*reader).History(*id);
  if (!h.ok()) return Fail(h.status());
  if (parsed.Has("--json")) {
    nlohmann::ordered_json j;
    j["person_id"] = h->person_id;
    j["retracted"] = h->retracted;
    j["facts"] = nlohmann::ordered_json::array();
    for (const store::FactVersion& v : h->facts) {
      j["facts"].push_back({{"fact", v.fact},
                            {"id", v.id},
                            {"kind", v.kind},
                            {"value", v.value},
                            {"record_id", v.record_id},
                            {"claim_id", v.claim_id},
                            {"citation", v.claim_citation},
                            {"retracted_by", v.retracted_by}});
    }
    j["changes"] = nlohmann::ordered_json::array();
    for (const store::ChangeRow& c : h->changes) {
      j["changes"].push_back({{"id", c.id},
                              {"kind", c.kind},
                              {"fact", c.fact},
                              {"target_id", c.target_id},
                              {"value", c.value},
                              {"citation", c.citation},
                              {"reason", c.reason},
                              {"author", c.author},
                              {"created_at", c.created_at},
                              {"reviewed_by", c.reviewed_by},
                              {"undone_by", c.undone_by}});
    }
    std::printf("%s\n", j.dump(2).c_str());
    return 0;
  }
  for (const store::FactVersion& v : h->facts) {
    std::printf("%s %lld %s: %s  [%s]%s\n", v.fact.c_str(), static_cast<long long>(v.id),
                v.kind.c_str(), v.value.c_str(),
                v.record_id != 0
                    ? ("record " + std::to_string(v.record_id)).c_str()
                    : ("claim " + std::to_string(v.claim_id) + ": " + v.claim_citation).c_str(),
                v.retracted_by != 0
                    ? (" replaced by change " + std::to_string(v.retracted_by)).c_str()
                    : "");
  }
  for (const store::ChangeRow& c : h->changes) {
    std::string target = c.target_id != 0 ? " " + std::to_string(c.target_id) : "";
    std::printf("change %lld: %s %s%s %s — %s (%s, %s)%s\n", static_cast<long long>(c.id),
                c.kind.c_str(), c.fact.c_str(), target.c_str(), c.value.c_str(), c.citation.c_str(),
                c.author.c_str(), c.created_at.c_str(),
                c.undone_by != 0 ? (" undone by " + std::to_string(c.undone_by)).c_str() : "");
  }
  return 0;
}

// memoria edit DIR (add|correct|retract) (name|event|attribute|person) PERSON_ID ...
Result<store::ChangeRequest> RequestFrom(const ParsedArgs& parsed) {
  store::ChangeRequest r;
  const std::string& action = parsed.positional[1];
  const std::string& fact = parsed.positional[2];
  const std::optional<store::ChangeKind> kind = store::ParseEditAction(action);
  if (!kind.has_value()) return InvalidArgumentError("unknown edit action '" + action + "'");
  r.kind = *kind;
  const std::optional<store::FactKind> edited = store::ParseEditedFact(fact);
  if (!edited.has_value()) {
    return InvalidArgumentError("edit takes name, event, attribute or person, not '" + fact + "'");
  }
  r.fact = *edited;
  if (!(r.fact == store::FactKind::kPerson && r.kind == store::ChangeKind::kAdd)) {
    if (parsed.positional.size() < 4) return InvalidArgumentError("edit needs PERSON_ID");
    MEMORIA_ASSIGN_OR_RETURN(r.person_id, ParseId(parsed.positional[3], "PERSON_ID"));
  }
  if (parsed.Has("--target")) {
    MEMORIA_ASSIGN_OR_RETURN(r.target_id, ParseId(parsed.Get("--target"), "--target"));
  }
  r.name.kind = parsed.Get("--name-kind", "main");
  r.name.surname = parsed.Get("--surname");
  r.name.given = parsed.Get("--given");
  r.name.patronymic = parsed.Get("--patronymic");
  r.event.type = parsed.Get("--type");
  if (parsed.Has("--date")) {
    MEMORIA_ASSIGN_OR_RETURN(r.event.date, Edtf::Parse(parsed.Get("--date")));
  }
  r.event.place = parsed.Get("--place");
  r.event.note = parsed.Get("--note");
  r.attribute.kind = parsed.Get("--kind");
  r.attribute.value = parsed.Get("--value");
  r.citation = parsed.Get("--citation");
  r.reason = parsed.Get("--reason");
  MEMORIA_ASSIGN_OR_RETURN(r.visibility, ParseVisibility(parsed.Get("--visibility", "public")));
  r.author = CliAccount();
  MEMORIA_RETURN_IF_ERROR(store::ValidateChange(r));
  return r;
}

}  // namespace

int CmdEdit(const std::vector<std::string>& args) {
  auto parsed = ParseArgs(
      args, 1,
      {"--target", "--name-kind", "--surname", "--given", "--patronymic", "--type", "--date",
       "--place", "--note", "--kind", "--value", "--citation", "--reason", "--visibility"},
      {"--json"});
  if (!parsed.ok()) return Usage(parsed.status().message());
  const std::vector<std::string>& pos = parsed->positional;
  if (pos.size() < 3) return Usage("edit needs DIR, an action and its arguments");
  if (pos[1] == "history") return History(*parsed);
  auto store = store::Store::Open(pos[0]);
  if (!store.ok()) return Fail(store.status());
  auto tx = (*store)->BeginWrite();
  if (!tx.ok()) return Fail(tx.status());
  store::AuditEntry entry;
  entry.account = CliAccount();
  entry.action = "edit";
  entry.route = "memoria edit";
  int64_t change = 0;
  if (pos[1] == "undo") {
    auto id = ParseId(pos[2], "CHANGE_ID");
    if (!id.ok()) return Usage(id.status().message());
    auto undo =
        tx->UndoChange(*id, entry.account, parsed->Get("--citation"), parsed->Get("--reason"));
    if (!undo.ok()) return Fail(undo.status());
    change = *undo;
    entry.subject = "change " + std::to_string(change) + ": undo change " + std::to_string(*id);
  } else {
    auto request = RequestFrom(*parsed);
    if (!request.ok()) return Usage(request.status().message());
    auto made = tx->MakeChange(*request);
    if (!made.ok()) return Fail(made.status());
    change = *made;
    entry.subject =
        "change " + std::to_string(change) + ": " + pos[1] + " " + pos[2] +
        (request->target_id != 0 ? " " + std::to_string(request->target_id) : "") +
        (request->person_id != 0 ? " of person " + std::to_string(request->person_id) : "");
  }
  auto logged = tx->AppendAudit(entry);
  if (!logged.ok()) return Fail(logged.status());
  Status s = tx->Commit();
  if (!s.ok()) return Fail(s);
  std::printf("memoria: change %lld applied\n", static_cast<long long>(change));
  return 0;
}

}  // namespace memoria::cli
