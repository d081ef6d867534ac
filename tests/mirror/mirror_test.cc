// Signed mirrors: a bundle of an archive holding restricted and
// confidential canaries (the leak matrix's, tests/web/leak_matrix_test.cc),
// whole hidden persons and sources, an account and its audit trail holds
// none of them; it verifies with the public key alone and names every file
// altered, added or missing; an update after one edit writes a few shards,
// reads only the tables the edit may change and equals a fresh export; a
// version 1 bundle still verifies and loads; and the archive made from a
// bundle serves the same public pages as the source archive (a merged
// person's old id redirecting), without the routes that sign in or write.
#include "mirror/mirror.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>
#include <string>
#include <vector>

#include "auth/auth.h"
#include "core/edtf.h"
#include "core/gzip.h"
#include "core/hash.h"
#include "mirror/internal/manifest.h"
#include "store/cases.h"
#include "store/keys.h"
#include "store/signing.h"
#include "store/store.h"
#include "store/write.h"
#include "testing/archive_builder.h"
#include "testing/http.h"
#include "testing/paths.h"
#include "testing/status_matchers.h"
#include "web/internal/site.h"
#include "web/server.h"

namespace memoria::mirror {
namespace {

using ::memoria::testing::ArchiveBuilder;
using store::Visibility;
using ::testing::HasSubstr;

namespace fs = std::filesystem;

struct Canary {
  std::string surname, mark;
};
// Level 0 is public and must travel; levels 1 and 2 must not.
const Canary kCanary[3] = {
    {"Светлов", "LEAKPUBLIC"},
    {"Служебнов", "LEAKRESTRICTED"},
    {"Секретов", "LEAKCONFIDENTIAL"},
};
constexpr std::string_view kAccount = "leakaccountname";

std::string Slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Every byte of the bundle's files, the gzipped shards' as they unpack.
std::string EveryByte(const std::string& dir) {
  std::string all;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    std::string bytes = Slurp(entry.path());
    if (entry.path().extension() == ".gz") {
      Result<std::string> text = Gunzip(bytes);
      EXPECT_OK(text.status()) << entry.path();
      bytes = text.ok() ? *text : "";
    }
    all += bytes;
  }
  return all;
}

class MirrorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    tmp_ = memoria::testing::FreshTempDir();
    dir_ = tmp_ + "/archive";
    out_ = tmp_ + "/bundle";
    writer_ = store::Store::Create(dir_).value();
    const store::ArchiveKey key = store::ArchiveKey::Generate();
    ASSERT_OK(store::WriteKeyFile(store::DefaultKeyPath(dir_), key));
    ASSERT_OK(writer_->EnableSealing(key));
    Build();
    ASSERT_OK(auth::AddAccount(writer_.get(), std::string(kAccount), auth::Role::kEditor,
                               "a long enough password", auth::PasswordCost::Minimum(), "test")
                  .status());
    reader_ = store::Store::Open(dir_, store::OpenOptions{true, 16, ""}).value();
    ASSERT_TRUE(reader_->Unlocked());
    signer_.emplace(reader_->Signer().value());
    // What `memoria init` publishes beside the key.
    ASSERT_OK(store::WritePublicKeyFile(store::DefaultPublicKeyPath(dir_), signer_->public_key()));
  }

  // The leak matrix's archive: canaries in whole sources, records, whole
  // persons, facts of a public person (their text in its record too),
  // claims, prisoners' cases, assessments and publications.
  void Build() {
    ArchiveBuilder b(writer_.get());
    const int64_t open = b.Source("test:open", "Открытый список");
    for (int level = 0; level < 3; ++level) {
      const Canary& k = kCanary[level];
      const Visibility v = static_cast<Visibility>(level);
      const int64_t source = b.Source("test:level" + std::to_string(level), "Список", v);
      int64_t rec = b.Record(
          source, R"({"ФИО":")" + k.surname + R"( Антон","n":")" + k.mark + R"( source"})");
      int64_t p = b.Person(rec);
      persons_.push_back(p);
      b.Name(p, rec, k.surname, "Антон");
      b.Event(p, rec, "execution", "1938-03-0" + std::to_string(level + 1), "Москва");
      rec = b.Record(open, R"({"n":")" + k.mark + R"( record"})", v);
      p = b.Person(rec);
      persons_.push_back(p);
      b.Name(p, rec, k.surname, "Борис");
      rec = b.Record(open, R"({"ФИО":")" + k.surname + R"( Василий"})");
      p = b.Person(rec, v);
      persons_.push_back(p);
      b.Name(p, rec, k.surname, "Василий");
      b.Event(p, rec, "arrest", "1937-10-0" + std::to_string(level + 1), "Москва");
      rec = b.Record(open, R"({"ФИО":"Базов Григорий","alias":")" + k.surname +
                               R"(","address":"ул. )" + k.mark + R"(, д. 1"})");
      p = b.Person(rec);
      persons_.push_back(p);
      b.Name(p, rec, "Базов", "Григорий");
      b.Name(p, rec, k.surname, "Григорий", "", "alias", v);
      b.Event(p, rec, "arrest", "1937-11-1" + std::to_string(level), k.mark + " город", v,
              k.mark + " орган", k.mark + " примечание");
      b.Attribute(p, rec, "occupation", k.mark + " профессия", v);
      b.Attribute(p, rec, "address", "ул. " + k.mark + ", д. 1", v);
      const int64_t claim = b.Claim("interview " + k.mark, v);
      b.Name(p, claim, k.surname + "ов", "Дмитрий", "", "variant", Visibility::kPublic, true);
      rec = b.Record(open, R"({"n":"prisoner )" + std::to_string(level) + R"("})");
      p = b.Person(rec, v);
      persons_.push_back(p);
      b.Name(p, rec, k.surname, "Пётр");
      store::CaseFact c;
      c.from = {rec, 0};
      c.region = "Регион " + k.mark;
      c.detained = Edtf::Parse("2022-03-0" + std::to_string(level + 1)).value();
      const int64_t case_id = b.tx().AddCase(c).value();
      store::InvolvementFact inv;
      inv.case_id = case_id;
      inv.person_id = p;
      inv.from = {rec, 0};
      ASSERT_OK(b.tx().AddInvolvement(inv).status());
      store::AssessmentFact as;
      as.person_id = p;
      as.verdict = "political_prisoner";
      as.date = Edtf::Parse("2022-07-01").value();
      as.statement = "Заявление " + k.mark;
      as.from = {rec, 0};
      ASSERT_OK(b.tx().AddAssessment(as).status());
      store::PublicationFact pub;
      pub.kind = "statement";
      pub.title = "Публикация " + k.mark;
      pub.body = "Текст " + k.mark;
      pub.date = Edtf::Parse("2022-07-01").value();
      pub.visibility = v;
      pub.from = {rec, 0};
      const int64_t pub_id = b.tx().AddPublication(pub).value();
      ASSERT_OK(b.tx().LinkPublication(pub_id, p, 0));
    }
    b.Commit();
  }

  WriteReport Export(bool update = false) {
    WriteOptions options;
    options.update = update;
    Result<WriteReport> report = WriteBundle(reader_.get(), *signer_, out_, options);
    EXPECT_OK(report.status());
    return report.ok() ? *report : WriteReport();
  }

  VerifyReport Verify(const std::string& out) {
    Result<VerifyReport> report = VerifyBundle(out, signer_->public_key());
    EXPECT_OK(report.status());
    return report.ok() ? *report : VerifyReport();
  }

  // A copy of the bundle to tamper with.
  std::string Copy(const std::string& name) {
    const std::string copy = tmp_ + "/" + name;
    fs::copy(out_, copy, fs::copy_options::recursive);
    return copy;
  }

  std::string tmp_, dir_, out_;
  std::unique_ptr<store::Store> writer_, reader_;
  std::optional<store::SigningKey> signer_;
  std::vector<int64_t> persons_;
};

