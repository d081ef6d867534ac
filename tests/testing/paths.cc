#include "testing/paths.h"

#include <cstdlib>
#include <unistd.h>

#include <filesystem>
#include <string_view>

namespace memoria::testing {

namespace fs = std::filesystem;

std::string FreshTempDir() {
  const ::testing::TestInfo* info = ::testing::UnitTest::GetInstance()->current_test_info();
  std::string name = "memoria_test";
  if (info != nullptr) {
    name += "_";
    name += info->test_suite_name();
    name += "_";
    name += info->name();
  }
  for (char& c : name) {
    if (c == '/') c = '_';
  }
  // Other checkouts may run the same test at the same time.
  name += "_" + std::to_string(::getpid());
  fs::path dir = fs::path(::testing::TempDir()) / name;
  std::error_code ec;
  fs::remove_all(dir, ec);
  fs::create_directories(dir);
  return dir.string();
}

std::string FixturePath(const std::string& name) {
  return (fs::path(MEMORIA_SOURCE_DIR) / "tests" / "data" / name).string();
}

std::string SharedDataPath(const std::string& relative) {
  fs::path p = fs::path(MEMORIA_SHARED_DATA) / relative;
  std::error_code ec;
  if (!fs::exists(p, ec)) return "";
  return p.string();
}

bool RunningInCi() {
  const char* ci = std::getenv("CI");
  return ci != nullptr && std::string_view(ci) == "true";
}

std::string MemoriaBinary() { return MEMORIA_BINARY; }

}  // namespace memoria::testing
