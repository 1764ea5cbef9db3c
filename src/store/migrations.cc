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

// Indicators and the planning model (core/indicator.h, core/plan.h). Enums are
// stored as their names (core/plan.cc) under CHECK constraints; date sets as
// DateSet::ToString() text ('' = empty); target values as Decimal::ToString()
// text; money as INTEGER đồng. References by code in the model are foreign
// keys here (NULL for an empty code; NULL org unit or agency for id 0). A
// target's measure is a data element or an indicator (measure_kind), checked
// by the store since one column cannot reference two tables. Every fact keeps
// its source (document, section, quoted text).
constexpr std::string_view kV4Plans = R"sql(
CREATE TABLE indicator (
  id          INTEGER PRIMARY KEY,
  uid         TEXT NOT NULL UNIQUE,
  code        TEXT NOT NULL UNIQUE,
  name        TEXT NOT NULL,
  name_en     TEXT NOT NULL DEFAULT '',
  short_name  TEXT NOT NULL DEFAULT '',
  numerator   TEXT NOT NULL,
  denominator TEXT NOT NULL,
  factor      INTEGER NOT NULL CHECK (factor > 0),
  unit        TEXT NOT NULL DEFAULT '',
  max_value   TEXT                      -- decimal; NULL: no limit
);
CREATE TABLE agency (
  id          INTEGER PRIMARY KEY,
  code        TEXT NOT NULL UNIQUE,
  kind        TEXT NOT NULL CHECK (kind IN ('womens_union','peoples_committee',
                'peoples_council','department','steering_committee','party_body',
                'mass_organisation','bank','media','government','other')),
  org_unit_id INTEGER REFERENCES org_unit(id),  -- NULL: unknown
  valid_from  TEXT,                             -- NULL: since before records
  valid_to    TEXT                              -- inclusive; NULL: still exists
);
CREATE TABLE agency_name (
  agency_id  INTEGER NOT NULL REFERENCES agency(id) ON DELETE CASCADE,
  seq        INTEGER NOT NULL,
  valid_from TEXT,
  valid_to   TEXT,
  name       TEXT NOT NULL,
  short_name TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (agency_id, seq)
) WITHOUT ROWID;
CREATE TABLE agency_successor (
  agency_id    INTEGER NOT NULL REFERENCES agency(id) ON DELETE CASCADE,
  seq          INTEGER NOT NULL,
  effective    TEXT NOT NULL,           -- first day of the successor
  successor_id INTEGER NOT NULL REFERENCES agency(id),
  kind         TEXT NOT NULL CHECK (kind IN ('renamed','became','functions_moved','merged')),
  note         TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (agency_id, seq)
) WITHOUT ROWID;
CREATE TABLE program_node (
  id              INTEGER PRIMARY KEY,
  code            TEXT NOT NULL UNIQUE,
  parent_id       INTEGER REFERENCES program_node(id),  -- NULL for a root
  kind            TEXT NOT NULL CHECK (kind IN ('programme','project','content_area','activity')),
  number          TEXT NOT NULL DEFAULT '',
  name            TEXT NOT NULL,
  name_en         TEXT NOT NULL DEFAULT '',
  period          TEXT NOT NULL DEFAULT '',
  legal_basis     TEXT NOT NULL DEFAULT '',
  source_document TEXT NOT NULL DEFAULT '',
  source_section  TEXT NOT NULL DEFAULT '',
  source_text     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX program_node_parent ON program_node(parent_id);
CREATE TABLE spending_norm (
  id              INTEGER PRIMARY KEY,
  code            TEXT NOT NULL UNIQUE,
  name            TEXT NOT NULL,
  max_per_unit    INTEGER NOT NULL,     -- đồng
  per             TEXT NOT NULL DEFAULT '',
  legal_basis     TEXT NOT NULL DEFAULT '',
  source_document TEXT NOT NULL DEFAULT '',
  source_section  TEXT NOT NULL DEFAULT '',
  source_text     TEXT NOT NULL DEFAULT ''
);
CREATE TABLE plan (
  id               INTEGER PRIMARY KEY,
  code             TEXT NOT NULL UNIQUE,
  number           TEXT,                -- as stated; NULL when the plan has none
  title            TEXT NOT NULL DEFAULT '',
  issuer_unit_id   INTEGER NOT NULL REFERENCES org_unit(id),
  issuer_agency_id INTEGER REFERENCES agency(id),
  signer           TEXT NOT NULL DEFAULT '',
  signer_title     TEXT NOT NULL DEFAULT '',
  place            TEXT NOT NULL DEFAULT '',
  date             TEXT,                -- NULL: not stated
  period           TEXT NOT NULL CHECK (period <> ''),
  period_text      TEXT NOT NULL DEFAULT '',
  status           TEXT NOT NULL CHECK (status IN ('draft','issued','superseded')),
  superseded_by_id INTEGER REFERENCES plan(id),
  program_node_id  INTEGER REFERENCES program_node(id),
  source_document  TEXT NOT NULL DEFAULT '',
  source_section   TEXT NOT NULL DEFAULT '',
  source_text      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX plan_number ON plan(number);
CREATE TABLE plan_citation (
  plan_id         INTEGER NOT NULL REFERENCES plan(id) ON DELETE CASCADE,
  seq             INTEGER NOT NULL,
  relation        TEXT NOT NULL DEFAULT '',
  cited_plan_id   INTEGER REFERENCES plan(id),  -- NULL: not a stored plan
  document_kind   TEXT NOT NULL DEFAULT '',
  number          TEXT NOT NULL DEFAULT '',
  issuer          TEXT NOT NULL DEFAULT '',
  date            TEXT,
  title           TEXT NOT NULL DEFAULT '',
  source_document TEXT NOT NULL DEFAULT '',
  source_section  TEXT NOT NULL DEFAULT '',
  source_text     TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (plan_id, seq)
) WITHOUT ROWID;
CREATE TABLE plan_assignment (
  plan_id         INTEGER NOT NULL REFERENCES plan(id) ON DELETE CASCADE,
  seq             INTEGER NOT NULL,
  program_node_id INTEGER REFERENCES program_node(id),  -- NULL: the whole plan
  agency_id       INTEGER NOT NULL REFERENCES agency(id),
  role            TEXT NOT NULL CHECK (role IN ('lead','cooperating')),
  schedule        TEXT NOT NULL DEFAULT '',
  time_window     TEXT NOT NULL DEFAULT '',
  task            TEXT NOT NULL DEFAULT '',
  source_document TEXT NOT NULL DEFAULT '',
  source_section  TEXT NOT NULL DEFAULT '',
  source_text     TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (plan_id, seq)
) WITHOUT ROWID;
CREATE TABLE target (
  id              INTEGER PRIMARY KEY,
  plan_id         INTEGER NOT NULL REFERENCES plan(id) ON DELETE CASCADE,
  measure_kind    TEXT NOT NULL CHECK (measure_kind IN ('data_element','indicator')),
  measure_id      INTEGER NOT NULL,     -- data_element(id) or indicator(id)
  org_unit_id     INTEGER NOT NULL REFERENCES org_unit(id),
  agency_id       INTEGER REFERENCES agency(id),
  level           TEXT NOT NULL CHECK (level IN
                    ('all','centre','province','district','commune','village')),
  period          TEXT NOT NULL DEFAULT '',  -- '': the plan's period
  time_window     TEXT NOT NULL DEFAULT '',  -- '': none stated
  value           TEXT NOT NULL CHECK (value <> ''),
  unit            TEXT NOT NULL CHECK (unit IN
                    ('count','person','class','session','percent','dong')),
  unit_label      TEXT NOT NULL DEFAULT '',
  direction       TEXT NOT NULL CHECK (direction IN ('at_least','at_most','exactly')),
  rule            TEXT NOT NULL CHECK (rule IN ('=','<=','free')),
  status          TEXT NOT NULL CHECK (status IN ('active','suspended','withdrawn')),
  status_note     TEXT NOT NULL DEFAULT '',
  program_node_id INTEGER REFERENCES program_node(id),
  table_name      TEXT NOT NULL DEFAULT '',
  ordinal         INTEGER NOT NULL DEFAULT 0,
  source_document TEXT NOT NULL DEFAULT '',
  source_section  TEXT NOT NULL DEFAULT '',
  source_text     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX target_plan ON target(plan_id, ordinal);
CREATE TABLE budget_line (
  id              INTEGER PRIMARY KEY,
  plan_id         INTEGER NOT NULL REFERENCES plan(id) ON DELETE CASCADE,
  line_key        TEXT NOT NULL,
  parent_key      TEXT NOT NULL DEFAULT '',
  org_unit_id     INTEGER REFERENCES org_unit(id),
  agency_id       INTEGER REFERENCES agency(id),
  level           TEXT NOT NULL CHECK (level IN
                    ('all','centre','province','district','commune','village')),
  funding         TEXT NOT NULL CHECK (funding IN
                    ('unspecified','central','local','counterpart','other')),
  period          TEXT NOT NULL DEFAULT '',
  kind            TEXT NOT NULL CHECK (kind IN
                    ('available','allocated','carried_over','estimated','spent','settled')),
  carried_from    TEXT NOT NULL DEFAULT '',
  program_node_id INTEGER REFERENCES program_node(id),
  amount          INTEGER NOT NULL,     -- whole đồng
  label           TEXT NOT NULL DEFAULT '',
  norm_id         INTEGER REFERENCES spending_norm(id),
  norm_quantity   INTEGER NOT NULL DEFAULT 0,
  source_document TEXT NOT NULL DEFAULT '',
  source_section  TEXT NOT NULL DEFAULT '',
  source_text     TEXT NOT NULL DEFAULT '',
  UNIQUE (plan_id, line_key)
);
CREATE TABLE place_count (
  id              INTEGER PRIMARY KEY,
  plan_id         INTEGER NOT NULL REFERENCES plan(id) ON DELETE CASCADE,
  org_unit_id     INTEGER NOT NULL REFERENCES org_unit(id),
  kind            TEXT NOT NULL,
  count           INTEGER NOT NULL,
  out_of          INTEGER,              -- NULL: not stated
  table_name      TEXT NOT NULL DEFAULT '',
  ordinal         INTEGER NOT NULL DEFAULT 0,
  source_document TEXT NOT NULL DEFAULT '',
  source_section  TEXT NOT NULL DEFAULT '',
  source_text     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX place_count_plan ON place_count(plan_id);
CREATE TABLE reporting_deadline (
  id              INTEGER PRIMARY KEY,
  plan_id         INTEGER NOT NULL REFERENCES plan(id) ON DELETE CASCADE,
  report          TEXT NOT NULL DEFAULT '',
  frequency       TEXT NOT NULL DEFAULT '',
  due_day         INTEGER NOT NULL DEFAULT 0 CHECK (due_day BETWEEN 0 AND 31),
  due_month       INTEGER NOT NULL DEFAULT 0 CHECK (due_month BETWEEN 0 AND 12),
  due_year_offset INTEGER NOT NULL DEFAULT 0,
  submitted_by    TEXT NOT NULL DEFAULT '',
  submitted_to    TEXT NOT NULL DEFAULT '',
  text            TEXT NOT NULL DEFAULT '',
  source_document TEXT NOT NULL DEFAULT '',
  source_section  TEXT NOT NULL DEFAULT '',
  source_text     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX reporting_deadline_plan ON reporting_deadline(plan_id);
CREATE TABLE source_note (
  id              INTEGER PRIMARY KEY,
  plan_id         INTEGER NOT NULL REFERENCES plan(id) ON DELETE CASCADE,
  kind            TEXT NOT NULL DEFAULT '',
  message         TEXT NOT NULL DEFAULT '',
  source_document TEXT NOT NULL DEFAULT '',
  source_section  TEXT NOT NULL DEFAULT '',
  source_text     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX source_note_plan ON source_note(plan_id);
)sql";

// Units a plan names as part of its area without a figure for them (core/plan.h
// PlanArea): the communes of Hà Nội's "địa bàn thực hiện", the Kon Tum communes
// that hold its ĐBKK villages. `kind` is the importer's list (scope,
// dbkk_villages, …); `ordinal` the plan's order.
constexpr std::string_view kV5PlanAreas = R"sql(
CREATE TABLE plan_area (
  id              INTEGER PRIMARY KEY,
  plan_id         INTEGER NOT NULL REFERENCES plan(id) ON DELETE CASCADE,
  org_unit_id     INTEGER NOT NULL REFERENCES org_unit(id),
  kind            TEXT NOT NULL CHECK (kind <> ''),
  ordinal         INTEGER NOT NULL DEFAULT 0,
  source_document TEXT NOT NULL DEFAULT '',
  source_section  TEXT NOT NULL DEFAULT '',
  source_text     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX plan_area_plan ON plan_area(plan_id, ordinal);
)sql";

// A counter of structural changes, so that a reader (the analytics engine)
// can tell cheaply whether the hierarchy or the metadata changed since it last
// looked: every insert, update or delete on the org-unit tables (versions,
// events, lineage, attributes) and the metadata tables (categories, combos,
// option combos, data elements, indicators) bumps it, in the same
// transaction. Periods and data values do not.
constexpr std::string_view kV6StructureGeneration = R"sql(
CREATE TABLE structure_generation (
  id         INTEGER PRIMARY KEY CHECK (id = 1),
  generation INTEGER NOT NULL
);
INSERT INTO structure_generation (id, generation) VALUES (1, 0);
CREATE TRIGGER structure_i_org_unit AFTER INSERT ON org_unit BEGIN UPDATE structure_generation SET generation = generation + 1; END;
CREATE TRIGGER structure_u_org_unit AFTER UPDATE ON org_unit BEGIN UPDATE structure_generation SET generation = generation + 1; END;
CREATE TRIGGER structure_d_org_unit AFTER DELETE ON org_unit BEGIN UPDATE structure_generation SET generation = generation + 1; END;
CREATE TRIGGER structure_i_org_unit_version AFTER INSERT ON org_unit_version BEGIN UPDATE structure_generation SET generation = generation + 1; END;
CREATE TRIGGER structure_u_org_unit_version AFTER UPDATE ON org_unit_version BEGIN UPDATE structure_generation SET generation = generation + 1; END;
CREATE TRIGGER structure_d_org_unit_version AFTER DELETE ON org_unit_version BEGIN UPDATE structure_generation SET generation = generation + 1; END;
CREATE TRIGGER structure_i_org_unit_event AFTER INSERT ON org_unit_event BEGIN UPDATE structure_generation SET generation = generation + 1; END;
CREATE TRIGGER structure_u_org_unit_event AFTER UPDATE ON org_unit_event BEGIN UPDATE structure_generation SET generation = generation + 1; END;
CREATE TRIGGER structure_d_org_unit_event AFTER DELETE ON org_unit_event BEGIN UPDATE structure_generation SET generation = generation + 1; END;
CREATE TRIGGER structure_i_org_unit_event_unit AFTER INSERT ON org_unit_event_unit BEGIN UPDATE structure_generation SET generation = generation + 1; END;
CREATE TRIGGER structure_u_org_unit_event_unit AFTER UPDATE ON org_unit_event_unit BEGIN UPDATE structure_generation SET generation = generation + 1; END;
CREATE TRIGGER structure_d_org_unit_event_unit AFTER DELETE ON org_unit_event_unit BEGIN UPDATE structure_generation SET generation = generation + 1; END;
CREATE TRIGGER structure_i_org_unit_lineage AFTER INSERT ON org_unit_lineage BEGIN UPDATE structure_generation SET generation = generation + 1; END;
CREATE TRIGGER structure_u_org_unit_lineage AFTER UPDATE ON org_unit_lineage BEGIN UPDATE structure_generation SET generation = generation + 1; END;
CREATE TRIGGER structure_d_org_unit_lineage AFTER DELETE ON org_unit_lineage BEGIN UPDATE structure_generation SET generation = generation + 1; END;
CREATE TRIGGER structure_i_org_unit_attribute AFTER INSERT ON org_unit_attribute BEGIN UPDATE structure_generation SET generation = generation + 1; END;
CREATE TRIGGER structure_u_org_unit_attribute AFTER UPDATE ON org_unit_attribute BEGIN UPDATE structure_generation SET generation = generation + 1; END;
CREATE TRIGGER structure_d_org_unit_attribute AFTER DELETE ON org_unit_attribute BEGIN UPDATE structure_generation SET generation = generation + 1; END;
CREATE TRIGGER structure_i_category_option AFTER INSERT ON category_option BEGIN UPDATE structure_generation SET generation = generation + 1; END;
CREATE TRIGGER structure_u_category_option AFTER UPDATE ON category_option BEGIN UPDATE structure_generation SET generation = generation + 1; END;
CREATE TRIGGER structure_d_category_option AFTER DELETE ON category_option BEGIN UPDATE structure_generation SET generation = generation + 1; END;
CREATE TRIGGER structure_i_category AFTER INSERT ON category BEGIN UPDATE structure_generation SET generation = generation + 1; END;
CREATE TRIGGER structure_u_category AFTER UPDATE ON category BEGIN UPDATE structure_generation SET generation = generation + 1; END;
CREATE TRIGGER structure_d_category AFTER DELETE ON category BEGIN UPDATE structure_generation SET generation = generation + 1; END;
CREATE TRIGGER structure_i_category_options AFTER INSERT ON category_options BEGIN UPDATE structure_generation SET generation = generation + 1; END;
CREATE TRIGGER structure_u_category_options AFTER UPDATE ON category_options BEGIN UPDATE structure_generation SET generation = generation + 1; END;
CREATE TRIGGER structure_d_category_options AFTER DELETE ON category_options BEGIN UPDATE structure_generation SET generation = generation + 1; END;
CREATE TRIGGER structure_i_category_combo AFTER INSERT ON category_combo BEGIN UPDATE structure_generation SET generation = generation + 1; END;
CREATE TRIGGER structure_u_category_combo AFTER UPDATE ON category_combo BEGIN UPDATE structure_generation SET generation = generation + 1; END;
CREATE TRIGGER structure_d_category_combo AFTER DELETE ON category_combo BEGIN UPDATE structure_generation SET generation = generation + 1; END;
CREATE TRIGGER structure_i_category_combo_categories AFTER INSERT ON category_combo_categories BEGIN UPDATE structure_generation SET generation = generation + 1; END;
CREATE TRIGGER structure_u_category_combo_categories AFTER UPDATE ON category_combo_categories BEGIN UPDATE structure_generation SET generation = generation + 1; END;
CREATE TRIGGER structure_d_category_combo_categories AFTER DELETE ON category_combo_categories BEGIN UPDATE structure_generation SET generation = generation + 1; END;
CREATE TRIGGER structure_i_category_option_combo AFTER INSERT ON category_option_combo BEGIN UPDATE structure_generation SET generation = generation + 1; END;
CREATE TRIGGER structure_u_category_option_combo AFTER UPDATE ON category_option_combo BEGIN UPDATE structure_generation SET generation = generation + 1; END;
CREATE TRIGGER structure_d_category_option_combo AFTER DELETE ON category_option_combo BEGIN UPDATE structure_generation SET generation = generation + 1; END;
CREATE TRIGGER structure_i_category_option_combo_options AFTER INSERT ON category_option_combo_options BEGIN UPDATE structure_generation SET generation = generation + 1; END;
CREATE TRIGGER structure_u_category_option_combo_options AFTER UPDATE ON category_option_combo_options BEGIN UPDATE structure_generation SET generation = generation + 1; END;
CREATE TRIGGER structure_d_category_option_combo_options AFTER DELETE ON category_option_combo_options BEGIN UPDATE structure_generation SET generation = generation + 1; END;
CREATE TRIGGER structure_i_data_element AFTER INSERT ON data_element BEGIN UPDATE structure_generation SET generation = generation + 1; END;
CREATE TRIGGER structure_u_data_element AFTER UPDATE ON data_element BEGIN UPDATE structure_generation SET generation = generation + 1; END;
CREATE TRIGGER structure_d_data_element AFTER DELETE ON data_element BEGIN UPDATE structure_generation SET generation = generation + 1; END;
CREATE TRIGGER structure_i_indicator AFTER INSERT ON indicator BEGIN UPDATE structure_generation SET generation = generation + 1; END;
CREATE TRIGGER structure_u_indicator AFTER UPDATE ON indicator BEGIN UPDATE structure_generation SET generation = generation + 1; END;
CREATE TRIGGER structure_d_indicator AFTER DELETE ON indicator BEGIN UPDATE structure_generation SET generation = generation + 1; END;
)sql";

// Compact data values for bulk imports (docs/store.md "Writing many data
// values"). Who and when move to one data_value_batch row per write
// transaction, so neither a value nor its audit entry repeats two 24-byte
// timestamps and a name (stored_by/changed_by stay NULL unless a row names
// someone else than its batch). The secondary index data_value_org_unit goes:
// maintaining it cost as much as the table itself, and the one query that used
// it (values of given units) now seeks the primary key per element and period.
// The audit's key index goes too: each value points at its latest audit entry
// (last_change) and each entry at the key's previous one (previous_id), so a
// key's history is a short chain and appending an entry touches only the
// end of the log. The entries of a bulk write (WriteDataValues) are packed into
// one data_value_audit_chunk row per call; single writes and the migrated
// history stay rows of data_value_audit; ids are unique across both tables.
// data_value keeps no FOREIGN KEY clauses: SQLite's per-row parent lookups
// cost as much as the insert, so the store checks the ids itself (once per id
// and transaction) and CheckIntegrity looks for orphans. The old rows are
// copied: one batch per distinct old timestamp.
constexpr std::string_view kV7CompactDataValues = R"sql(
CREATE TABLE data_value_batch (
  id        INTEGER PRIMARY KEY,
  stored_by TEXT NOT NULL,       -- who, unless a value or entry names another
  at        TEXT NOT NULL        -- ISO 8601 UTC with milliseconds
);
ALTER TABLE data_value RENAME TO data_value_v6;
DROP INDEX data_value_org_unit;
DROP TRIGGER data_value_audit_no_update;
DROP TRIGGER data_value_audit_no_delete;
ALTER TABLE data_value_audit RENAME TO data_value_audit_v6;
INSERT INTO data_value_batch (stored_by, at)
  SELECT min(who), at FROM (SELECT stored_by AS who, created AS at FROM data_value_v6
                            UNION ALL SELECT stored_by, last_updated FROM data_value_v6
                            UNION ALL SELECT changed_by, changed_at FROM data_value_audit_v6)
  GROUP BY at ORDER BY at;
CREATE INDEX data_value_batch_at ON data_value_batch(at);
CREATE TABLE data_value (
  data_element_id INTEGER NOT NULL,  -- data_element(id); checked by the store
  period_id       INTEGER NOT NULL,  -- period(id)
  org_unit_id     INTEGER NOT NULL,  -- org_unit(id)
  coc_id          INTEGER NOT NULL,  -- category_option_combo(id)
  aoc_id          INTEGER NOT NULL,  -- category_option_combo(id)
  value           TEXT,
  comment         TEXT,
  followup        INTEGER NOT NULL DEFAULT 0,
  deleted         INTEGER NOT NULL DEFAULT 0,
  created_batch   INTEGER NOT NULL,  -- data_value_batch(id): when it was created
  updated_batch   INTEGER NOT NULL,  -- data_value_batch(id): when it last changed
  stored_by       TEXT,              -- NULL: updated_batch's stored_by
  last_change     INTEGER,           -- its latest data_value_audit(id); NULL: none
  PRIMARY KEY (data_element_id, period_id, org_unit_id, coc_id, aoc_id)
) WITHOUT ROWID;
INSERT INTO data_value
  SELECT v.data_element_id, v.period_id, v.org_unit_id, v.coc_id, v.aoc_id, v.value, v.comment,
         v.followup, v.deleted, c.id, u.id, nullif(v.stored_by, u.stored_by),
         (SELECT max(a.id) FROM data_value_audit_v6 a
           WHERE a.data_element_id = v.data_element_id AND a.period_id = v.period_id
             AND a.org_unit_id = v.org_unit_id AND a.coc_id = v.coc_id AND a.aoc_id = v.aoc_id)
  FROM data_value_v6 v JOIN data_value_batch c ON c.at = v.created
                       JOIN data_value_batch u ON u.at = v.last_updated;
CREATE TABLE data_value_audit (
  id              INTEGER PRIMARY KEY,
  data_element_id INTEGER NOT NULL,
  period_id       INTEGER NOT NULL,
  org_unit_id     INTEGER NOT NULL,
  coc_id          INTEGER NOT NULL,
  aoc_id          INTEGER NOT NULL,
  -- Not "IN (...)": SQLite builds a temporary table for an IN list on every
  -- insert that checks it, which cost more than the insert itself.
  change          TEXT NOT NULL CHECK (change = 'CREATE' OR change = 'UPDATE' OR
                                       change = 'DELETE' OR change = 'RESTORE'),
  old_value       TEXT,
  new_value       TEXT,
  old_comment     TEXT,
  new_comment     TEXT,
  batch_id        INTEGER NOT NULL,  -- data_value_batch(id): who and when
  changed_by      TEXT,              -- NULL: the batch's stored_by
  previous_id     INTEGER            -- the key's previous entry; NULL for its first
);
INSERT INTO data_value_audit
  SELECT a.id, a.data_element_id, a.period_id, a.org_unit_id, a.coc_id, a.aoc_id, a.change,
         a.old_value, a.new_value, a.old_comment, a.new_comment, b.id,
         nullif(a.changed_by, b.stored_by),
         lag(a.id) OVER (PARTITION BY a.data_element_id, a.period_id, a.org_unit_id, a.coc_id,
                                      a.aoc_id ORDER BY a.id)
  FROM data_value_audit_v6 a JOIN data_value_batch b ON b.at = a.changed_at
  ORDER BY a.id;
CREATE TRIGGER data_value_audit_no_update BEFORE UPDATE ON data_value_audit
  BEGIN SELECT RAISE(ABORT, 'data_value_audit is append-only'); END;
CREATE TRIGGER data_value_audit_no_delete BEFORE DELETE ON data_value_audit
  BEGIN SELECT RAISE(ABORT, 'data_value_audit is append-only'); END;
CREATE TABLE data_value_audit_chunk (
  first_id INTEGER PRIMARY KEY,  -- the id of its first entry; the others follow
  last_id  INTEGER NOT NULL,     -- the id of its last entry
  batch_id INTEGER NOT NULL,     -- data_value_batch(id): who and when
  entries  BLOB NOT NULL         -- encoded as store/sqlite_audit_chunk.h says
);
CREATE TRIGGER data_value_audit_chunk_no_update BEFORE UPDATE ON data_value_audit_chunk
  BEGIN SELECT RAISE(ABORT, 'data_value_audit_chunk is append-only'); END;
CREATE TRIGGER data_value_audit_chunk_no_delete BEFORE DELETE ON data_value_audit_chunk
  BEGIN SELECT RAISE(ABORT, 'data_value_audit_chunk is append-only'); END;
DROP TABLE data_value_v6;
DROP TABLE data_value_audit_v6;
DROP INDEX data_value_batch_at;
)sql";

// Tiers at which a data element's values are entered as totals of their own
// (DataElement::aggregation_levels), as "3" or "2,4"; '' for none.
constexpr const char* kV8AggregationLevels = R"sql(
ALTER TABLE data_element ADD COLUMN aggregation_levels TEXT NOT NULL DEFAULT '';
)sql";

// Designation lists (core/designation.h): a unit on a targeting list (region-III
// communes, ĐBKK villages, …) for a dated interval; one row per kind, unit and
// start ('' for an open start in the key).
constexpr const char* kV9Designations = R"sql(
CREATE TABLE designation (
  id          INTEGER PRIMARY KEY,
  kind        TEXT NOT NULL CHECK (kind <> ''),
  org_unit_id INTEGER NOT NULL REFERENCES org_unit(id),
  valid_from  TEXT,
  valid_to    TEXT,
  legal_basis TEXT NOT NULL DEFAULT '',
  note        TEXT NOT NULL DEFAULT '',
  CHECK (valid_from IS NULL OR valid_to IS NULL OR valid_from <= valid_to)
);
CREATE UNIQUE INDEX designation_key ON designation(kind, org_unit_id, COALESCE(valid_from, ''));
)sql";

// Data sets (core/data_set.h) with their elements in form order and the org
// units they are assigned to (a unit alone, or with its subtree:
// descendants = 1), and complete registrations: a data set complete for a
// period, unit and attribute option combo, on a date (DHIS2's
// completedatasetregistration). The data set tables count as metadata for the
// structure generation (version 6); registrations are data and do not.
constexpr const char* kV10DataSets = R"sql(
CREATE TABLE data_set (
  id                  INTEGER PRIMARY KEY,
  uid                 TEXT NOT NULL UNIQUE CHECK (length(uid) = 11),
  code                TEXT NOT NULL UNIQUE CHECK (code <> ''),
  name                TEXT NOT NULL,
  name_en             TEXT NOT NULL DEFAULT '',
  short_name          TEXT NOT NULL DEFAULT '',
  description         TEXT NOT NULL DEFAULT '',
  period_type         TEXT NOT NULL,   -- PeriodTypeName: 'Monthly', 'Quarterly', …
  open_future_periods INTEGER NOT NULL DEFAULT 0 CHECK (open_future_periods >= 0),
  expiry_days         INTEGER NOT NULL DEFAULT 0 CHECK (expiry_days >= 0)
);
CREATE TABLE data_set_element (
  data_set_id     INTEGER NOT NULL REFERENCES data_set(id) ON DELETE CASCADE,
  sort_order      INTEGER NOT NULL,
  data_element_id INTEGER NOT NULL REFERENCES data_element(id),
  PRIMARY KEY (data_set_id, sort_order),
  UNIQUE (data_set_id, data_element_id)
) WITHOUT ROWID;
CREATE TABLE data_set_org_unit (
  data_set_id INTEGER NOT NULL REFERENCES data_set(id) ON DELETE CASCADE,
  sort_order  INTEGER NOT NULL,
  org_unit_id INTEGER NOT NULL REFERENCES org_unit(id),
  descendants INTEGER NOT NULL DEFAULT 0 CHECK (descendants = 0 OR descendants = 1),
  PRIMARY KEY (data_set_id, sort_order),
  UNIQUE (data_set_id, org_unit_id)
) WITHOUT ROWID;
CREATE TABLE complete_registration (
  data_set_id INTEGER NOT NULL REFERENCES data_set(id),
  period_id   INTEGER NOT NULL REFERENCES period(id),
  org_unit_id INTEGER NOT NULL REFERENCES org_unit(id),
  aoc_id      INTEGER NOT NULL REFERENCES category_option_combo(id),
  completed   TEXT NOT NULL,   -- the completion date, YYYY-MM-DD
  stored_by   TEXT NOT NULL,
  stored_at   TEXT NOT NULL,   -- when it was last saved, ISO 8601 UTC
  PRIMARY KEY (data_set_id, period_id, org_unit_id, aoc_id)
) WITHOUT ROWID;
CREATE TRIGGER structure_i_data_set AFTER INSERT ON data_set BEGIN UPDATE structure_generation SET generation = generation + 1; END;
CREATE TRIGGER structure_u_data_set AFTER UPDATE ON data_set BEGIN UPDATE structure_generation SET generation = generation + 1; END;
CREATE TRIGGER structure_d_data_set AFTER DELETE ON data_set BEGIN UPDATE structure_generation SET generation = generation + 1; END;
CREATE TRIGGER structure_i_data_set_element AFTER INSERT ON data_set_element BEGIN UPDATE structure_generation SET generation = generation + 1; END;
CREATE TRIGGER structure_u_data_set_element AFTER UPDATE ON data_set_element BEGIN UPDATE structure_generation SET generation = generation + 1; END;
CREATE TRIGGER structure_d_data_set_element AFTER DELETE ON data_set_element BEGIN UPDATE structure_generation SET generation = generation + 1; END;
CREATE TRIGGER structure_i_data_set_org_unit AFTER INSERT ON data_set_org_unit BEGIN UPDATE structure_generation SET generation = generation + 1; END;
CREATE TRIGGER structure_u_data_set_org_unit AFTER UPDATE ON data_set_org_unit BEGIN UPDATE structure_generation SET generation = generation + 1; END;
CREATE TRIGGER structure_d_data_set_org_unit AFTER DELETE ON data_set_org_unit BEGIN UPDATE structure_generation SET generation = generation + 1; END;
)sql";

