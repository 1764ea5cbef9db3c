#include "store/sqlite_bulk_values.h"

#include <cstring>
#include <new>
#include <string>

namespace gemis::store {

namespace {

// The pointer type sqlite3_bind_pointer checks: nothing else can be read as
// our rows.
constexpr const char kPointerType[] = "gemis_bulk_values";

enum Column {
  kElement,
  kPeriod,
  kOrgUnit,
  kCoc,
  kAoc,
  kValue,
  kComment,
  kFollowup,
  kStoredBy,
  kLastChange,
  kRows,  // HIDDEN: the argument
};

struct Cursor {
  sqlite3_vtab_cursor base;  // first: SQLite casts between the two
  const std::vector<BulkValueRow>* rows = nullptr;
  size_t at = 0;
};

int Connect(sqlite3* db, void*, int, const char* const*, sqlite3_vtab** vtab, char**) {
  int rc = sqlite3_declare_vtab(
      db,
      "CREATE TABLE x(data_element_id, period_id, org_unit_id, coc_id, aoc_id, value, comment,"
      " followup, stored_by, last_change, rows HIDDEN)");
  if (rc != SQLITE_OK) return rc;
  *vtab = static_cast<sqlite3_vtab*>(sqlite3_malloc(sizeof(sqlite3_vtab)));
  if (*vtab == nullptr) return SQLITE_NOMEM;
  std::memset(*vtab, 0, sizeof(sqlite3_vtab));
  return SQLITE_OK;
}

int Disconnect(sqlite3_vtab* vtab) {
  sqlite3_free(vtab);
  return SQLITE_OK;
}

// Only usable with its argument: gemis_bulk_values(?).
int BestIndex(sqlite3_vtab*, sqlite3_index_info* info) {
  for (int i = 0; i < info->nConstraint; ++i) {
    const auto& c = info->aConstraint[i];
    if (c.iColumn == kRows && c.op == SQLITE_INDEX_CONSTRAINT_EQ && c.usable) {
      info->aConstraintUsage[i].argvIndex = 1;
      info->aConstraintUsage[i].omit = 1;
      info->idxNum = 1;
      info->estimatedCost = 1;
      return SQLITE_OK;
    }
  }
  return SQLITE_CONSTRAINT;
}

int Open(sqlite3_vtab*, sqlite3_vtab_cursor** cursor) {
  auto* c = new (std::nothrow) Cursor();
  if (c == nullptr) return SQLITE_NOMEM;
  *cursor = &c->base;
  return SQLITE_OK;
}

int Close(sqlite3_vtab_cursor* cursor) {
  delete reinterpret_cast<Cursor*>(cursor);
  return SQLITE_OK;
}

int Filter(sqlite3_vtab_cursor* cursor, int idx_num, const char*, int argc, sqlite3_value** argv) {
  auto* c = reinterpret_cast<Cursor*>(cursor);
  c->rows = idx_num == 1 && argc == 1 ? static_cast<const std::vector<BulkValueRow>*>(
                                            sqlite3_value_pointer(argv[0], kPointerType))
                                      : nullptr;
  c->at = 0;
  return SQLITE_OK;
}

int Next(sqlite3_vtab_cursor* cursor) {
  ++reinterpret_cast<Cursor*>(cursor)->at;
  return SQLITE_OK;
}

int Eof(sqlite3_vtab_cursor* cursor) {
  const auto* c = reinterpret_cast<const Cursor*>(cursor);
  return c->rows == nullptr || c->at >= c->rows->size();
}

void ResultText(sqlite3_context* context, const std::string& text) {
  sqlite3_result_text(context, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
}

int ColumnValue(sqlite3_vtab_cursor* cursor, sqlite3_context* context, int column) {
  const auto* c = reinterpret_cast<const Cursor*>(cursor);
  const BulkValueRow& row = (*c->rows)[c->at];
  const DataValueWrite& w = *row.write;
  switch (column) {
    case kElement: sqlite3_result_int64(context, w.key.data_element); break;
    case kPeriod: sqlite3_result_int64(context, w.key.period); break;
    case kOrgUnit: sqlite3_result_int64(context, w.key.org_unit); break;
    case kCoc: sqlite3_result_int64(context, w.key.category_option_combo); break;
    case kAoc: sqlite3_result_int64(context, w.key.attribute_option_combo); break;
    case kValue: ResultText(context, w.value); break;
    case kComment:
      if (w.comment)
        ResultText(context, *w.comment);
      else
        sqlite3_result_null(context);
      break;
    case kFollowup: sqlite3_result_int(context, w.followup ? 1 : 0); break;
    case kStoredBy:
      if (row.own_stored_by)
        ResultText(context, w.stored_by);
      else
        sqlite3_result_null(context);
      break;
    case kLastChange: sqlite3_result_int64(context, row.change_id); break;
    default: sqlite3_result_null(context); break;
  }
  return SQLITE_OK;
}

int Rowid(sqlite3_vtab_cursor* cursor, sqlite3_int64* rowid) {
  *rowid = static_cast<sqlite3_int64>(reinterpret_cast<const Cursor*>(cursor)->at);
  return SQLITE_OK;
}

// Eponymous only (no xCreate): used as gemis_bulk_values(?), never created.
sqlite3_module MakeModule() {
  sqlite3_module m;
  std::memset(&m, 0, sizeof m);
  m.xConnect = Connect;
  m.xBestIndex = BestIndex;
  m.xDisconnect = Disconnect;
  m.xOpen = Open;
  m.xClose = Close;
  m.xFilter = Filter;
  m.xNext = Next;
  m.xEof = Eof;
  m.xColumn = ColumnValue;
  m.xRowid = Rowid;
  return m;
}

const sqlite3_module kModule = MakeModule();

}  // namespace

Status RegisterBulkValues(SqliteDb& db) {
  int rc = sqlite3_create_module(db.handle(), kPointerType, &kModule, nullptr);
  if (rc != SQLITE_OK) return db.Error("cannot register gemis_bulk_values");
  return Status::Ok();
}

void BindBulkValues(SqliteStatement& stmt, int index, const std::vector<BulkValueRow>& rows) {
  // SQLite only reads through the pointer.
  stmt.BindPointer(index, const_cast<std::vector<BulkValueRow>*>(&rows), kPointerType);
}

}  // namespace gemis::store