TEST_F(MirrorTest, ABundleHoldsNoCanaryAccountOrAuditEntry) {
  const WriteReport report = Export();
  EXPECT_GT(report.files, 2);
  EXPECT_EQ(report.files, report.files_written);
  const std::string all = EveryByte(out_);
  for (int level = 1; level < 3; ++level) {
    EXPECT_EQ(all.find(kCanary[level].mark), std::string::npos) << kCanary[level].mark;
    EXPECT_EQ(all.find(kCanary[level].surname), std::string::npos) << kCanary[level].surname;
  }
  EXPECT_EQ(all.find(kAccount), std::string::npos);
  EXPECT_EQ(all.find("argon2id"), std::string::npos);  // no password hash
  // The public level travels: the filter hides no more than the site does.
  EXPECT_THAT(all, HasSubstr(kCanary[0].mark));
  EXPECT_THAT(all, HasSubstr(kCanary[0].surname));
  // No table of accounts, sessions, the audit log, changes, corrections or
  // sealed values is in the bundle.
  const Manifest manifest = ReadManifest(out_).value();
  for (const BundleFile& f : manifest.files) {
    for (std::string_view t :
         {"accounts", "audit_log", "changes", "corrections", "sealed_values"}) {
      EXPECT_NE(f.table, t);
    }
  }
  EXPECT_EQ(manifest.key_id, signer_->public_key().Id());
}