// Access control (store/access_records.h): custom roles (the built-in ones
// live in code, access::BuiltinRoles, so user_role names roles by code),
// users with their grants, sessions and API tokens (hashes only), and the
// general audit log, which triggers keep append-only.
constexpr const char* kV11Access = R"sql(
CREATE TABLE role (
  id          INTEGER PRIMARY KEY,
  code        TEXT NOT NULL UNIQUE CHECK (code <> ''),
  name        TEXT NOT NULL,
  name_en     TEXT NOT NULL DEFAULT '',
  authorities TEXT NOT NULL   -- access::FormatAuthorities: "read_metadata,read_data"
);
CREATE TABLE app_user (
  id                  INTEGER PRIMARY KEY,
  username            TEXT NOT NULL UNIQUE CHECK (username <> ''),
  display_name        TEXT NOT NULL,
  email               TEXT NOT NULL DEFAULT '',
  disabled            INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  password_hash       TEXT NOT NULL,
  password_changed_at TEXT NOT NULL,
  failed_logins       INTEGER NOT NULL DEFAULT 0,
  locked_until_ms     INTEGER NOT NULL DEFAULT 0,
  created_by          TEXT NOT NULL,
  created_at          TEXT NOT NULL
);
CREATE TABLE user_role (
  user_id   INTEGER NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
  role_code TEXT NOT NULL,
  PRIMARY KEY (user_id, role_code)
) WITHOUT ROWID;
CREATE TABLE user_scope (
  user_id     INTEGER NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
  kind        TEXT NOT NULL CHECK (kind IN ('entry', 'view')),
  org_unit_id INTEGER NOT NULL REFERENCES org_unit(id),
  PRIMARY KEY (user_id, kind, org_unit_id)
) WITHOUT ROWID;
CREATE TABLE user_content_area (
  user_id           INTEGER NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
  program_node_code TEXT NOT NULL,
  PRIMARY KEY (user_id, program_node_code)
) WITHOUT ROWID;
CREATE TABLE user_session (
  token_hash   TEXT PRIMARY KEY,
  user_id      INTEGER NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
  csrf_token   TEXT NOT NULL,
  created_ms   INTEGER NOT NULL,
  last_seen_ms INTEGER NOT NULL,
  expires_ms   INTEGER NOT NULL,
  address      TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
CREATE INDEX user_session_user ON user_session(user_id);
CREATE TABLE api_token (
  id           INTEGER PRIMARY KEY,
  token_hash   TEXT NOT NULL UNIQUE,
  user_id      INTEGER NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
  name         TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  expires_ms   INTEGER NOT NULL DEFAULT 0,
  last_used_ms INTEGER NOT NULL DEFAULT 0,
  revoked      INTEGER NOT NULL DEFAULT 0 CHECK (revoked IN (0, 1))
);
CREATE TABLE audit_log (
  id          INTEGER PRIMARY KEY,
  at          TEXT NOT NULL,
  user_id     INTEGER,
  username    TEXT NOT NULL,
  address     TEXT NOT NULL DEFAULT '',
  action      TEXT NOT NULL,
  object_type TEXT NOT NULL,
  object_id   TEXT NOT NULL DEFAULT '',
  org_unit_id INTEGER,
  before      TEXT,
  after       TEXT
);
CREATE INDEX audit_log_object ON audit_log(object_type, object_id);
CREATE INDEX audit_log_username ON audit_log(username);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
-- INSERT OR REPLACE deletes the row it collides with without firing the
-- delete trigger (recursive_triggers is off): refuse the collision first.
CREATE TRIGGER audit_log_no_replace BEFORE INSERT ON audit_log
  WHEN EXISTS (SELECT 1 FROM audit_log WHERE id = NEW.id)
  BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
)sql";

