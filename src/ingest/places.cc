// The places profile: a gazetteer CSV, recognised by its header
// (docs/formats/places.md):
//   modern_name,old_name[,both_names]         street renamings
//   street,house,...,longitude,latitude,...   geocoded buildings
#include <charconv>
#include <cmath>
#include <filesystem>
#include <optional>
#include <string>
#include <unordered_map>

#include "core/text.h"
#include "ingest/internal/context.h"
#include "names/address.h"
#include "names/names.h"

namespace memoria::ingest::internal {

namespace {

// A coordinate as the file writes it: "" is absent; anything else must be a
// whole decimal number.
Result<std::optional<double>> ParseCoordinate(std::string_view text, std::string_view column) {
  std::string s = CollapseSpace(text);
  if (s.empty()) return std::optional<double>();
  double v = 0;
  const char* end = s.data() + s.size();
  auto [ptr, ec] = std::from_chars(s.data(), end, v);
  if (ec != std::errc() || ptr != end || !std::isfinite(v)) {
    return InvalidArgumentError("column " + std::string(column) + " is not a number: '" + s + "'");
  }
  return std::optional<double>(v);
}

int ColumnIndex(const std::vector<std::string>& header, std::string_view name) {
  for (size_t i = 0; i < header.size(); ++i) {
    if (header[i] == name) return static_cast<int>(i);
  }
  return -1;
}

// The street places of this archive by name, found in the store or made by
// this import.
class StreetPlaces {
 public:
  explicit StreetPlaces(store::WriteTransaction* tx) : tx_(tx) {}

  // The place of the street named "name"; *created tells whether this call
  // made it.
  Result<int64_t> Get(const std::string& name, bool* created) {
    *created = false;
    auto it = ids_.find(name);
    if (it != ids_.end()) return it->second;
    MEMORIA_ASSIGN_OR_RETURN(int64_t id, tx_->FindPlace("street", name));
    if (id == 0) {
      MEMORIA_ASSIGN_OR_RETURN(id, tx_->AddPlace("street", name, std::nullopt, std::nullopt));
      *created = true;
    }
    ids_.emplace(name, id);
    return id;
  }

