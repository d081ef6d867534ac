// BackgroundThreads: the threads a search module starts to build something
// for a server while it goes on answering (the name index after an import,
// the hit lines after a commit). Each marks itself ended as it returns; the
// ended ones are joined when the next one starts, so that a server does not
// keep one ended thread (and its stack) per build for as long as it runs,
// and the rest when the module stops.
//
// Thread safety: none; the owner's mutex guards it. Joining waits for a
// running build, so TakeAll hands the threads out to be joined outside that
// mutex.
#ifndef MEMORIA_SEARCH_INTERNAL_BACKGROUND_THREADS_H_
#define MEMORIA_SEARCH_INTERNAL_BACKGROUND_THREADS_H_

#include <atomic>
#include <functional>
#include <memory>
#include <thread>
#include <utility>
#include <vector>

namespace memoria::search::internal {

class BackgroundThreads {
 public:
  // Joins the threads that have ended, then runs "work" on a new one.
  void Start(std::function<void()> work) {
    std::erase_if(threads_, [](Running& r) {
      if (!r.ended->load()) return false;
      r.thread.join();  // it has returned, or is about to
      return true;
    });
    auto ended = std::make_shared<std::atomic<bool>>(false);
    threads_.push_back(Running{std::thread([work = std::move(work), ended] {
                                 work();
                                 ended->store(true);
                               }),
                               ended});
  }

  // Every thread not yet joined, taken out (this is left empty).
  BackgroundThreads TakeAll() {
    BackgroundThreads out;
    out.threads_.swap(threads_);
    return out;
  }
  // Waits for every thread (those running too).
  void JoinAll() {
    for (Running& r : threads_) r.thread.join();
    threads_.clear();
  }
  size_t size() const { return threads_.size(); }

 private:
  struct Running {
    std::thread thread;
    std::shared_ptr<std::atomic<bool>> ended;
  };
  std::vector<Running> threads_;
};

}  // namespace memoria::search::internal

#endif  // MEMORIA_SEARCH_INTERNAL_BACKGROUND_THREADS_H_
