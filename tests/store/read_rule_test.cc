// Reader::GetPerson and Reader::HitsFor read the fact tables directly and
// apply the visibility views' rule in C++ (store/internal/visibility_rule.h).
// These tests hold them equal to the views: an archive with every case
// that hides a fact or a person, read both ways at every ceiling, before
// and after changes to the archive made through the same Reader's
// connection, through another connection and inside a write transaction
// that is rolled back. The reference statements are the view-based ones
// GetPerson and HitsFor ran before.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/edtf.h"
#include "store/figures.h"
#include "store/internal/testing.h"
#include "store/merge.h"
#include "store/reader.h"
#include "store/store.h"
#include "store/write.h"
#include "testing/archive_builder.h"
#include "testing/paths.h"
#include "testing/status_matchers.h"

namespace memoria::store {
namespace {

using ::memoria::testing::ArchiveBuilder;

constexpr Visibility kCeilings[] = {Visibility::kPublic, Visibility::kRestricted,
                                    Visibility::kConfidential};

std::string Rows(Store* store, const std::string& sql) {
  Result<std::vector<std::vector<std::string>>> rows = StoreTesting::Rows(store, sql);
  EXPECT_TRUE(rows.ok()) << sql;
  if (!rows.ok()) return "error";
  std::string out;
  for (const auto& row : *rows) {
    for (const std::string& v : row) out += v + "|";
    out += "; ";
  }
  return out;
}

// What the views hold of person "id" at ceiling "c", as GetPerson's
// statements read it before: "not found", "redirect N", or the rows.
std::string ViewPerson(Store* store, int c, int64_t id) {
  const std::string v = "visible" + std::to_string(c) + "_";
  const std::string pid = std::to_string(id);
  const std::string row =
      Rows(store, "SELECT coalesce(redirect_to, 0) FROM persons WHERE id = " + pid);
  if (row.empty()) return "not found";
  if (row != "0|; ") return "redirect " + row;
  const std::string names =
      Rows(store,
           "SELECT id, coalesce(record_id, 0), coalesce(claim_id, 0), kind,"
           " CASE WHEN sealed = 1 THEN 'sealed' ELSE surname END, visibility,"
           " sealed FROM " +
               v + "names WHERE person_id = " + pid + " ORDER BY kind <> 'main', id");
  if (names.empty()) return "not found";
  return "names " + names + "\nevents " +
         Rows(store,
              "SELECT id, coalesce(record_id, 0), coalesce(claim_id, 0), type, visibility, sealed"
              " FROM " +
                  v + "events WHERE person_id = " + pid +
                  " ORDER BY coalesce(date_min, 99999999), id") +
         "\nattributes " +
         Rows(store,
              "SELECT id, coalesce(record_id, 0), coalesce(claim_id, 0), kind, visibility, sealed"
              " FROM " +
                  v + "attributes WHERE person_id = " + pid + " ORDER BY id") +
         "\nrecords " +
         Rows(store, "SELECT r.id FROM person_records pr JOIN " + v +
                         "records r ON r.id = pr.record_id JOIN " + v +
                         "sources s ON s.id = r.source_id WHERE pr.person_id = " + pid +
                         " ORDER BY r.id");
}

// GetPerson's answer in ViewPerson's form. A sealed fact's surname is
// compared as its row holds it (no key: the Reader shows it locked).
std::string ReadPerson(Reader* reader, int64_t id) {
  Result<PersonView> p = reader->GetPerson(id);
  if (!p.ok()) {
    EXPECT_EQ(p.status().code(), StatusCode::kNotFound) << p.status().ToString();
    return "not found";
  }
  if (p->redirect_to != 0) return "redirect " + std::to_string(p->redirect_to) + "|; ";
  auto row = [](std::vector<std::string> values) {
    std::string out;
    for (const std::string& v : values) out += v + "|";
    return out + "; ";
  };
  std::string names, events, attributes, records;
  for (const NameFact& n : p->names) {
    names += row({std::to_string(n.id), std::to_string(n.record_id), std::to_string(n.claim_id),
                  n.kind, n.locked ? "sealed" : n.surname,
                  std::to_string(static_cast<int>(n.visibility)), n.locked ? "1" : "0"});
  }
  for (const EventFact& e : p->events) {
    events += row({std::to_string(e.id), std::to_string(e.record_id), std::to_string(e.claim_id),
                   e.type, std::to_string(static_cast<int>(e.visibility)), e.locked ? "1" : "0"});
  }
  for (const AttributeFact& a : p->attributes) {
    attributes +=
        row({std::to_string(a.id), std::to_string(a.record_id), std::to_string(a.claim_id), a.kind,
             std::to_string(static_cast<int>(a.visibility)), a.locked ? "1" : "0"});
  }
  for (const RecordView& r : p->records) records += row({std::to_string(r.id)});
  return "names " + names + "\nevents " + events + "\nattributes " + attributes + "\nrecords " +
         records;
}

// What HitsFor showed of "ids" through the views: each visible person's
// first name, its life events as ChooseLifeEvents picks them, and its
// sources.
std::string ViewHits(Store* store, int c, const std::vector<int64_t>& ids) {
  const std::string v = "visible" + std::to_string(c) + "_";
  std::string out;
  for (int64_t id : ids) {
    const std::string pid = std::to_string(id);
    Result<std::vector<std::vector<std::string>>> name = StoreTesting::Rows(
        store, "SELECT n.surname, n.given, n.patronymic, n.sealed FROM " + v +
                   "names n JOIN persons p ON p.id = n.person_id AND p.redirect_to IS NULL"
                   " WHERE n.person_id = " +
                   pid + " ORDER BY n.kind <> 'main', n.id LIMIT 1");
    EXPECT_TRUE(name.ok());
    if (!name.ok() || name->empty()) continue;
    const std::vector<std::string>& n = name->front();
    const bool sealed = n[3] == "1";
    out += pid + ":" + (sealed ? "sealed" : n[0] + " " + n[1] + " " + n[2]);
    Result<std::vector<std::vector<std::string>>> life = StoreTesting::Rows(
        store, "SELECT id, type, date, place FROM " + v + "events WHERE person_id = " + pid +
                   " AND type IN ('birth', 'execution', 'death') ORDER BY id");
    EXPECT_TRUE(life.ok());
    std::vector<EventFact> events;
    for (const auto& e : *life) {
      EventFact f;
      f.id = std::stoll(e[0]);
      f.type = e[1];
      if (!e[2].empty()) f.date = Edtf::Parse(e[2]).value();
      f.place = e[3];
      events.push_back(f);
    }
    const LifeEvents chosen = ChooseLifeEvents(events);
    if (chosen.birth != nullptr) {
      out += " b " + chosen.birth->date.ToString() + " " + chosen.birth->place;
    }
    if (chosen.death != nullptr) {
      out += " " + chosen.death->type + " " + chosen.death->date.ToString() + " " +
             chosen.death->place;
    }
    Result<std::vector<std::vector<std::string>>> sources = StoreTesting::Rows(
        store, "SELECT r.source_id, count(*) FROM person_records pr JOIN " + v +
                   "records r ON r.id = pr.record_id JOIN " + v +
                   "sources s ON s.id = r.source_id WHERE pr.person_id = " + pid +
                   " GROUP BY r.source_id ORDER BY r.source_id");
    EXPECT_TRUE(sources.ok());
    out += " sources ";
    int64_t records = 0;
    for (const auto& s : *sources) {
      out += s[0] + "|";
      records += std::stoll(s[1]);
    }
    out += std::to_string(records) + "|; \n";
  }
  return out;
}

std::string ReadHits(Reader* reader, const std::vector<int64_t>& ids) {
  std::vector<HitFacts> facts;
  Result<std::vector<PersonSummary>> hits = reader->HitsFor(ids, &facts);
  EXPECT_TRUE(hits.ok()) << hits.status().ToString();
  if (!hits.ok()) return "error";
  std::map<int64_t, HitFacts> facts_of;
  for (const HitFacts& f : facts) facts_of[f.id] = f;
  std::string out;
  for (const PersonSummary& p : *hits) {
    const HitFacts& f = facts_of[p.id];
    const bool sealed = p.surname == std::string(kLockedValue);
    out += std::to_string(p.id) + ":" +
           (sealed ? "sealed" : p.surname + " " + p.given + " " + p.patronymic);
    if (!p.birth.empty() || !f.birth_place.empty()) out += " b " + p.birth + " " + f.birth_place;
    if (!p.death_type.empty()) out += " " + p.death_type + " " + p.death + " " + f.death_place;
    out += " sources ";
    for (const HitSource& s : f.sources) out += std::to_string(s.source_id) + "|";
    out += std::to_string(f.records) + "|; \n";
  }
  return out;
}

// The summaries alone (Reader::Summaries: HitsFor without the facts, which
// reads the records the facts rest on by their ids rather than with the
// persons' links).
std::string SummaryText(const std::vector<PersonSummary>& summaries) {
  std::string out;
  for (const PersonSummary& p : summaries) {
    out += std::to_string(p.id) + ":" + p.surname + " " + p.given + " " + p.patronymic + " b " +
           p.birth + " " + p.death_type + " " + p.death + "; \n";
  }
  return out;
}

// The site's figures as text: the counts, the months, each source's counts.
std::string FiguresText(const Result<SiteFigures>& f) {
  if (!f.ok()) return "error: " + f.status().ToString();
  std::string out = "persons " + std::to_string(f->stats.persons) + ", records " +
                    std::to_string(f->stats.records) + ", sources " +
                    std::to_string(f->stats.sources) + "\nmonths";
  for (const MonthCount& m : f->months) {
    out += " " + std::to_string(m.month) + ":" + std::to_string(m.arrests) + "/" +
           std::to_string(m.executions);
  }
  out += "\nsources";
  for (const SourceRow& s : f->sources) {
    out += " " + std::to_string(s.id) + ":" + std::to_string(s.records) + "/" +
           std::to_string(s.persons);
  }
  return out;
}

// An archive with every case the views hide, on disk so that a second
// connection can change it.
class ReadRuleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = memoria::testing::FreshTempDir() + "/archive";
    store_ = Store::Create(dir_).value();
    ArchiveBuilder b(store_.get());
    open_ = b.Source("test:open.csv", "Открытый список");
    const int64_t restricted_source =
        b.Source("test:closed.csv", "Закрытый список", Visibility::kRestricted);
    const int64_t confidential_source =
        b.Source("test:secret.csv", "Тайный список", Visibility::kConfidential);
    withdrawn_ = b.Source("test:withdrawn.csv", "Отозванный список");
    // Petrov: facts of every level, of a hidden record, of hidden and open
    // claims, retracted and sealed facts, a fact on another person's record.
    const int64_t rec1 = b.Record(open_);
    const int64_t p1 = Keep(b.Person(rec1));
    b.Name(p1, rec1, "Петров", "Петр", "Петрович");
    b.Name(p1, rec1, "Петров", "П.", "", "variant");
    b.Name(p1, rec1, "Петровский", "Петр", "", "variant", Visibility::kRestricted);
    b.Name(p1, rec1, "Тайнов", "Петр", "", "alias", Visibility::kConfidential);
    b.Event(p1, rec1, "birth", "1901", "Тверь");
    b.Event(p1, rec1, "arrest", "1937-08-01", "", Visibility::kRestricted);
    b.Event(p1, rec1, "execution", "1937-11-02", "Бутово", Visibility::kConfidential);
    b.Event(p1, rec1, "death", "1938", "Тверь");
    b.Event(p1, rec1, "sentence", "");
    b.Attribute(p1, rec1, "occupation", "учитель");
    b.Attribute(p1, rec1, "address", "Тверь, ул. Советская", Visibility::kConfidential);
    const int64_t restricted_claim = b.Claim("из семейного архива", Visibility::kRestricted);
    const int64_t confidential_claim = b.Claim("со слов свидетеля", Visibility::kConfidential);
    const int64_t open_claim = b.Claim("из газеты");
    open_claim_ = open_claim;
    b.Attribute(p1, restricted_claim, "residence", "Тверь", Visibility::kPublic, true);
    b.Attribute(p1, confidential_claim, "nationality", "русский", Visibility::kPublic, true);
    b.Event(p1, open_claim, "death", "1938-01-02", "", Visibility::kPublic, "", "", true);
    b.Name(p1, open_claim, "Петров", "Пётр", "", "variant", Visibility::kPublic, true);
    const int64_t hidden_record = b.Record(open_, "", Visibility::kRestricted);
    b.Link(p1, hidden_record);
    b.Event(p1, hidden_record, "sentence", "1937-09-01");
    b.Name(p1, hidden_record, "Петров", "Пьер", "", "variant");
    const int64_t secret_record = b.Record(open_, "", Visibility::kConfidential);
    b.Link(p1, secret_record);
    b.Attribute(p1, secret_record, "occupation", "агроном");
    retracted_name_ = b.Name(p1, rec1, "Петрофф", "Петр", "", "variant");
    retracted_event_ = b.Event(p1, rec1, "arrest", "1936");
    retracted_attribute_ = b.Attribute(p1, rec1, "residence", "Клин");
    sealed_event_ = b.Event(p1, rec1, "birth", "1900", "Торжок");
    sealed_name_ = b.Name(p1, rec1, "Петров-Водкин", "Петр", "", "variant");
    // Sidorov: known only through a restricted source.
    const int64_t rec2 = b.Record(restricted_source);
    const int64_t p2 = Keep(b.Person(rec2));
    b.Name(p2, rec2, "Сидоров", "Сидор");
    b.Event(p2, rec2, "birth", "1899");
    b.Event(p2, rec2, "execution", "1938-01-05");
    // Kuznetsov: events resting on other persons' records, hidden and open.
    const int64_t rec3 = b.Record(open_);
    const int64_t p3 = Keep(b.Person(rec3));
    b.Name(p3, rec3, "Кузнецов", "Иван");
    b.Event(p3, rec2, "death", "1938-02-03");
    b.Event(p3, rec1, "birth", "1902");
    b.Event(p3, rec2, "arrest", "1937-10");
    b.Event(p3, rec1, "execution", "1938-02-10");
    b.Event(p3, rec3, "arrest", "1937-10-01/1937-11-01");
    // Smirnov: a restricted person; Orlov: a confidential one.
    const int64_t rec4 = b.Record(open_);
    const int64_t p4 = Keep(b.Person(rec4, Visibility::kRestricted));
    b.Name(p4, rec4, "Смирнов", "Олег");
    b.Event(p4, rec4, "birth", "1903");
    b.Event(p4, rec4, "arrest", "1937-08-12");
    const int64_t rec5 = b.Record(open_);
    const int64_t p5 = Keep(b.Person(rec5, Visibility::kConfidential));
    b.Name(p5, rec5, "Орлов", "Глеб");
    // Volkov: a record of a batch retracted below.
    const int64_t rec6 = b.Record(withdrawn_);
    const int64_t p6 = Keep(b.Person(rec6));
    b.Name(p6, rec6, "Волков", "Ян");
    b.Event(p6, rec6, "birth", "1904");
    b.Event(p6, rec6, "arrest", "1937-08-20");
    // Zaitsev: his only name hidden, his events public.
    const int64_t rec7 = b.Record(open_);
    const int64_t p7 = Keep(b.Person(rec7));
    b.Name(p7, rec7, "Зайцев", "Лев", "", "main", Visibility::kRestricted);
    b.Event(p7, rec7, "birth", "1905");
    b.Event(p7, rec7, "arrest", "1937-09-10");
    b.Attribute(p7, rec7, "occupation", "врач");
    // Morozov: his main name hidden, a variant public.
    const int64_t rec8 = b.Record(open_);
    const int64_t p8 = Keep(b.Person(rec8));
    b.Name(p8, rec8, "Морозов", "Ефим", "", "main", Visibility::kConfidential);
    b.Name(p8, rec8, "Морозoff", "Е.", "", "variant");
    b.Event(p8, rec8, "death", "1942");
    b.Event(p8, rec8, "execution", "1938-03-03");
    // Lebedev: of a confidential source; Belov: retracted below; Kozlov
    // merged into Novikov below.
    const int64_t rec9 = b.Record(confidential_source);
    const int64_t p9 = Keep(b.Person(rec9));
    b.Name(p9, rec9, "Лебедев", "Ефим");
    const int64_t rec10 = b.Record(open_);
    retracted_person_ = Keep(b.Person(rec10));
    b.Name(retracted_person_, rec10, "Белов", "Иван");
    b.Event(retracted_person_, rec10, "arrest", "1937-08-21");
    const int64_t rec11 = b.Record(open_);
    survivor_ = Keep(b.Person(rec11));
    b.Name(survivor_, rec11, "Новиков", "Андрей");
    const int64_t rec12 = b.Record(open_);
    retired_ = Keep(b.Person(rec12));
    b.Name(retired_, rec12, "Козлов", "Андрей");
    b.Event(retired_, rec12, "birth", "1910");
    b.Event(retired_, rec12, "execution", "1938-03-15");
    // Egorov: only a claim speaks of him.
    const int64_t p13 = Keep(b.Person(0));
    b.Name(p13, open_claim, "Егоров", "Олег", "", "main", Visibility::kPublic, true);
    b.Event(p13, restricted_claim, "death", "1941", "", Visibility::kPublic, "", "", true);
    b.Event(p13, open_claim, "execution", "1938-04-01", "", Visibility::kPublic, "", "", true);
    b.Event(p13, restricted_claim, "arrest", "1937-12-01", "", Visibility::kPublic, "", "", true);
    b.Commit();
    ASSERT_OK(StoreTesting::Exec(store_.get(),
                                 "UPDATE import_batches SET retracted_at = '2026-12-04T00:00:00Z'"
                                 " WHERE source_id = " +
                                     std::to_string(withdrawn_)));
    Retract("names", retracted_name_, p1);
    Retract("events", retracted_event_, p1);
    Retract("attributes", retracted_attribute_, p1);
    Retract("persons", retracted_person_, retracted_person_);
    ASSERT_OK(StoreTesting::Exec(
        store_.get(), "UPDATE events SET sealed = 1 WHERE id = " + std::to_string(sealed_event_)));
    ASSERT_OK(StoreTesting::Exec(
        store_.get(), "UPDATE names SET sealed = 1 WHERE id = " + std::to_string(sealed_name_)));
    WriteTransaction tx = store_->BeginWrite().value();
    MergeRequest merge;
    merge.survivor = survivor_;
    merge.retired = retired_;
    merge.author = "cli:test";
    merge.citation = "test";
    ASSERT_OK(tx.MergePersons(merge).status());
    ASSERT_OK(tx.Commit());
    ids_.push_back(999999);        // no such person
    ids_.push_back(ids_.front());  // an id twice
  }

