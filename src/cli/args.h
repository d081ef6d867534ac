// A small argument parser: positional arguments and --flag VALUE / --flag=VALUE
// / --switch, checked against the flags a command declares.
#ifndef MEMORIA_CLI_ARGS_H_
#define MEMORIA_CLI_ARGS_H_

#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/result.h"

namespace memoria::cli {

struct ParsedArgs {
  std::vector<std::string> positional;
  std::map<std::string, std::string> values;
  std::set<std::string> switches;

  bool Has(const std::string& flag) const { return switches.count(flag) || values.count(flag); }
  std::string Get(const std::string& flag, const std::string& fallback = "") const {
    auto it = values.find(flag);
    return it == values.end() ? fallback : it->second;
  }
  // The flag's value as an integer in [lo, hi], or fallback when absent.
  Result<long long> GetInt(const std::string& flag, long long fallback, long long lo,
                           long long hi) const;
};

// "value_flags" take a value; "switch_flags" do not. Unknown flags and
// missing values are kInvalidArgument.
Result<ParsedArgs> ParseArgs(const std::vector<std::string>& args, size_t first,
                             const std::set<std::string>& value_flags,
                             const std::set<std::string>& switch_flags);

}  // namespace memoria::cli

#endif  // MEMORIA_CLI_ARGS_H_
