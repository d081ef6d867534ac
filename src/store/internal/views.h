// The visibility filter, defined once (DESIGN §6). For a ceiling c (0
// public, 1 restricted, 2 confidential) it makes TEMP views named
// visible<c>_<table>:
//
//   visible<c>_sources      sources at or below c
//   visible<c>_claims       claims at or below c
//   visible<c>_records      records at or below c, of a visible source
//   visible<c>_persons      unmerged persons at or below c with a visible name
//   visible<c>_names        facts at or below c whose record (and its source)
//   visible<c>_events       or claim, and whose person, are at or below c;
//   visible<c>_attributes   events and attributes also need a visible name of
//                           their person
//   visible<c>_place_names  names of places whose record or claim is visible
//   visible<c>_places       places with at least one visible name
//   visible<c>_registers    registers at or below c, of a visible source
//   visible<c>_register_snapshots, _entries, _versions, _events: of a
//                           visible register; entries at or below c, and
//                           the versions and events of visible entries
//
// The ceiling is part of each view's text, not connection state: Readers of
// different ceilings may share one connection and never see each other's.
#ifndef MEMORIA_STORE_INTERNAL_VIEWS_H_
#define MEMORIA_STORE_INTERNAL_VIEWS_H_

#include <functional>
#include <string>
#include <string_view>

namespace memoria::store {

// The select list of a view over "table" whose row alias is "alias"
// ("alias.*" when not given; the confidential ceiling opens sealed columns,
// internal/sealed_tables.h).
using SelectList = std::function<std::string(std::string_view table, std::string_view alias)>;

// CREATE TEMP VIEW IF NOT EXISTS statements for ceiling "c".
std::string VisibilityViewsSql(int c, const SelectList& select = nullptr);

// "sql" with every "visible_" table name turned into the views of ceiling
// "c" ("visible_names" -> "visible0_names").
std::string ForCeiling(std::string_view sql, int c);

}  // namespace memoria::store

#endif  // MEMORIA_STORE_INTERNAL_VIEWS_H_
