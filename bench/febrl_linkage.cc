// FEBRL record-linkage benchmark: deduplicates FEBRL datasets 1-3 and links
// dataset 4a with 4b with linkage/ (no labels used in fitting), then scores
// the clusters against the ground truth in the record ids ("rec-N-org" and
// "rec-N-dup-K" are the same person N).
//
//   febrl_linkage [--data DIR] [--link P] [--review P] [--fix-u] [--without-id]
//
// DIR defaults to the shared data folder's febrl/ (set by CMake). Prints one
// Markdown table row per task.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "linkage/linkage.h"

namespace {

using memoria::linkage::Record;

std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

// "rec-12-dup-3" -> "rec-12".
std::string EntityOf(const std::string& rec_id) {
  size_t first = rec_id.find('-');
  size_t second = first == std::string::npos ? first : rec_id.find('-', first + 1);
  return second == std::string::npos ? rec_id : rec_id.substr(0, second);
}

bool ReadFebrl(const std::string& path, int source, std::vector<Record>* records,
               std::vector<std::string>* entity) {
  std::ifstream in(path);
  if (!in) return false;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::vector<std::string> f;
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, ',')) f.push_back(Trim(cell));
    if (f.size() < 11) continue;
    Record r;
    r.id = f[0];
    r.source = source;
    r.given = f[1];
    r.surname = f[2];
    r.street_number = f[3];
    r.street = f[4];
    r.attributes.push_back({"address_2", f[5]});
    r.locality = f[6];
    r.postcode = f[7];
    r.region = f[8];
    r.birth_text = f[9];
    r.birth = memoria::linkage::ParseBirthDate(f[9]);
    r.attributes.push_back({"soc_sec_id", f[10]});
    records->push_back(std::move(r));
    entity->push_back(EntityOf(f[0]));
  }
  return true;
}

struct Args {
  std::string data = MEMORIA_SHARED_DATA "/febrl";
  double link = -1, review = -1;
  bool fix_u = false;
  bool without_id = false;  // leave soc_sec_id out (archives rarely have an identifier)
};

void Run(const std::string& name, const std::vector<Record>& records,
         const std::vector<std::string>& entity, bool linkage, const Args& args) {
  using namespace memoria::linkage;
  LinkOptions options;
  options.fields.push_back({"address_2", FieldKind::kString, false});
  if (!args.without_id) {
    options.fields.push_back({"soc_sec_id", FieldKind::kCode, false});
    options.blocking.passes.push_back({BlockingKey::kAttribute, "soc_sec_id"});
  }
  options.blocking.cross_source_only = linkage;
  options.cluster.one_per_source = linkage;
  options.em.fix_u = args.fix_u;
  if (args.link >= 0) options.cluster.link_threshold = args.link;
  if (args.review >= 0) {
    options.cluster.review_threshold = args.review;
    options.cluster.cohesion_floor = args.review;
  }

  const auto start = std::chrono::steady_clock::now();
  LinkResult result = Link(records, options);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  BlockingQuality bq = MeasureBlocking(records, entity, result.blocking, linkage);
  LinkQuality q = Evaluate(records, entity, result.clustering.cluster_of, linkage);
  std::printf(
      "| %s | %zu | %.3f | %.4f | %.4f | %.4f | %.4f | %.4f | %llu | %.4f | %.5f | %zu | %zu | "
      "%.4f |\n",
      name.c_str(), records.size(), seconds, q.precision, q.recall, q.f1, q.bcubed_f1,
      q.bcubed_precision, static_cast<unsigned long long>(bq.candidates), bq.pair_completeness,
      bq.reduction_ratio, result.clustering.review.size(), result.clustering.refused_merges,
      result.model.p());
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  Args args;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--data" && i + 1 < argc) {
      args.data = argv[++i];
    } else if (a == "--link" && i + 1 < argc) {
      args.link = std::atof(argv[++i]);
    } else if (a == "--review" && i + 1 < argc) {
      args.review = std::atof(argv[++i]);
    } else if (a == "--without-id") {
      args.without_id = true;
    } else if (a == "--fix-u") {
      args.fix_u = true;
    } else {
      std::cerr
          << "usage: febrl_linkage [--data DIR] [--link P] [--review P] [--fix-u] [--without-id]\n";
      return 2;
    }
  }
  std::printf(
      "| task | records | seconds | precision | recall | F1 | B-cubed F1 | B-cubed precision | "
      "pairs compared | blocking recall | reduction ratio | review | refused merges | EM p |\n"
      "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
  for (const char* file : {"dataset1", "dataset2", "dataset3"}) {
    std::vector<Record> records;
    std::vector<std::string> entity;
    if (!ReadFebrl(args.data + "/" + file + ".csv", 0, &records, &entity)) {
      std::cerr << "cannot read " << args.data << "/" << file << ".csv\n";
      return 1;
    }
    Run(std::string("dedup ") + file, records, entity, false, args);
  }
  std::vector<Record> records;
  std::vector<std::string> entity;
  if (!ReadFebrl(args.data + "/dataset4a.csv", 0, &records, &entity) ||
      !ReadFebrl(args.data + "/dataset4b.csv", 1, &records, &entity)) {
    std::cerr << "cannot read " << args.data << "/dataset4a.csv or dataset4b.csv\n";
    return 1;
  }
  Run("link dataset4a-4b", records, entity, true, args);
  return 0;
}
