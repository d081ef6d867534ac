#include "store/internal/record_dictionary.h"

#include <zdict.h>
#include <zstd.h>

#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "store/internal/sqlite.h"
#include "store/record_codec.h"

namespace memoria::store {

namespace {

// zstd level 3 (its default): with a dictionary it compresses a record in a
// few microseconds; higher levels gain little on records this short.
constexpr int kLevel = 3;

// Reads the header of a compressed form: the dictionary's id, and the
// offset of the zstd frame.
Result<size_t> ReadHeader(std::string_view stored, int64_t* dict_id) {
  uint64_t id = 0;
  size_t at = 2;
  if (!ReadVarint(stored, &at, &id)) {
    return DataLossError("compressed record: its dictionary's id is cut short");
  }
  if (id == 0 || id > static_cast<uint64_t>(INT64_MAX)) {
    return DataLossError("compressed record: dictionary id " + std::to_string(id));
  }
  *dict_id = static_cast<int64_t>(id);
  return at;
}

Status Decompress(ZSTD_DCtx* dctx, const ZSTD_DDict* ddict, std::string_view frame,
                  std::string* out) {
  const unsigned long long size = ZSTD_getFrameContentSize(frame.data(), frame.size());
  if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN ||
      size > kMaxRecordBytes) {
    return DataLossError("compressed record: its frame is damaged");
  }
  out->resize(static_cast<size_t>(size));
  const size_t got =
      ZSTD_decompress_usingDDict(dctx, out->data(), out->size(), frame.data(), frame.size(), ddict);
  if (ZSTD_isError(got) || got != size) {
    return DataLossError(std::string("compressed record: ") +
                         (ZSTD_isError(got) ? ZSTD_getErrorName(got) : "short frame"));
  }
  return Status();
}

// The words of a field (split at spaces), as views into it.
void SplitWords(std::string_view field, std::vector<std::string_view>* words) {
  words->clear();
  size_t at = 0;
  while (at <= field.size()) {
    size_t end = field.find(' ', at);
    if (end == std::string_view::npos) end = field.size();
    if (end > at) words->push_back(field.substr(at, end - at));
    at = end + 1;
  }
}

}  // namespace

bool IsCompressedRecord(std::string_view stored) {
  return stored.size() >= 2 && static_cast<unsigned char>(stored[0]) == 0x80 && stored[1] == 0;
}

std::string TrainRecordDictionary(std::span<const std::string> samples) {
  // How many records each word and each pair of adjacent words occur in.
  std::unordered_map<std::string_view, int> words;
  std::unordered_map<std::string, int> pairs;
  std::vector<std::vector<std::string_view>> fields(samples.size());
  std::vector<std::string_view> split;
  for (size_t i = 0; i < samples.size(); ++i) {
    Result<std::vector<std::string_view>> f = UnpackFields(samples[i]);
    if (!f.ok()) continue;
    fields[i] = std::move(*f);
    std::unordered_set<std::string_view> seen_words;
    std::unordered_set<std::string> seen_pairs;
    for (std::string_view field : fields[i]) {
      SplitWords(field, &split);
      for (size_t w = 0; w < split.size(); ++w) {
        if (seen_words.insert(split[w]).second) ++words[split[w]];
        if (w > 0) {
          std::string pair(split[w - 1]);
          pair.push_back(' ');
          pair.append(split[w]);
          if (seen_pairs.insert(pair).second) ++pairs[std::move(pair)];
        }
      }
    }
  }
  // Each sample again with only those words; a run of kept words is kept
  // whole where each adjacent pair is common too, else split into fields.
  std::string text;
  std::vector<size_t> sizes;
  std::vector<std::string> kept;
  std::string run;
  std::string pair;
  for (const std::vector<std::string_view>& record : fields) {
    kept.clear();
    for (std::string_view field : record) {
      SplitWords(field, &split);
      run.clear();
      std::string_view previous;
      for (std::string_view word : split) {
        auto count = words.find(word);
        if (count == words.end() || count->second < kMinRecordsPerWord) {
          if (!run.empty()) kept.push_back(std::move(run));
          run.clear();
          previous = {};
          continue;
        }
        if (!run.empty()) {
          pair.assign(previous);
          pair.push_back(' ');
          pair.append(word);
          auto it = pairs.find(pair);
          if (it != pairs.end() && it->second >= kMinRecordsPerWord) {
            run.push_back(' ');
          } else {
            kept.push_back(std::move(run));
            run.clear();
          }
        }
        run.append(word);
        previous = word;
      }
      if (!run.empty()) kept.push_back(std::move(run));
      if (split.empty()) kept.push_back(std::string(field));  // "" and "None"
    }
    const size_t before = text.size();
    PackFields(std::span<const std::string>(kept), &text);
    sizes.push_back(text.size() - before);
  }
  if (text.empty()) return "";
  std::string dictionary(kRecordDictionaryBytes, '\0');
  const size_t size = ZDICT_trainFromBuffer(dictionary.data(), dictionary.size(), text.data(),
                                            sizes.data(), static_cast<unsigned>(sizes.size()));
  if (ZDICT_isError(size)) return "";  // too few samples, or nothing in common
  dictionary.resize(size);
  return dictionary;
}

// ---- RecordCompressor ------------------------------------------------------

struct RecordCompressor::Zstd {
  ZSTD_CCtx* cctx = nullptr;
  ZSTD_CDict* cdict = nullptr;
  ~Zstd() {
    ZSTD_freeCDict(cdict);
    ZSTD_freeCCtx(cctx);
  }
};

