// The archive's SQLite schema as numbered migrations. docs/formats/schema.md
// describes every table in prose; keep the two in step.
#ifndef MEMORIA_STORE_INTERNAL_SCHEMA_H_
#define MEMORIA_STORE_INTERNAL_SCHEMA_H_

#include <span>
#include <string_view>

namespace memoria::store {

// kMigrations[i] takes the schema from version i to version i + 1.
// PRAGMA user_version holds the current version. Never edit a migration that
// has shipped; add a new one.
std::span<const std::string_view> Migrations();

}  // namespace memoria::store

#endif  // MEMORIA_STORE_INTERNAL_SCHEMA_H_
