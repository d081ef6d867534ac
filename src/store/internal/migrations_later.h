// Internal to store/: the schema's migrations from version 10 on (editing,
// sealed values, merges, second factors, case reviews, the ledger), kept
// apart from the first nine in schema.cc, which alone includes this file and
// lists every migration in order (docs/formats/schema.md, "Migrations").
#ifndef MEMORIA_STORE_INTERNAL_MIGRATIONS_LATER_H_
#define MEMORIA_STORE_INTERNAL_MIGRATIONS_LATER_H_

#include <string_view>

namespace memoria::store::migrations {

// Version 10: editing with citations and corrections from the public
// (docs/formats/schema.md, "Changes"). An editor's change never overwrites a
// fact: it is a row of "changes" (append-only but for its review columns),
// applied as a claim whose facts carry claim_id; a fact it corrects or
// retracts gets "retracted_by" (the change), which the views filter on, and
// keeps its row and values. A person can be retracted the same way. A
// visitor's correction or testimony waits in "corrections" without the
// sender's address.
inline constexpr std::string_view kV10 = R"sql(
CREATE TABLE changes(
  id INTEGER PRIMARY KEY,
  person_id INTEGER REFERENCES persons(id),
  kind TEXT NOT NULL CHECK (kind = 'add' OR kind = 'correct' OR kind = 'retract' OR kind = 'undo'),
  fact TEXT NOT NULL CHECK (fact = 'name' OR fact = 'event' OR fact = 'attribute' OR fact = 'person' OR fact = 'change'),
  target_id INTEGER,
  value TEXT NOT NULL DEFAULT '{}',
  citation TEXT NOT NULL CHECK (citation <> ''),
  reason TEXT NOT NULL DEFAULT '',
  author TEXT NOT NULL,
  created_at TEXT NOT NULL,
  visibility INTEGER NOT NULL DEFAULT 0 CHECK (visibility BETWEEN 0 AND 2),
  state TEXT NOT NULL DEFAULT 'pending' CHECK (state = 'pending' OR state = 'accepted' OR state = 'rejected'),
  reviewed_by TEXT NOT NULL DEFAULT '',
  reviewed_at TEXT NOT NULL DEFAULT '',
  claim_id INTEGER REFERENCES claims(id),
  new_fact_id INTEGER,
  undone_by INTEGER REFERENCES changes(id)
) STRICT;
CREATE INDEX changes_person ON changes(person_id);
CREATE INDEX changes_state ON changes(state, id);
CREATE TRIGGER changes_fixed
BEFORE UPDATE OF id, person_id, kind, fact, target_id, value, citation, reason, author, created_at
ON changes
BEGIN SELECT RAISE(ABORT, 'changes are append-only'); END;
CREATE TRIGGER changes_undeletable BEFORE DELETE ON changes
BEGIN SELECT RAISE(ABORT, 'changes are append-only'); END;
CREATE TRIGGER changes_changed AFTER UPDATE ON changes
BEGIN UPDATE counters SET value = value + 1 WHERE key = 'data_version'; END;

ALTER TABLE names ADD COLUMN retracted_by INTEGER REFERENCES changes(id);
ALTER TABLE events ADD COLUMN retracted_by INTEGER REFERENCES changes(id);
ALTER TABLE attributes ADD COLUMN retracted_by INTEGER REFERENCES changes(id);
ALTER TABLE persons ADD COLUMN retracted_by INTEGER REFERENCES changes(id);

CREATE TABLE corrections(
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES persons(id),
  kind TEXT NOT NULL CHECK (kind = 'correction' OR kind = 'testimony'),
  body TEXT NOT NULL CHECK (body <> ''),
  contact TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'pending' CHECK (state = 'pending' OR state = 'accepted' OR state = 'rejected'),
  note TEXT NOT NULL DEFAULT '',
  reviewed_by TEXT NOT NULL DEFAULT '',
  reviewed_at TEXT NOT NULL DEFAULT '',
  visibility INTEGER NOT NULL DEFAULT 1 CHECK (visibility BETWEEN 0 AND 2)
) STRICT;
CREATE INDEX corrections_person ON corrections(person_id);
CREATE INDEX corrections_state ON corrections(state, id);
CREATE TRIGGER corrections_undeletable BEFORE DELETE ON corrections
BEGIN SELECT RAISE(ABORT, 'corrections are kept'); END;
CREATE TRIGGER corrections_changed AFTER UPDATE ON corrections
BEGIN UPDATE counters SET value = value + 1 WHERE key = 'data_version'; END;
)sql";

