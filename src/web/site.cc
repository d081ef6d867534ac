// Site: the figures and the place indexes of the website, cached per
// ceiling and data version (web/internal/site.h).
#include "web/internal/site.h"

#include <optional>
#include <utility>

#include "store/figures.h"
#include "store/write.h"

namespace memoria::web::internal {

Result<std::shared_ptr<const Site::Figures>> Site::GetFigures(store::Reader* reader) {
  MEMORIA_ASSIGN_OR_RETURN(uint64_t version, reader->DataVersion());
  std::lock_guard<std::mutex> lock(figures_mu_);
  Slot<Figures>& slot = figures_[static_cast<size_t>(reader->ceiling())];
  if (slot.value != nullptr && slot.version == version) return slot.value;
  // Kept in the archive's folder for this version (store/figures.h), or
  // computed and kept there for the next start.
  std::optional<store::SiteFigures> kept = store::LoadSiteFigures(reader, version);
  if (!kept.has_value()) {
    MEMORIA_ASSIGN_OR_RETURN(kept, store::ComputeSiteFigures(reader, &version));
    // A folder the server may not write to only costs the next start.
    store::SaveSiteFigures(reader, version, *kept).IgnoreError();
  }
  auto f = std::make_shared<Figures>();
  f->stats = kept->stats;
  f->months = std::move(kept->months);
  f->sources = std::move(kept->sources);
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
  MEMORIA_ASSIGN_OR_RETURN(query::PlaceIndexes built, query::BuildPlaceIndexes(reader));
  auto indexes = std::make_shared<Indexes>(std::move(built));
  slot = {version, std::move(indexes)};
  return slot.value;
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
