// Saving and loading NameIndex: the format is docs/formats/name-index.md.
// Both stream the arrays straight between the file and memory, checksumming
// on the way, so neither holds a second copy of the index.
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <type_traits>

#include "search/name_index.h"

namespace memoria::search {

namespace {

constexpr char kMagic[8] = {'M', 'E', 'M', 'N', 'I', 'D', 'X', '1'};
constexpr uint32_t kFormatVersion = 4;

uint64_t Fnv(const void* data, size_t size, uint64_t h) {
  const auto* p = static_cast<const unsigned char*>(data);
  for (size_t i = 0; i < size; ++i) {
    h ^= p[i];
    h *= 1099511628211ull;
  }
  return h;
}

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};
using File = std::unique_ptr<std::FILE, FileCloser>;

class Writer {
 public:
  explicit Writer(std::FILE* f) : f_(f) {}
  void Raw(const void* data, size_t size) {
    sum_ = Fnv(data, size, sum_);
    ok_ = ok_ && std::fwrite(data, 1, size, f_) == size;
  }
  template <typename T>
  void Value(T v) {
    static_assert(std::is_trivially_copyable_v<T>);
    Raw(&v, sizeof v);
  }
  template <typename V>
  void Section(const V& v) {
    uint64_t bytes = v.size() * sizeof(v[0]);
    Value(bytes);
    Raw(v.data(), bytes);
  }
  uint64_t sum() const { return sum_; }
  bool ok() const { return ok_; }

 private:
  std::FILE* f_;
  uint64_t sum_ = 1469598103934665603ull;
  bool ok_ = true;
};

class Reader {
 public:
  Reader(std::FILE* f, uint64_t size) : f_(f), left_(size) {}
  bool Raw(void* data, size_t size) {
    if (left_ < size || std::fread(data, 1, size, f_) != size) return false;
    left_ -= size;
    sum_ = Fnv(data, size, sum_);
    return true;
  }
  template <typename T>
  bool Value(T* v) {
    return Raw(v, sizeof *v);
  }
  template <typename V>
  bool Section(V* v) {
    uint64_t bytes = 0;
    if (!Value(&bytes) || bytes % sizeof((*v)[0]) != 0 || bytes > left_) return false;
    v->resize(bytes / sizeof((*v)[0]));
    return Raw(v->data(), bytes);
  }
  uint64_t left() const { return left_; }
  uint64_t sum() const { return sum_; }

 private:
  std::FILE* f_;
  uint64_t left_;
  uint64_t sum_ = 1469598103934665603ull;
};

bool Monotonic(const std::vector<uint32_t>& v, size_t end) {
  return !v.empty() && v.front() == 0 && v.back() == end && std::is_sorted(v.begin(), v.end());
}

}  // namespace

// Access to NameIndex's arrays for the file code.
class NameIndexFile {
 public:
  // Calls fn on each array saved as is, in file order, while it returns true.
  template <typename X, typename Fn>
  static bool Sections(X* x, Fn&& fn) {
    return fn(x->part_arena_) && fn(x->part_offsets_) && fn(x->part_key_) && fn(x->ref_arena_) &&
           fn(x->ref_offsets_) && fn(x->key_arena_) && fn(x->key_offsets_) &&
           fn(x->key_parts_begin_) && fn(x->key_part_ids_) && fn(x->person_ids_) &&
           fn(x->births_) && fn(x->surname_begin_) && fn(x->entries_);
  }
  static bool Save(const NameIndex& x, Writer* w) {
    Sections(&x, [&](const auto& v) {
      w->Section(v);
      return true;
    });
    w->Section(x.key_deletes_.hashes());
    w->Section(x.key_deletes_.values());
    w->Section(x.text_deletes_.hashes());
    w->Section(x.text_deletes_.values());
    return w->ok();
  }
  static bool Load(NameIndex* x, Reader* r) {
    std::vector<uint64_t> key_hashes, text_hashes;
    std::vector<uint32_t> key_values, text_values;
    return Sections(x, [&](auto& v) { return r->Section(&v); }) && r->Section(&key_hashes) &&
           r->Section(&key_values) && r->Section(&text_hashes) && r->Section(&text_values) &&
           x->key_deletes_.Adopt(std::move(key_hashes), std::move(key_values)) &&
           x->text_deletes_.Adopt(std::move(text_hashes), std::move(text_values));
  }
  // Every id and offset inside its array.
  static bool Consistent(const NameIndex& x) {
    const size_t parts = x.part_key_.size(), keys = x.key_parts_begin_.size() - 1;
    if (x.key_parts_begin_.empty() || x.part_offsets_.size() != parts + 1 ||
        x.ref_offsets_.size() != parts + 1 || x.key_offsets_.size() != keys + 1 ||
        x.surname_begin_.size() != parts + 1 || x.births_.size() != x.person_ids_.size() ||
        x.key_part_ids_.size() != parts || x.person_ids_.size() >= NameIndex::kMainName ||
        !Monotonic(x.part_offsets_, x.part_arena_.size()) ||
        !Monotonic(x.ref_offsets_, x.ref_arena_.size()) ||
        !Monotonic(x.key_offsets_, x.key_arena_.size()) ||
        !Monotonic(x.key_parts_begin_, x.key_part_ids_.size()) ||
        !Monotonic(x.surname_begin_, x.entries_.size()) ||
        !std::is_sorted(x.person_ids_.begin(), x.person_ids_.end())) {
      return false;
    }
    bool ok = true;
    for (uint32_t k : x.part_key_) ok &= k < keys;
    for (uint32_t p : x.key_part_ids_) ok &= p < parts;
    for (uint32_t k : x.key_deletes_.values()) ok &= k < keys;
    for (uint32_t p : x.text_deletes_.values()) ok &= p < parts;
    const size_t persons = x.person_ids_.size();
    for (const NameIndex::Entry& e : x.entries_) {
      ok &= (e.person & ~NameIndex::kMainName) < persons &&
            (e.given == NameIndex::kNoPart || e.given < parts) &&
            (e.patronymic == NameIndex::kNoPart || e.patronymic < parts);
    }
    return ok;
  }
};