// Records behind Project 8's figures (records/model.h, records/figures.h):
// models with their consolidations and dated facts (in statement order: the
// fact id), the rules that turn models into data values, and the data value
// keys whose value is published from records (the claims). A model's plan and
// target links are cleared when the plan's contents are re-imported
// (ClearPlanContents / ClearPlanTable delete targets). Models and rules are
// records, not structure: they do not bump the structure generation.
constexpr const char* kV12Records = R"sql(
CREATE TABLE model (
  id           INTEGER PRIMARY KEY,
  uid          TEXT NOT NULL UNIQUE CHECK (length(uid) = 11),
  code         TEXT NOT NULL UNIQUE CHECK (code <> ''),
  kind         TEXT NOT NULL CHECK (kind IN ('communication_team', 'savings_group',
                 'livelihood_group', 'trusted_address', 'leaders_club', 'victim_livelihood')),
  name         TEXT NOT NULL,
  org_unit_id  INTEGER NOT NULL REFERENCES org_unit(id),
  place        TEXT NOT NULL DEFAULT '',
  level        TEXT NOT NULL CHECK (level IN ('province', 'district', 'commune')),
  established  TEXT NOT NULL,
  dissolved    TEXT,             -- the first day it no longer works; NULL: working
  plan_id      INTEGER REFERENCES plan(id) ON DELETE SET NULL,
  target_id    INTEGER REFERENCES target(id) ON DELETE SET NULL,
  note         TEXT NOT NULL DEFAULT '',
  created      TEXT NOT NULL,    -- ISO 8601 UTC of the first save
  last_updated TEXT NOT NULL,    -- of the latest save
  CHECK (dissolved IS NULL OR established < dissolved)
);
CREATE INDEX model_org_unit ON model(org_unit_id);
CREATE INDEX model_kind ON model(kind);
CREATE TABLE model_consolidation (
  model_id INTEGER NOT NULL REFERENCES model(id) ON DELETE CASCADE,
  day      TEXT NOT NULL,
  PRIMARY KEY (model_id, day)
) WITHOUT ROWID;
CREATE TABLE model_fact (
  id       INTEGER PRIMARY KEY,  -- statement order
  model_id INTEGER NOT NULL REFERENCES model(id) ON DELETE CASCADE,
  day      TEXT NOT NULL,
  field    TEXT NOT NULL,        -- FactFieldInfo::code: 'members_female', …
  value    TEXT NOT NULL         -- canonical for the field (CanonicalFactValue)
);
CREATE INDEX model_fact_model ON model_fact(model_id, id);
CREATE TABLE figure_rule (
  id           INTEGER PRIMARY KEY,
  data_element TEXT NOT NULL CHECK (data_element <> ''),  -- the element's code
  kind         TEXT NOT NULL CHECK (kind IN ('communication_team', 'savings_group',
                 'livelihood_group', 'trusted_address', 'leaders_club', 'victim_livelihood')),
  statuses     TEXT NOT NULL CHECK (statuses <> ''),  -- 'new,consolidated,maintained'
  where_field  TEXT,             -- a fact code; NULL: every model
  where_in_period INTEGER NOT NULL DEFAULT 0 CHECK (where_in_period IN (0, 1)),
  sum_fields   TEXT,             -- fact codes in order: 'savings,loans'; NULL: count models
  by           TEXT NOT NULL CHECK (by IN ('none', 'implementing_level', 'model_status')),
  period_type  TEXT NOT NULL,    -- PeriodTypeName: 'Yearly', 'Quarterly', …
  note         TEXT NOT NULL DEFAULT '',
  CHECK (where_in_period = 0 OR where_field IS NOT NULL)
);
-- NULLs are distinct in a UNIQUE constraint: the key coalesces them.
CREATE UNIQUE INDEX figure_rule_key ON figure_rule(data_element, kind, statuses,
  COALESCE(where_field, ''), where_in_period, COALESCE(sum_fields, ''), by, period_type);