  int64_t Keep(int64_t id) {
    ids_.push_back(id);
    return id;
  }

  // Retracts row "id" of "table" by an accepted change, as an editor's
  // change does.
  void Retract(const std::string& table, int64_t id, int64_t person) {
    const std::string fact = table == "persons" ? "person" : table.substr(0, table.size() - 1);
    ASSERT_OK(StoreTesting::Exec(
        store_.get(),
        "INSERT INTO changes(person_id, kind, fact, target_id, citation, author, created_at,"
        " state) VALUES (" +
            std::to_string(person) + ", 'retract', '" + fact + "', " + std::to_string(id) +
            ", 'test', 'cli:test', '2026-12-05T00:00:00Z', 'accepted')"));
    ASSERT_OK(
        StoreTesting::Exec(store_.get(), "UPDATE " + table +
                                             " SET retracted_by = (SELECT max(id) FROM changes)"
                                             " WHERE id = " +
                                             std::to_string(id)));
  }

  // GetPerson and HitsFor against the views, at every ceiling, through
  // the Readers "store_" keeps (the same Reader each time).
  void ExpectSameAsViews(const std::string& when) {
    for (Visibility ceiling : kCeilings) {
      const int c = static_cast<int>(ceiling);
      Reader* reader = store_->ReaderFor(ceiling).value();
      for (int64_t id : ids_) {
        EXPECT_EQ(ReadPerson(reader, id), ViewPerson(store_.get(), c, id))
            << when << ", ceiling " << c << ", person " << id;
      }
      EXPECT_EQ(ReadHits(reader, ids_), ViewHits(store_.get(), c, ids_))
          << when << ", ceiling " << c;
      std::vector<HitFacts> facts;
      Result<std::vector<PersonSummary>> hits = reader->HitsFor(ids_, &facts);
      Result<std::vector<PersonSummary>> alone = reader->Summaries(ids_);
      ASSERT_TRUE(hits.ok() && alone.ok()) << when;
      EXPECT_EQ(SummaryText(*alone), SummaryText(*hits)) << when << ", ceiling " << c;
      // The site's figures, counted by passes over the tables, against the
      // views' statements.
      EXPECT_EQ(FiguresText(ComputeSiteFigures(reader)),
                FiguresText(CountSiteFiguresWithViews(reader)))
          << when << ", ceiling " << c;
    }
  }