 private:
  store::WriteTransaction* tx_;
  std::unordered_map<std::string, int64_t> ids_;
};

Status ImportRenamings(FileContext* ctx, CsvReader* reader, const std::string& path,
                       const std::vector<std::string>& header) {
  StreetPlaces streets(ctx->tx());
  FileReport* report = ctx->report();
  return ForEachRow(
      ctx, reader, path, header.size(),
      [&](int64_t line, const std::vector<std::string_view>& f) -> Status {
        const std::string modern = CollapseSpace(f[0]);
        const std::string old = CollapseSpace(f[1]);
        if (modern.empty() || old.empty()) {
          ctx->Reject(line,
                      modern.empty() ? "column modern_name is empty" : "column old_name is empty");
          return Status();
        }
        const std::string modern_key = names::StreetKey(modern);
        const std::string old_key = names::StreetKey(old);
        if (modern_key.empty() || old_key.empty()) {
          ctx->Reject(line, "a street name has no letters or digits");
          return Status();
        }
        MEMORIA_ASSIGN_OR_RETURN(int64_t record, ctx->AddRecord(line, "", header, f));
        if (record == 0) return Status();
        bool created = false;
        MEMORIA_ASSIGN_OR_RETURN(int64_t place, streets.Get(modern, &created));
        if (created) {
          ++report->places_added;
          MEMORIA_RETURN_IF_ERROR(ctx->tx()->AddPlaceName(place, modern, modern_key, record));
          ++report->place_names_added;
        }
        if (old != modern) {
          MEMORIA_RETURN_IF_ERROR(ctx->tx()->AddPlaceName(place, old, old_key, record));
          ++report->place_names_added;
        }
        return Status();
      });
}

Status ImportBuildings(FileContext* ctx, CsvReader* reader, const std::string& path,
                       const std::vector<std::string>& header) {
  const int street_col = ColumnIndex(header, "street");
  const int house_col = ColumnIndex(header, "house");
  const int lon_col = ColumnIndex(header, "longitude");
  const int lat_col = ColumnIndex(header, "latitude");
  FileReport* report = ctx->report();
  return ForEachRow(
      ctx, reader, path, header.size(),
      [&](int64_t line, const std::vector<std::string_view>& f) -> Status {
        const std::string street = CollapseSpace(f[street_col]);
        const std::string house = CollapseSpace(f[house_col]);
        if (street.empty() || house.empty()) {
          ctx->Reject(line, street.empty() ? "column street is empty" : "column house is empty");
          return Status();
        }
        const std::string street_key = names::StreetKey(street);
        if (street_key.empty()) {
          ctx->Reject(line, "column street has no letters or digits: '" + street + "'");
          return Status();
        }
        Result<std::optional<double>> lon = ParseCoordinate(f[lon_col], "longitude");
        Result<std::optional<double>> lat = ParseCoordinate(f[lat_col], "latitude");
        if (!lon.ok() || !lat.ok()) {
          ctx->Reject(line,
                      std::string(!lon.ok() ? lon.status().message() : lat.status().message()));
          return Status();
        }
        if (lon->has_value() != lat->has_value()) {
          ctx->Reject(line, "only one of longitude and latitude is given");
          return Status();
        }
        if (lat->has_value() && (**lat < -90 || **lat > 90 || **lon < -180 || **lon > 180)) {
          ctx->Reject(line, "coordinates out of range: latitude " + std::string(f[lat_col]) +
                                ", longitude " + std::string(f[lon_col]));
          return Status();
        }
        std::string house_key = names::HouseKey(house);
        if (house_key.empty()) {
          // A building without a number ("4-й дом Советов"): keyed by its
          // words, so that distinct buildings of a street stay distinct.
          for (const std::string& w : names::NormalizedWords(house)) {
            if (!house_key.empty()) house_key.push_back(' ');
            house_key.append(w);
          }
        }
        MEMORIA_ASSIGN_OR_RETURN(int64_t record, ctx->AddRecord(line, "", header, f));
        if (record == 0) return Status();
        const std::string name = street + ", " + house;
        MEMORIA_ASSIGN_OR_RETURN(int64_t place, ctx->tx()->AddPlace("building", name, *lat, *lon));
        ++report->places_added;
        MEMORIA_RETURN_IF_ERROR(ctx->tx()->AddPlaceName(
            place, name, names::BuildingKey(street_key, house_key), record));
        ++report->place_names_added;
        return Status();
      });
}

}  // namespace

Status ImportPlaces(FileContext* ctx, const std::string& path) {
  MEMORIA_ASSIGN_OR_RETURN(auto reader, OpenTable(path, CsvOptions::Csv()));
  MEMORIA_ASSIGN_OR_RETURN(std::vector<std::string> header, ReadHeader(reader.get(), path));
  const bool renamings = header.size() >= 2 && header.size() <= 3 && header[0] == "modern_name" &&
                         header[1] == "old_name" &&
                         (header.size() == 2 || header[2] == "both_names");
  const bool buildings = header.size() >= 4 && header[0] == "street" && header[1] == "house" &&
                         ColumnIndex(header, "longitude") >= 0 &&
                         ColumnIndex(header, "latitude") >= 0;
  if (!renamings && !buildings) {
    return InvalidArgumentError(
        path +
        ": line 1: profile places expects the header modern_name,old_name[,both_names] "
        "(street renamings) or street,house,...,longitude,latitude (geocoded buildings)");
  }
  const std::string file = std::filesystem::path(path).filename().string();
  store::SourceInfo source;
  source.key = "places:" + file;
  source.profile = "places";
  source.title = (renamings ? "Переименования улиц: " : "Здания с координатами: ") + file;
  MEMORIA_RETURN_IF_ERROR(ctx->Begin(source, path));
  if (ctx->skipped()) return Status();  // the file was imported before
  if (renamings) {
    MEMORIA_RETURN_IF_ERROR(ImportRenamings(ctx, reader.get(), path, header));
  } else {
    MEMORIA_RETURN_IF_ERROR(ImportBuildings(ctx, reader.get(), path, header));
  }
  return ctx->Finish();
}

}  // namespace memoria::ingest::internal