CREATE TABLE record_figure (
  data_element_id INTEGER NOT NULL REFERENCES data_element(id),
  period_id       INTEGER NOT NULL REFERENCES period(id),
  org_unit_id     INTEGER NOT NULL REFERENCES org_unit(id),
  coc_id          INTEGER NOT NULL REFERENCES category_option_combo(id),
  aoc_id          INTEGER NOT NULL REFERENCES category_option_combo(id),
  rule_id         INTEGER NOT NULL REFERENCES figure_rule(id) ON DELETE CASCADE,
  value           TEXT NOT NULL,
  models          TEXT NOT NULL DEFAULT '',  -- model ids behind the value: '3,17'
  PRIMARY KEY (data_element_id, period_id, org_unit_id, coc_id, aoc_id)
) WITHOUT ROWID;
CREATE INDEX record_figure_rule ON record_figure(rule_id);
)sql";

// Activities (records/activity.h, records/activity_figures.h): events,
// trainings, dialogues, … with their participant cells in the order given
// (seq), the rules that turn activities into data values, and claims that
// name either kind of rule. A model session's model cannot be deleted while
// it has sessions (ON DELETE RESTRICT: the session would silently lose what
// it was a session of); a plan deleted unlinks its activities. Activities
// and rules are records, not structure: they do not bump the structure
// generation.
//
// record_figure is rebuilt (SQLite's procedure: create the new table, copy,
// drop, rename, recreate the index) so that rule_id may be NULL and
// activity_rule_id is added, exactly one of them set. Migrations run inside
// a transaction with foreign_keys on (the store's connection setting, which
// cannot change inside a transaction): the copy checks each row's parents,
// and dropping the old table checks nothing, as no table references
// record_figure. The rename (legacy_alter_table off) rewrites no reference
// either.
constexpr const char* kV13Activities = R"sql(
CREATE TABLE activity (
  id             INTEGER PRIMARY KEY,
  uid            TEXT NOT NULL UNIQUE CHECK (length(uid) = 11),
  code           TEXT NOT NULL UNIQUE CHECK (code <> ''),
  kind           TEXT NOT NULL CHECK (kind IN ('communication', 'contest', 'training',
                   'policy_dialogue', 'workshop', 'supervision', 'model_session')),
  title          TEXT NOT NULL,
  start_day      TEXT NOT NULL,
  end_day        TEXT NOT NULL,
  org_unit_id    INTEGER NOT NULL REFERENCES org_unit(id),
  place          TEXT NOT NULL DEFAULT '',
  level          TEXT NOT NULL CHECK (level IN ('province', 'district', 'commune')),
  program_node_code TEXT NOT NULL DEFAULT '',  -- the plan activity's code; '' for none
  plan_id        INTEGER REFERENCES plan(id) ON DELETE SET NULL,
  model_id       INTEGER REFERENCES model(id) ON DELETE RESTRICT,
  programme      TEXT NOT NULL DEFAULT 'none' CHECK (programme IN ('none', 'programme_2',
                   'programme_3', 'monitoring', 'women_cadres', 'model_operators')),
  dialogue_level TEXT NOT NULL DEFAULT 'none'
                   CHECK (dialogue_level IN ('none', 'commune', 'village_cluster')),
  dv_prevention  INTEGER NOT NULL DEFAULT 0 CHECK (dv_prevention IN (0, 1)),
  cost           INTEGER NOT NULL DEFAULT 0 CHECK (cost >= 0),  -- đồng
  topic          TEXT NOT NULL DEFAULT '',
  issues_raised  TEXT NOT NULL DEFAULT '',
  follow_up      TEXT NOT NULL DEFAULT '',
  note           TEXT NOT NULL DEFAULT '',
  created        TEXT NOT NULL,    -- ISO 8601 UTC of the first save
  last_updated   TEXT NOT NULL,    -- of the latest save
  CHECK (start_day <= end_day),
  CHECK ((kind = 'model_session') = (model_id IS NOT NULL)),
  CHECK ((kind = 'training') = (programme <> 'none')),
  CHECK ((kind = 'policy_dialogue') = (dialogue_level <> 'none'))
);
CREATE INDEX activity_org_unit ON activity(org_unit_id);
CREATE INDEX activity_kind ON activity(kind);
CREATE INDEX activity_start_day ON activity(start_day);
CREATE INDEX activity_model ON activity(model_id);  -- the RESTRICT check on a model delete
CREATE TABLE activity_participant (
  activity_id INTEGER NOT NULL REFERENCES activity(id) ON DELETE CASCADE,
  sex         TEXT NOT NULL CHECK (sex IN ('FEMALE', 'MALE')),
  ethnicity   TEXT NOT NULL DEFAULT '',  -- 'ETHNIC_01' … 'ETHNIC_54', 'MINORITY'; '' unknown
  age_band    TEXT NOT NULL DEFAULT '',  -- 'AGE_16_30', …; '' unknown
  count       INTEGER NOT NULL CHECK (count >= 1),
  seq         INTEGER NOT NULL,          -- 0, 1, … the order given
  PRIMARY KEY (activity_id, sex, ethnicity, age_band),
  UNIQUE (activity_id, seq)
) WITHOUT ROWID;
CREATE TABLE activity_figure_rule (
  id             INTEGER PRIMARY KEY,
  data_element   TEXT NOT NULL CHECK (data_element <> ''),  -- the element's code
  kind           TEXT NOT NULL CHECK (kind IN ('communication', 'contest', 'training',
                   'policy_dialogue', 'workshop', 'supervision', 'model_session')),
  programme      TEXT CHECK (programme IN ('programme_2', 'programme_3', 'monitoring',
                   'women_cadres', 'model_operators')),  -- NULL: every training
  dialogue_level TEXT CHECK (dialogue_level IN ('commune', 'village_cluster')),  -- NULL: any
  dv_prevention_only INTEGER NOT NULL DEFAULT 0 CHECK (dv_prevention_only IN (0, 1)),
  measure        TEXT NOT NULL CHECK (measure IN ('count', 'participants', 'women', 'men',
                   'ethnic_minority', 'ethnic_minority_women')),
  by             TEXT NOT NULL CHECK (by IN ('none', 'implementing_level')),
  period_type    TEXT NOT NULL,    -- PeriodTypeName: 'Yearly', 'Quarterly', …
  note           TEXT NOT NULL DEFAULT '',
  CHECK (programme IS NULL OR kind = 'training'),
  CHECK (dialogue_level IS NULL OR kind = 'policy_dialogue')
);
-- NULLs are distinct in a UNIQUE constraint: the key coalesces them.
CREATE UNIQUE INDEX activity_figure_rule_key ON activity_figure_rule(data_element, kind,
  COALESCE(programme, ''), COALESCE(dialogue_level, ''), dv_prevention_only, measure, by,
  period_type);
