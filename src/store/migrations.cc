#include "store/migrations.h"

namespace gemis::store {

namespace {

// Schema notes. Dates are ISO "YYYY-MM-DD" text (sorts correctly); timestamps
// are ISO 8601 UTC with milliseconds. Internal ids are INTEGER PRIMARY KEYs and
// never change; uids are the exchange identifiers.
constexpr std::string_view kV1OrgUnits = R"sql(
CREATE TABLE org_unit (
  id      INTEGER PRIMARY KEY,
  uid     TEXT NOT NULL UNIQUE CHECK (length(uid) = 11),
  created TEXT NOT NULL
);
CREATE TABLE org_unit_version (
  org_unit_id      INTEGER NOT NULL REFERENCES org_unit(id) ON DELETE CASCADE,
  seq              INTEGER NOT NULL,          -- 1, 2, … in date order
  valid_from       TEXT,                      -- NULL: since before records
  valid_to         TEXT,                      -- inclusive; NULL: in force
  approximate_from INTEGER NOT NULL DEFAULT 0,
  code             TEXT NOT NULL DEFAULT '',
  name             TEXT NOT NULL,
  name_folded      TEXT NOT NULL,             -- search key, no diacritics
  unit_type        TEXT NOT NULL DEFAULT '',
  level            INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
  parent_id        INTEGER REFERENCES org_unit(id),
  name_en          TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (org_unit_id, seq)
) WITHOUT ROWID;
CREATE INDEX org_unit_version_code ON org_unit_version(code);
CREATE INDEX org_unit_version_parent ON org_unit_version(parent_id);
CREATE TABLE org_unit_event (
  id          INTEGER PRIMARY KEY,
  kind        TEXT NOT NULL CHECK (kind IN
                ('create','rename','move','reclassify','merge','split','close')),
  effective   TEXT NOT NULL,
  legal_basis TEXT NOT NULL DEFAULT '',
  note        TEXT NOT NULL DEFAULT ''
);
CREATE TABLE org_unit_event_unit (
  event_id    INTEGER NOT NULL REFERENCES org_unit_event(id) ON DELETE CASCADE,
  org_unit_id INTEGER NOT NULL REFERENCES org_unit(id),
  PRIMARY KEY (event_id, org_unit_id)
) WITHOUT ROWID;
CREATE TABLE org_unit_lineage (
  event_id       INTEGER NOT NULL REFERENCES org_unit_event(id),
  predecessor_id INTEGER NOT NULL REFERENCES org_unit(id),
  successor_id   INTEGER NOT NULL REFERENCES org_unit(id),
  share          REAL CHECK (share IS NULL OR (share > 0 AND share <= 1)),
  designated     INTEGER NOT NULL DEFAULT 0,
  partial        INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (predecessor_id, successor_id)
) WITHOUT ROWID;
CREATE INDEX org_unit_lineage_successor ON org_unit_lineage(successor_id);
CREATE TABLE org_unit_attribute (
  id          INTEGER PRIMARY KEY,
  org_unit_id INTEGER NOT NULL REFERENCES org_unit(id),
  attribute   TEXT NOT NULL,
  value       TEXT NOT NULL,
  valid_from  TEXT,
  valid_to    TEXT,
  source      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX org_unit_attribute_unit ON org_unit_attribute(org_unit_id, attribute);
-- Provenance of imported reference data (which list, from which source).
CREATE TABLE dataset_import (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL,
  source      TEXT NOT NULL,
  imported_at TEXT NOT NULL,
  summary     TEXT NOT NULL DEFAULT ''
);
)sql";

constexpr std::string_view kV2Metadata = R"sql(
CREATE TABLE category_option (
  id      INTEGER PRIMARY KEY,
  uid     TEXT NOT NULL UNIQUE,
  code    TEXT NOT NULL UNIQUE,
  name    TEXT NOT NULL,
  name_en TEXT NOT NULL DEFAULT '',
  start_date TEXT,
  end_date   TEXT
);
CREATE TABLE category (
  id             INTEGER PRIMARY KEY,
  uid            TEXT NOT NULL UNIQUE,
  code           TEXT NOT NULL UNIQUE,
  name           TEXT NOT NULL,
  name_en        TEXT NOT NULL DEFAULT '',
  data_dimension INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE category_options (
  category_id INTEGER NOT NULL REFERENCES category(id),
  sort_order  INTEGER NOT NULL,
  option_id   INTEGER NOT NULL REFERENCES category_option(id),
  PRIMARY KEY (category_id, sort_order)
) WITHOUT ROWID;
CREATE TABLE category_combo (
  id           INTEGER PRIMARY KEY,
  uid          TEXT NOT NULL UNIQUE,
  code         TEXT NOT NULL UNIQUE,
  name         TEXT NOT NULL,
  name_en      TEXT NOT NULL DEFAULT '',
  is_attribute INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE category_combo_categories (
  combo_id    INTEGER NOT NULL REFERENCES category_combo(id),
  sort_order  INTEGER NOT NULL,
  category_id INTEGER NOT NULL REFERENCES category(id),
  PRIMARY KEY (combo_id, sort_order)
) WITHOUT ROWID;
CREATE TABLE category_option_combo (
  id       INTEGER PRIMARY KEY,
  uid      TEXT NOT NULL UNIQUE,
  code     TEXT NOT NULL UNIQUE,
  name     TEXT NOT NULL,
  combo_id INTEGER NOT NULL REFERENCES category_combo(id)
);
CREATE TABLE category_option_combo_options (
  coc_id     INTEGER NOT NULL REFERENCES category_option_combo(id),
  sort_order INTEGER NOT NULL,
  option_id  INTEGER NOT NULL REFERENCES category_option(id),
  PRIMARY KEY (coc_id, sort_order)
) WITHOUT ROWID;
CREATE TABLE data_element (
  id                  INTEGER PRIMARY KEY,
  uid                 TEXT NOT NULL UNIQUE,
  code                TEXT NOT NULL UNIQUE,
  name                TEXT NOT NULL,
  name_en             TEXT NOT NULL DEFAULT '',
  short_name          TEXT NOT NULL DEFAULT '',
  description         TEXT NOT NULL DEFAULT '',
  value_type          TEXT NOT NULL,
  aggregation_type    TEXT NOT NULL,
  category_combo_id   INTEGER NOT NULL REFERENCES category_combo(id),
  zero_is_significant INTEGER NOT NULL DEFAULT 0,
  unit                TEXT
);
CREATE TABLE period (
  id         INTEGER PRIMARY KEY,
  iso        TEXT NOT NULL UNIQUE,
  type       TEXT NOT NULL,
  start_date TEXT NOT NULL,
  end_date   TEXT NOT NULL
);
)sql";

// Data values keyed like DHIS2. Deletes are soft (deleted = 1); every change
// is appended to data_value_audit, which triggers make append-only.
constexpr std::string_view kV3DataValues = R"sql(
CREATE TABLE data_value (
  data_element_id INTEGER NOT NULL REFERENCES data_element(id),
  period_id       INTEGER NOT NULL REFERENCES period(id),
  org_unit_id     INTEGER NOT NULL REFERENCES org_unit(id),
  coc_id          INTEGER NOT NULL REFERENCES category_option_combo(id),
  aoc_id          INTEGER NOT NULL REFERENCES category_option_combo(id),
  value           TEXT,
  stored_by       TEXT NOT NULL DEFAULT '',
  created         TEXT NOT NULL,
  last_updated    TEXT NOT NULL,
  comment         TEXT,
  followup        INTEGER NOT NULL DEFAULT 0,
  deleted         INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (data_element_id, period_id, org_unit_id, coc_id, aoc_id)
) WITHOUT ROWID;
CREATE INDEX data_value_org_unit ON data_value(org_unit_id, period_id);
CREATE TABLE data_value_audit (
  id              INTEGER PRIMARY KEY,
  data_element_id INTEGER NOT NULL,
  period_id       INTEGER NOT NULL,
  org_unit_id     INTEGER NOT NULL,
  coc_id          INTEGER NOT NULL,
  aoc_id          INTEGER NOT NULL,
  change          TEXT NOT NULL CHECK (change IN ('CREATE','UPDATE','DELETE','RESTORE')),
  old_value       TEXT,
  new_value       TEXT,
  old_comment     TEXT,
  new_comment     TEXT,
  changed_by      TEXT NOT NULL,
  changed_at      TEXT NOT NULL
);
CREATE INDEX data_value_audit_key
  ON data_value_audit(data_element_id, period_id, org_unit_id, coc_id, aoc_id);
CREATE TRIGGER data_value_audit_no_update BEFORE UPDATE ON data_value_audit
  BEGIN SELECT RAISE(ABORT, 'data_value_audit is append-only'); END;
CREATE TRIGGER data_value_audit_no_delete BEFORE DELETE ON data_value_audit
  BEGIN SELECT RAISE(ABORT, 'data_value_audit is append-only'); END;
)sql";

}  // namespace

const std::vector<Migration>& AllMigrations() {
  static const std::vector<Migration> kMigrations = {
      {1, "org units with versions, events, lineage and attributes", kV1OrgUnits},
      {2, "categories, option combos, data elements, periods", kV2Metadata},
      {3, "data values and their append-only audit log", kV3DataValues},
  };
  return kMigrations;
}

int LatestSchemaVersion() { return AllMigrations().back().version; }

Result<int> ReadSchemaVersion(SqliteDb& db) {
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement stmt, db.Prepare("PRAGMA user_version"));
  GEMIS_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return Status::Corruption("PRAGMA user_version returned no row");
  return static_cast<int>(stmt.Int(0));
}

