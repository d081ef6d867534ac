#include "cli/args.h"

#include <cerrno>
#include <cstdlib>

namespace memoria::cli {

Result<long long> ParsedArgs::GetInt(const std::string& flag, long long fallback, long long lo,
                                     long long hi) const {
  auto it = values.find(flag);
  if (it == values.end()) return fallback;
  const std::string& s = it->second;
  char* end = nullptr;
  errno = 0;
  long long v = std::strtoll(s.c_str(), &end, 10);
  if (s.empty() || *end != '\0' || errno != 0 || v < lo || v > hi) {
    return InvalidArgumentError(flag + " needs a whole number from " + std::to_string(lo) + " to " +
                                std::to_string(hi) + ", not '" + s + "'");
  }
  return v;
}

Result<ParsedArgs> ParseArgs(const std::vector<std::string>& args, size_t first,
                             const std::set<std::string>& value_flags,
                             const std::set<std::string>& switch_flags) {
  ParsedArgs out;
  bool only_positional = false;
  for (size_t i = first; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (only_positional || a.size() < 2 || a.rfind("--", 0) != 0) {
      out.positional.push_back(a);
      continue;
    }
    if (a == "--") {
      only_positional = true;
      continue;
    }
    std::string flag = a, value;
    bool has_value = false;
    if (size_t eq = a.find('='); eq != std::string::npos) {
      flag = a.substr(0, eq);
      value = a.substr(eq + 1);
      has_value = true;
    }
    if (switch_flags.count(flag)) {
      if (has_value) return InvalidArgumentError(flag + " takes no value");
      out.switches.insert(flag);
    } else if (value_flags.count(flag)) {
      if (!has_value) {
        if (i + 1 >= args.size()) return InvalidArgumentError(flag + " needs a value");
        value = args[++i];
      }
      out.values[flag] = value;
    } else {
      return InvalidArgumentError("unknown option " + flag);
    }
  }
  return out;
}

}  // namespace memoria::cli
