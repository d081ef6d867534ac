// Saving and loading NameIndex: the format is docs/formats/name-index.md.
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <type_traits>

#include "search/name_index.h"

namespace memoria::search {

namespace {

constexpr char kMagic[8] = {'M', 'E', 'M', 'N', 'I', 'D', 'X', '1'};
constexpr uint32_t kFormatVersion = 2;

uint64_t Fnv(const char* data, size_t size, uint64_t h = 1469598103934665603ull) {
  for (size_t i = 0; i < size; ++i) {
    h ^= static_cast<unsigned char>(data[i]);
    h *= 1099511628211ull;
  }
  return h;
}

class Writer {
 public:
  void Raw(const void* data, size_t size) { out_.append(static_cast<const char*>(data), size); }
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
  std::string& out() { return out_; }

 private:
  std::string out_;
};

class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  bool Raw(void* data, size_t size) {
    if (in_.size() - pos_ < size) return false;
    std::memcpy(data, in_.data() + pos_, size);
    pos_ += size;
    return true;
  }
  template <typename T>
  bool Value(T* v) {
    return Raw(v, sizeof *v);
  }
  template <typename V>
  bool Section(V* v) {
    uint64_t bytes = 0;
    if (!Value(&bytes) || bytes % sizeof((*v)[0]) != 0 || bytes > in_.size() - pos_) return false;
    v->resize(bytes / sizeof((*v)[0]));
    return Raw(v->data(), bytes);
  }
  bool at_end() const { return pos_ == in_.size(); }

 private:
  std::string_view in_;
  size_t pos_ = 0;
};

}  // namespace

Status NameIndex::Save(const std::string& path, uint64_t version) const {
  Writer w;
  w.Raw(kMagic, sizeof kMagic);
  w.Value(kFormatVersion);
  w.Value(static_cast<uint32_t>(sizeof(Entry)));
  w.Value(version);
  w.Section(part_arena_);
  w.Section(part_offsets_);
  w.Section(part_key_);
  w.Section(part_surnames_);
  w.Section(key_arena_);
  w.Section(key_offsets_);
  w.Section(key_parts_begin_);
  w.Section(key_part_ids_);
  w.Section(delete_hashes_);
  w.Section(delete_keys_);
  w.Section(text_delete_hashes_);
  w.Section(text_delete_parts_);
  w.Section(entries_);
  w.Section(surname_begin_);
  w.Section(surname_entries_);
  uint64_t sum = Fnv(w.out().data(), w.out().size());
  w.Value(sum);

  std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return UnavailableError("cannot write " + tmp);
    out.write(w.out().data(), static_cast<std::streamsize>(w.out().size()));
    out.flush();
    if (!out) return ResourceExhaustedError("write failed: " + tmp);
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) return UnavailableError("cannot rename " + tmp + ": " + ec.message());
  return Status();
}

Result<std::unique_ptr<NameIndex>> NameIndex::Load(const std::string& path,
                                                   uint64_t expected_version) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFoundError("no name index at " + path);
  std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (data.size() < sizeof kMagic + 16 + 8) return DataLossError(path + ": truncated name index");
  uint64_t stored_sum;
  std::memcpy(&stored_sum, data.data() + data.size() - 8, 8);
  if (Fnv(data.data(), data.size() - 8) != stored_sum) {
    return DataLossError(path + ": name index checksum mismatch");
  }
  Reader r(std::string_view(data).substr(0, data.size() - 8));
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
  bool ok = r.Section(&index->part_arena_) && r.Section(&index->part_offsets_) &&
            r.Section(&index->part_key_) && r.Section(&index->part_surnames_) &&
            r.Section(&index->key_arena_) && r.Section(&index->key_offsets_) &&
            r.Section(&index->key_parts_begin_) && r.Section(&index->key_part_ids_) &&
            r.Section(&index->delete_hashes_) && r.Section(&index->delete_keys_) &&
            r.Section(&index->text_delete_hashes_) && r.Section(&index->text_delete_parts_) &&
            r.Section(&index->entries_) && r.Section(&index->surname_begin_) &&
            r.Section(&index->surname_entries_) && r.at_end();
  if (!ok) return DataLossError(path + ": malformed name index");
  // Cross-check the array sizes every query relies on.
  const size_t parts = index->distinct_parts(), keys = index->distinct_keys();
  ok = index->part_key_.size() == parts && index->part_surnames_.size() == parts &&
       index->key_parts_begin_.size() == keys + 1 && index->surname_begin_.size() == parts + 1 &&
       index->delete_hashes_.size() == index->delete_keys_.size() &&
       index->text_delete_hashes_.size() == index->text_delete_parts_.size() &&
       (parts == 0 || index->part_offsets_.back() == index->part_arena_.size()) &&
       (keys == 0 || index->key_offsets_.back() == index->key_arena_.size()) &&
       (index->surname_begin_.empty() ||
        index->surname_begin_.back() == index->surname_entries_.size()) &&
       (index->key_parts_begin_.empty() ||
        index->key_parts_begin_.back() == index->key_part_ids_.size());
  auto monotonic = [](const std::vector<uint32_t>& v) {
    return std::is_sorted(v.begin(), v.end());
  };
  ok = ok && monotonic(index->part_offsets_) && monotonic(index->key_offsets_) &&
       monotonic(index->key_parts_begin_) && monotonic(index->surname_begin_) &&
       (index->part_offsets_.empty() || index->part_offsets_.front() == 0) &&
       (index->key_offsets_.empty() || index->key_offsets_.front() == 0);
  for (uint32_t k : index->part_key_) ok = ok && k < keys;
  for (uint32_t k : index->delete_keys_) ok = ok && k < keys;
  for (uint32_t p : index->text_delete_parts_) ok = ok && p < parts;
  for (uint32_t e : index->surname_entries_) ok = ok && e < index->entries_.size();
  for (uint32_t p : index->key_part_ids_) ok = ok && p < parts;
  for (const Entry& e : index->entries_) {
    ok = ok && (e.surname == kNoPart || e.surname < parts) &&
         (e.given == kNoPart || e.given < parts) &&
         (e.patronymic == kNoPart || e.patronymic < parts);
  }
  if (!ok) return DataLossError(path + ": inconsistent name index");
  return index;
}

}  // namespace memoria::search
