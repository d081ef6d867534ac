#include "store/internal/schema.h"

namespace memoria::store {

namespace {

// CHECK constraints spell value sets as OR chains: SQLite evaluates an IN
// list of more than two constants through a temporary b-tree built on every
// row, which made inserts several times slower.
//
// Version 1: the foundation. Visibility: 0 public, 1 restricted,
// 2 confidential. Dates: EDTF text plus earliest/latest day as yyyymmdd.
constexpr std::string_view kV1 = R"sql(
CREATE TABLE meta(
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE sources(
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL UNIQUE,
  title TEXT NOT NULL,
  profile TEXT NOT NULL,
  citation TEXT NOT NULL DEFAULT '',
  language TEXT NOT NULL DEFAULT '',
  licence TEXT NOT NULL DEFAULT '',
  reliability INTEGER,
  visibility INTEGER NOT NULL DEFAULT 0 CHECK (visibility BETWEEN 0 AND 2),
  created_at TEXT NOT NULL
) STRICT;

CREATE TABLE import_batches(
  id INTEGER PRIMARY KEY,
  source_id INTEGER NOT NULL REFERENCES sources(id),
  profile TEXT NOT NULL,
  file_name TEXT NOT NULL,
  file_sha256 TEXT NOT NULL,
  started_at TEXT NOT NULL,
  finished_at TEXT NOT NULL DEFAULT '',
  rows_read INTEGER NOT NULL DEFAULT 0,
  records_added INTEGER NOT NULL DEFAULT 0,
  duplicates INTEGER NOT NULL DEFAULT 0,
  rows_rejected INTEGER NOT NULL DEFAULT 0,
  persons_added INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE records(
  id INTEGER PRIMARY KEY,
  source_id INTEGER NOT NULL REFERENCES sources(id),
  batch_id INTEGER NOT NULL REFERENCES import_batches(id),
  position INTEGER NOT NULL,
  external_id TEXT,
  content_hash BLOB NOT NULL,
  occurrence INTEGER NOT NULL DEFAULT 1,
  raw TEXT NOT NULL,
  visibility INTEGER NOT NULL DEFAULT 0 CHECK (visibility BETWEEN 0 AND 2),
  UNIQUE (source_id, content_hash, occurrence)
) STRICT;
CREATE INDEX records_external ON records(source_id, external_id) WHERE external_id IS NOT NULL;
CREATE TRIGGER records_immutable BEFORE UPDATE ON records
BEGIN SELECT RAISE(ABORT, 'source records are immutable'); END;
CREATE TRIGGER records_undeletable BEFORE DELETE ON records
BEGIN SELECT RAISE(ABORT, 'source records are immutable'); END;

CREATE TABLE persons(
  id INTEGER PRIMARY KEY,
  batch_id INTEGER REFERENCES import_batches(id),
  redirect_to INTEGER REFERENCES persons(id)
) STRICT;

CREATE TABLE person_records(
  person_id INTEGER NOT NULL REFERENCES persons(id),
  record_id INTEGER NOT NULL REFERENCES records(id),
  method TEXT NOT NULL CHECK (method = 'import' OR method = 'source-id' OR method = 'rule' OR method = 'editor'),
  score REAL,
  linked_by TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (person_id, record_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX person_records_record ON person_records(record_id);

CREATE TABLE claims(
  id INTEGER PRIMARY KEY,
  author TEXT NOT NULL,
  statement TEXT NOT NULL,
  citation TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  visibility INTEGER NOT NULL DEFAULT 0 CHECK (visibility BETWEEN 0 AND 2)
) STRICT;

CREATE TABLE names(
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES persons(id),
  record_id INTEGER REFERENCES records(id),
  claim_id INTEGER REFERENCES claims(id),
  kind TEXT NOT NULL CHECK (kind = 'main' OR kind = 'alias' OR kind = 'variant' OR kind = 'transliteration' OR kind = 'maiden'),
  surname TEXT NOT NULL DEFAULT '',
  given TEXT NOT NULL DEFAULT '',
  patronymic TEXT NOT NULL DEFAULT '',
  script TEXT NOT NULL DEFAULT '',
  norm_surname TEXT NOT NULL DEFAULT '',
  norm_given TEXT NOT NULL DEFAULT '',
  norm_patronymic TEXT NOT NULL DEFAULT '',
  visibility INTEGER NOT NULL DEFAULT 0 CHECK (visibility BETWEEN 0 AND 2),
  CHECK ((record_id IS NULL) <> (claim_id IS NULL))
) STRICT;
CREATE INDEX names_person ON names(person_id);
CREATE INDEX names_norm_surname ON names(norm_surname);

CREATE TABLE places(
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  kind TEXT NOT NULL DEFAULT '',
  parent_id INTEGER REFERENCES places(id),
  lat REAL,
  lon REAL
) STRICT;

CREATE TABLE place_names(
  id INTEGER PRIMARY KEY,
  place_id INTEGER NOT NULL REFERENCES places(id),
  name TEXT NOT NULL,
  norm TEXT NOT NULL,
  lang TEXT NOT NULL DEFAULT 'ru',
  valid_from TEXT NOT NULL DEFAULT '',
  valid_to TEXT NOT NULL DEFAULT '',
  record_id INTEGER REFERENCES records(id),
  claim_id INTEGER REFERENCES claims(id)
) STRICT;
CREATE INDEX place_names_norm ON place_names(norm);

CREATE TABLE events(
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES persons(id),
  record_id INTEGER REFERENCES records(id),
  claim_id INTEGER REFERENCES claims(id),
  type TEXT NOT NULL CHECK (type = 'birth' OR type = 'arrest' OR type = 'charge' OR type = 'trial' OR type = 'sentence' OR type = 'execution' OR type = 'death' OR type = 'burial' OR type = 'release' OR type = 'rehabilitation' OR type = 'designation'),
  date TEXT NOT NULL DEFAULT '',
  date_min INTEGER,
  date_max INTEGER,
  date_text TEXT NOT NULL DEFAULT '',
  place TEXT NOT NULL DEFAULT '',
  place_id INTEGER REFERENCES places(id),
  body TEXT NOT NULL DEFAULT '',
  article TEXT NOT NULL DEFAULT '',
  sentence TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  visibility INTEGER NOT NULL DEFAULT 0 CHECK (visibility BETWEEN 0 AND 2),
  CHECK ((record_id IS NULL) <> (claim_id IS NULL))
) STRICT;
CREATE INDEX events_person ON events(person_id);

CREATE TABLE attributes(
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES persons(id),
  record_id INTEGER REFERENCES records(id),
  claim_id INTEGER REFERENCES claims(id),
  kind TEXT NOT NULL,
  value TEXT NOT NULL,
  visibility INTEGER NOT NULL DEFAULT 0 CHECK (visibility BETWEEN 0 AND 2),
  CHECK ((record_id IS NULL) <> (claim_id IS NULL))
) STRICT;
CREATE INDEX attributes_person ON attributes(person_id);
)sql";

// Version 2: the website's lists. Persons by event type and date (browse by
// date of execution or arrest, reading lists, the chart of the home page).
constexpr std::string_view kV2 = R"sql(
CREATE INDEX events_type_date ON events(type, date_min);
)sql";

// Version 3: the sealed store. A person can be hidden (persons.visibility);
// a record's visibility can change while its content stays immutable; the
// data and names versions are counters that every committed write moves
// (WriteTransaction::Commit), and that these triggers also move for updates
// and deletions made by any other path. "names_removed" moves only when
// something the name index holds may have been taken away (a visibility
// change, an update, a deletion): an index older only by additions hides
// nothing it should, and may answer while its successor is built.
constexpr std::string_view kV3 = R"sql(
ALTER TABLE persons ADD COLUMN visibility INTEGER NOT NULL DEFAULT 0
  CHECK (visibility BETWEEN 0 AND 2);
DROP TRIGGER records_immutable;
CREATE TRIGGER records_immutable
BEFORE UPDATE OF id, source_id, batch_id, position, external_id, content_hash, occurrence, raw
ON records
BEGIN SELECT RAISE(ABORT, 'source records are immutable'); END;

CREATE TABLE counters(
  key TEXT PRIMARY KEY,
  value INTEGER NOT NULL
) STRICT;
INSERT INTO counters(key, value)
  VALUES ('data_version', 1), ('names_version', 1), ('names_removed', 1);
DELETE FROM meta WHERE key = 'name_index_epoch';

CREATE TRIGGER sources_changed AFTER UPDATE ON sources
BEGIN UPDATE counters SET value = value + 1; END;
CREATE TRIGGER sources_deleted AFTER DELETE ON sources
BEGIN UPDATE counters SET value = value + 1; END;
CREATE TRIGGER records_changed AFTER UPDATE OF visibility ON records
BEGIN UPDATE counters SET value = value + 1; END;
CREATE TRIGGER claims_changed AFTER UPDATE ON claims
BEGIN UPDATE counters SET value = value + 1; END;
CREATE TRIGGER claims_deleted AFTER DELETE ON claims
BEGIN UPDATE counters SET value = value + 1; END;
CREATE TRIGGER persons_changed AFTER UPDATE ON persons
BEGIN UPDATE counters SET value = value + 1; END;
CREATE TRIGGER persons_deleted AFTER DELETE ON persons
BEGIN UPDATE counters SET value = value + 1; END;
CREATE TRIGGER person_records_deleted AFTER DELETE ON person_records
BEGIN UPDATE counters SET value = value + 1; END;
CREATE TRIGGER names_changed AFTER UPDATE ON names
BEGIN UPDATE counters SET value = value + 1; END;
CREATE TRIGGER names_deleted AFTER DELETE ON names
BEGIN UPDATE counters SET value = value + 1; END;
CREATE TRIGGER events_changed AFTER UPDATE ON events
BEGIN UPDATE counters SET value = value + 1; END;
CREATE TRIGGER events_deleted AFTER DELETE ON events
BEGIN UPDATE counters SET value = value + 1; END;
CREATE TRIGGER attributes_changed AFTER UPDATE ON attributes
BEGIN UPDATE counters SET value = value + 1 WHERE key = 'data_version'; END;
CREATE TRIGGER attributes_deleted AFTER DELETE ON attributes
BEGIN UPDATE counters SET value = value + 1 WHERE key = 'data_version'; END;
CREATE TRIGGER places_changed AFTER UPDATE ON places
BEGIN UPDATE counters SET value = value + 1 WHERE key = 'data_version'; END;
CREATE TRIGGER places_deleted AFTER DELETE ON places
BEGIN UPDATE counters SET value = value + 1 WHERE key = 'data_version'; END;
CREATE TRIGGER place_names_changed AFTER UPDATE ON place_names
BEGIN UPDATE counters SET value = value + 1 WHERE key = 'data_version'; END;
CREATE TRIGGER place_names_deleted AFTER DELETE ON place_names
BEGIN UPDATE counters SET value = value + 1 WHERE key = 'data_version'; END;
)sql";

// Version 4: imports that can be taken back. A batch retracted by
// `memoria batch undo` keeps its rows; the views leave out its records and
// every fact read from them (store/views.cc). Batches are found by the
// SHA-256 of their file, so a renamed copy of a file is recognised.
constexpr std::string_view kV4 = R"sql(
ALTER TABLE import_batches ADD COLUMN retracted_at TEXT;
CREATE INDEX import_batches_sha ON import_batches(file_sha256);
CREATE TRIGGER import_batches_changed AFTER UPDATE ON import_batches
WHEN OLD.retracted_at IS NOT NEW.retracted_at
BEGIN UPDATE counters SET value = value + 1; END;
)sql";

// Version 10: accounts and the audit log (src/auth/, docs/SECURITY.md). An
// account's password is kept only as an Argon2id hash in the encoded form
// of libsodium's crypto_pwhash_str, which carries its own parameters. The
// audit log is append-only: triggers refuse to change or delete an entry.
constexpr std::string_view kV10 = R"sql(
CREATE TABLE accounts(
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL CHECK (role = 'reader' OR role = 'volunteer' OR role = 'editor' OR role = 'admin'),
  password_hash TEXT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled = 0 OR disabled = 1),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE audit_log(
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  account TEXT NOT NULL,
  action TEXT NOT NULL,
  route TEXT NOT NULL DEFAULT '',
  subject TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE TRIGGER audit_log_immutable BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_undeletable BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
)sql";

constexpr std::string_view kAll[] = {kV1, kV2, kV3, kV4, kV10};

}  // namespace

std::span<const std::string_view> Migrations() { return kAll; }

}  // namespace memoria::store
