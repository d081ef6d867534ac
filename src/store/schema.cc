#include "store/internal/schema.h"

#include "store/internal/migrations_later.h"

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

// Version 5: packed records. A file's column names are stored once
// (record_layouts.columns, in the encoding of store/record_codec.h); a record
// with a layout keeps its values in records.packed and '' in records.raw, and
// its canonical content (the JSON object that raw holds for a record without
// a layout, and whose SHA-256 is content_hash) is rebuilt from the two.
// Records written before stay as they are. Layouts are immutable like the
// records that use them.
constexpr std::string_view kV5 = R"sql(
CREATE TABLE record_layouts(
  id INTEGER PRIMARY KEY,
  columns BLOB NOT NULL UNIQUE
) STRICT;
CREATE TRIGGER record_layouts_immutable BEFORE UPDATE ON record_layouts
BEGIN SELECT RAISE(ABORT, 'source records are immutable'); END;
CREATE TRIGGER record_layouts_undeletable BEFORE DELETE ON record_layouts
BEGIN SELECT RAISE(ABORT, 'source records are immutable'); END;
ALTER TABLE records ADD COLUMN layout_id INTEGER REFERENCES record_layouts(id);
ALTER TABLE records ADD COLUMN packed BLOB;
DROP TRIGGER records_immutable;
CREATE TRIGGER records_immutable
BEFORE UPDATE OF id, source_id, batch_id, position, external_id, content_hash, occurrence, raw,
  layout_id, packed
ON records
BEGIN SELECT RAISE(ABORT, 'source records are immutable'); END;
)sql";

// Version 6: registers of persecution (docs/formats/registers.md). A
// register is published as dated snapshots, each kept verbatim; its entries
// are identified by the register's own number; every field of an entry is
// versioned by the snapshots in which it held, and the events (included,
// changed, excluded, re-included) are derived from the snapshots. The
// versions and events are derived data: an import rewrites them for the
// register from all its snapshots, so the history does not depend on the
// order in which snapshots arrive. A register rests on a source (its
// visibility hides the whole register); an entry can be hidden by itself.
constexpr std::string_view kV6 = R"sql(
CREATE TABLE registers(
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL UNIQUE,
  source_id INTEGER NOT NULL REFERENCES sources(id),
  title TEXT NOT NULL,
  publisher TEXT NOT NULL DEFAULT '',
  legal_basis TEXT NOT NULL DEFAULT '',
  profile TEXT NOT NULL,
  visibility INTEGER NOT NULL DEFAULT 0 CHECK (visibility BETWEEN 0 AND 2),
  created_at TEXT NOT NULL
) STRICT;

CREATE TABLE register_snapshots(
  id INTEGER PRIMARY KEY,
  register_id INTEGER NOT NULL REFERENCES registers(id),
  batch_id INTEGER NOT NULL REFERENCES import_batches(id),
  as_of TEXT NOT NULL,
  as_of_day INTEGER NOT NULL,
  file_name TEXT NOT NULL,
  file_sha256 TEXT NOT NULL,
  columns TEXT NOT NULL,
  rows INTEGER NOT NULL,
  content_bytes INTEGER NOT NULL,
  content BLOB NOT NULL,
  UNIQUE (register_id, as_of),
  UNIQUE (register_id, file_sha256)
) STRICT;
CREATE TRIGGER register_snapshots_immutable BEFORE UPDATE ON register_snapshots
BEGIN SELECT RAISE(ABORT, 'register snapshots are immutable'); END;
CREATE TRIGGER register_snapshots_undeletable BEFORE DELETE ON register_snapshots
BEGIN SELECT RAISE(ABORT, 'register snapshots are immutable'); END;