// Version 11: sealed values (docs/formats/keys.md): encryption at rest of confidential
// values. A row whose effective visibility is confidential keeps its text
// (and the keys and dates derived from it) only as ciphertext in
// sealed_values, one row per column, and blanks the columns of its own
// table ("sealed" = 1). A record's raw and packed content may change only
// in the update that seals or unseals it; every other content column stays
// immutable.
inline constexpr std::string_view kSealedValues = R"sql(
CREATE TABLE sealed_values(
  tbl TEXT NOT NULL CHECK (tbl = 'names' OR tbl = 'events' OR tbl = 'attributes' OR tbl = 'records'),
  row_id INTEGER NOT NULL,
  col TEXT NOT NULL,
  box BLOB NOT NULL,
  PRIMARY KEY (tbl, row_id, col)
) STRICT, WITHOUT ROWID;
ALTER TABLE names ADD COLUMN sealed INTEGER NOT NULL DEFAULT 0 CHECK (sealed = 0 OR sealed = 1);
ALTER TABLE events ADD COLUMN sealed INTEGER NOT NULL DEFAULT 0 CHECK (sealed = 0 OR sealed = 1);
ALTER TABLE attributes ADD COLUMN sealed INTEGER NOT NULL DEFAULT 0 CHECK (sealed = 0 OR sealed = 1);
ALTER TABLE records ADD COLUMN sealed INTEGER NOT NULL DEFAULT 0 CHECK (sealed = 0 OR sealed = 1);
DROP TRIGGER records_immutable;
CREATE TRIGGER records_immutable
BEFORE UPDATE OF id, source_id, batch_id, position, external_id, content_hash, occurrence, layout_id
ON records
BEGIN SELECT RAISE(ABORT, 'source records are immutable'); END;
CREATE TRIGGER records_content_sealed_only
BEFORE UPDATE OF raw, packed ON records
WHEN NEW.sealed = OLD.sealed
BEGIN SELECT RAISE(ABORT, 'source records are immutable'); END;
)sql";

// Version 12: record linkage (docs/LINKAGE.md, docs/formats/schema.md
// "Merges"). A merge moves every fact and record of one person (the
// retired) to another (the survivor) and leaves persons.redirect_to, so the
// retired id keeps resolving. The rows it moved are listed in merge_moves,
// so a split puts back exactly those; a merge row is never deleted, and
// only its split columns change. link_decisions holds the pairs the linker
// proposed for review and what an editor decided of them: a rejected pair
// is never proposed again.
inline constexpr std::string_view kMerges = R"sql(
CREATE TABLE merges(
  id INTEGER PRIMARY KEY,
  survivor_id INTEGER NOT NULL REFERENCES persons(id),
  retired_id INTEGER NOT NULL REFERENCES persons(id),
  author TEXT NOT NULL,
  rule TEXT NOT NULL DEFAULT '',
  score REAL,
  citation TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  split_at TEXT NOT NULL DEFAULT '',
  split_by TEXT NOT NULL DEFAULT '',
  CHECK (survivor_id <> retired_id)
) STRICT;
CREATE INDEX merges_retired ON merges(retired_id);
CREATE INDEX merges_survivor ON merges(survivor_id);
CREATE TRIGGER merges_fixed
BEFORE UPDATE OF id, survivor_id, retired_id, author, rule, score, citation, created_at ON merges
BEGIN SELECT RAISE(ABORT, 'merges are append-only'); END;
CREATE TRIGGER merges_undeletable BEFORE DELETE ON merges
BEGIN SELECT RAISE(ABORT, 'merges are append-only'); END;