  std::string dir_;
  std::unique_ptr<Store> store_;
  std::vector<int64_t> ids_;
  int64_t open_ = 0, withdrawn_ = 0, open_claim_ = 0;
  int64_t retracted_name_ = 0, retracted_event_ = 0, retracted_attribute_ = 0;
  int64_t sealed_event_ = 0, sealed_name_ = 0;
  int64_t retracted_person_ = 0, survivor_ = 0, retired_ = 0;
};

TEST_F(ReadRuleTest, PersonsAndHitsAreTheViewsAtEveryCeiling) {
  ExpectSameAsViews("as built");
  // The archive has something of each kind to hide at the public ceiling.
  Reader* reader = store_->ReaderFor(Visibility::kPublic).value();
  ASSERT_OK_AND_ASSIGN(PersonView petrov, reader->GetPerson(ids_[0]));
  std::string names;
  for (const NameFact& n : petrov.names) names += n.surname + " " + n.given + "; ";
  EXPECT_EQ(names, "Петров Петр; Петров П.; Петров Пётр; [locked] [locked]; ");
  std::string events;
  for (const EventFact& e : petrov.events) events += e.type + " " + e.date.ToString() + "; ";
  EXPECT_EQ(events, "birth 1900; birth 1901; death 1938; death 1938-01-02; sentence ; ");
  std::string attributes;
  for (const AttributeFact& a : petrov.attributes) attributes += a.value + "; ";
  EXPECT_EQ(attributes, "учитель; ");
  EXPECT_EQ(ReadPerson(reader, retracted_person_), "not found");
  EXPECT_EQ(ReadPerson(reader, retired_), "redirect " + std::to_string(survivor_) + "|; ");
  // The figures there: Petrov, Kuznetsov, Morozov, Novikov (with Kozlov's
  // facts) and Egorov; the executions of Kuznetsov (on Petrov's record),
  // Morozov, Kozlov and Egorov (an open claim); no arrest (each hidden by
  // its level, record, claim, name, batch or person, or not known to the
  // month); the nine records of the open source.
  EXPECT_EQ(FiguresText(ComputeSiteFigures(reader)),
            "persons 5, records 9, sources 2\nmonths 193802:0/1 193803:0/2 193804:0/1\n"
            "sources 1:9/4 4:0/0");
}