RecordCompressor::RecordCompressor(int64_t dict_id, std::unique_ptr<Zstd> zstd)
    : dict_id_(dict_id), zstd_(std::move(zstd)) {}
RecordCompressor::~RecordCompressor() = default;

Result<std::unique_ptr<RecordCompressor>> RecordCompressor::Create(int64_t dict_id,
                                                                   std::string_view dictionary) {
  auto zstd = std::make_unique<Zstd>();
  zstd->cctx = ZSTD_createCCtx();
  zstd->cdict = ZSTD_createCDict(dictionary.data(), dictionary.size(), kLevel);
  if (zstd->cctx == nullptr || zstd->cdict == nullptr) {
    return InternalError("zstd: cannot prepare record dictionary " + std::to_string(dict_id));
  }
  // The frame names no dictionary (the stored form does) and has no
  // checksum (the record's content hash checks it).
  ZSTD_CCtx_setParameter(zstd->cctx, ZSTD_c_contentSizeFlag, 1);
  ZSTD_CCtx_setParameter(zstd->cctx, ZSTD_c_checksumFlag, 0);
  ZSTD_CCtx_setParameter(zstd->cctx, ZSTD_c_dictIDFlag, 0);
  return std::unique_ptr<RecordCompressor>(new RecordCompressor(dict_id, std::move(zstd)));
}

Status RecordCompressor::Compress(std::string_view packed, std::string* out) {
  out->clear();
  out->push_back(static_cast<char>(0x80));
  out->push_back('\0');
  AppendVarint(static_cast<uint64_t>(dict_id_), out);
  const size_t header = out->size();
  out->resize(header + ZSTD_compressBound(packed.size()));
  if (size_t rc = ZSTD_CCtx_refCDict(zstd_->cctx, zstd_->cdict); ZSTD_isError(rc)) {
    return InternalError(std::string("zstd: ") + ZSTD_getErrorName(rc));
  }
  const size_t n = ZSTD_compress2(zstd_->cctx, out->data() + header, out->size() - header,
                                  packed.data(), packed.size());
  if (ZSTD_isError(n)) return InternalError(std::string("zstd: ") + ZSTD_getErrorName(n));
  out->resize(header + n);
  return Status();
}

// ---- RecordDictionaries ----------------------------------------------------

struct RecordDictionaries::Zstd {
  ZSTD_DCtx* dctx = nullptr;
  std::unordered_map<int64_t, ZSTD_DDict*> ddicts;
  void Clear() {
    for (auto& [id, d] : ddicts) ZSTD_freeDDict(d);
    ddicts.clear();
  }
  ~Zstd() {
    Clear();
    ZSTD_freeDCtx(dctx);
  }
};

RecordDictionaries::RecordDictionaries(Database* db) : db_(db), zstd_(std::make_unique<Zstd>()) {}
RecordDictionaries::~RecordDictionaries() = default;

void RecordDictionaries::Forget() { zstd_->Clear(); }

Result<std::string_view> RecordDictionaries::Unpack(std::string_view stored, std::string* scratch) {
  if (!IsCompressedRecord(stored)) return stored;
  int64_t id = 0;
  MEMORIA_ASSIGN_OR_RETURN(size_t at, ReadHeader(stored, &id));
  auto it = zstd_->ddicts.find(id);
  if (it == zstd_->ddicts.end()) {
    MEMORIA_ASSIGN_OR_RETURN(Statement st,
                             db_->Prepare("SELECT dict FROM record_dicts WHERE id = ?1"));
    st.Bind(1, id);
    MEMORIA_ASSIGN_OR_RETURN(bool found, st.Step());
    if (!found) {
      return DataLossError("compressed record: no record dictionary " + std::to_string(id));
    }
    const std::string_view dict = st.ColumnText(0);
    ZSTD_DDict* ddict = ZSTD_createDDict(dict.data(), dict.size());
    if (ddict == nullptr) {
      return DataLossError("record dictionary " + std::to_string(id) + " is damaged");
    }
    it = zstd_->ddicts.emplace(id, ddict).first;
  }
  if (zstd_->dctx == nullptr) zstd_->dctx = ZSTD_createDCtx();
  if (zstd_->dctx == nullptr) return InternalError("zstd: cannot allocate a context");
  MEMORIA_RETURN_IF_ERROR(Decompress(zstd_->dctx, it->second, stored.substr(at), scratch));
  return std::string_view(*scratch);
}

Status PackedRecordJson(RecordDictionaries* dicts, std::string_view packed_columns,
                        std::string_view stored, std::string* scratch, std::string* out) {
  MEMORIA_ASSIGN_OR_RETURN(std::string_view packed, dicts->Unpack(stored, scratch));
  return PackedRecordJson(packed_columns, packed, out);
}

Result<std::string> UnpackWithDictionary(std::string_view stored, std::string_view dictionary) {
  if (!IsCompressedRecord(stored)) return std::string(stored);
  int64_t id = 0;
  MEMORIA_ASSIGN_OR_RETURN(size_t at, ReadHeader(stored, &id));
  ZSTD_DDict* ddict = ZSTD_createDDict(dictionary.data(), dictionary.size());
  ZSTD_DCtx* dctx = ZSTD_createDCtx();
  std::string out;
  Status s = ddict == nullptr || dctx == nullptr ? InternalError("zstd: cannot allocate a context")
                                                 : Decompress(dctx, ddict, stored.substr(at), &out);
  ZSTD_freeDDict(ddict);
  ZSTD_freeDCtx(dctx);
  if (!s.ok()) return s;
  return out;
}

}  // namespace memoria::store