CREATE TABLE record_figure_new (
  data_element_id  INTEGER NOT NULL REFERENCES data_element(id),
  period_id        INTEGER NOT NULL REFERENCES period(id),
  org_unit_id      INTEGER NOT NULL REFERENCES org_unit(id),
  coc_id           INTEGER NOT NULL REFERENCES category_option_combo(id),
  aoc_id           INTEGER NOT NULL REFERENCES category_option_combo(id),
  rule_id          INTEGER REFERENCES figure_rule(id) ON DELETE CASCADE,
  activity_rule_id INTEGER REFERENCES activity_figure_rule(id) ON DELETE CASCADE,
  value            TEXT NOT NULL,
  models           TEXT NOT NULL DEFAULT '',  -- model (or activity) ids behind it: '3,17'
  PRIMARY KEY (data_element_id, period_id, org_unit_id, coc_id, aoc_id),
  CHECK ((rule_id IS NULL) <> (activity_rule_id IS NULL))
) WITHOUT ROWID;
INSERT INTO record_figure_new (data_element_id, period_id, org_unit_id, coc_id, aoc_id,
                               rule_id, activity_rule_id, value, models)
  SELECT data_element_id, period_id, org_unit_id, coc_id, aoc_id, rule_id, NULL, value, models
  FROM record_figure;
DROP TABLE record_figure;
ALTER TABLE record_figure_new RENAME TO record_figure;
CREATE INDEX record_figure_rule ON record_figure(rule_id);
CREATE INDEX record_figure_activity_rule ON record_figure(activity_rule_id);
)sql";

