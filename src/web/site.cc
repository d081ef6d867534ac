// Site: the figures and the place indexes of the website, cached per
// ceiling and data version (web/internal/site.h).
#include "web/internal/site.h"

#include <optional>
#include <utility>

#include "store/figures.h"
#include "store/write.h"
#include "web/internal/heap.h"

namespace memoria::web::internal {
namespace {

// fn() with the request's deadline lifted: work done once for every request
// that waits for it is not one request's budget to stop half done (a
// stopped build would leave the next request to start it again).
template <typename Fn>
auto Unbudgeted(store::Reader* reader, Fn&& fn) {
  const bool suspended = reader->SuspendDeadline();
  auto result = fn();
  if (suspended) reader->ResumeDeadline();
  return result;
}

}  // namespace

Result<std::shared_ptr<const Site::Figures>> Site::GetFigures(store::Reader* reader) {
  MEMORIA_ASSIGN_OR_RETURN(uint64_t version, reader->DataVersion());
  const auto ceiling = static_cast<size_t>(reader->ceiling());
  std::lock_guard<std::mutex> lock(figures_mu_[ceiling]);
  Slot<Figures>& slot = figures_[ceiling];
  if (slot.value != nullptr && slot.version == version) return slot.value;
  if (on_figures_) on_figures_(static_cast<int>(ceiling));
  // Kept in the archive's folder for this version (store/figures.h), or
  // the previous version's plus what an import added since, or counted;
  // kept there for the next start.
  std::optional<store::FiguresBase>& base = figures_bases_[ceiling];
  store::FiguresUpdate how = store::FiguresUpdate::kComputed;
  MEMORIA_ASSIGN_OR_RETURN(store::FiguresBase now, Unbudgeted(reader, [&] {
                             return store::CurrentFigures(reader, base ? &*base : nullptr, &how);
                           }));
  if (how != store::FiguresUpdate::kKept) {
    // A folder the server may not write to only costs the next start.
    store::SaveSiteFigures(reader, now.data_version, now.figures).IgnoreError();
  }
  auto f = std::make_shared<Figures>();
  f->stats = now.figures.stats;
  f->months = now.figures.months;
  f->sources = now.figures.sources;
  version = now.data_version;
  base = std::move(now);
  for (const store::MonthCount& m : f->months) {
    if (m.arrests > 0) f->years["arrest"][m.month / 100] += m.arrests;
    if (m.executions > 0) f->years["execution"][m.month / 100] += m.executions;
  }
  slot = {version, std::move(f)};
  return slot.value;
}

Result<std::shared_ptr<const Site::Indexes>> Site::GetIndexes(store::Reader* reader) {
  MEMORIA_ASSIGN_OR_RETURN(uint64_t version, reader->DataVersion());
  std::lock_guard<std::mutex> lock(indexes_mu_);
  Slot<Indexes>& slot = indexes_[static_cast<size_t>(reader->ceiling())];
  if (slot.value != nullptr && slot.version == version) return slot.value;
  MEMORIA_ASSIGN_OR_RETURN(query::PlaceIndexes built, Unbudgeted(reader, [&] {
                             return query::BuildPlaceIndexes(reader, &stopping_);
                           }));
  auto indexes = std::make_shared<Indexes>(std::move(built));
  slot = {version, std::move(indexes)};
  // The build read every place text of the archive (hundreds of megabytes
  // at a million persons) and freed them; the previous version's indexes
  // go too once no request holds them.
  TrimHeap(/*force=*/true);
  return slot.value;
}

std::pair<int64_t, int64_t> Site::ListAnchor(const std::string& list, uint64_t version,
                                             int64_t page) {
  std::lock_guard<std::mutex> lock(anchors_mu_);
  auto it = anchors_.find(list);
  if (it == anchors_.end() || it->second.version != version) return {1, 0};
  const std::map<int64_t, int64_t>& pages = it->second.after_of_page;
  auto at = pages.upper_bound(page);
  if (at == pages.begin()) return {1, 0};
  --at;
  it->second.used = ++anchor_clock_;
  return {at->first, at->second};
}

void Site::SetListAnchor(const std::string& list, uint64_t version, int64_t page,
                         int64_t after_id) {
  if (page <= 1 || after_id == 0) return;
  std::lock_guard<std::mutex> lock(anchors_mu_);
  auto it = anchors_.find(list);
  if (it == anchors_.end()) {
    if (anchors_.size() >= kMaxAnchoredLists) {
      auto oldest = anchors_.begin();
      for (auto a = anchors_.begin(); a != anchors_.end(); ++a) {
        if (a->second.used < oldest->second.used) oldest = a;
      }
      anchors_.erase(oldest);
    }
    it = anchors_.emplace(list, Anchors{}).first;
  }
  Anchors& a = it->second;
  if (a.version != version) {
    a.version = version;
    a.after_of_page.clear();
  }
  a.used = ++anchor_clock_;
  if (a.after_of_page.size() < kMaxAnchors || a.after_of_page.contains(page)) {
    a.after_of_page[page] = after_id;
  }
}

Status Site::AppendAudit(store::Store* store, const store::AuditEntry& entry) {
  std::lock_guard<std::mutex> lock(audit_mu_);
  store::Store* target = store;
  if (!store->dir().empty()) {
    if (audit_store_ == nullptr || audit_store_->dir() != store->dir()) {
      MEMORIA_ASSIGN_OR_RETURN(audit_store_, store::Store::Open(store->dir()));
    }
    target = audit_store_.get();
  }
  MEMORIA_ASSIGN_OR_RETURN(store::WriteTransaction tx, target->BeginWrite());
  MEMORIA_RETURN_IF_ERROR(tx.AppendAudit(entry).status());
  return tx.Commit();
}

}  // namespace memoria::web::internal