CREATE TABLE merge_moves(
  merge_id INTEGER NOT NULL REFERENCES merges(id),
  tbl TEXT NOT NULL,
  row_id INTEGER NOT NULL,
  PRIMARY KEY (merge_id, tbl, row_id)
) STRICT, WITHOUT ROWID;
CREATE TRIGGER merge_moves_fixed BEFORE UPDATE ON merge_moves
BEGIN SELECT RAISE(ABORT, 'merges are append-only'); END;
CREATE TRIGGER merge_moves_undeletable BEFORE DELETE ON merge_moves
BEGIN SELECT RAISE(ABORT, 'merges are append-only'); END;

CREATE TABLE link_decisions(
  id INTEGER PRIMARY KEY,
  person_a INTEGER NOT NULL REFERENCES persons(id),
  person_b INTEGER NOT NULL REFERENCES persons(id),
  probability REAL NOT NULL,
  weight REAL NOT NULL,
  fields TEXT NOT NULL DEFAULT '[]',
  rule TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'pending'
    CHECK (state = 'pending' OR state = 'accepted' OR state = 'rejected'),
  decided_by TEXT NOT NULL DEFAULT '',
  decided_at TEXT NOT NULL DEFAULT '',
  merge_id INTEGER REFERENCES merges(id),
  CHECK (person_a < person_b),
  UNIQUE (person_a, person_b)
) STRICT;
CREATE INDEX link_decisions_state ON link_decisions(state, probability);
CREATE TRIGGER link_decisions_changed AFTER UPDATE ON link_decisions
BEGIN UPDATE counters SET value = value + 1 WHERE key = 'data_version'; END;
)sql";

// Version 13: second factors (docs/SECURITY.md). An account's TOTP secret
// (RFC 6238), unconfirmed until a code typed from it proves the reader's
// app has it, and the last time step whose code was used (a code is never
// accepted twice). In an archive that seals, the secret is in
// sealed_values (tbl 'account_totp', col 'secret') and the column is ''.
// Recovery codes are kept only as salted BLAKE2b hashes (salt || hash),
// each used once. sealed_values is rebuilt to admit the new table name.
inline constexpr std::string_view kSecondFactors = R"sql(
CREATE TABLE account_totp(
  account_id INTEGER PRIMARY KEY REFERENCES accounts(id),
  secret TEXT NOT NULL,
  sealed INTEGER NOT NULL DEFAULT 0 CHECK (sealed = 0 OR sealed = 1),
  confirmed INTEGER NOT NULL DEFAULT 0 CHECK (confirmed = 0 OR confirmed = 1),
  last_step INTEGER NOT NULL DEFAULT -1,
  created_at TEXT NOT NULL
) STRICT;
CREATE TABLE recovery_codes(
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  hash BLOB NOT NULL,
  used_at TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX recovery_codes_account ON recovery_codes(account_id);
CREATE TABLE sealed_values_v12(
  tbl TEXT NOT NULL CHECK (tbl = 'names' OR tbl = 'events' OR tbl = 'attributes' OR tbl = 'records' OR tbl = 'account_totp'),
  row_id INTEGER NOT NULL,
  col TEXT NOT NULL,
  box BLOB NOT NULL,
  PRIMARY KEY (tbl, row_id, col)
) STRICT, WITHOUT ROWID;
INSERT INTO sealed_values_v12 SELECT tbl, row_id, col, box FROM sealed_values;
DROP TABLE sealed_values;
ALTER TABLE sealed_values_v12 RENAME TO sealed_values;
)sql";