// The women cadres register (records/cadre.h, records/register_figures.h):
// the cadres with the trainings of other organisers written on their record
// (in the order given: seq), the attendance of gemis trainings (which
// cadres attended which activity), the rules that turn the register into
// data values, and claims that name any of the three kinds of rule (a
// register rule's claim names cadre ids). A cadre deleted takes her
// trainings and attendance; an activity deleted takes its attendance.
// Cadres and rules are records, not structure: they do not bump the
// structure generation. register_figure_rule also admits the safe-birth
// register and its measures (migration 15): this migration was widened in
// place before it was released.
//
// record_figure is rebuilt as migration 13 did (see there why that is safe
// inside the migration's transaction) to add register_rule_id, exactly one
// of the three rule columns set.
constexpr const char* kV14Cadres = R"sql(
CREATE TABLE cadre (
  id           INTEGER PRIMARY KEY,
  uid          TEXT NOT NULL UNIQUE CHECK (length(uid) = 11),
  code         TEXT NOT NULL UNIQUE CHECK (code <> ''),
  name         TEXT NOT NULL,
  org_unit_id  INTEGER NOT NULL REFERENCES org_unit(id),
  level        TEXT NOT NULL CHECK (level IN ('district', 'commune')),
  position     TEXT NOT NULL,
  ethnicity    TEXT NOT NULL,    -- 'ETHNIC_02' … 'ETHNIC_54', 'MINORITY'
  grp          TEXT NOT NULL CHECK (grp IN ('pipeline', 'newly_appointed', 'newly_elected')),
  since        TEXT NOT NULL,    -- the decision's date
  until        TEXT,             -- the day she left the group; NULL: still in it
  decision     TEXT NOT NULL DEFAULT '',
  note         TEXT NOT NULL DEFAULT '',
  created      TEXT NOT NULL,    -- ISO 8601 UTC of the first save
  last_updated TEXT NOT NULL,    -- of the latest save
  CHECK (until IS NULL OR since < until)
);
CREATE INDEX cadre_org_unit ON cadre(org_unit_id);
CREATE TABLE cadre_training (
  cadre_id INTEGER NOT NULL REFERENCES cadre(id) ON DELETE CASCADE,
  seq      INTEGER NOT NULL,     -- 0, 1, … the order given
  day      TEXT NOT NULL,        -- its first day
  title    TEXT NOT NULL CHECK (title <> ''),
  PRIMARY KEY (cadre_id, seq),
  UNIQUE (cadre_id, day, title)
) WITHOUT ROWID;
CREATE TABLE activity_attendee (
  activity_id INTEGER NOT NULL REFERENCES activity(id) ON DELETE CASCADE,
  cadre_id    INTEGER NOT NULL REFERENCES cadre(id) ON DELETE CASCADE,
  PRIMARY KEY (activity_id, cadre_id)
) WITHOUT ROWID;
CREATE INDEX activity_attendee_cadre ON activity_attendee(cadre_id);  -- a cadre's trainings
CREATE TABLE register_figure_rule (
  id           INTEGER PRIMARY KEY,
  data_element TEXT NOT NULL CHECK (data_element <> ''),  -- the element's code
  register     TEXT NOT NULL CHECK (register IN ('women_cadres', 'safe_birth')),
  measure      TEXT NOT NULL CHECK (measure IN ('in_group', 'trained', 'trained_in_period',
                                                'births', 'eligible', 'supported', 'amount')),
  filter       TEXT NOT NULL DEFAULT '',  -- groups or packages, ascending: 'meals,travel'; '' all
  by           TEXT NOT NULL CHECK (by IN ('none', 'implementing_level')),
  period_type  TEXT NOT NULL,    -- PeriodTypeName: 'Yearly', 'Quarterly', …
  note         TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX register_figure_rule_key ON register_figure_rule(data_element, register,
  measure, filter, by, period_type);
CREATE TABLE record_figure_new (
  data_element_id  INTEGER NOT NULL REFERENCES data_element(id),
  period_id        INTEGER NOT NULL REFERENCES period(id),
  org_unit_id      INTEGER NOT NULL REFERENCES org_unit(id),
  coc_id           INTEGER NOT NULL REFERENCES category_option_combo(id),
  aoc_id           INTEGER NOT NULL REFERENCES category_option_combo(id),
  rule_id          INTEGER REFERENCES figure_rule(id) ON DELETE CASCADE,
  activity_rule_id INTEGER REFERENCES activity_figure_rule(id) ON DELETE CASCADE,
  register_rule_id INTEGER REFERENCES register_figure_rule(id) ON DELETE CASCADE,
  value            TEXT NOT NULL,
  models           TEXT NOT NULL DEFAULT '',  -- model, activity, cadre or birth ids: '3,17'
  PRIMARY KEY (data_element_id, period_id, org_unit_id, coc_id, aoc_id),
  CHECK ((rule_id IS NOT NULL) + (activity_rule_id IS NOT NULL) +
         (register_rule_id IS NOT NULL) = 1)
) WITHOUT ROWID;
INSERT INTO record_figure_new (data_element_id, period_id, org_unit_id, coc_id, aoc_id,
                               rule_id, activity_rule_id, register_rule_id, value, models)
  SELECT data_element_id, period_id, org_unit_id, coc_id, aoc_id, rule_id, activity_rule_id,
         NULL, value, models
  FROM record_figure;
DROP TABLE record_figure;
ALTER TABLE record_figure_new RENAME TO record_figure;
CREATE INDEX record_figure_rule ON record_figure(rule_id);
CREATE INDEX record_figure_activity_rule ON record_figure(activity_rule_id);
CREATE INDEX record_figure_register_rule ON record_figure(register_rule_id);
)sql";

// The safe-birth register (records/safe_birth.h, records/register_figures.h):
// the births with their payments in the order given (seq), each package at
// most once. The mother's name and date of birth are sealed by the store
// (store/field_cipher.h) with a key kept outside the database: the columns
// hold 'v1:…' text, never the plaintext (the CHECKs refuse any other), each
// bound to the birth's uid and its column. Her age at the birth is kept
// apart, in clear: the age rule and the figures need no key. A birth deleted
// takes its payments; claims of safe-birth rules (register_figure_rule,
// widened in migration 14) keep the ids of births in their text. Births are
// records, not structure: they do not bump the structure generation.
constexpr const char* kV15SafeBirths = R"sql(
CREATE TABLE safe_birth (
  id                  INTEGER PRIMARY KEY,
  uid                 TEXT NOT NULL UNIQUE CHECK (length(uid) = 11),
  code                TEXT NOT NULL UNIQUE CHECK (code <> ''),
  mother_name         TEXT NOT NULL CHECK (mother_name GLOB 'v[1-9]:*'),  -- sealed
  mother_birth_date   TEXT CHECK (mother_birth_date GLOB 'v[1-9]:*'),  -- sealed; NULL: none
  mother_age          INTEGER CHECK (mother_age BETWEEN 10 AND 60),  -- at the birth; NULL: none
  ethnicity           TEXT NOT NULL DEFAULT '',  -- 'ETHNIC_01' … 'MINORITY'; '' unknown
  commune_id          INTEGER NOT NULL REFERENCES org_unit(id),
  village_id          INTEGER REFERENCES org_unit(id),  -- NULL: not recorded
  birth_date          TEXT NOT NULL,
  at_health_facility  INTEGER CHECK (at_health_facility IN (0, 1)),  -- NULL: not recorded
  facility            TEXT NOT NULL DEFAULT '',
  caesarean           INTEGER NOT NULL DEFAULT 0 CHECK (caesarean IN (0, 1)),
  within_population_policy INTEGER CHECK (within_population_policy IN (0, 1)),  -- NULL: none
  note                TEXT NOT NULL DEFAULT '',
  created             TEXT NOT NULL,    -- ISO 8601 UTC of the first save
  last_updated        TEXT NOT NULL     -- of the latest save
);
CREATE INDEX safe_birth_commune ON safe_birth(commune_id);
CREATE INDEX safe_birth_day ON safe_birth(birth_date);
CREATE TABLE safe_birth_payment (
  birth_id INTEGER NOT NULL REFERENCES safe_birth(id) ON DELETE CASCADE,
  seq      INTEGER NOT NULL,     -- 0, 1, … the order given
  package  TEXT NOT NULL CHECK (package IN ('travel', 'supplies', 'meals', 'nutrition')),
  day      TEXT NOT NULL,
  amount   INTEGER NOT NULL CHECK (amount > 0),  -- đồng
  people   INTEGER NOT NULL DEFAULT 0 CHECK (people BETWEEN 0 AND 2),
  days     INTEGER NOT NULL DEFAULT 0 CHECK (days BETWEEN 0 AND 5),
  voucher  TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (birth_id, seq),
  UNIQUE (birth_id, package)
) WITHOUT ROWID;
)sql";

// Confidential cases (records/case.h, records/register_figures.h,
// docs/confidentiality.md): the cases a trusted address or a victims'
// livelihood model holds, with the survivor's consents, the services given
// and the referrals made, each in the order given (seq), and the case team
// of each address (who may read its cases). The survivor's name, a safe way
// to reach her and the caseworker's account are sealed by the store
// (store/field_cipher.h) as migration 15 seals the mothers' identity: the
// columns hold 'v1:…' text or NULL when empty, never the plaintext (the
// CHECKs refuse any other). Sex, age, ethnicity and incident types stay in
// clear for the figures. A model that holds cases cannot be deleted (ON
// DELETE RESTRICT: the cases would silently lose their address); its case
// team goes with it, as a user deleted leaves the teams. A case deleted
// takes its consents, services and referrals; claims of case rules keep the
// ids of cases in their text. Cases are records, not structure: they do not
// bump the structure generation.
//
// register_figure_rule is rebuilt to admit the cases register and its
// measures in its CHECKs (released in migration 14, so it cannot be widened
// in place again). The migration runs with foreign_keys on (see migration
// 13), and record_figure references register_figure_rule ON DELETE CASCADE:
// dropping the old rules while a table references them by that name would
// delete the claims. So record_figure is rebuilt too, its new table
// referencing register_figure_rule_new: both are copied (ids kept; the
// copies check each row's parents), the old record_figure is dropped (no
// table references it), then the old rules (no table references them any
// more), and the renames (legacy_alter_table off) make record_figure_new's
// reference follow register_figure_rule_new to its final name.
constexpr const char* kV16Cases = R"sql(
CREATE TABLE case_record (
  id            INTEGER PRIMARY KEY,
  uid           TEXT NOT NULL UNIQUE CHECK (length(uid) = 11),
  code          TEXT NOT NULL UNIQUE CHECK (code <> ''),
  kind          TEXT NOT NULL CHECK (kind IN ('violence', 'trafficking')),
  address_id    INTEGER NOT NULL REFERENCES model(id) ON DELETE RESTRICT,
  org_unit_id   INTEGER NOT NULL REFERENCES org_unit(id),
  opened        TEXT NOT NULL,
  closed        TEXT,            -- NULL: open
  survivor_name TEXT CHECK (survivor_name IS NULL OR survivor_name GLOB 'v[1-9]:*'),  -- sealed
  contact       TEXT CHECK (contact IS NULL OR contact GLOB 'v[1-9]:*'),  -- sealed; NULL: none
  narrative     TEXT CHECK (narrative IS NULL OR narrative GLOB 'v[1-9]:*'),  -- sealed; NULL: none
  sex           TEXT NOT NULL CHECK (sex IN ('female', 'male', 'unknown')),
  age           INTEGER CHECK (age BETWEEN 0 AND 120),  -- at intake; NULL: not known
  ethnicity     TEXT NOT NULL DEFAULT '',  -- 'ETHNIC_01' … 'MINORITY'; '' unknown
  incidents     TEXT NOT NULL CHECK (incidents <> ''),  -- ascending: 'rape,physical_assault'
  CHECK (closed IS NULL OR opened <= closed)
);
CREATE INDEX case_record_address ON case_record(address_id);  -- RESTRICT on a model delete
CREATE INDEX case_record_org_unit ON case_record(org_unit_id);
CREATE TABLE case_consent (
  case_id     INTEGER NOT NULL REFERENCES case_record(id) ON DELETE CASCADE,
  seq         INTEGER NOT NULL,  -- 0, 1, … the order given
  purpose     TEXT NOT NULL CHECK (purpose IN ('services', 'referral', 'reporting')),
  given       INTEGER NOT NULL CHECK (given IN (0, 1)),
  day         TEXT NOT NULL,
  recorded_by TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (case_id, seq)
) WITHOUT ROWID;
CREATE TABLE case_service (
  case_id INTEGER NOT NULL REFERENCES case_record(id) ON DELETE CASCADE,
  seq     INTEGER NOT NULL,      -- 0, 1, … the order given
  service TEXT NOT NULL CHECK (service IN ('safety', 'health', 'psychosocial', 'legal',
            'livelihood', 'reintegration', 'other')),
  day     TEXT NOT NULL,
  note    TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (case_id, seq)
) WITHOUT ROWID;
CREATE TABLE case_referral (
  case_id      INTEGER NOT NULL REFERENCES case_record(id) ON DELETE CASCADE,
  seq          INTEGER NOT NULL,  -- 0, 1, … the order given
  day          TEXT NOT NULL,
  organisation TEXT NOT NULL CHECK (organisation <> ''),
  service      TEXT NOT NULL CHECK (service IN ('safety', 'health', 'psychosocial', 'legal',
                 'livelihood', 'reintegration', 'other')),
  note         TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (case_id, seq)
) WITHOUT ROWID;
CREATE TABLE case_assignment (
  address_id INTEGER NOT NULL REFERENCES model(id) ON DELETE CASCADE,
  user_id    INTEGER NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
  role       TEXT NOT NULL CHECK (role IN ('caseworker', 'supervisor')),
  granted_by TEXT NOT NULL,
  granted_at TEXT NOT NULL,      -- ISO 8601 UTC
  PRIMARY KEY (address_id, user_id)
) WITHOUT ROWID;
CREATE INDEX case_assignment_user ON case_assignment(user_id);  -- a user's addresses
CREATE TABLE register_figure_rule_new (
  id           INTEGER PRIMARY KEY,
  data_element TEXT NOT NULL CHECK (data_element <> ''),  -- the element's code
  register     TEXT NOT NULL CHECK (register IN ('women_cadres', 'safe_birth', 'cases')),
  measure      TEXT NOT NULL CHECK (measure IN ('in_group', 'trained', 'trained_in_period',
                                                'births', 'eligible', 'supported', 'amount',
                                                'cases', 'served', 'referred')),
  filter       TEXT NOT NULL DEFAULT '',  -- groups, packages or case kinds, ascending; '' all
  by           TEXT NOT NULL CHECK (by IN ('none', 'implementing_level')),
  period_type  TEXT NOT NULL,    -- PeriodTypeName: 'Yearly', 'Quarterly', …
  note         TEXT NOT NULL DEFAULT ''
);
INSERT INTO register_figure_rule_new (id, data_element, register, measure, filter, by,
                                      period_type, note)
  SELECT id, data_element, register, measure, filter, by, period_type, note
  FROM register_figure_rule;