TEST_F(ReadRuleTest, ChangesThroughTheSameConnectionAreSeenAtOnce) {
  ExpectSameAsViews("as built");
  {
    WriteTransaction tx = store_->BeginWrite().value();
    ASSERT_OK(tx.SetVisibility(Hideable::kSource, open_, Visibility::kRestricted));
    ASSERT_OK(tx.Commit());
  }
  ExpectSameAsViews("the open source restricted");
  {
    WriteTransaction tx = store_->BeginWrite().value();
    ASSERT_OK(tx.SetVisibility(Hideable::kSource, open_, Visibility::kPublic));
    ASSERT_OK(tx.SetVisibility(Hideable::kClaim, open_claim_, Visibility::kConfidential));
    ASSERT_OK(tx.Commit());
  }
  ExpectSameAsViews("the open claim made confidential");
  // A hand-made change that no write of the store counts.
  ASSERT_OK(StoreTesting::Exec(store_.get(), "UPDATE import_batches SET retracted_at = NULL"));
  ExpectSameAsViews("the batch restored");
  // A person redirected by hand who keeps his names and events (a merge
  // moves them): counted nowhere as a person, his events still in the
  // views.
  ASSERT_OK(StoreTesting::Exec(store_.get(),
                               "UPDATE persons SET redirect_to = " + std::to_string(survivor_) +
                                   " WHERE id = " + std::to_string(ids_[2])));
  ExpectSameAsViews("a person redirected by hand");
  {
    // Morozov merged into Petrov: a person whose records of one source are
    // not next to each other in record order.
    WriteTransaction tx = store_->BeginWrite().value();
    MergeRequest merge;
    merge.survivor = ids_[0];
    merge.retired = ids_[7];
    merge.author = "cli:test";
    merge.citation = "test";
    ASSERT_OK(tx.MergePersons(merge).status());
    ASSERT_OK(tx.Commit());
  }
  ExpectSameAsViews("a person with records of one source apart");
  // Another person's record linked to Kuznetsov as well.
  ASSERT_OK(StoreTesting::Exec(store_.get(),
                               "INSERT INTO person_records(person_id, record_id, method) SELECT " +
                                   std::to_string(ids_[2]) +
                                   ", min(record_id), 'editor' FROM person_records"
                                   " WHERE person_id = " +
                                   std::to_string(ids_[0])));
  ExpectSameAsViews("a record linked to two persons");
  ASSERT_OK(StoreTesting::Exec(store_.get(),
                               "UPDATE import_batches SET retracted_at = '2026-12-05T00:00:00Z'"
                               " WHERE source_id = " +
                                   std::to_string(open_)));
  ExpectSameAsViews("the open source's batch retracted");
}

