#include "testing/paths.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <string_view>
#include <vector>

namespace memoria::testing {

namespace fs = std::filesystem;

namespace {

// Removes the directories FreshTempDir made for a test when the test ends,
// unless it failed (they are kept to be looked at). Some tests build
// archives of a gigabyte; left behind, a few runs fill the disk.
class TempDirCleaner : public ::testing::EmptyTestEventListener {
 public:
  void Add(fs::path dir) {
    std::lock_guard<std::mutex> lock(mutex_);
    dirs_.push_back(std::move(dir));
  }
  void OnTestEnd(const ::testing::TestInfo& info) override {
    std::vector<fs::path> dirs;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      dirs.swap(dirs_);
    }
    if (info.result() != nullptr && info.result()->Failed()) return;
    if (const char* keep = std::getenv("MEMORIA_KEEP_TEST_DIRS"); keep != nullptr && *keep != 0) {
      return;
    }
    for (const fs::path& dir : dirs) {
      std::error_code ec;
      fs::remove_all(dir, ec);
    }
  }

 private:
  std::mutex mutex_;
  std::vector<fs::path> dirs_;
};

TempDirCleaner* Cleaner() {
  // Owned by gtest's listener list once appended.
  static TempDirCleaner* cleaner = [] {
    auto* c = new TempDirCleaner();
    ::testing::UnitTest::GetInstance()->listeners().Append(c);
    return c;
  }();
  return cleaner;
}

}  // namespace

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
  if (info != nullptr) Cleaner()->Add(dir);
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
