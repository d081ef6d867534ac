// Paths for tests: a fresh temporary directory per test, the project's
// fixtures, and the shared folder of real published lists.
#ifndef MEMORIA_TESTS_TESTING_PATHS_H_
#define MEMORIA_TESTS_TESTING_PATHS_H_

#include <gtest/gtest.h>

#include <string>

namespace memoria::testing {

// A new, empty directory unique to the running test, below
// ::testing::TempDir(). Removed when the test ends unless it failed (or
// MEMORIA_KEEP_TEST_DIRS is set), and by the next run of the same test.
std::string FreshTempDir();

// tests/data/<name> in the source tree.
std::string FixturePath(const std::string& name);

// The path of ../shared/data/<relative> if it exists, else "". Callers use
// MEMORIA_REQUIRE_SHARED_DATA, which skips the test with a clear message where
// the folder is absent, and fails it instead when CI=true.
std::string SharedDataPath(const std::string& relative);
bool RunningInCi();

// The memoria binary built beside the tests.
std::string MemoriaBinary();

}  // namespace memoria::testing

#define MEMORIA_REQUIRE_SHARED_DATA(var, relative)                                      \
  std::string var = ::memoria::testing::SharedDataPath(relative);                       \
  if (var.empty()) {                                                                    \
    if (::memoria::testing::RunningInCi()) {                                            \
      FAIL() << "shared data " << (relative) << " is missing, and CI=true requires it"; \
    }                                                                                   \
    GTEST_SKIP() << "shared data " << (relative)                                        \
                 << " not found beside the checkout (../shared/data); skipping";        \
  }

#endif  // MEMORIA_TESTS_TESTING_PATHS_H_