TEST_F(ReadRuleTest, FiguresOfPersonsWithIdsOutsideThePassesTablesAreTheViews) {
  // Persons put in by hand with an id below 1 and one above the highest
  // the passes hold a table for: the figures are counted through the
  // views, and count them.
  Reader* reader = store_->ReaderFor(Visibility::kPublic).value();
  ASSERT_OK_AND_ASSIGN(SiteFigures before, ComputeSiteFigures(reader));
  for (const std::string& id : {std::string("-7"), std::to_string((int64_t{1} << 26) + 1)}) {
    ASSERT_OK(StoreTesting::Exec(store_.get(), "INSERT INTO persons(id) VALUES (" + id + ")"));
    ASSERT_OK(StoreTesting::Exec(
        store_.get(), "INSERT INTO names(person_id, claim_id, kind, surname, given) VALUES (" + id +
                          ", " + std::to_string(open_claim_) + ", 'main', 'Рукой', 'Внесен')"));
    ASSERT_OK(
        StoreTesting::Exec(store_.get(),
                           "INSERT INTO events(person_id, claim_id, type, date, date_min, date_max)"
                           " VALUES (" +
                               id + ", " + std::to_string(open_claim_) +
                               ", 'execution', '1938-05-05', 19380505, 19380505)"));
    ExpectSameAsViews("a person of id " + id);
  }
  ASSERT_OK_AND_ASSIGN(SiteFigures after, ComputeSiteFigures(reader));
  EXPECT_EQ(after.stats.persons, before.stats.persons + 2);
}

