// Site is what every App of a server shares: figures and lists that are
// costly to compute at a million persons (the home page's counts and chart,
// the list of sources, the place and address indexes of query/places.h),
// each computed once per visibility ceiling and recomputed when the archive
// changes (store::Reader::DataVersion).
//
// Thread safety: every method may be called from any thread, each caller
// with its own Reader.
#ifndef MEMORIA_WEB_INTERNAL_SITE_H_
#define MEMORIA_WEB_INTERNAL_SITE_H_

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/result.h"
#include "query/places.h"
#include "store/accounts.h"
#include "store/figures.h"
#include "store/reader.h"
#include "web/internal/response_cache.h"
#include "web/internal/signin.h"
#include "web/server.h"

namespace memoria::web::internal {

class Site {
 public:
  Site() : Site(MapConfig()) {}
  // cache_bytes > 0: answers are kept in a ResponseCache of that size. Only
  // for Apps over read-only connections (the server's): the App notices
  // changes through PRAGMA data_version, which does not see the
  // connection's own writes.
  explicit Site(MapConfig map, size_t cache_bytes = 0)
      : map_(std::move(map)),
        responses_(cache_bytes > 0 ? std::make_unique<ResponseCache>(cache_bytes) : nullptr) {}

  const MapConfig& map() const { return map_; }
  // The site's public address for absolute links ("http://127.0.0.1:8080",
  // no trailing slash). Set once by the server before it serves; read-only
  // afterwards.
  const std::string& base_url() const { return base_url_; }
  void set_base_url(std::string url) { base_url_ = std::move(url); }
  // The archive's folder, for the website's writes (editing, corrections):
  // each opens a writable connection of its own, since the Apps' connections
  // are read-only. Empty (tests over one in-memory store): the App's own
  // store is written. Set once by the server before it serves.
  const std::string& archive_dir() const { return archive_dir_; }
  void set_archive_dir(std::string dir) { archive_dir_ = std::move(dir); }
  // A mirror (ServeOptions::mirror): no route that signs in or writes, a
  // banner on every page. Set once by the server before it serves.
  bool mirror() const { return mirror_; }
  void set_mirror(bool mirror) { mirror_ = mirror; }
  // The clock of the version checks of every App of the site (set before
  // the Apps run); steady_clock by default.
  void set_clock(std::function<std::chrono::steady_clock::time_point()> clock) {
    clock_ = std::move(clock);
  }
  const std::function<std::chrono::steady_clock::time_point()>& clock() const { return clock_; }
  std::chrono::steady_clock::time_point Now() const {
    return clock_ ? clock_() : std::chrono::steady_clock::now();
  }
  // The wall clock in Unix seconds, for the codes of second factors
  // (TOTP steps are counted from the epoch; the clock above is steady and
  // counts from anywhere). Tests set their own; the system's by default.
  void set_unix_clock(std::function<int64_t()> clock) { unix_clock_ = std::move(clock); }
  int64_t UnixNow() const {
    return unix_clock_ ? unix_clock_()
                       : std::chrono::duration_cast<std::chrono::seconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count();
  }
  ResponseCache* responses() const { return responses_.get(); }
  // Sessions, the sign-in throttle and the CSRF key (web/internal/signin.h).
  SignIn* signin() { return &signin_; }

  struct Figures {
    store::Stats stats;
    std::vector<store::MonthCount> months;
    std::vector<store::SourceRow> sources;
    // Per event type ("execution", "arrest"): year -> persons.
    std::map<std::string, std::map<int, int64_t>> years;
  };

  using Indexes = query::PlaceIndexes;

  // Each ceiling's figures are read or counted under a lock of their own:
  // a count at one ceiling (a second or so at a million persons, after an
  // editor's change) never holds up the pages of another.
  Result<std::shared_ptr<const Figures>> GetFigures(store::Reader* reader);
  // Called with the ceiling when GetFigures begins to read or count that
  // ceiling's figures, under its lock (a seam for tests; set before use).
  void set_on_figures(std::function<void(int ceiling)> fn) { on_figures_ = std::move(fn); }
  // Both indexes come from one pass over the place texts.
  Result<std::shared_ptr<const Indexes>> GetIndexes(store::Reader* reader);
  // The server is stopping: a build of the place indexes under way (half a
  // minute at a million persons, in the warm-up) ends at once with an error
  // instead of holding up the stop. Thread-safe.
  void Stop() { stopping_.store(true); }

  // Where pages of a keyset list begin (pages_common.h KeysetListModel):
  // "list" names the list and the ceiling, "version" the data it was read
  // from. The largest known page at or below "page" and the id after which
  // it begins (page 1, after 0, when none is known). Thread-safe.
  std::pair<int64_t, int64_t> ListAnchor(const std::string& list, uint64_t version, int64_t page);
  // Remembers that page "page" of "list" begins after "after_id".
  void SetListAnchor(const std::string& list, uint64_t version, int64_t page, int64_t after_id);

  // Appends "entry" to the audit log of the archive "store" reads (a
  // server's connections are read-only: the entry is written through a
  // read-write connection of the Site's own, opened on first use; an
  // in-memory archive is written through "store" itself). Thread-safe.
  Status AppendAudit(store::Store* store, const store::AuditEntry& entry);

 private:
  std::string base_url_ = "http://127.0.0.1:8080";
  bool mirror_ = false;
  std::string archive_dir_;
  std::function<std::chrono::steady_clock::time_point()> clock_;
  std::function<int64_t()> unix_clock_;
  template <typename T>
  struct Slot {
    uint64_t version = 0;
    std::shared_ptr<const T> value;
  };
  const MapConfig map_;
  const std::unique_ptr<ResponseCache> responses_;
  SignIn signin_;
  std::atomic<bool> stopping_{false};
  // Held while computing: concurrent first visitors wait for one build. One
  // each, so the home page does not wait for the place indexes.
  std::array<std::mutex, 3> figures_mu_;  // one per ceiling
  std::function<void(int ceiling)> on_figures_;
  std::mutex indexes_mu_;
  // One of each per visibility ceiling: what one ceiling counts never
  // answers a reader of another.
  std::array<Slot<Figures>, 3> figures_;
  // What each ceiling's figures were read or counted from, for those of the
  // next version (store::CurrentFigures); under the ceiling's figures_mu_.
  std::array<std::optional<store::FiguresBase>, 3> figures_bases_;
  std::array<Slot<Indexes>, 3> indexes_;
  std::mutex audit_mu_;
  std::unique_ptr<store::Store> audit_store_;  // GUARDED_BY(audit_mu_)
  // Page anchors of the lists, per list; a list read at a newer data
  // version starts over. At most kMaxAnchoredLists lists (the least recently
  // anchored goes) of at most kMaxAnchors pages each.
  static constexpr size_t kMaxAnchoredLists = 256;
  static constexpr size_t kMaxAnchors = 20000;
  struct Anchors {
    uint64_t version = 0;
    uint64_t used = 0;
    std::map<int64_t, int64_t> after_of_page;
  };
  std::mutex anchors_mu_;
  uint64_t anchor_clock_ = 0;                            // GUARDED_BY(anchors_mu_)
  std::map<std::string, Anchors, std::less<>> anchors_;  // GUARDED_BY(anchors_mu_)
};

}  // namespace memoria::web::internal

#endif  // MEMORIA_WEB_INTERNAL_SITE_H_
