#include "cli/user.h"

#include <termios.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>

#include "auth/auth.h"
#include "auth/second_factor.h"
#include "cli/args.h"
#include "cli/internal/common.h"
#include "store/accounts.h"
#include "store/store.h"

namespace memoria::cli {
namespace {

using nlohmann::ordered_json;

constexpr const char* kUserUsage =
    "usage:\n"
    "  memoria user add DIR NAME --role reader|volunteer|editor|admin   (password on stdin)\n"
    "  memoria user passwd DIR NAME                                     (password on stdin)\n"
    "  memoria user role DIR NAME reader|volunteer|editor|admin\n"
    "  memoria user disable DIR NAME\n"
    "  memoria user enable DIR NAME\n"
    "  memoria user list DIR [--json]\n"
    "  memoria user totp enable DIR NAME    (prints the secret, its URI and 10 recovery codes "
    "once)\n"
    "  memoria user totp disable DIR NAME\n";

int UserUsage(const std::string& message) {
  std::fprintf(stderr, "memoria: %s\n\n%s", message.c_str(), kUserUsage);
  return 2;
}

// Who is changing accounts, for the audit log: the operating-system user.
std::string Actor() {
  const char* user = std::getenv("USER");
  return std::string("cli:") + (user != nullptr && *user != '\0' ? user : "?");
}

// One line of standard input without its line end.
Result<std::string> ReadLine(bool echo_off, const char* prompt) {
  const bool tty = isatty(STDIN_FILENO) != 0;
  termios saved{};
  if (tty) {
    std::fprintf(stderr, "%s", prompt);
    if (echo_off && tcgetattr(STDIN_FILENO, &saved) == 0) {
      termios quiet = saved;
      quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
      tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    }
  }
  std::string line;
  const bool got = static_cast<bool>(std::getline(std::cin, line));
  if (tty) {
    if (echo_off) tcsetattr(STDIN_FILENO, TCSANOW, &saved);
    std::fprintf(stderr, "\n");
  }
  if (!got) return InvalidArgumentError("no password on standard input");
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

// The new password: one line of stdin; on a terminal asked twice.
Result<std::string> ReadNewPassword() {
  MEMORIA_ASSIGN_OR_RETURN(std::string password, ReadLine(true, "password: "));
  if (isatty(STDIN_FILENO)) {
    MEMORIA_ASSIGN_OR_RETURN(std::string again, ReadLine(true, "again: "));
    if (again != password) return InvalidArgumentError("the two passwords differ");
  }
  MEMORIA_RETURN_IF_ERROR(auth::CheckPassword(password));
  return password;
}

int Add(const std::vector<std::string>& args) {
  auto parsed = ParseArgs(args, 2, {"--role"}, {});
  if (!parsed.ok()) return UserUsage(parsed.status().message());
  if (parsed->positional.size() != 2) return UserUsage("user add needs DIR and NAME");
  if (!parsed->Has("--role")) return UserUsage("user add needs --role");
  auto role = auth::ParseRole(parsed->Get("--role"));
  if (!role.ok()) return UserUsage(role.status().message());
  const std::string& name = parsed->positional[1];
  Status valid = auth::CheckAccountName(name);
  if (!valid.ok()) return Fail(valid);
  auto password = ReadNewPassword();
  if (!password.ok()) return Fail(password.status());
  auto store = store::Store::Open(parsed->positional[0]);
  if (!store.ok()) return Fail(store.status());
  auto id = auth::AddAccount(store->get(), name, *role, *password, auth::PasswordCost(), Actor());
  if (!id.ok()) return Fail(id.status());
  std::printf("memoria: account %s added as %s\n", name.c_str(),
              std::string(auth::RoleName(*role)).c_str());
  return 0;
}

int Passwd(const std::vector<std::string>& args) {
  auto parsed = ParseArgs(args, 2, {}, {});
  if (!parsed.ok()) return UserUsage(parsed.status().message());
  if (parsed->positional.size() != 2) return UserUsage("user passwd needs DIR and NAME");
  auto store = store::Store::Open(parsed->positional[0]);
  if (!store.ok()) return Fail(store.status());
  auto password = ReadNewPassword();
  if (!password.ok()) return Fail(password.status());
  Status s = auth::SetPassword(store->get(), parsed->positional[1], *password, auth::PasswordCost(),
                               Actor());
  if (!s.ok()) return Fail(s);
  std::printf("memoria: password of %s changed\n", parsed->positional[1].c_str());
  return 0;
}

int RoleCmd(const std::vector<std::string>& args) {
  auto parsed = ParseArgs(args, 2, {}, {});
  if (!parsed.ok()) return UserUsage(parsed.status().message());
  if (parsed->positional.size() != 3) return UserUsage("user role needs DIR, NAME and ROLE");
  auto role = auth::ParseRole(parsed->positional[2]);
  if (!role.ok()) return UserUsage(role.status().message());
  auto store = store::Store::Open(parsed->positional[0]);
  if (!store.ok()) return Fail(store.status());
  Status s = auth::SetRole(store->get(), parsed->positional[1], *role, Actor());
  if (!s.ok()) return Fail(s);
  std::printf("memoria: %s is now %s\n", parsed->positional[1].c_str(),
              std::string(auth::RoleName(*role)).c_str());
  return 0;
}

int Disable(const std::vector<std::string>& args, bool disabled) {
  auto parsed = ParseArgs(args, 2, {}, {});
  if (!parsed.ok()) return UserUsage(parsed.status().message());
  if (parsed->positional.size() != 2) return UserUsage("needs DIR and NAME");
  auto store = store::Store::Open(parsed->positional[0]);
  if (!store.ok()) return Fail(store.status());
  Status s = auth::SetDisabled(store->get(), parsed->positional[1], disabled, Actor());
  if (!s.ok()) return Fail(s);
  std::printf("memoria: %s %s\n", parsed->positional[1].c_str(),
              disabled ? "disabled (its sessions end at their next request)" : "enabled");
  return 0;
}

int List(const std::vector<std::string>& args) {
  auto parsed = ParseArgs(args, 2, {}, {"--json"});
  if (!parsed.ok()) return UserUsage(parsed.status().message());
  if (parsed->positional.size() != 1) return UserUsage("user list needs DIR");
  auto store = store::Store::Open(parsed->positional[0], /*read_only=*/true);
  if (!store.ok()) return Fail(store.status());
  store::Accounts accounts(store->get());
  auto list = accounts.List();
  if (!list.ok()) return Fail(list.status());
  std::vector<std::string> factors;
  for (const store::Account& a : *list) {
    auto state = auth::SecondFactorOf(store->get(), a.id);
    if (!state.ok()) return Fail(state.status());
    factors.push_back(*state == auth::SecondFactorState::kOn        ? "totp"
                      : *state == auth::SecondFactorState::kPending ? "pending"
                                                                    : "none");
  }
  if (parsed->Has("--json")) {
    ordered_json out = ordered_json::array();
    for (size_t i = 0; i < list->size(); ++i) {
      const store::Account& a = (*list)[i];
      out.push_back({{"name", a.name},
                     {"role", a.role},
                     {"disabled", a.disabled},
                     {"second_factor", factors[i]},
                     {"created_at", a.created_at},
                     {"updated_at", a.updated_at}});
    }
    std::cout << out.dump() << "\n";
    return 0;
  }
  // The second factor's column: "totp", "pending" (set up on the website,
  // not confirmed yet: not asked at sign-in) or "-".
  for (size_t i = 0; i < list->size(); ++i) {
    const store::Account& a = (*list)[i];
    std::printf("%-24s %-10s %-8s %s%s\n", a.name.c_str(), a.role.c_str(),
                factors[i] == "none" ? "-" : factors[i].c_str(), a.created_at.c_str(),
                a.disabled ? "  disabled" : "");
  }
  return 0;
}

// memoria user totp enable|disable DIR NAME. Enabling prints the secret
// once: it is for the reader's authenticator app (typed, or the URI made
// into a QR code by a tool of the reader's choice), with the recovery codes.
int Totp(const std::vector<std::string>& args) {
  if (args.size() < 3) return UserUsage("user totp needs enable or disable");
  const std::string& what = args[2];
  std::vector<std::string> rest(args.begin() + 1, args.end());
  auto parsed = ParseArgs(rest, 2, {}, {});
  if (!parsed.ok()) return UserUsage(parsed.status().message());
  if (parsed->positional.size() != 2) return UserUsage("user totp " + what + " needs DIR and NAME");
  auto store = store::Store::Open(parsed->positional[0]);
  if (!store.ok()) return Fail(store.status());
  const std::string& name = parsed->positional[1];
  if (what == "enable") {
    auto e = auth::EnableTotp(store->get(), name, Actor());
    if (!e.ok()) return Fail(e.status());
    std::printf("memoria: a second factor (TOTP) is on for %s; this is shown once.\n",
                name.c_str());
    std::printf("secret:  %s\n", e->secret.c_str());
    std::printf("uri:     %s\n", e->uri.c_str());
    std::printf("recovery codes (each works once instead of a code):\n");
    for (const std::string& c : e->recovery_codes) std::printf("  %s\n", c.c_str());
    return 0;
  }
  if (what == "disable") {
    Status s = auth::DisableTotp(store->get(), name, Actor());
    if (!s.ok()) return Fail(s);
    std::printf("memoria: the second factor of %s is off\n", name.c_str());
    return 0;
  }
  return UserUsage("user totp needs enable or disable, not '" + what + "'");
}

}  // namespace

int CmdUser(const std::vector<std::string>& args) {
  if (args.size() < 2) return UserUsage("user needs a subcommand");
  const std::string& sub = args[1];
  if (sub == "add") return Add(args);
  if (sub == "passwd") return Passwd(args);
  if (sub == "role") return RoleCmd(args);
  if (sub == "disable") return Disable(args, true);
  if (sub == "enable") return Disable(args, false);
  if (sub == "list") return List(args);
  if (sub == "totp") return Totp(args);
  return UserUsage("unknown user subcommand '" + sub + "'");
}

int CmdAudit(const std::vector<std::string>& args) {
  auto parsed = ParseArgs(args, 1, {"--after"}, {"--json"});
  if (!parsed.ok()) return Usage(parsed.status().message());
  if (parsed->positional.size() != 1) return Usage("audit needs DIR");
  auto after = parsed->GetInt("--after", 0, 0, INT64_MAX);
  if (!after.ok()) return Usage(after.status().message());
  auto store = store::Store::Open(parsed->positional[0], /*read_only=*/true);
  if (!store.ok()) return Fail(store.status());
  store::Accounts accounts(store->get());
  int64_t last = *after;
  while (true) {
    auto entries = accounts.Audit(last, 1000);
    if (!entries.ok()) return Fail(entries.status());
    if (entries->empty()) break;
    for (const store::AuditEntry& e : *entries) {
      if (parsed->Has("--json")) {
        std::cout << ordered_json{{"id", e.id},         {"at", e.at},       {"account", e.account},
                                  {"action", e.action}, {"route", e.route}, {"subject", e.subject}}
                         .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
                  << "\n";
      } else {
        std::printf("%lld  %s  %-16s %-18s %s  %s\n", static_cast<long long>(e.id), e.at.c_str(),
                    e.account.c_str(), e.action.c_str(), e.route.c_str(), e.subject.c_str());
      }
      last = e.id;
    }
  }
  return 0;
}

}  // namespace memoria::cli
