// Internal to store/: the tables and columns that hold confidential values
// sealed at rest (docs/formats/keys.md, "What is sealed"), the rule that
// says when a row of each is confidential, and the SQL function by which a
// query reads a sealed column as its plaintext (or as kLockedValue without
// the key).
//
// Two kinds of table. The fact tables of the first sealing migration
// (names, events, attributes, records) carry a "sealed" column, and their
// readers open the values in C++ (reader_seal.cc). Every other table that
// can hold a confidential value (claims, changes, corrections, places,
// cases and their facts, publications, registers' snapshots, versions and
// events) has no such column: a row of it is sealed exactly when it has
// rows in sealed_values (every sealed column gets one, empty values too),
// and its readers read it through memoria_open (OpenedColumnSql), which the
// confidential views use for every sealed column.
#ifndef MEMORIA_STORE_INTERNAL_SEALED_TABLES_H_
#define MEMORIA_STORE_INTERNAL_SEALED_TABLES_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace memoria::store {

class ArchiveKey;
class Database;

enum class SealedKind { kText, kInteger, kBlob };

struct SealedColumn {
  const char* name;
  SealedKind kind;
  // What the row holds while sealed (an SQL literal): '' for text, NULL
  // for integers and BLOBs, or a non-empty text where a CHECK wants one.
  const char* blank;
};

struct SealedTable {
  const char* name;
  std::vector<SealedColumn> columns;
  // An SQL condition on row "f" of the table: it is confidential.
  std::string confidential;
};

// The sealed tables without a "sealed" column (seal.cc lists the others).
const std::vector<SealedTable>& SealedTables();
// The table named "name", or nullptr.
const SealedTable* FindSealedTable(std::string_view name);

// An SQL expression reading column "column" of the row "alias" of "table"
// as its plaintext: the column itself when the row is not sealed.
std::string OpenedColumnSql(std::string_view table, std::string_view column,
                            std::string_view alias);

// "sql" with every marker OPENED(table,column,alias) (no spaces) turned
// into OpenedColumnSql(table, column, alias) when "open", else into
// "alias.column" (a reader below the confidential ceiling, which sees no
// sealed row).
std::string ExpandOpened(std::string_view sql, bool open);

// The select list "alias.c1, alias.c2, ..." of every column of "table",
// each sealed column read through OpenedColumnSql (and named as itself).
Result<std::string> OpenedSelectList(Database* db, std::string_view table, std::string_view alias);

// Installs memoria_open on "db": it opens with *key (null: locked).
Status InstallOpener(Database* db, const std::unique_ptr<ArchiveKey>* key);

}  // namespace memoria::store

#endif  // MEMORIA_STORE_INTERNAL_SEALED_TABLES_H_