Status NameIndex::Save(const std::string& path, uint64_t version) const {
  std::string tmp = path + ".tmp";
  {
    File f(std::fopen(tmp.c_str(), "wb"));
    if (!f) return UnavailableError("cannot write " + tmp);
    Writer w(f.get());
    w.Raw(kMagic, sizeof kMagic);
    w.Value(kFormatVersion);
    w.Value(static_cast<uint32_t>(sizeof(Entry)));
    w.Value(version);
    bool ok = NameIndexFile::Save(*this, &w);
    uint64_t sum = w.sum();
    ok = ok && std::fwrite(&sum, 1, sizeof sum, f.get()) == sizeof sum;
    ok = ok && std::fflush(f.get()) == 0;
    if (!ok) {
      f.reset();
      std::remove(tmp.c_str());
      return ResourceExhaustedError("write failed: " + tmp);
    }
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) return UnavailableError("cannot rename " + tmp + ": " + ec.message());
  return Status();
}

Result<std::unique_ptr<NameIndex>> NameIndex::Load(const std::string& path,
                                                   uint64_t expected_version) {
  File f(std::fopen(path.c_str(), "rb"));
  if (!f) return NotFoundError("no name index at " + path);
  std::error_code ec;
  const uint64_t size = std::filesystem::file_size(path, ec);
  if (ec || size < sizeof kMagic + 16 + 8) return DataLossError(path + ": truncated name index");
  Reader r(f.get(), size - 8);
  char magic[8];
  uint32_t format = 0, entry_size = 0;
  uint64_t version = 0;
  if (!r.Raw(magic, sizeof magic) || std::memcmp(magic, kMagic, sizeof magic) != 0 ||
      !r.Value(&format) || !r.Value(&entry_size) || !r.Value(&version)) {
    return DataLossError(path + ": not a name index");
  }
  if (format != kFormatVersion || entry_size != sizeof(Entry)) {
    return FailedPreconditionError(path + ": name index of another format version");
  }
  if (version != expected_version) {
    return FailedPreconditionError(path + ": name index is out of date");
  }
  auto index = std::make_unique<NameIndex>();
  // Sections are read before the checksum is known, so a damaged length is
  // caught by the bounds check against the file size, everything else by
  // the checksum.
  bool whole = NameIndexFile::Load(index.get(), &r) && r.left() == 0;
  uint64_t stored_sum = 0;
  if (whole && std::fread(&stored_sum, 1, sizeof stored_sum, f.get()) != sizeof stored_sum) {
    whole = false;
  }
  if (!whole) return DataLossError(path + ": malformed name index");
  if (r.sum() != stored_sum) return DataLossError(path + ": name index checksum mismatch");
  if (!NameIndexFile::Consistent(*index)) {
    return DataLossError(path + ": inconsistent name index");
  }
  index->Derive();
  return index;
}

}  // namespace memoria::search
