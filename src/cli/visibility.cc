#include "cli/visibility.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "cli/args.h"
#include "cli/internal/common.h"
#include "store/accounts.h"
#include "store/store.h"
#include "store/write.h"

namespace memoria::cli {
namespace {

struct Target {
  store::Hideable kind;
  int64_t id = 0;
  std::string label;  // "person 12", for messages and the audit log
};

Result<int64_t> ParseId(const std::string& text, const std::string& flag) {
  char* end = nullptr;
  const long long id = std::strtoll(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || id <= 0) {
    return InvalidArgumentError(flag + " needs a positive whole number, not '" + text + "'");
  }
  return static_cast<int64_t>(id);
}

// The one row the flags name.
Result<Target> ParseTarget(const ParsedArgs& parsed) {
  struct Flag {
    const char* flag;
    store::Hideable kind;
    const char* label;
  };
  static constexpr Flag kFlags[] = {{"--person", store::Hideable::kPerson, "person"},
                                    {"--record", store::Hideable::kRecord, "record"},
                                    {"--source", store::Hideable::kSource, "source"},
                                    {"--claim", store::Hideable::kClaim, "claim"}};
  static constexpr Flag kFacts[] = {{"name", store::Hideable::kName, "name"},
                                    {"event", store::Hideable::kEvent, "event"},
                                    {"attribute", store::Hideable::kAttribute, "attribute"}};
  std::optional<Target> target;
  int given = 0;
  for (const Flag& f : kFlags) {
    if (!parsed.Has(f.flag)) continue;
    ++given;
    MEMORIA_ASSIGN_OR_RETURN(int64_t id, ParseId(parsed.Get(f.flag), f.flag));
    target = Target{f.kind, id, std::string(f.label) + " " + std::to_string(id)};
  }
  if (parsed.Has("--fact")) {
    ++given;
    const std::string value = parsed.Get("--fact");
    const size_t colon = value.find(':');
    const std::string kind = value.substr(0, colon);
    bool known = false;
    for (const Flag& f : kFacts) {
      if (colon == std::string::npos || kind != f.flag) continue;
      known = true;
      MEMORIA_ASSIGN_OR_RETURN(int64_t id, ParseId(value.substr(colon + 1), "--fact"));
      target = Target{f.kind, id, std::string(f.label) + " " + std::to_string(id)};
    }
    if (!known) {
      return InvalidArgumentError("--fact takes name:ID, event:ID or attribute:ID, not '" + value +
                                  "'");
    }
  }
  if (given != 1) {
    return InvalidArgumentError(
        "give exactly one of --person, --record, --source, --claim and --fact");
  }
  return *target;
}

}  // namespace

int CmdVisibility(const std::vector<std::string>& args) {
  auto parsed = ParseArgs(args, 1, {"--person", "--record", "--source", "--claim", "--fact"}, {});
  if (!parsed.ok()) return Usage(parsed.status().message());
  if (parsed->positional.size() != 2) {
    return Usage("visibility needs DIR and public, restricted or confidential");
  }
  auto target = ParseTarget(*parsed);
  if (!target.ok()) return Usage(target.status().message());
  auto level = ParseVisibility(parsed->positional[1]);
  if (!level.ok()) return Usage(level.status().message());
  auto store = store::Store::Open(parsed->positional[0]);
  if (!store.ok()) return Fail(store.status());
  auto tx = (*store)->BeginWrite();
  if (!tx.ok()) return Fail(tx.status());
  Status s = tx->SetVisibility(target->kind, target->id, *level);
  if (!s.ok()) return Fail(s);
  const char* user = std::getenv("USER");
  store::AuditEntry entry;
  entry.account = std::string("cli:") + (user != nullptr && *user != '\0' ? user : "?");
  entry.action = "visibility";
  entry.route = "memoria visibility";
  entry.subject = target->label + " " + std::string(store::VisibilityName(*level));
  auto logged = tx->AppendAudit(entry);
  if (!logged.ok()) return Fail(logged.status());
  s = tx->Commit();
  if (!s.ok()) return Fail(s);
  if (*level == store::Visibility::kConfidential) {
    // The saved name index may hold a name that is now confidential; it is
    // a cache, built again on the next search.
    std::error_code ec;
    std::filesystem::remove(std::filesystem::path(parsed->positional[0]) / "name_index.bin", ec);
  }
  std::printf("memoria: %s is now %s\n", target->label.c_str(),
              std::string(store::VisibilityName(*level)).c_str());
  return 0;
}

}  // namespace memoria::cli