CREATE TABLE register_entries(
  id INTEGER PRIMARY KEY,
  register_id INTEGER NOT NULL REFERENCES registers(id),
  number TEXT NOT NULL,
  sort_key INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (kind = 'person' OR kind = 'organisation'),
  person_id INTEGER REFERENCES persons(id),
  visibility INTEGER NOT NULL DEFAULT 0 CHECK (visibility BETWEEN 0 AND 2),
  UNIQUE (register_id, number)
) STRICT;
CREATE INDEX register_entries_person ON register_entries(person_id) WHERE person_id IS NOT NULL;

CREATE TABLE register_versions(
  id INTEGER PRIMARY KEY,
  entry_id INTEGER NOT NULL REFERENCES register_entries(id),
  field TEXT NOT NULL,
  value TEXT NOT NULL,
  first_snapshot INTEGER NOT NULL REFERENCES register_snapshots(id),
  last_snapshot INTEGER NOT NULL REFERENCES register_snapshots(id),
  first_day INTEGER NOT NULL,
  last_day INTEGER NOT NULL
) STRICT;
CREATE INDEX register_versions_entry ON register_versions(entry_id, field, first_day);
CREATE INDEX register_versions_days ON register_versions(first_day, last_day);

CREATE TABLE register_events(
  id INTEGER PRIMARY KEY,
  entry_id INTEGER NOT NULL REFERENCES register_entries(id),
  kind TEXT NOT NULL CHECK (kind = 'included' OR kind = 'changed' OR kind = 'excluded'
                            OR kind = 'reincluded'),
  snapshot_id INTEGER NOT NULL REFERENCES register_snapshots(id),
  day INTEGER NOT NULL,
  date TEXT NOT NULL DEFAULT '',
  date_min INTEGER,
  field TEXT NOT NULL DEFAULT '',
  before TEXT NOT NULL DEFAULT '',
  after TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX register_events_entry ON register_events(entry_id, day);
CREATE INDEX register_events_day ON register_events(day);

CREATE TRIGGER registers_changed AFTER UPDATE ON registers
BEGIN UPDATE counters SET value = value + 1 WHERE key = 'data_version'; END;
CREATE TRIGGER register_entries_changed AFTER UPDATE ON register_entries
BEGIN UPDATE counters SET value = value + 1 WHERE key = 'data_version'; END;
)sql";

// Version 7: cases and the political-prisoners list (docs/formats/schema.md,
// "Cases"). A case is a prosecution with its articles; involvements tie it
// to persons (the prosecuted, the judge, ...); detentions, status changes
// and assessments are dated facts of a person (of a case when known);
// publications are the statements and news of the archive, linked to
// persons and cases. Every row carries provenance (a record or a claim,
// exactly one) and a visibility like every fact; "state" keeps an editor's
// draft out of every visible_* view until it is published.
constexpr std::string_view kV7 = R"sql(
CREATE TABLE cases(
  id INTEGER PRIMARY KEY,
  record_id INTEGER REFERENCES records(id),
  claim_id INTEGER REFERENCES claims(id),
  title TEXT NOT NULL DEFAULT '',
  case_group TEXT NOT NULL DEFAULT '',
  region TEXT NOT NULL DEFAULT '',
  court TEXT NOT NULL DEFAULT '',
  investigator TEXT NOT NULL DEFAULT '',
  opened TEXT NOT NULL DEFAULT '',
  detained TEXT NOT NULL DEFAULT '',
  detained_day INTEGER,
  charged TEXT NOT NULL DEFAULT '',
  verdict TEXT NOT NULL DEFAULT '',
  verdict_day INTEGER,
  appeal TEXT NOT NULL DEFAULT '',
  released TEXT NOT NULL DEFAULT '',
  restraint TEXT NOT NULL DEFAULT '',
  sentence TEXT NOT NULL DEFAULT '',
  sentence_months INTEGER,
  sentence_kind TEXT NOT NULL DEFAULT '',
  state TEXT NOT NULL DEFAULT 'published' CHECK (state = 'published' OR state = 'draft'),
  visibility INTEGER NOT NULL DEFAULT 0 CHECK (visibility BETWEEN 0 AND 2),
  CHECK ((record_id IS NULL) <> (claim_id IS NULL))
) STRICT;

