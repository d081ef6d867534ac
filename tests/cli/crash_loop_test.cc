// The crash loop (issue "Integrity and survival"): memoria import and
// memoria edit run as child processes and are killed with SIGKILL at a
// random moment; after each kill, memoria verify passes (the ledger, its
// signatures and the state digest agree with the rows) and every import
// that reported success is still there. The short pass runs here;
// bench/run-crash-loop runs 200 iterations (MEMORIA_CRASH_ITERATIONS).
// The random delay is what is tested, not a wait for something: nothing is
// asserted about time.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "testing/paths.h"
#include "testing/status_matchers.h"

namespace memoria {
namespace {

using ::memoria::testing::FreshTempDir;
using ::memoria::testing::MemoriaBinary;

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Starts memoria with "args" (output to files in "tmp"); returns its pid.
pid_t Start(const std::vector<std::string>& args, const std::string& tmp) {
  const pid_t pid = fork();
  if (pid == 0) {
    std::vector<char*> argv;
    std::string binary = MemoriaBinary();
    argv.push_back(binary.data());
    std::vector<std::string> copy = args;
    for (std::string& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    if (!freopen((tmp + "/stdout").c_str(), "w", stdout) ||
        !freopen((tmp + "/stderr").c_str(), "w", stderr)) {
      _exit(126);
    }
    execv(binary.c_str(), argv.data());
    _exit(127);
  }
  return pid;
}

// Waits for "pid": its exit code, or -signal when killed.
int Wait(pid_t pid) {
  int status = 0;
  waitpid(pid, &status, 0);
  if (WIFSIGNALED(status)) return -WTERMSIG(status);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int RunMemoria(const std::vector<std::string>& args, const std::string& tmp) {
  return Wait(Start(args, tmp));
}

// Runs memoria with "args" and kills it with SIGKILL after "delay_us" if it
// is still running. Returns its exit code (or -9 when killed).
int RunAndKill(const std::vector<std::string>& args, const std::string& tmp, int delay_us) {
  const pid_t pid = Start(args, tmp);
  // Polls the child instead of sleeping the whole delay, so a child that
  // finished early is reaped as finished, not killed.
  for (int waited = 0; waited < delay_us; waited += 2000) {
    int status = 0;
    const pid_t done = waitpid(pid, &status, WNOHANG);
    if (done == pid) return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
    usleep(2000);
  }
  kill(pid, SIGKILL);
  return Wait(pid);
}

int EnvInt(const char* name, int fallback) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0' ? std::atoi(v) : fallback;
}

TEST(CrashLoopTest, KilledImportsAndEditsLeaveAnArchiveThatVerifiesAndKeepsWhatCommitted) {
  const int iterations = EnvInt("MEMORIA_CRASH_ITERATIONS", 20);
  const int seed = EnvInt("MEMORIA_CRASH_SEED", 1937);
  const int max_delay_us = EnvInt("MEMORIA_CRASH_MAX_DELAY_US", 400000);
  const std::string tmp = FreshTempDir();
  const std::string dir = tmp + "/archive";
  ASSERT_EQ(RunMemoria({"init", dir}, tmp), 0) << Slurp(tmp + "/stderr");
  std::mt19937 rng(static_cast<uint32_t>(seed));
  std::vector<std::string> committed;  // file names of imports that reported success
  int killed = 0;
  for (int i = 0; i < iterations; ++i) {
    const int delay = std::uniform_int_distribution<int>(0, max_delay_us)(rng);
    if (i % 3 == 2 && !committed.empty()) {
      // An edit of person 1 (there is one once an import has committed).
      const int code =
          RunAndKill({"edit", dir, "add", "attribute", "1", "--kind", "occupation", "--value",
                      "агроном " + std::to_string(i), "--citation", "crash loop"},
                     tmp, delay);
      killed += code == -SIGKILL;
      ASSERT_TRUE(code == 0 || code == -SIGKILL) << code << " " << Slurp(tmp + "/stderr");
    } else {
      const std::string file = tmp + "/list" + std::to_string(i) + ".tsv";
      ASSERT_EQ(RunMemoria({"generate", "--rows", "400", "--seed", std::to_string(seed + i),
                            "--quiet", "--out", file},
                           tmp),
                0)
          << Slurp(tmp + "/stderr");
      const int code = RunAndKill({"import", dir, "--profile", "memorial-lists", file}, tmp, delay);
      killed += code == -SIGKILL;
      ASSERT_TRUE(code == 0 || code == -SIGKILL) << code << " " << Slurp(tmp + "/stderr");
      if (code == 0) committed.push_back("list" + std::to_string(i) + ".tsv");
    }
    ASSERT_EQ(RunMemoria({"verify", dir}, tmp), 0)
        << "iteration " << i << " (delay " << delay << " us): " << Slurp(tmp + "/stderr");
    ASSERT_EQ(RunMemoria({"batch", "list", dir, "--json"}, tmp), 0) << Slurp(tmp + "/stderr");
    const std::string batches = Slurp(tmp + "/stdout");
    for (const std::string& name : committed) {
      EXPECT_NE(batches.find(name), std::string::npos) << name << " was committed, then lost";
    }
  }
  std::printf("crash loop: %d iterations, %d killed, %zu imports committed\n", iterations, killed,
              committed.size());
}

}  // namespace
}  // namespace memoria