TEST_F(MirrorTest, ACleanBundleVerifiesWithThePublicKeyAlone) {
  Export();
  const store::PublicKey key = store::ReadPublicKeyFile(store::DefaultPublicKeyPath(dir_)).value();
  ASSERT_EQ(key, signer_->public_key());
  const VerifyReport report = VerifyBundle(out_, key).value();
  EXPECT_TRUE(report.signature_ok);
  EXPECT_THAT(report.problems, ::testing::IsEmpty());
  EXPECT_EQ(report.files_checked, static_cast<int64_t>(report.manifest.files.size()));
  // Another archive's key does not.
  const store::SigningKey other = store::SigningKey::FromArchiveKey(store::ArchiveKey::Generate());
  const VerifyReport wrong = VerifyBundle(out_, other.public_key()).value();
  EXPECT_FALSE(wrong.signature_ok);
  ASSERT_EQ(wrong.problems.size(), 1u);
  EXPECT_THAT(wrong.problems[0], HasSubstr("signature"));
}

TEST_F(MirrorTest, EveryTamperingIsNamed) {
  Export();
  const Manifest manifest = ReadManifest(out_).value();
  ASSERT_GE(manifest.files.size(), 3u);
  const std::string shard = manifest.files[1].path;
  auto flip = [](const fs::path& path, size_t at) {
    std::string bytes = Slurp(path);
    ASSERT_LT(at, bytes.size());
    bytes[at] = static_cast<char>(bytes[at] ^ 1);
    std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
  };
  {  // one byte of a shard
    const std::string copy = Copy("shard");
    flip(fs::path(copy) / shard, 40);
    EXPECT_THAT(Verify(copy).problems,
                ::testing::ElementsAre("altered: " + shard + " (its SHA-256 differs)"));
  }
  {  // one byte of the manifest
    const std::string copy = Copy("manifest");
    flip(fs::path(copy) / "manifest.json", 30);
    const VerifyReport r = Verify(copy);
    EXPECT_FALSE(r.signature_ok);
    ASSERT_EQ(r.problems.size(), 1u);
    EXPECT_THAT(r.problems[0], HasSubstr("altered: manifest.json or manifest.sig"));
  }
  {  // one byte of the signature
    const std::string copy = Copy("signature");
    std::string sig = Slurp(fs::path(copy) / "manifest.sig");
    sig[10] = sig[10] == '0' ? '1' : '0';
    std::ofstream(fs::path(copy) / "manifest.sig", std::ios::trunc) << sig;
    const VerifyReport r = Verify(copy);
    EXPECT_FALSE(r.signature_ok);
    ASSERT_EQ(r.problems.size(), 1u);
    EXPECT_THAT(r.problems[0], HasSubstr("manifest.sig"));
  }
  {  // a file added, beside the data and inside it
    const std::string copy = Copy("added");
    std::ofstream(fs::path(copy) / "data" / "names" / "extra.jsonl.gz") << "[1]\n";
    std::ofstream(fs::path(copy) / "README") << "hello\n";
    EXPECT_THAT(Verify(copy).problems,
                ::testing::ElementsAre("added: README", "added: data/names/extra.jsonl.gz"));
  }
  {  // a shard deleted
    const std::string copy = Copy("deleted");
    fs::remove(fs::path(copy) / shard);
    EXPECT_THAT(Verify(copy).problems, ::testing::ElementsAre("missing: " + shard));
  }
  {  // the signature deleted
    const std::string copy = Copy("unsigned");
    fs::remove(fs::path(copy) / "manifest.sig");
    EXPECT_THAT(Verify(copy).problems, ::testing::ElementsAre("missing: manifest.sig"));
  }
  EXPECT_THAT(Verify(out_).problems, ::testing::IsEmpty());
}