TEST_F(ReadRuleTest, ChangesThroughAnotherConnectionAreSeen) {
  ExpectSameAsViews("as built");
  std::unique_ptr<Store> other = Store::Open(dir_).value();
  {
    WriteTransaction tx = other->BeginWrite().value();
    ASSERT_OK(tx.SetVisibility(Hideable::kSource, open_, Visibility::kConfidential));
    ASSERT_OK(tx.Commit());
  }
  ExpectSameAsViews("the open source made confidential by another connection");
  ASSERT_OK(StoreTesting::Exec(other.get(), "UPDATE claims SET visibility = 2"));
  ExpectSameAsViews("every claim made confidential by another connection");
}

// The read under test returns the person's event types ("birth;"), or
// "not found".
using RaceRead = std::function<std::string(Reader* reader, int64_t person)>;

void ExpectCommitSeenWholeOrNotAtAll(const RaceRead& read) {
  const std::string dir = memoria::testing::FreshTempDir() + "/archive";
  std::unique_ptr<Store> store = Store::Create(dir).value();
  int64_t list = 0, person = 0;
  {
    ArchiveBuilder b(store.get());
    // Sources enough that the rule's scan of them outlasts SQLite's
    // progress interval, so the clock is called inside it.
    for (int i = 0; i < 3000; ++i) b.Source("test:other-" + std::to_string(i) + ".csv", "Другой");
    list = b.Source("test:list.csv", "Книга памяти");
    const int64_t record = b.Record(list);
    person = b.Person(record);
    b.Name(person, record, "Иванов", "Иван");
    b.Event(person, record, "birth", "1899");
    b.Commit();
  }
  std::unique_ptr<Store> other = Store::Open(dir).value();
  Reader* reader = store->ReaderFor(Visibility::kPublic).value();
  bool committed = false;
  reader->SetDeadline(std::chrono::steady_clock::time_point::max(), [&] {
    if (!committed) {
      committed = true;
      ArchiveBuilder b(other.get());
      EXPECT_EQ(b.Source("test:list.csv", "Книга памяти"), list);  // a second batch of it
      const int64_t record = b.Record(list, R"({"row":"later"})");
      b.Link(person, record);
      b.Event(person, record, "execution", "1938");
      EXPECT_OK(b.tx().SetVisibility(Hideable::kSource, list, Visibility::kConfidential));
      b.Commit();
    }
    return std::chrono::steady_clock::time_point();
  });
  const std::string during = read(reader, person);
  reader->ClearDeadline();
  ASSERT_TRUE(committed) << "the clock was never called during the read";
  // Before the commit: the birth; after it: nothing (the name's source is
  // hidden). Never the execution, which only the confidential source tells.
  EXPECT_THAT(during, ::testing::AnyOf("birth;", "not found"));
  EXPECT_EQ(read(reader, person), "not found");
}