// Version 14: the editorial workflow of cases (docs/formats/schema.md,
// "Editorial workflow"). A volunteer's draft of a case, a status change or
// an assessment is a row of its table in state 'draft' (in no view) that
// cites a claim; each step of its review (drafted, published, rejected) is
// a row of case_reviews, with author, time, citation and reason, never
// changed or deleted.
inline constexpr std::string_view kCaseReviews = R"sql(
CREATE TABLE case_reviews(
  id INTEGER PRIMARY KEY,
  item TEXT NOT NULL CHECK (item = 'case' OR item = 'assessment' OR item = 'status_change'),
  item_id INTEGER NOT NULL,
  person_id INTEGER NOT NULL REFERENCES persons(id),
  action TEXT NOT NULL CHECK (action = 'draft' OR action = 'publish' OR action = 'reject'),
  author TEXT NOT NULL CHECK (author <> ''),
  at TEXT NOT NULL,
  citation TEXT NOT NULL DEFAULT '',
  reason TEXT NOT NULL DEFAULT '',
  CHECK (action <> 'draft' OR citation <> '')
) STRICT;
CREATE INDEX case_reviews_item ON case_reviews(item, item_id, id);
CREATE TRIGGER case_reviews_fixed BEFORE UPDATE ON case_reviews
BEGIN SELECT RAISE(ABORT, 'case reviews are append-only'); END;
CREATE TRIGGER case_reviews_undeletable BEFORE DELETE ON case_reviews
BEGIN SELECT RAISE(ABORT, 'case reviews are append-only'); END;
)sql";

// Version 15: the ledger (docs/formats/ledger.md): one entry per committed
// write transaction, chained by hash, with the state digest of the
// archive's rows after it; the signed checkpoints; and each table's own
// digest, which names the table whose rows differ. Entries and
// checkpoints are append-only. The genesis entry, covering the rows the
// archive holds when it migrates, is written by Store::Migrate.
inline constexpr std::string_view kLedger = R"sql(
CREATE TABLE ledger(
  seq INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  kind TEXT NOT NULL,
  body TEXT NOT NULL,
  state BLOB NOT NULL,
  hash BLOB NOT NULL
) STRICT;
CREATE TRIGGER ledger_immutable BEFORE UPDATE ON ledger
BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
CREATE TRIGGER ledger_undeletable BEFORE DELETE ON ledger
BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
CREATE TABLE ledger_checkpoints(
  seq INTEGER PRIMARY KEY,
  hash BLOB NOT NULL,
  signed_at TEXT NOT NULL,
  key_id TEXT NOT NULL,
  public_key TEXT NOT NULL,
  signature BLOB NOT NULL
) STRICT;
CREATE TRIGGER ledger_checkpoints_immutable BEFORE UPDATE ON ledger_checkpoints
BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
CREATE TRIGGER ledger_checkpoints_undeletable BEFORE DELETE ON ledger_checkpoints
BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
CREATE TABLE ledger_tables(
  name TEXT PRIMARY KEY,
  rows INTEGER NOT NULL,
  state BLOB NOT NULL
) STRICT;
)sql";