TEST_F(MirrorTest, AnUpdateAfterOneEditWritesOnlyTheChangedShards) {
  const WriteReport first = Export();
  // Nothing changed: nothing but the manifest and its signature.
  const WriteReport same = Export(/*update=*/true);
  EXPECT_EQ(same.files_written, 2);
  EXPECT_EQ(same.files, first.files);
  // ... and no table read again: no ledger entry since the bundle's.
  EXPECT_EQ(same.tables_read, 0);
  EXPECT_EQ(same.tables_kept, static_cast<int64_t>(store::PublicTables().size()));
  {
    ArchiveBuilder b(writer_.get());
    b.Attribute(persons_[0], b.Claim("letter of the family"), "occupation", "учитель рисования",
                Visibility::kPublic, /*claim=*/true);
    b.Commit();
  }
  reader_ = store::Store::Open(dir_, store::OpenOptions{true, 16, ""}).value();
  const WriteReport update = Export(/*update=*/true);
  // The attributes shard and the claims shard, and the signed manifest.
  EXPECT_EQ(update.files_written, 4);
  EXPECT_EQ(update.files_removed, 2);  // the old attributes and claims shards
  EXPECT_LT(update.bytes_written, update.bytes);
  EXPECT_THAT(Verify(out_).problems, ::testing::IsEmpty());
  EXPECT_THAT(EveryByte(out_), HasSubstr("учитель рисования"));
  // Only the tables whose rows the edit may change were read again, and
  // the bundle is the one a fresh export writes.
  EXPECT_GT(update.tables_kept, 0);
  EXPECT_LT(update.tables_read, static_cast<int64_t>(store::PublicTables().size()));
  const std::string fresh = tmp_ + "/fresh";
  ASSERT_OK(WriteBundle(reader_.get(), *signer_, fresh, WriteOptions()).status());
  auto paths = [&](const std::string& out) {
    std::vector<std::string> p;
    for (const BundleFile& f : ReadManifest(out).value().files) p.push_back(f.path);
    return p;
  };
  EXPECT_EQ(paths(out_), paths(fresh));

  // A table of the bundle whose shard is gone is read again, not trusted.
  {
    ArchiveBuilder b(writer_.get());
    b.Attribute(persons_[0], b.Claim("another letter"), "occupation", "художник",
                Visibility::kPublic, /*claim=*/true);
    b.Commit();
  }
  std::string source_shard;
  for (const BundleFile& f : ReadManifest(out_).value().files) {
    if (f.table == "sources") source_shard = f.path;
  }
  ASSERT_FALSE(source_shard.empty());
  fs::remove(out_ + "/" + source_shard);
  reader_ = store::Store::Open(dir_, store::OpenOptions{true, 16, ""}).value();
  Export(/*update=*/true);
  EXPECT_THAT(Verify(out_).problems, ::testing::IsEmpty());
}

