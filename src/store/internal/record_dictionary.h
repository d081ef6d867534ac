// Compressed packed records (docs/formats/schema.md, "Compressed records").
// The packed values of one record (store/record_codec.h) are a few hundred
// bytes, too few for a compressor to find repeats in; but the records of one
// file repeat the same words (places, sentences, occupations, book titles)
// from row to row. A zstd dictionary (RFC 8878, section 5) learnt from a
// sample of a layout's records lets each record be compressed alone, to about
// a quarter of its size, and read alone (a person page decompresses only its
// own records).
//
// Stored form: the bytes 0x80 0x00 (a LEB128 zero written in two bytes,
// which PackFields never writes, so no plain packed record starts with
// them), the dictionary's id in record_dicts as an unsigned LEB128 varint,
// and one zstd frame that carries its content size.
//
// What a dictionary may hold: only words that occur in at least
// kMinRecordsPerWord distinct records of the sample, and a pair of such
// words side by side only when the pair itself occurs in that many records
// (TrainRecordDictionary): a name or an address that belongs to one or two
// persons never enters it, so a record later sealed as confidential leaves
// nothing of itself in clear there. Confidential records are neither sampled
// nor compressed (WriteTransaction::AddPackedRecord).
//
// Thread safety: RecordCompressor and RecordDictionaries are used by one
// thread at a time, like the Store that owns them.
#ifndef MEMORIA_STORE_INTERNAL_RECORD_DICTIONARY_H_
#define MEMORIA_STORE_INTERNAL_RECORD_DICTIONARY_H_

#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "core/result.h"

namespace memoria::store {

class Database;

// Records of a layout sampled before its dictionary is learnt; fewer in one
// import and the layout stays without one.
inline constexpr size_t kRecordDictionarySamples = 2000;
inline constexpr size_t kRecordDictionaryBytes = 64 * 1024;
inline constexpr int kMinRecordsPerWord = 5;
// The largest record a compressed form may expand to.
inline constexpr size_t kMaxRecordBytes = 16 * 1024 * 1024;

// True when "stored" is in the compressed form.
bool IsCompressedRecord(std::string_view stored);

// A dictionary learnt from "samples" (packed records of one layout), holding
// only words shared by kMinRecordsPerWord of them; "" when the samples have
// too little in common for zstd to learn from.
std::string TrainRecordDictionary(std::span<const std::string> samples);

// Compresses packed records with one dictionary.
class RecordCompressor {
 public:
  // REQUIRES: "dictionary" comes from TrainRecordDictionary (non-empty).
  static Result<std::unique_ptr<RecordCompressor>> Create(int64_t dict_id,
                                                          std::string_view dictionary);
  ~RecordCompressor();
  RecordCompressor(const RecordCompressor&) = delete;
  RecordCompressor& operator=(const RecordCompressor&) = delete;

  // The stored form of "packed" in *out (cleared first).
  Status Compress(std::string_view packed, std::string* out);

 private:
  struct Zstd;
  RecordCompressor(int64_t dict_id, std::unique_ptr<Zstd> zstd);
  int64_t dict_id_;
  std::unique_ptr<Zstd> zstd_;
};

// The dictionaries of an archive, read from record_dicts when first needed
// and kept (a dictionary, like the records, never changes; Forget() drops
// them when a write transaction that may have added one rolls back).
class RecordDictionaries {
 public:
  explicit RecordDictionaries(Database* db);
  ~RecordDictionaries();
  RecordDictionaries(const RecordDictionaries&) = delete;
  RecordDictionaries& operator=(const RecordDictionaries&) = delete;

  // The packed record that "stored" holds: "stored" itself when it is not
  // compressed, else its decompression in *scratch. kDataLoss when the
  // compressed form is damaged or names no dictionary of the archive.
  Result<std::string_view> Unpack(std::string_view stored, std::string* scratch);
  void Forget();

 private:
  struct Zstd;
  Database* db_;
  std::unique_ptr<Zstd> zstd_;
};

// The canonical content of a record (PackedRecordJson) whose packed values
// may be compressed; *scratch holds the decompressed values.
Status PackedRecordJson(RecordDictionaries* dicts, std::string_view packed_columns,
                        std::string_view stored, std::string* scratch, std::string* out);

// Decompresses "stored" with "dictionary" (its id in the stored form is not
// checked): for the fuzz target and tests, without an archive.
Result<std::string> UnpackWithDictionary(std::string_view stored, std::string_view dictionary);

}  // namespace memoria::store

#endif  // MEMORIA_STORE_INTERNAL_RECORD_DICTIONARY_H_
