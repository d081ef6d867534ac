// The place authority over real places: the birth places and addresses of
// Memorial's "Shot in Moscow" list and the camp locations of gulagmap.ru
// (../shared/data). Skipped where that folder is absent (failed under
// CI=true).
#include <gtest/gtest.h>

#include <fstream>
#include <iostream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "core/text.h"
#include "ingest/csv.h"
#include "ingest/mos_memo_bio.h"
#include "places/authority.h"
#include "places/places.h"
#include "testing/paths.h"

namespace memoria::places {
namespace {

// Every place text of the mos-memo list: the birth place of each biography
// and the building address of each row.
std::vector<std::string> MosMemoPlaces(const std::string& path) {
  std::vector<std::string> out;
  auto reader = ingest::CsvReader::Open(path, ingest::CsvOptions::Csv());
  EXPECT_TRUE(reader.ok());
  if (!reader.ok()) return out;
  std::vector<std::string_view> f;
  bool header = true;
  while (true) {
    Result<bool> more = (*reader)->Next(&f);
    EXPECT_TRUE(more.ok());
    if (!more.ok() || !*more) break;
    if (header) {
      header = false;
      continue;
    }
    if (f.size() < 4) continue;
    out.emplace_back(f[0]);
    const ingest::MosMemoBio bio = ingest::ParseMosMemoBio(f[3]);
    if (!bio.birth_place.empty()) out.push_back(bio.birth_place);
  }
  return out;
}

// The unit of a place and its ancestors.
std::vector<Authority::UnitId> Chain(const Authority& a, Authority::UnitId leaf) {
  std::vector<Authority::UnitId> out;
  for (Authority::UnitId u = leaf; u != Authority::kNone; u = a.unit(u).parent) out.push_back(u);
  return out;
}

TEST(RealPlacesTest, MosMemoWritesMoscowManyWaysAndTheAuthorityHasOneMoscow) {
  MEMORIA_REQUIRE_SHARED_DATA(path, "memorial-mos/mos_memo_ru_all.csv");
  const std::vector<std::string> texts = MosMemoPlaces(path);
  ASSERT_GT(texts.size(), 10000u);
  Authority::Builder builder;
  std::vector<size_t> handles;
  // Before: a tree of the units as written (a unit is its written form
  // under its written parents), as an index without an authority has them.
  std::set<std::string> distinct_texts, written_units, written_places;
  std::vector<std::pair<size_t, std::string>> moscow_forms;  // handle, the unit as written
  for (const std::string& t : texts) {
    distinct_texts.insert(t);
    ParsedPlace p = ParsePlace(t);
    std::string chain;
    for (const Unit& u : p.units) {
      chain += "|" + u.written;
      written_units.insert(chain);
      if (u.kind != Kind::kStreet && u.kind != Kind::kBuilding) written_places.insert(chain);
      // A town or bare name whose word is a form of "Москва".
      if ((u.kind == Kind::kTown || u.kind == Kind::kUnknown) &&
          (u.key == "москва" || u.key == "москвы" || u.key == "москве" || u.key == "москву")) {
        moscow_forms.emplace_back(handles.size(), u.written);
      }
    }
    handles.push_back(builder.Add(std::move(p)));
  }
  const Authority a = std::move(builder).Build();
  size_t live = 0, live_places = 0;
  for (Authority::UnitId id = 0; id < static_cast<Authority::UnitId>(a.size()); ++id) {
    if (!a.IsLive(id)) continue;
    ++live;
    const Kind k = a.unit(id).kind;
    if (k != Kind::kStreet && k != Kind::kBuilding) ++live_places;
  }
  std::cout << "mos-memo places: " << texts.size() << " texts, " << distinct_texts.size()
            << " distinct; units as written " << written_units.size() << " ("
            << written_places.size() << " above street level); authority units " << live << " ("
            << live_places << " above street level)\n";
  RecordProperty("units_as_written", std::to_string(written_units.size()));
  RecordProperty("authority_units", std::to_string(live));
  EXPECT_LT(live, written_units.size());
  EXPECT_LT(live_places, written_places.size());
  // Every place is found by its own text, and nearly every unit by reading
  // its path (the link the website gives, which Find also looks up).
  for (size_t i = 0; i < handles.size(); ++i) {
    const Authority::UnitId leaf = a.LeafOf(handles[i]);
    if (leaf == Authority::kNone) continue;
    const std::vector<Authority::UnitId> found = a.FindByReading(texts[i]);
    if (std::find(found.begin(), found.end(), leaf) == found.end()) {
      ADD_FAILURE() << "not found by its own text: " << texts[i];
    }
  }
  size_t lost = 0;
  for (Authority::UnitId id = 0; id < static_cast<Authority::UnitId>(a.size()); ++id) {
    if (!a.IsLive(id)) continue;
    const std::vector<Authority::UnitId> by_reading = a.FindByReading(a.Path(id));
    if (std::find(by_reading.begin(), by_reading.end(), id) == by_reading.end()) {
      if (++lost <= 10) std::cout << "not read back from its path: " << a.Path(id) << "\n";
    }
    const std::vector<Authority::UnitId> found = a.Find(a.Path(id));
    EXPECT_TRUE(std::find(found.begin(), found.end(), id) != found.end()) << a.Path(id);
  }
  std::cout << lost << " of " << live << " units not read back from their paths\n";
  EXPECT_LT(lost * 200, live);  // under 0.5 %

  // Every way the list writes Moscow lands on one unit.
  std::set<Authority::UnitId> moscow;
  std::set<std::string> forms;
  for (const auto& [handle, written] : moscow_forms) {
    forms.insert(written);
    for (Authority::UnitId u : Chain(a, a.LeafOf(handle))) {
      if (a.unit(u).kind == Kind::kTown && a.unit(u).key == "москва") moscow.insert(u);
    }
  }
  std::cout << "Moscow written " << forms.size() << " ways:";
  for (const std::string& f : forms) std::cout << " «" << f << "»";
  std::cout << "\n";
  for (std::string_view must : {"г. Москва", "г. Москвы", "г. МОсквы", "Москве"}) {
    EXPECT_TRUE(forms.count(std::string(must)) != 0) << must;
  }
  ASSERT_EQ(moscow.size(), 1u);
  const Authority::UnitId m = *moscow.begin();
  EXPECT_EQ(a.unit(m).name, "г. Москва");
  EXPECT_GE(a.unit(m).written.size(), forms.size());
  EXPECT_EQ(a.Find("в Москве"), std::vector<Authority::UnitId>{m});

  // Historic units stay themselves: the Livonian governorate and its Valka
  // uyezd, and the Moscow governorate apart from the Moscow oblast.
  std::vector<Authority::UnitId> valka = a.Find("Лифляндская губ., Валкский уезд");
  ASSERT_EQ(valka.size(), 1u);
  EXPECT_EQ(a.unit(valka[0]).kind, Kind::kDistrict);
  // Written without its country too, and joined to the one Valka uyezd of
  // Livonia that has one.
  EXPECT_EQ(a.Path(valka[0]), "Латвия, Лифляндская губ., Валкский уезд");
  EXPECT_EQ(a.unit(valka[0]).written.front().first, "Валкский уезд");
  // Livonia itself is written under Latvia and under Estonia: three units,
  // none joined to another.
  EXPECT_EQ(a.Find("Лифляндская губ.").size(), 3u);
  std::vector<Authority::UnitId> gub = a.Find("Московская губ.");
  std::vector<Authority::UnitId> obl = a.Find("Московская обл.");
  ASSERT_FALSE(gub.empty());
  ASSERT_FALSE(obl.empty());
  for (Authority::UnitId g : gub) {
    EXPECT_TRUE(std::find(obl.begin(), obl.end(), g) == obl.end());
  }
  // "Моск. обл." and "Москов. обл." are the Moscow oblast.
  EXPECT_EQ(a.Find("Моск. обл."), obl);
  EXPECT_EQ(a.Find("Москов. обл."), obl);
  std::set<std::string> oblast_forms;
  for (Authority::UnitId o : obl) {
    for (const auto& [form, n] : a.unit(o).written) oblast_forms.insert(form);
  }
  EXPECT_TRUE(oblast_forms.count("Моск. обл.") != 0);
  EXPECT_TRUE(oblast_forms.count("Москов. обл.") != 0);
}

TEST(RealPlacesTest, MosMemoStreetsHoldTheirHousesInNumberOrder) {
  MEMORIA_REQUIRE_SHARED_DATA(path, "memorial-mos/mos_memo_ru_addresses.csv");
  auto reader = ingest::CsvReader::Open(path, ingest::CsvOptions::Csv());
  ASSERT_TRUE(reader.ok());
  Authority::Builder builder;
  std::vector<std::string_view> f;
  size_t rows = 0;
  while (true) {
    Result<bool> more = (*reader)->Next(&f);
    ASSERT_TRUE(more.ok());
    if (!*more) break;
    if (rows++ == 0 || f.size() < 2) continue;
    builder.Add(ParsePlace(f[1]));
  }
  const Authority a = std::move(builder).Build();
  std::vector<Authority::UnitId> street = a.Find("Авиамоторная ул.");
  ASSERT_EQ(street.size(), 1u);
  std::vector<std::string> houses;
  for (Authority::UnitId c : a.unit(street[0]).children) houses.push_back(a.unit(c).key);
  std::sort(houses.begin(), houses.end(), [&](const std::string& x, const std::string& y) {
    return HouseSortKey(x) < HouseSortKey(y);
  });
  // The file lists д.1, д.4, д.4а, д.20 ... in this order.
  ASSERT_GE(houses.size(), 4u);
  EXPECT_EQ(houses[0], "1");
  EXPECT_EQ(houses[1], "4");
  EXPECT_EQ(houses[2], "4а");
  EXPECT_EQ(houses[3], "20");
}

TEST(RealPlacesTest, GulagMapCampLocationsReadAsRegionsAndTowns) {
  MEMORIA_REQUIRE_SHARED_DATA(path, "gulagmap-camps/camp-locations.sql");
  std::ifstream in(path);
  std::stringstream all;
  all << in.rdbuf();
  const std::string text = all.str();
  // The Russian description of each location: "ru": "...".
  const std::regex ru("\"ru\": \"([^\"]*)\"");
  size_t n = 0, with_units = 0, with_region = 0;
  Authority::Builder builder;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), ru); it != std::sregex_iterator();
       ++it) {
    ++n;
    ParsedPlace p = ParsePlace((*it)[1].str());
    if (!p.units.empty()) ++with_units;
    for (const Unit& u : p.units) {
      if (u.kind == Kind::kRegion || u.kind == Kind::kCountry) {
        ++with_region;
        break;
      }
    }
    builder.Add(std::move(p));
  }
  const Authority a = std::move(builder).Build();
  std::cout << "gulagmap: " << n << " locations, " << with_units << " with units, " << with_region
            << " with a region or country\n";
  EXPECT_GT(n, 600u);
  EXPECT_GT(with_units * 10, n * 9);
  EXPECT_GT(with_region * 10, n * 6);
  // "Калужская область, город Малоярославец" and the like: the town under
  // its region.
  std::vector<Authority::UnitId> town = a.Find("Калужская область, город Малоярославец");
  ASSERT_EQ(town.size(), 1u);
  EXPECT_EQ(a.unit(town[0]).kind, Kind::kTown);
  EXPECT_EQ(a.Path(town[0]), "Калужская обл., г. Малоярославец");
}

}  // namespace
}  // namespace memoria::places