CREATE TABLE record_figure_new (
  data_element_id  INTEGER NOT NULL REFERENCES data_element(id),
  period_id        INTEGER NOT NULL REFERENCES period(id),
  org_unit_id      INTEGER NOT NULL REFERENCES org_unit(id),
  coc_id           INTEGER NOT NULL REFERENCES category_option_combo(id),
  aoc_id           INTEGER NOT NULL REFERENCES category_option_combo(id),
  rule_id          INTEGER REFERENCES figure_rule(id) ON DELETE CASCADE,
  activity_rule_id INTEGER REFERENCES activity_figure_rule(id) ON DELETE CASCADE,
  register_rule_id INTEGER REFERENCES register_figure_rule_new(id) ON DELETE CASCADE,
  value            TEXT NOT NULL,
  models           TEXT NOT NULL DEFAULT '',  -- model, activity, cadre, birth or case ids: '3,17'
  PRIMARY KEY (data_element_id, period_id, org_unit_id, coc_id, aoc_id),
  CHECK ((rule_id IS NOT NULL) + (activity_rule_id IS NOT NULL) +
         (register_rule_id IS NOT NULL) = 1)
) WITHOUT ROWID;
INSERT INTO record_figure_new (data_element_id, period_id, org_unit_id, coc_id, aoc_id,
                               rule_id, activity_rule_id, register_rule_id, value, models)
  SELECT data_element_id, period_id, org_unit_id, coc_id, aoc_id, rule_id, activity_rule_id,
         register_rule_id, value, models
  FROM record_figure;
DROP TABLE record_figure;
DROP TABLE register_figure_rule;
ALTER TABLE register_figure_rule_new RENAME TO register_figure_rule;
ALTER TABLE record_figure_new RENAME TO record_figure;
CREATE UNIQUE INDEX register_figure_rule_key ON register_figure_rule(data_element, register,
  measure, filter, by, period_type);
CREATE INDEX record_figure_rule ON record_figure(rule_id);
CREATE INDEX record_figure_activity_rule ON record_figure(activity_rule_id);
CREATE INDEX record_figure_register_rule ON record_figure(register_rule_id);
)sql";

// Data protection (records/privacy.h, docs/confidentiality.md "Data
// subjects, breaches and retention"): the day the identifying fields of a
// birth or a case were erased (a data subject's request or the end of
// retention; NULL: not erased), the log of the data subjects' requests, the
// breach log and the retention period of each register that has one. None
// of them holds a name: a request names a record by its register and code,
// a breach describes what happened. A request's erased fields are names
// joined by a newline and its kept fields rows of field, Vietnamese and
// English reason joined by a tab, the rows by a newline ('' for none; the
// store refuses a tab or a newline inside them); a breach's registers are
// names joined by ','. A register without a retention_rule row keeps its
// default period (records::DefaultRetention). Requests and breaches are
// records, not structure: they do not bump the structure generation.
constexpr const char* kV17Privacy = R"sql(
ALTER TABLE safe_birth ADD COLUMN identity_erased TEXT;  -- 'YYYY-MM-DD'; NULL: not erased
ALTER TABLE case_record ADD COLUMN identity_erased TEXT;  -- 'YYYY-MM-DD'; NULL: not erased
CREATE TABLE subject_request (
  id          INTEGER PRIMARY KEY,
  uid         TEXT NOT NULL UNIQUE CHECK (length(uid) = 11),
  register    TEXT NOT NULL CHECK (register IN ('safe_birth', 'cadre', 'case')),
  record_code TEXT NOT NULL CHECK (record_code <> ''),  -- the record of the person who asked
  kind        TEXT NOT NULL CHECK (kind IN ('access', 'rectification', 'erasure')),
  received_ms INTEGER NOT NULL,  -- Unix ms
  answered_ms INTEGER,           -- NULL: open
  handled_by  TEXT NOT NULL DEFAULT '',
  erased      TEXT NOT NULL DEFAULT '',  -- field names, one a line; '' none
  kept        TEXT NOT NULL DEFAULT '',  -- 'field<TAB>vi<TAB>en' lines; '' none
  note        TEXT NOT NULL DEFAULT '',
  CHECK (answered_ms IS NULL OR answered_ms >= received_ms)
);
CREATE TABLE breach (
  id          INTEGER PRIMARY KEY,
  uid         TEXT NOT NULL UNIQUE CHECK (length(uid) = 11),
  detected_ms INTEGER NOT NULL,  -- Unix ms
  description TEXT NOT NULL CHECK (description <> ''),
  registers   TEXT NOT NULL DEFAULT '',  -- 'safe_birth,case'; '' none named
  subjects    INTEGER CHECK (subjects IS NULL OR subjects >= 0),  -- NULL: not known
  measures    TEXT NOT NULL DEFAULT '',
  notified_ms INTEGER,           -- NULL: the authority not notified yet
  notified_to TEXT NOT NULL DEFAULT '',
  late_reason TEXT NOT NULL DEFAULT '',
  CHECK (notified_ms IS NULL OR notified_ms >= detected_ms)
);
CREATE TABLE retention_rule (
  register TEXT PRIMARY KEY CHECK (register IN ('safe_birth', 'case')),
  years    INTEGER NOT NULL CHECK (years BETWEEN 1 AND 100)
);
)sql";