CREATE TABLE case_articles(
  id INTEGER PRIMARY KEY,
  case_id INTEGER NOT NULL REFERENCES cases(id),
  position INTEGER NOT NULL DEFAULT 0,
  country TEXT NOT NULL DEFAULT 'RU',
  code TEXT NOT NULL DEFAULT 'UK',
  code_version TEXT NOT NULL DEFAULT '',
  article TEXT NOT NULL,
  part TEXT NOT NULL DEFAULT '',
  point TEXT NOT NULL DEFAULT '',
  normal TEXT NOT NULL,
  text TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX case_articles_case ON case_articles(case_id);

CREATE TABLE involvements(
  id INTEGER PRIMARY KEY,
  case_id INTEGER NOT NULL REFERENCES cases(id),
  person_id INTEGER REFERENCES persons(id),
  role TEXT NOT NULL CHECK (role = 'prosecuted' OR role = 'judge' OR role = 'prosecutor' OR role = 'investigator' OR role = 'lawyer'),
  name TEXT NOT NULL DEFAULT '',
  record_id INTEGER REFERENCES records(id),
  claim_id INTEGER REFERENCES claims(id),
  visibility INTEGER NOT NULL DEFAULT 0 CHECK (visibility BETWEEN 0 AND 2),
  CHECK ((record_id IS NULL) <> (claim_id IS NULL)),
  CHECK (person_id IS NOT NULL OR name <> '')
) STRICT;
CREATE INDEX involvements_case ON involvements(case_id);
CREATE INDEX involvements_person ON involvements(person_id);

CREATE TABLE detentions(
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES persons(id),
  case_id INTEGER REFERENCES cases(id),
  facility TEXT NOT NULL,
  address TEXT NOT NULL DEFAULT '',
  date_from TEXT NOT NULL DEFAULT '',
  from_day INTEGER,
  date_to TEXT NOT NULL DEFAULT '',
  record_id INTEGER REFERENCES records(id),
  claim_id INTEGER REFERENCES claims(id),
  visibility INTEGER NOT NULL DEFAULT 0 CHECK (visibility BETWEEN 0 AND 2),
  CHECK ((record_id IS NULL) <> (claim_id IS NULL))
) STRICT;
CREATE INDEX detentions_person ON detentions(person_id);

CREATE TABLE status_changes(
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES persons(id),
  case_id INTEGER REFERENCES cases(id),
  status TEXT NOT NULL CHECK (status = 'detained' OR status = 'house_arrest' OR status = 'restricted' OR status = 'sentenced' OR status = 'in_custody' OR status = 'released' OR status = 'emigrated' OR status = 'died' OR status = 'unknown'),
  date TEXT NOT NULL DEFAULT '',
  day INTEGER,
  source TEXT NOT NULL DEFAULT '',
  state TEXT NOT NULL DEFAULT 'published' CHECK (state = 'published' OR state = 'draft'),
  record_id INTEGER REFERENCES records(id),
  claim_id INTEGER REFERENCES claims(id),
  visibility INTEGER NOT NULL DEFAULT 0 CHECK (visibility BETWEEN 0 AND 2),
  CHECK ((record_id IS NULL) <> (claim_id IS NULL))
) STRICT;
CREATE INDEX status_changes_person ON status_changes(person_id, day);

CREATE TABLE assessments(
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES persons(id),
  case_id INTEGER REFERENCES cases(id),
  organisation TEXT NOT NULL DEFAULT '',
  list TEXT NOT NULL DEFAULT '',
  verdict TEXT NOT NULL CHECK (verdict = 'political_prisoner' OR verdict = 'politically_persecuted' OR verdict = 'under_review' OR verdict = 'not_included'),
  criteria TEXT NOT NULL DEFAULT '',
  date TEXT NOT NULL DEFAULT '',
  day INTEGER,
  statement TEXT NOT NULL DEFAULT '',
  statement_url TEXT NOT NULL DEFAULT '',
  drafted_by TEXT NOT NULL DEFAULT '',
  approved_by TEXT NOT NULL DEFAULT '',
  state TEXT NOT NULL DEFAULT 'published' CHECK (state = 'published' OR state = 'draft'),
  record_id INTEGER REFERENCES records(id),
  claim_id INTEGER REFERENCES claims(id),
  visibility INTEGER NOT NULL DEFAULT 0 CHECK (visibility BETWEEN 0 AND 2),
  CHECK ((record_id IS NULL) <> (claim_id IS NULL))
) STRICT;
CREATE INDEX assessments_person ON assessments(person_id, day);

CREATE TABLE publications(
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind = 'statement' OR kind = 'news' OR kind = 'guide'),
  title TEXT NOT NULL,
  summary TEXT NOT NULL DEFAULT '',
  body TEXT NOT NULL DEFAULT '',
  date TEXT NOT NULL DEFAULT '',
  day INTEGER,
  url TEXT NOT NULL DEFAULT '',
  language TEXT NOT NULL DEFAULT '',
  state TEXT NOT NULL DEFAULT 'published' CHECK (state = 'published' OR state = 'draft'),
  record_id INTEGER REFERENCES records(id),
  claim_id INTEGER REFERENCES claims(id),
  visibility INTEGER NOT NULL DEFAULT 0 CHECK (visibility BETWEEN 0 AND 2),
  CHECK ((record_id IS NULL) <> (claim_id IS NULL))
) STRICT;
CREATE INDEX publications_day ON publications(day);