// A read outside any transaction loads the rule and then reads the facts
// with several statements. Another connection commits between the two (from
// the deadline's clock, which SQLite calls while the rule's scan of the
// sources runs): a new record of the person's source with a new event, and
// the source made confidential. The person must be read as before that
// commit or as after it, never as the old rule over the new rows.
TEST(ReadRuleRaceTest, APersonPageSeesACommitWholeOrNotAtAll) {
  ExpectCommitSeenWholeOrNotAtAll([](Reader* reader, int64_t person) -> std::string {
    Result<PersonView> p = reader->GetPerson(person);
    if (!p.ok()) return p.status().code() == StatusCode::kNotFound ? "not found" : "error";
    std::string events;
    for (const EventFact& e : p->events) events += e.type + ";";
    return events;
  });
}

TEST(ReadRuleRaceTest, AHitSeesACommitWholeOrNotAtAll) {
  ExpectCommitSeenWholeOrNotAtAll([](Reader* reader, int64_t person) -> std::string {
    const int64_t ids[] = {person};
    Result<std::vector<PersonSummary>> hits = reader->HitsFor(ids, nullptr);
    if (!hits.ok()) return "error";
    if (hits->empty()) return "not found";
    std::string events;
    if (!(*hits)[0].birth.empty()) events += "birth;";
    if (!(*hits)[0].death_type.empty()) events += (*hits)[0].death_type + ";";
    return events;
  });
}

TEST_F(ReadRuleTest, AWriteRolledBackLeavesNoTrace) {
  ExpectSameAsViews("as built");
  {
    WriteTransaction tx = store_->BeginWrite().value();
    ASSERT_OK(tx.SetVisibility(Hideable::kClaim, open_claim_, Visibility::kConfidential));
    ASSERT_OK(StoreTesting::Exec(store_.get(), "UPDATE import_batches SET retracted_at = NULL"));
    ExpectSameAsViews("inside the write");
    ASSERT_OK(tx.Rollback());
  }
  ExpectSameAsViews("after the rollback");
  {
    // Rows written inside a write transaction of the same connection move
    // no version until it commits: the rule sees them by the connection's
    // count of changed rows.
    ArchiveBuilder b(store_.get());
    const int64_t secret = b.Source("test:late.csv", "Поздний список", Visibility::kRestricted);
    const int64_t rec = b.Record(secret);
    b.Link(ids_[0], rec);
    b.Name(ids_[0], rec, "Поздний", "Петр", "", "variant");
    b.Event(ids_[0], rec, "birth", "1899");
    ExpectSameAsViews("inside a write adding a restricted source");
  }
  ExpectSameAsViews("after that write was dropped");
}

}  // namespace
}  // namespace memoria::store