// Reporting (core/report_type.h, core/submission.h, docs/reporting.md): the
// working-day calendar (days off and made-up working days, by day), report
// types with one deadline rule per submitting level, ad-hoc requests, and
// the submissions with their append-only transitions. Report types and the
// calendar are structure (they bump the generation: the server's world
// holds them); requests and submissions are records. A submission's period
// is its canonical id ('2026', '2026S1'); its due days are the ones fixed
// at its first submission. A transition's returns are rows of data element
// code and reason joined by a tab, the rows by a newline ('' none).
constexpr const char* kV18Reporting = R"sql(
CREATE TABLE calendar_day (
  day  TEXT PRIMARY KEY,                       -- 'YYYY-MM-DD'
  kind TEXT NOT NULL CHECK (kind IN ('off', 'working')),
  name TEXT NOT NULL CHECK (name <> '')
) WITHOUT ROWID;
CREATE TABLE report_type (
  id          INTEGER PRIMARY KEY,
  code        TEXT NOT NULL UNIQUE CHECK (code <> ''),
  name        TEXT NOT NULL CHECK (name <> ''),
  name_en     TEXT NOT NULL DEFAULT '',
  data_set_id INTEGER NOT NULL REFERENCES data_set(id),
  period_type TEXT NOT NULL,                   -- PeriodTypeName
  cadence     TEXT NOT NULL CHECK (cadence IN ('periodic', 'requested', 'endOfActivity')),
  area_id     INTEGER REFERENCES org_unit(id), -- NULL: everywhere
  active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  note        TEXT NOT NULL DEFAULT ''
);
CREATE TABLE report_deadline (
  report_type_id INTEGER NOT NULL REFERENCES report_type(id) ON DELETE CASCADE,
  level          INTEGER NOT NULL CHECK (level BETWEEN 2 AND 4),  -- OrgUnitLevel
  kind           TEXT NOT NULL CHECK (kind IN ('fixed', 'afterEvent', 'requested')),
  month_offset   INTEGER NOT NULL DEFAULT 0,
  day            INTEGER NOT NULL DEFAULT 0,
  days           INTEGER NOT NULL DEFAULT 0,
  working_days   INTEGER NOT NULL DEFAULT 0 CHECK (working_days IN (0, 1)),
  inclusive      INTEGER NOT NULL DEFAULT 0 CHECK (inclusive IN (0, 1)),
  roll_forward   INTEGER NOT NULL DEFAULT 1 CHECK (roll_forward IN (0, 1)),
  PRIMARY KEY (report_type_id, level)
) WITHOUT ROWID;
CREATE TABLE report_request (
  id             INTEGER PRIMARY KEY,
  report_type_id INTEGER NOT NULL REFERENCES report_type(id) ON DELETE CASCADE,
  period         TEXT NOT NULL,
  due            TEXT NOT NULL,                -- the stated day: 'before due'
  requested_by   TEXT NOT NULL,
  requested_ms   INTEGER NOT NULL,
  note           TEXT NOT NULL DEFAULT '',
  UNIQUE (report_type_id, period)
);
CREATE TABLE submission (
  id                 INTEGER PRIMARY KEY,
  report_type_id     INTEGER NOT NULL REFERENCES report_type(id),
  org_unit_id        INTEGER NOT NULL REFERENCES org_unit(id),
  period             TEXT NOT NULL,
  state              TEXT NOT NULL CHECK (state IN ('submitted', 'returned', 'resubmitted',
                       'approved', 'locked', 'waived')),
  due_stated         TEXT NOT NULL,
  due_last           TEXT NOT NULL,
  recipient_id       INTEGER REFERENCES org_unit(id),
  first_submitted_ms INTEGER,                  -- NULL: waived before any submission
  UNIQUE (report_type_id, org_unit_id, period)
);
CREATE INDEX submission_period ON submission(report_type_id, period);
CREATE TABLE submission_event (
  submission_id INTEGER NOT NULL REFERENCES submission(id) ON DELETE CASCADE,
  seq           INTEGER NOT NULL,              -- 0, 1, … in order
  action        TEXT NOT NULL CHECK (action IN ('submit', 'return', 'approve', 'waive',
                  'unlock', 'lock', 'release')),
  from_state    TEXT NOT NULL,
  to_state      TEXT NOT NULL,
  by_user       TEXT NOT NULL,
  at_ms         INTEGER NOT NULL,
  comment       TEXT NOT NULL DEFAULT '',
  returns       TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (submission_id, seq)
) WITHOUT ROWID;
CREATE TRIGGER structure_i_calendar_day AFTER INSERT ON calendar_day BEGIN UPDATE structure_generation SET generation = generation + 1; END;
CREATE TRIGGER structure_u_calendar_day AFTER UPDATE ON calendar_day BEGIN UPDATE structure_generation SET generation = generation + 1; END;
CREATE TRIGGER structure_d_calendar_day AFTER DELETE ON calendar_day BEGIN UPDATE structure_generation SET generation = generation + 1; END;
CREATE TRIGGER structure_i_report_type AFTER INSERT ON report_type BEGIN UPDATE structure_generation SET generation = generation + 1; END;
CREATE TRIGGER structure_u_report_type AFTER UPDATE ON report_type BEGIN UPDATE structure_generation SET generation = generation + 1; END;
CREATE TRIGGER structure_d_report_type AFTER DELETE ON report_type BEGIN UPDATE structure_generation SET generation = generation + 1; END;
CREATE TRIGGER structure_i_report_deadline AFTER INSERT ON report_deadline BEGIN UPDATE structure_generation SET generation = generation + 1; END;
CREATE TRIGGER structure_d_report_deadline AFTER DELETE ON report_deadline BEGIN UPDATE structure_generation SET generation = generation + 1; END;
)sql";

// Report types naming their submitting units (core/report_type.h,
// LevelDeadline::units): a row per named unit under its level's deadline,
// gone with it (its columns in the order of its key: SQLite 3.40's
// integrity_check misreads NOT NULL columns of a WITHOUT ROWID table
// declared before a key column). And the activity kinds whose end calls for an
// end-of-activity report ('' every kind; names joined by ',').
constexpr const char* kV19ReportSubmitters = R"sql(
CREATE TABLE report_submitter (
  report_type_id INTEGER NOT NULL,
  org_unit_id    INTEGER NOT NULL REFERENCES org_unit(id),
  level          INTEGER NOT NULL,
  PRIMARY KEY (report_type_id, org_unit_id),
  FOREIGN KEY (report_type_id, level) REFERENCES report_deadline(report_type_id, level)
    ON DELETE CASCADE
) WITHOUT ROWID;
ALTER TABLE report_type ADD COLUMN activity_kinds TEXT NOT NULL DEFAULT '';
CREATE TRIGGER structure_i_report_submitter AFTER INSERT ON report_submitter BEGIN UPDATE structure_generation SET generation = generation + 1; END;
CREATE TRIGGER structure_d_report_submitter AFTER DELETE ON report_submitter BEGIN UPDATE structure_generation SET generation = generation + 1; END;
)sql";

// The in-app inbox and the reminders sent (reporting/reminders.h,
// reporting/notifier.h). A notification is a user's, by username (a user is
// never deleted, only disabled). reminder_sent makes the reminders
// idempotent: one row per reminder and user; its key is the report (type,
// period, unit — the recipient for a summary), the kind and the round (the
// times the report was sent back).
constexpr const char* kV20Notifications = R"sql(
CREATE TABLE notification (
  id          INTEGER PRIMARY KEY,
  username    TEXT NOT NULL,
  created_ms  INTEGER NOT NULL,
  kind        TEXT NOT NULL CHECK (kind <> ''),
  subject     TEXT NOT NULL,
  body        TEXT NOT NULL,
  link        TEXT NOT NULL DEFAULT '',
  read_ms     INTEGER                          -- NULL: unread
);
CREATE INDEX notification_user ON notification(username, id);
CREATE TABLE reminder_sent (
  kind           TEXT NOT NULL,
  report_type_id INTEGER NOT NULL REFERENCES report_type(id) ON DELETE CASCADE,
  period         TEXT NOT NULL,
  org_unit_id    INTEGER NOT NULL REFERENCES org_unit(id),
  round          INTEGER NOT NULL CHECK (round >= 0),
  username       TEXT NOT NULL,
  sent_ms        INTEGER NOT NULL,
  PRIMARY KEY (report_type_id, period, org_unit_id, kind, round, username)
) WITHOUT ROWID;
)sql";

// A counter of the reporting records, as migration 6's is of the structure:
// every insert, update or delete of a submission, of a submission's
// transition or of an ad-hoc request bumps it in the writing transaction,
// so the analytics engine's reporting rates (docs/analytics.md) follow
// submissions made by any connection or process with one cheap read per
// CatchUp. Report types and the calendar bump the structure generation
// already (migration 18).
constexpr std::string_view kV21ReportingGeneration = R"sql(
CREATE TABLE reporting_generation (
  id         INTEGER PRIMARY KEY CHECK (id = 1),
  generation INTEGER NOT NULL
);
INSERT INTO reporting_generation (id, generation) VALUES (1, 0);
CREATE TRIGGER reporting_i_submission AFTER INSERT ON submission BEGIN UPDATE reporting_generation SET generation = generation + 1; END;
CREATE TRIGGER reporting_u_submission AFTER UPDATE ON submission BEGIN UPDATE reporting_generation SET generation = generation + 1; END;
CREATE TRIGGER reporting_d_submission AFTER DELETE ON submission BEGIN UPDATE reporting_generation SET generation = generation + 1; END;
CREATE TRIGGER reporting_i_submission_event AFTER INSERT ON submission_event BEGIN UPDATE reporting_generation SET generation = generation + 1; END;
CREATE TRIGGER reporting_u_submission_event AFTER UPDATE ON submission_event BEGIN UPDATE reporting_generation SET generation = generation + 1; END;
CREATE TRIGGER reporting_d_submission_event AFTER DELETE ON submission_event BEGIN UPDATE reporting_generation SET generation = generation + 1; END;
CREATE TRIGGER reporting_i_report_request AFTER INSERT ON report_request BEGIN UPDATE reporting_generation SET generation = generation + 1; END;
CREATE TRIGGER reporting_u_report_request AFTER UPDATE ON report_request BEGIN UPDATE reporting_generation SET generation = generation + 1; END;
CREATE TRIGGER reporting_d_report_request AFTER DELETE ON report_request BEGIN UPDATE reporting_generation SET generation = generation + 1; END;
)sql";

}  // namespace

const std::vector<Migration>& AllMigrations() {
  static const std::vector<Migration> kMigrations = {
      {1, "org units with versions, events, lineage and attributes", kV1OrgUnits},
      {2, "categories, option combos, data elements, periods", kV2Metadata},
      {3, "data values and their append-only audit log", kV3DataValues},
      {4, "indicators, agencies, programme structure, spending norms and plans", kV4Plans},
      {5, "units named as a plan's area", kV5PlanAreas},
      {6, "a generation counter of the hierarchy and metadata", kV6StructureGeneration},
      {7, "compact data values: batches for who and when, chained audit", kV7CompactDataValues},
      {8, "aggregation levels of data elements", kV8AggregationLevels},
      {9, "designation lists (region-III communes, ĐBKK villages)", kV9Designations},
      {10, "data sets, their elements and org units, complete registrations", kV10DataSets},
      {11, "users, roles, scopes, sessions, API tokens and the audit log", kV11Access},
      {12, "models with their facts, figure rules and figures published from records", kV12Records},
      {13, "activities with their participants, activity figure rules, claims of either rule",
       kV13Activities},
      {14, "the women cadres register, training attendance, register figure rules", kV14Cadres},
      {15, "the safe-birth register with sealed identifying fields, and its payments",
       kV15SafeBirths},
      {16,
       "confidential cases with sealed identifying fields, their consents, services, referrals"
       " and case teams; the cases register for figures",
       kV16Cases},
      {17,
       "data protection: erased identities of births and cases, data subjects' requests, the"
       " breach log, retention periods",
       kV17Privacy},
      {18,
       "reporting: the working-day calendar, report types and their deadlines, ad-hoc requests,"
       " submissions and their transitions",
       kV18Reporting},
      {19,
       "report types naming their submitting units, and the activity kinds of end-of-activity"
       " reports",
       kV19ReportSubmitters},
      {20, "the in-app inbox of notifications, and the reminders sent", kV20Notifications},
      {21, "a generation counter of submissions and report requests", kV21ReportingGeneration},
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