CREATE TABLE publication_links(
  id INTEGER PRIMARY KEY,
  publication_id INTEGER NOT NULL REFERENCES publications(id),
  person_id INTEGER REFERENCES persons(id),
  case_id INTEGER REFERENCES cases(id),
  CHECK ((person_id IS NULL) <> (case_id IS NULL))
) STRICT;
CREATE INDEX publication_links_publication ON publication_links(publication_id);
CREATE INDEX publication_links_person ON publication_links(person_id);

CREATE TRIGGER cases_changed AFTER UPDATE ON cases
BEGIN UPDATE counters SET value = value + 1 WHERE key = 'data_version'; END;
CREATE TRIGGER cases_deleted AFTER DELETE ON cases
BEGIN UPDATE counters SET value = value + 1 WHERE key = 'data_version'; END;
CREATE TRIGGER case_articles_changed AFTER UPDATE ON case_articles
BEGIN UPDATE counters SET value = value + 1 WHERE key = 'data_version'; END;
CREATE TRIGGER case_articles_deleted AFTER DELETE ON case_articles
BEGIN UPDATE counters SET value = value + 1 WHERE key = 'data_version'; END;
CREATE TRIGGER involvements_changed AFTER UPDATE ON involvements
BEGIN UPDATE counters SET value = value + 1 WHERE key = 'data_version'; END;
CREATE TRIGGER involvements_deleted AFTER DELETE ON involvements
BEGIN UPDATE counters SET value = value + 1 WHERE key = 'data_version'; END;
CREATE TRIGGER detentions_changed AFTER UPDATE ON detentions
BEGIN UPDATE counters SET value = value + 1 WHERE key = 'data_version'; END;
CREATE TRIGGER detentions_deleted AFTER DELETE ON detentions
BEGIN UPDATE counters SET value = value + 1 WHERE key = 'data_version'; END;
CREATE TRIGGER status_changes_changed AFTER UPDATE ON status_changes
BEGIN UPDATE counters SET value = value + 1 WHERE key = 'data_version'; END;
CREATE TRIGGER status_changes_deleted AFTER DELETE ON status_changes
BEGIN UPDATE counters SET value = value + 1 WHERE key = 'data_version'; END;
CREATE TRIGGER assessments_changed AFTER UPDATE ON assessments
BEGIN UPDATE counters SET value = value + 1 WHERE key = 'data_version'; END;
CREATE TRIGGER assessments_deleted AFTER DELETE ON assessments
BEGIN UPDATE counters SET value = value + 1 WHERE key = 'data_version'; END;
CREATE TRIGGER publications_changed AFTER UPDATE ON publications
BEGIN UPDATE counters SET value = value + 1 WHERE key = 'data_version'; END;
CREATE TRIGGER publications_deleted AFTER DELETE ON publications
BEGIN UPDATE counters SET value = value + 1 WHERE key = 'data_version'; END;
CREATE TRIGGER publication_links_deleted AFTER DELETE ON publication_links
BEGIN UPDATE counters SET value = value + 1 WHERE key = 'data_version'; END;
)sql";