// A version 1 bundle (plain shards, no ledger entry) still verifies and
// loads; its update reads every table and writes a version 2 bundle.
TEST_F(MirrorTest, AVersionOneBundleVerifiesLoadsAndUpdatesToVersionTwo) {
  Export();
  Manifest m = ReadManifest(out_).value();
  m.version = 1;
  m.ledger = store::LedgerPosition();
  for (BundleFile& f : m.files) {
    const std::string text = Gunzip(Slurp(fs::path(out_) / f.path)).value();
    fs::remove(fs::path(out_) / f.path);
    f.sha256 = ToHex(Sha256(text));
    f.text_sha256.clear();
    f.bytes = static_cast<int64_t>(text.size());
    f.path = "data/" + f.table + "/" + f.sha256 + ".jsonl";
    std::ofstream(fs::path(out_) / f.path, std::ios::binary) << text;
  }
  const std::string bytes = internal::EncodeManifest(m);
  std::ofstream(fs::path(out_) / kManifestFile, std::ios::binary | std::ios::trunc) << bytes;
  std::ofstream(fs::path(out_) / kSignatureFile, std::ios::binary | std::ios::trunc)
      << internal::HexOf(signer_->Sign(bytes)) << "\n";
  const VerifyReport v1 = Verify(out_);
  ASSERT_THAT(v1.problems, ::testing::IsEmpty());
  EXPECT_EQ(v1.manifest.version, 1);
  ASSERT_OK(LoadBundle(out_, v1.manifest, tmp_ + "/from-v1"));

  const WriteReport update = Export(/*update=*/true);
  EXPECT_EQ(update.tables_kept, 0);
  EXPECT_EQ(update.files_written, update.files);
  EXPECT_EQ(update.files_removed, static_cast<int64_t>(m.files.size()));
  const VerifyReport v2 = Verify(out_);
  EXPECT_THAT(v2.problems, ::testing::IsEmpty());
  EXPECT_EQ(v2.manifest.version, kFormatVersion);
}

// A person merged into another keeps answering in the mirror as in the
// archive: 301 to the survivor, the page and the API alike.
TEST_F(MirrorTest, AMergedPersonRedirectsInTheMirrorAsInTheArchive) {
  const int64_t survivor = persons_[0], retired = persons_[1];
  {
    store::WriteTransaction tx = writer_->BeginWrite().value();
    store::MergeRequest merge;
    merge.survivor = survivor;
    merge.retired = retired;
    merge.author = "editor";
    merge.citation = "the same man in two lists";
    ASSERT_OK(tx.MergePersons(merge).status());
    ASSERT_OK(tx.Commit());
  }
  reader_ = store::Store::Open(dir_, store::OpenOptions{true, 16, ""}).value();
  Export();
  const Manifest manifest = VerifyBundle(out_, signer_->public_key()).value().manifest;
  const std::string copy = tmp_ + "/mirror-archive";
  ASSERT_OK(LoadBundle(out_, manifest, copy));
  auto mirror_store = store::Store::Open(copy, store::OpenOptions{true, 16, ""}).value();
  auto site = std::make_shared<web::internal::Site>(web::MapConfig(), 0);
  site->set_mirror(true);
  auto mirror =
      web::App::Create(mirror_store.get(), web::AppOptions{Visibility::kPublic, nullptr, site})
          .value();
  auto source_site = std::make_shared<web::internal::Site>(web::MapConfig(), 0);
  auto source =
      web::App::Create(reader_.get(), web::AppOptions{Visibility::kPublic, nullptr, source_site})
          .value();
  for (const std::string prefix : {"/person/", "/api/v1/person/"}) {
    const std::string target = prefix + std::to_string(retired);
    web::Request r{"GET", target, "en", "", ""};
    const web::Response in_archive = source->Handle(r);
    const web::Response in_mirror = mirror->Handle(r);
    ASSERT_EQ(in_archive.status, 301) << target;
    EXPECT_EQ(in_mirror.status, 301) << target;
    EXPECT_EQ(in_mirror.Header("Location"), prefix + std::to_string(survivor)) << target;
    EXPECT_EQ(in_mirror.Header("Location"), in_archive.Header("Location")) << target;
  }
  web::Request page{"GET", "/person/" + std::to_string(survivor), "en", "", ""};
  EXPECT_EQ(mirror->Handle(page).status, 200);
}

