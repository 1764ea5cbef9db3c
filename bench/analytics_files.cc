// Writes the dataset as the files each engine loads (docs/bench.md): gemis's
// org-unit CSV, metadata JSON and DHIS2 data value CSV (by code), and the
// peers' integer-keyed CSVs.
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "analytics_data.h"
#include "bench_process.h"

namespace gemis::bench {

namespace {

constexpr const char* kGeneratorVersion = "analytics-data v1";

// A buffered CSV writer: fields separated by commas, one row per End().
class CsvOut {
 public:
  ~CsvOut() {
    if (file_ != nullptr) std::fclose(file_);
  }
  Status Open(const std::string& path, const char* header) {
    path_ = path;
    file_ = std::fopen(path.c_str(), "w");
    if (file_ == nullptr) return Status::Io("cannot write " + path);
    std::setvbuf(file_, nullptr, _IOFBF, 1 << 20);
    std::fputs(header, file_);
    std::fputc('\n', file_);
    return Status::Ok();
  }
  CsvOut& Text(std::string_view text) {
    Separate();
    std::fwrite(text.data(), 1, text.size(), file_);
    return *this;
  }
  CsvOut& Int(int64_t n) {
    char buffer[24];
    int length = std::snprintf(buffer, sizeof buffer, "%lld", static_cast<long long>(n));
    return Text(std::string_view(buffer, static_cast<size_t>(length)));
  }
  CsvOut& IntOrEmpty(int64_t n) { return n == 0 ? Text("") : Int(n); }
  void End() {
    std::fputc('\n', file_);
    first_ = true;
  }
  Status Close() {
    bool ok = std::ferror(file_) == 0;
    ok = std::fclose(file_) == 0 && ok;
    file_ = nullptr;
    return ok ? Status::Ok() : Status::Io("write failed: " + path_);
  }