// Version 8: the list of persons by letter (Reader::PersonsBySurnamePrefix)
// reads its order (surname, given name, patronymic, person) from this index
// from the first page on, instead of sorting every name of the letter; it
// also serves every look-up names_norm_surname served.
constexpr std::string_view kV8 = R"sql(
CREATE INDEX names_letter ON names(norm_surname, norm_given, norm_patronymic, person_id);
)sql";

// Version 9: accounts and the audit log (src/auth/, docs/SECURITY.md). An
// account's password is kept only as an Argon2id hash in the encoded form
// of libsodium's crypto_pwhash_str, which carries its own parameters. The
// audit log is append-only: triggers refuse to change or delete an entry.
constexpr std::string_view kV9 = R"sql(
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

// Version 17: a merge moves every person that redirects to the retired
// one (WriteTransaction::MergePersons, "WHERE redirect_to = ?"); without
// this index each merge read the whole persons table, and linking 100,000
// persons (10,000 merges) spent minutes there. Partial: only redirected
// persons have the column set.
constexpr std::string_view kV17 = R"sql(
CREATE INDEX IF NOT EXISTS persons_redirect ON persons(redirect_to) WHERE redirect_to IS NOT NULL;
)sql";

// Version 19: compressed records (store/internal/record_dictionary.h). A
// dictionary learnt from a layout's records; a packed record compressed with
// it names it in its own bytes, so the records table is as it was (and the
// ledger's digest of its rows with it). Immutable like the records. And
// names_norm_surname goes: names_letter (version 8) begins with the same
// column and serves every look-up it served, for 25 bytes a name less.
constexpr std::string_view kV19 = R"sql(
DROP INDEX IF EXISTS names_norm_surname;
CREATE TABLE record_dicts(
  id INTEGER PRIMARY KEY,
  layout_id INTEGER NOT NULL REFERENCES record_layouts(id),
  dict BLOB NOT NULL
) STRICT;
CREATE INDEX record_dicts_layout ON record_dicts(layout_id);
CREATE TRIGGER record_dicts_immutable BEFORE UPDATE ON record_dicts
BEGIN SELECT RAISE(ABORT, 'source records are immutable'); END;
CREATE TRIGGER record_dicts_undeletable BEFORE DELETE ON record_dicts
BEGIN SELECT RAISE(ABORT, 'source records are immutable'); END;
)sql";

constexpr std::string_view kAll[] = {
    kV1,
    kV2,
    kV3,
    kV4,
    kV5,
    kV6,
    kV7,
    kV8,
    kV9,  // 1-9
    migrations::kV10,
    migrations::kSealedValues,  // 10-11
    migrations::kMerges,
    migrations::kSecondFactors,  // 12-13
    migrations::kCaseReviews,
    migrations::kLedger,            // 14-15
    migrations::kSealedEverywhere,  // 16
    kV17,
    migrations::kSealedDescriptors,  // 18
    kV19,
};

}  // namespace

std::span<const std::string_view> Migrations() { return kAll; }

}  // namespace memoria::store