namespace {

// Applies `m` in its own transaction. The version is read again under the
// write lock: another connection opening the same file at the same moment may
// have applied `m` since this one first looked, and must not apply it twice.
Status ApplyMigration(SqliteDb& db, const Migration& m) {
  GEMIS_RETURN_IF_ERROR(db.Exec("BEGIN IMMEDIATE"));
  Result<int> current = ReadSchemaVersion(db);
  Status status = current.status();
  if (status.ok() && *current < m.version) {
    status = db.Exec(m.sql);
    if (status.ok()) status = db.Exec("PRAGMA user_version = " + std::to_string(m.version));
  }
  if (!status.ok()) {
    (void)db.Exec("ROLLBACK");
    return Status(status.code(), "migration " + std::to_string(m.version) + " (" +
                                     std::string(m.name) + ") failed: " + status.message());
  }
  return db.Exec("COMMIT");
}

}  // namespace

Status Migrate(SqliteDb& db, int target) {
  if (target < 0) target = LatestSchemaVersion();
  GEMIS_ASSIGN_OR_RETURN(int current, ReadSchemaVersion(db));
  if (current > LatestSchemaVersion()) {
    return Status::Conflict("database schema version " + std::to_string(current) +
                            " is newer than this gemis (" + std::to_string(LatestSchemaVersion()) +
                            "); use a newer gemis");
  }
  for (const Migration& m : AllMigrations()) {
    if (m.version <= current || m.version > target) continue;
    GEMIS_RETURN_IF_ERROR(ApplyMigration(db, m));
  }
  return Status::Ok();
}

}  // namespace gemis::store