// Version 16: every table that can hold a confidential value seals it
// (docs/formats/keys.md, "What is sealed"): claims, changes, corrections,
// places and their names, cases and their facts, publications, and the
// snapshots, versions and events of registers. These tables have no
// "sealed" column: a row of them is sealed when sealed_values holds its
// boxes (rebuilt here to admit the tables' names), and the boxes of a
// deleted row go with it (a reused row id never finds old boxes; the
// triggers are dropped first, so the migration also runs on an archive
// whose version was set back). The
// append-only columns of a change and a register's snapshot file may change
// only while the row has boxes: in the updates that seal and open it.
inline constexpr std::string_view kSealedEverywhere = R"sql(
DROP TRIGGER IF EXISTS changes_text_sealed_only;
DROP TRIGGER IF EXISTS register_snapshots_content_sealed_only;
DROP TRIGGER IF EXISTS claims_boxes_gone;
DROP TRIGGER IF EXISTS changes_boxes_gone;
DROP TRIGGER IF EXISTS corrections_boxes_gone;
DROP TRIGGER IF EXISTS places_boxes_gone;
DROP TRIGGER IF EXISTS place_names_boxes_gone;
DROP TRIGGER IF EXISTS cases_boxes_gone;
DROP TRIGGER IF EXISTS involvements_boxes_gone;
DROP TRIGGER IF EXISTS detentions_boxes_gone;
DROP TRIGGER IF EXISTS status_changes_boxes_gone;
DROP TRIGGER IF EXISTS assessments_boxes_gone;
DROP TRIGGER IF EXISTS publications_boxes_gone;
DROP TRIGGER IF EXISTS register_snapshots_boxes_gone;
DROP TRIGGER IF EXISTS register_versions_boxes_gone;
DROP TRIGGER IF EXISTS register_events_boxes_gone;
CREATE TABLE sealed_values_v16(
  tbl TEXT NOT NULL CHECK (tbl = 'names' OR tbl = 'events' OR tbl = 'attributes' OR tbl = 'records' OR tbl = 'account_totp' OR tbl = 'claims' OR tbl = 'changes' OR tbl = 'corrections' OR tbl = 'places' OR tbl = 'place_names' OR tbl = 'cases' OR tbl = 'involvements' OR tbl = 'detentions' OR tbl = 'status_changes' OR tbl = 'assessments' OR tbl = 'publications' OR tbl = 'register_snapshots' OR tbl = 'register_versions' OR tbl = 'register_events'),
  row_id INTEGER NOT NULL,
  col TEXT NOT NULL,
  box BLOB NOT NULL,
  PRIMARY KEY (tbl, row_id, col)
) STRICT, WITHOUT ROWID;
INSERT INTO sealed_values_v16 SELECT tbl, row_id, col, box FROM sealed_values;
DROP TABLE sealed_values;
ALTER TABLE sealed_values_v16 RENAME TO sealed_values;
DROP TRIGGER changes_fixed;
CREATE TRIGGER changes_fixed
BEFORE UPDATE OF id, person_id, kind, fact, target_id, author, created_at ON changes
BEGIN SELECT RAISE(ABORT, 'changes are append-only'); END;
CREATE TRIGGER changes_text_sealed_only
BEFORE UPDATE OF value, citation, reason ON changes
WHEN NOT EXISTS (SELECT 1 FROM sealed_values WHERE tbl = 'changes' AND row_id = OLD.id)
BEGIN SELECT RAISE(ABORT, 'changes are append-only'); END;
DROP TRIGGER register_snapshots_immutable;
CREATE TRIGGER register_snapshots_immutable
BEFORE UPDATE OF id, register_id, batch_id, as_of, as_of_day, file_name, file_sha256, columns,
  rows, content_bytes ON register_snapshots
BEGIN SELECT RAISE(ABORT, 'register snapshots are immutable'); END;
CREATE TRIGGER register_snapshots_content_sealed_only
BEFORE UPDATE OF content ON register_snapshots
WHEN NOT EXISTS (SELECT 1 FROM sealed_values WHERE tbl = 'register_snapshots' AND row_id = OLD.id)
BEGIN SELECT RAISE(ABORT, 'register snapshots are immutable'); END;
CREATE TRIGGER claims_boxes_gone AFTER DELETE ON claims
BEGIN DELETE FROM sealed_values WHERE tbl = 'claims' AND row_id = OLD.id; END;
CREATE TRIGGER changes_boxes_gone AFTER DELETE ON changes
BEGIN DELETE FROM sealed_values WHERE tbl = 'changes' AND row_id = OLD.id; END;
CREATE TRIGGER corrections_boxes_gone AFTER DELETE ON corrections
BEGIN DELETE FROM sealed_values WHERE tbl = 'corrections' AND row_id = OLD.id; END;
CREATE TRIGGER places_boxes_gone AFTER DELETE ON places
BEGIN DELETE FROM sealed_values WHERE tbl = 'places' AND row_id = OLD.id; END;
CREATE TRIGGER place_names_boxes_gone AFTER DELETE ON place_names
BEGIN DELETE FROM sealed_values WHERE tbl = 'place_names' AND row_id = OLD.id; END;
CREATE TRIGGER cases_boxes_gone AFTER DELETE ON cases
BEGIN DELETE FROM sealed_values WHERE tbl = 'cases' AND row_id = OLD.id; END;
CREATE TRIGGER involvements_boxes_gone AFTER DELETE ON involvements
BEGIN DELETE FROM sealed_values WHERE tbl = 'involvements' AND row_id = OLD.id; END;
CREATE TRIGGER detentions_boxes_gone AFTER DELETE ON detentions
BEGIN DELETE FROM sealed_values WHERE tbl = 'detentions' AND row_id = OLD.id; END;
CREATE TRIGGER status_changes_boxes_gone AFTER DELETE ON status_changes
BEGIN DELETE FROM sealed_values WHERE tbl = 'status_changes' AND row_id = OLD.id; END;
CREATE TRIGGER assessments_boxes_gone AFTER DELETE ON assessments
BEGIN DELETE FROM sealed_values WHERE tbl = 'assessments' AND row_id = OLD.id; END;
CREATE TRIGGER publications_boxes_gone AFTER DELETE ON publications
BEGIN DELETE FROM sealed_values WHERE tbl = 'publications' AND row_id = OLD.id; END;
CREATE TRIGGER register_snapshots_boxes_gone AFTER DELETE ON register_snapshots
BEGIN DELETE FROM sealed_values WHERE tbl = 'register_snapshots' AND row_id = OLD.id; END;
CREATE TRIGGER register_versions_boxes_gone AFTER DELETE ON register_versions
BEGIN DELETE FROM sealed_values WHERE tbl = 'register_versions' AND row_id = OLD.id; END;
CREATE TRIGGER register_events_boxes_gone AFTER DELETE ON register_events
BEGIN DELETE FROM sealed_values WHERE tbl = 'register_events' AND row_id = OLD.id; END;
)sql";