// A page without what a mirror shows differently: its note, and the link
// to the correction form it does not have.
std::string Normalised(std::string body, bool mirror) {
  if (mirror) {
    body = std::regex_replace(body, std::regex("<p class=\"mirror-note\"[^<]*</p>"), "");
  } else {
    body =
        std::regex_replace(body, std::regex(" · <a href=\"/person/[0-9]+/correct\">[^<]*</a>"), "");
    body = std::regex_replace(body, std::regex("\"correct_url\":\"/person/[0-9]+/correct\","), "");
  }
  return body;
}

TEST_F(MirrorTest, TheMirrorServesTheSamePublicPagesAndNoForms) {
  Export();
  const Manifest manifest = VerifyBundle(out_, signer_->public_key()).value().manifest;
  const std::string copy = tmp_ + "/mirror-archive";
  ASSERT_OK(LoadBundle(out_, manifest, copy));
  auto mirror_store = store::Store::Open(copy, store::OpenOptions{true, 16, ""}).value();
  auto mirror_site = std::make_shared<web::internal::Site>(web::MapConfig(), 0);
  mirror_site->set_mirror(true);
  auto mirror_app = web::App::Create(mirror_store.get(),
                                     web::AppOptions{Visibility::kPublic, nullptr, mirror_site})
                        .value();
  auto source_site = std::make_shared<web::internal::Site>(web::MapConfig(), 0);
  auto source_app =
      web::App::Create(reader_.get(), web::AppOptions{Visibility::kPublic, nullptr, source_site})
          .value();
  auto get = [](web::App* app, const std::string& target, const std::string& method = "GET") {
    web::Request r{method, target, "en", "", ""};
    return app->Handle(r);
  };
  std::vector<std::string> targets = {
      "/",
      "/sources",
      "/sources/1",
      "/search?q=" + memoria::testing::UrlEncode(kCanary[0].surname),
      "/search?q=" + memoria::testing::UrlEncode("Базов"),
      "/browse/letter/" + memoria::testing::UrlEncode("С"),
      "/prisoners",
      "/news",
      "/api/v1/search?q=" + memoria::testing::UrlEncode("Базов")};
  int persons_compared = 0;
  for (int64_t id : persons_) {
    const std::string target = "/person/" + std::to_string(id);
    if (get(source_app.get(), target).status != 200) continue;
    ++persons_compared;
    targets.push_back(target);
    targets.push_back("/api/v1" + target);
  }
  EXPECT_GE(persons_compared, 6);
  for (const std::string& target : targets) {
    const web::Response source = get(source_app.get(), target);
    const web::Response mirror = get(mirror_app.get(), target);
    EXPECT_EQ(mirror.status, source.status) << target;
    EXPECT_EQ(Normalised(mirror.body, true), Normalised(source.body, false)) << target;
  }
  const web::Response home = get(mirror_app.get(), "/");
  EXPECT_THAT(home.body, HasSubstr("class=\"mirror-note\""));
  // No sign-in, no account, no form that writes.
  const std::string person = "/person/" + std::to_string(persons_[0]);
  for (const auto& [method, target] :
       std::vector<std::pair<std::string, std::string>>{{"GET", "/login"},
                                                        {"POST", "/login"},
                                                        {"GET", "/account"},
                                                        {"GET", person + "/edit"},
                                                        {"POST", person + "/edit"},
                                                        {"GET", person + "/correct"},
                                                        {"POST", person + "/correct"},
                                                        {"GET", "/moderation"}}) {
    EXPECT_EQ(get(mirror_app.get(), target, method).status, 404) << method << " " << target;
  }
  EXPECT_THAT(get(mirror_app.get(), person).body, ::testing::Not(HasSubstr("/correct")));
}

}  // namespace
}  // namespace memoria::mirror
