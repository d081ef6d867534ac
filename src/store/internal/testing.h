// Test seams of the store, for tests only (nothing in src/ includes this).
//
//   StoreTesting::FailWrite(store, n)  the store operation with number n
//                                      (0-based, counted from this call; the
//                                      reads of a write transaction count
//                                      too) fails with
//                                      kUnavailable, as a full disk or an I/O
//                                      error would; -1 turns it off
//   StoreTesting::Dump(store)          every row of every table, in order: two
//                                      archives with the same dump hold the
//                                      same data (the ledger's tables left
//                                      out: they say when, not what)
//   StoreTesting::Query*(store, sql)   a raw query, for assertions that the
//                                      public API cannot express
#ifndef MEMORIA_STORE_INTERNAL_TESTING_H_
#define MEMORIA_STORE_INTERNAL_TESTING_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "store/store.h"

namespace memoria::store {

class Database;

struct StoreTesting {
  // The store's connection (store/internal/sqlite.h), for tools that read
  // the archive's tables directly (bench/).
  static Database* Db(Store* store) { return store->db(); }
  static void FailWrite(Store* store, int64_t n) {
    store->fail_write_at_ = n < 0 ? -1 : store->writes_ + n;
  }
  static Result<std::string> Dump(Store* store);
  // True while any transaction (a Reader's snapshot too) is open on the
  // store's connection.
  static bool InTransaction(Store* store);
  static Result<int64_t> QueryInt(Store* store, std::string_view sql);
  static Result<std::vector<std::vector<std::string>>> Rows(Store* store, std::string_view sql);
  static Status Exec(Store* store, std::string_view sql);
};

}  // namespace memoria::store

#endif  // MEMORIA_STORE_INTERNAL_TESTING_H_
