#include "exchange/unit_table.h"

#include <fstream>
#include <optional>

#include "core/text.h"
#include "exchange/csv_reader.h"

namespace gemis::exchange {

namespace {

std::string_view Trim(std::string_view text) {
  size_t begin = text.find_first_not_of(" \t");
  if (begin == std::string_view::npos) return {};
  return text.substr(begin, text.find_last_not_of(" \t") - begin + 1);
}

// The columns of the table, in the spec's order.
enum Column { kRef, kSeed, kSpelling, kLevel, kCode, kAsOf, kNote, kColumnCount };
constexpr std::string_view kNames[kColumnCount] = {"ref",  "seed",  "spelling", "level",
                                                   "code", "as_of", "note"};
constexpr bool kRequired[kColumnCount] = {true, false, false, true, true, true, false};

// When a code is used, for the message about a code not in use on a date.
std::string UsesOf(const Hierarchy& hierarchy, std::string_view code) {
  std::vector<const OrgUnit*> units = hierarchy.FindByCodeAnyTime(code);
  if (units.empty()) return "no unit ever carried this code";
  std::string out;
  for (const OrgUnit* unit : units) {
    for (const OrgUnitVersion& v : unit->versions) {
      if (v.code != code) continue;
      out += (out.empty() ? "" : "; ") + v.FullName() + " " +
             (v.from ? v.from->ToString() : std::string("…")) + " – " +
             (v.to ? v.to->ToString() : std::string("…"));
    }
  }
  return "the code was used by " + out;
}

class Loader {
 public:
  Loader(CsvReader& reader, const Hierarchy& hierarchy) : reader_(reader), hierarchy_(hierarchy) {}

  Result<std::vector<UnitTableEntry>> Run() {
    for (int c = 0; c < kColumnCount; ++c) {
      columns_[c] = reader_.header().Find({kNames[c]});
      if (!columns_[c] && kRequired[c]) {
        return reader_.header().Require({kNames[c]}).status();
      }
    }
    std::vector<UnitTableEntry> entries;
    CsvRecord record;
    for (;;) {
      GEMIS_ASSIGN_OR_RETURN(bool more, reader_.Next(record));
      if (!more) return entries;
      GEMIS_ASSIGN_OR_RETURN(UnitTableEntry entry, Row(record));
      entries.push_back(std::move(entry));
    }
  }

 private:
  Location Where(const CsvRecord& record, Column c) const {
    return reader_.Locate(record, *columns_[c]);
  }

  // The field trimmed and in NFC ("" for an absent optional column).
  Result<std::string> Field(const CsvRecord& record, Column c) const {
    Result<std::string> text = ToNfc(Trim(record.Get(columns_[c])));
    if (!text.ok()) return Status::Invalid(text.status().message(), Where(record, c));
    return text;
  }

  Result<UnitTableEntry> Row(const CsvRecord& record) {
    UnitTableEntry e;
    e.line = record.line();
    GEMIS_ASSIGN_OR_RETURN(e.ref, Field(record, kRef));
    GEMIS_ASSIGN_OR_RETURN(e.seed, Field(record, kSeed));
    GEMIS_ASSIGN_OR_RETURN(e.spelling, Field(record, kSpelling));
    GEMIS_ASSIGN_OR_RETURN(e.code, Field(record, kCode));
    GEMIS_ASSIGN_OR_RETURN(e.note, Field(record, kNote));
    GEMIS_ASSIGN_OR_RETURN(std::string level, Field(record, kLevel));
    GEMIS_ASSIGN_OR_RETURN(std::string as_of, Field(record, kAsOf));
    if (e.ref.empty()) return Status::Invalid("empty ref", Where(record, kRef));
    if (e.code.empty()) return Status::Invalid("empty code", Where(record, kCode));
    Result<OrgUnitLevel> parsed_level = ParseLevel(level);
    if (!parsed_level.ok())
      return Status::Invalid(parsed_level.status().message(), Where(record, kLevel));
    e.level = *parsed_level;
    Result<Date> date = Date::Parse(as_of);
    if (!date.ok()) {
      return Status::Invalid("as_of '" + as_of + "' is not a date YYYY-MM-DD",
                             Where(record, kAsOf));
    }
    e.as_of = *date;
    return Resolve(record, std::move(e));
  }

  Result<UnitTableEntry> Resolve(const CsvRecord& record, UnitTableEntry e) {
    auto [it, inserted] = lines_.emplace(e.ref, e.line);
    if (!inserted) {
      return Status::Invalid(
          "duplicate ref '" + e.ref + "' (first on line " + std::to_string(it->second) + ")",
          Where(record, kRef));
    }
    const OrgUnit* unit = hierarchy_.FindByCode(e.code, e.as_of);
    if (unit == nullptr) {
      return Status::Invalid("no unit carries code '" + e.code + "' on " + e.as_of.ToString() +
                                 " (" + UsesOf(hierarchy_, e.code) + ")",
                             Where(record, kCode));
    }
    const OrgUnitVersion* version = unit->VersionAt(e.as_of);
    if (version->level != e.level) {
      return Status::Invalid("ref '" + e.ref + "' is said to be a " + LevelName(e.level) +
                                 ", but code '" + e.code + "' on " + e.as_of.ToString() + " is " +
                                 version->FullName() + ", a " + LevelName(version->level),
                             Where(record, kLevel));
    }
    e.unit = unit->id;
    return e;
  }

  CsvReader& reader_;
  const Hierarchy& hierarchy_;
  std::optional<size_t> columns_[kColumnCount];
  std::unordered_map<std::string, int> lines_;
};

}  // namespace

Result<UnitTable> UnitTable::Load(std::istream& in, const std::string& source_name,
                                  const Hierarchy& hierarchy) {
  GEMIS_ASSIGN_OR_RETURN(CsvReader reader, CsvReader::Open(in, source_name));
  GEMIS_ASSIGN_OR_RETURN(std::vector<UnitTableEntry> entries, Loader(reader, hierarchy).Run());
  UnitTable table;
  table.source_name_ = source_name;
  table.entries_ = std::move(entries);
  for (size_t i = 0; i < table.entries_.size(); ++i) table.by_ref_[table.entries_[i].ref] = i;
  return table;
}

Result<UnitTable> UnitTable::LoadFile(const std::string& path, const Hierarchy& hierarchy) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("cannot open unit table '" + path + "'", {path, 0, 0, ""});
  return Load(in, path, hierarchy);
}

const UnitTableEntry* UnitTable::Find(std::string_view ref) const {
  auto it = by_ref_.find(std::string(ref));
  if (it == by_ref_.end()) {
    // Callers normally pass NFC text; normalise in case they did not.
    Result<std::string> nfc = ToNfc(ref);
    if (!nfc.ok() || *nfc == ref) return nullptr;
    it = by_ref_.find(*nfc);
    if (it == by_ref_.end()) return nullptr;
  }
  return &entries_[it->second];
}

}  // namespace gemis::exchange