 private:
  void Separate() {
    if (!first_) std::fputc(',', file_);
    first_ = false;
  }
  std::string path_;
  std::FILE* file_ = nullptr;
  bool first_ = true;
};

Status WriteUnits(const BenchDataset& data, const DatasetFiles& files) {
  CsvOut gemis, peer;
  GEMIS_RETURN_IF_ERROR(
      gemis.Open(files.Path("orgunits.csv"), "code,name,level,parent_code,valid_from,uid"));
  GEMIS_RETURN_IF_ERROR(
      peer.Open(files.Path("org_unit.csv"), "id,level,parent,province,district,commune"));
  for (const BenchUnit& u : data.units) {
    gemis.Text(UnitCode(u.id)).Text("Unit " + std::to_string(u.id)).Int(u.level);
    gemis.Text(u.parent == 0 ? "" : UnitCode(u.parent)).Text("2020-01-01").Text(UnitUid(u.id));
    gemis.End();
    peer.Int(u.id).Int(u.level).IntOrEmpty(u.parent).IntOrEmpty(u.province);
    peer.IntOrEmpty(u.district).IntOrEmpty(u.commune).End();
  }
  GEMIS_RETURN_IF_ERROR(gemis.Close());
  return peer.Close();
}

nlohmann::json Metadata() {
  using nlohmann::json;
  json ages = json::array();
  const char* codes[] = {"AGE3_0_17", "AGE3_18_59", "AGE3_60_PLUS"};
  const char* names[] = {"0-17", "18-59", "60+"};
  for (int age = 1; age <= 3; ++age) {
    ages.push_back({{"code", codes[age - 1]}, {"id", AgeOptionUid(age)}, {"name", names[age - 1]}});
  }
  json doc = {
      {"categories", {{{"code", "AGE3"}, {"name", "Nhóm tuổi (3 nhóm)"}, {"options", ages}}}},
      {"categoryCombos",
       {{{"code", "SEX_AGE3"},
         {"name", "Giới tính × nhóm tuổi"},
         {"categories", {"SEX", "AGE3"}}}}},
      {"dataElements", json::array()},
      {"indicators", json::array()}};
  for (int de = 1; de <= kElements; ++de) {
    std::string n = ElementCode(de).substr(2);
    doc["dataElements"].push_back({{"code", "DE" + n},
                                   {"id", ElementUid(de)},
                                   {"name", "Chỉ số " + n},
                                   {"valueType", "INTEGER_ZERO_OR_POSITIVE"},
                                   {"aggregationType", "SUM"},
                                   {"categoryCombo", "SEX_AGE3"},
                                   {"zeroIsSignificant", true}});
    doc["dataElements"].push_back({{"code", "TG" + n},
                                   {"name", "Chỉ tiêu " + n},
                                   {"valueType", "INTEGER_POSITIVE"},
                                   {"aggregationType", "SUM"},
                                   {"categoryCombo", "default"}});
    doc["indicators"].push_back({{"code", "AC" + n},
                                 {"id", IndicatorUid(de)},
                                 {"name", "Thực hiện / chỉ tiêu " + n},
                                 {"numerator", "#{DE" + n + "}"},
                                 {"denominator", "#{TG" + n + "}"},
                                 {"factor", 1}});
  }
  return doc;
}

Status WriteMetadata(const DatasetFiles& files) {
  std::ofstream out(files.Path("metadata.json"));
  out << Metadata().dump(1) << "\n";
  return out ? Status::Ok() : Status::Io("cannot write " + files.Path("metadata.json"));
}

constexpr const char* kGemisValueHeader =
    "dataelement,period,orgunit,categoryoptioncombo,attributeoptioncombo,value";
constexpr const char* kPeerValueHeader = "de,period,unit,coc,value";

void WriteValue(CsvOut& gemis, CsvOut& peer, const BenchValue& v) {
  gemis.Text(ElementCode(v.de)).Int(v.period).Text(UnitCode(v.unit)).Text(ComboCode(v.coc));
  gemis.Text("").Int(v.value).End();
  peer.Int(v.de).Int(v.period).Int(v.unit).Int(v.coc).Int(v.value).End();
}

// Each pair's 60 months in a permuted order (seeded by the pair), six combos
// per month.
Status WriteValues(const BenchDataset& data, const DatasetFiles& files) {
  CsvOut gemis, peer;
  GEMIS_RETURN_IF_ERROR(gemis.Open(files.Path("datavalues.csv"), kGemisValueHeader));
  GEMIS_RETURN_IF_ERROR(peer.Open(files.Path("data_value.csv"), kPeerValueHeader));
  for (const auto& [unit, de] : data.pairs) {
    std::array<int, kMonths> months = PermutedMonths(unit, de);
    for (int m : months) {
      for (int coc = 1; coc <= kCombos; ++coc) {
        WriteValue(gemis, peer, {de, MonthPeriod(m), unit, coc, ValueOf(unit, de, m, coc)});
      }
    }
  }
  GEMIS_RETURN_IF_ERROR(gemis.Close());
  return peer.Close();
}

Status WriteTargets(const BenchDataset& data, const DatasetFiles& files) {
  CsvOut gemis, peer, coc;
  GEMIS_RETURN_IF_ERROR(gemis.Open(files.Path("targets.csv"), kGemisValueHeader));
  GEMIS_RETURN_IF_ERROR(peer.Open(files.Path("targets_int.csv"), "district,de,target"));
  for (const BenchUnit& u : data.units) {
    if (u.level != 3) continue;
    for (int de = 1; de <= kElements; ++de) {
      gemis.Text("TG" + ElementCode(de).substr(2)).Text("2021-2025").Text(UnitCode(u.id));
      gemis.Text("").Text("").Int(TargetOf(u.id, de)).End();
      peer.Int(u.id).Int(de).Int(TargetOf(u.id, de)).End();
    }
  }
  GEMIS_RETURN_IF_ERROR(coc.Open(files.Path("coc.csv"), "id,sex,age"));
  for (int c = 1; c <= kCombos; ++c) coc.Int(c).Int(SexOf(c)).Int(AgeOf(c)).End();
  GEMIS_RETURN_IF_ERROR(coc.Close());
  GEMIS_RETURN_IF_ERROR(gemis.Close());
  return peer.Close();
}

Status WriteBatches(const BenchDataset& data, const DatasetFiles& files) {
  for (int b = 0; b < kBatches; ++b) {
    CsvOut gemis, peer;
    GEMIS_RETURN_IF_ERROR(gemis.Open(files.GemisBatch(b + 1), kGemisValueHeader));
    GEMIS_RETURN_IF_ERROR(peer.Open(files.PeerBatch(b + 1), kPeerValueHeader));
    for (const BenchValue& v : data.batches[static_cast<size_t>(b)]) WriteValue(gemis, peer, v);
    GEMIS_RETURN_IF_ERROR(gemis.Close());
    GEMIS_RETURN_IF_ERROR(peer.Close());
  }
  return Status::Ok();
}

}  // namespace

Result<DatasetFiles> WriteDatasetFiles(const BenchDataset& data, const std::string& dir) {
  DatasetFiles files{dir};
  std::string stamp_path = files.Path("complete.stamp");
  std::string stamp = std::string(kGeneratorVersion) +
                      " wanted=" + std::to_string(data.wanted_values) +
                      " values=" + std::to_string(data.value_count()) + "\n";
  Result<std::string> existing = ReadFile(stamp_path);
  if (existing.ok() && *existing == stamp) return files;
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status::Io("cannot create " + dir + ": " + ec.message());
  GEMIS_RETURN_IF_ERROR(WriteUnits(data, files));
  GEMIS_RETURN_IF_ERROR(WriteMetadata(files));
  GEMIS_RETURN_IF_ERROR(WriteTargets(data, files));
  GEMIS_RETURN_IF_ERROR(WriteBatches(data, files));
  GEMIS_RETURN_IF_ERROR(WriteValues(data, files));
  std::ofstream out(stamp_path);
  out << stamp;
  return out ? Result<DatasetFiles>(files) : Status::Io("cannot write " + stamp_path);
}

}  // namespace gemis::bench