// Version 18: a confidential source's title and citation, the file name of
// its import batches and a confidential register's title, publisher and
// legal basis are sealed too (docs/formats/keys.md). The new tables join
// sealed_values' list; a deleted row takes its boxes with it. The triggers
// that name sealed_values keep naming it: the rename leaves them as they are
// (legacy_alter_table), so they need not be dropped and made again.
inline constexpr std::string_view kSealedDescriptors = R"sql(
PRAGMA legacy_alter_table = ON;
CREATE TABLE sealed_values_v18(
  tbl TEXT NOT NULL CHECK (tbl = 'names' OR tbl = 'events' OR tbl = 'attributes' OR tbl = 'records' OR tbl = 'account_totp' OR tbl = 'claims' OR tbl = 'changes' OR tbl = 'corrections' OR tbl = 'places' OR tbl = 'place_names' OR tbl = 'cases' OR tbl = 'involvements' OR tbl = 'detentions' OR tbl = 'status_changes' OR tbl = 'assessments' OR tbl = 'publications' OR tbl = 'register_snapshots' OR tbl = 'register_versions' OR tbl = 'register_events' OR tbl = 'sources' OR tbl = 'import_batches' OR tbl = 'registers'),
  row_id INTEGER NOT NULL,
  col TEXT NOT NULL,
  box BLOB NOT NULL,
  PRIMARY KEY (tbl, row_id, col)
) STRICT, WITHOUT ROWID;
INSERT INTO sealed_values_v18 SELECT tbl, row_id, col, box FROM sealed_values;
DROP TABLE sealed_values;
ALTER TABLE sealed_values_v18 RENAME TO sealed_values;
PRAGMA legacy_alter_table = OFF;
CREATE TRIGGER sources_boxes_gone AFTER DELETE ON sources
BEGIN DELETE FROM sealed_values WHERE tbl = 'sources' AND row_id = OLD.id; END;
CREATE TRIGGER import_batches_boxes_gone AFTER DELETE ON import_batches
BEGIN DELETE FROM sealed_values WHERE tbl = 'import_batches' AND row_id = OLD.id; END;
CREATE TRIGGER registers_boxes_gone AFTER DELETE ON registers
BEGIN DELETE FROM sealed_values WHERE tbl = 'registers' AND row_id = OLD.id; END;
)sql";

}  // namespace memoria::store::migrations

#endif  // MEMORIA_STORE_INTERNAL_MIGRATIONS_LATER_H_
