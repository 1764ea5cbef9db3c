// The deterministic national-scale dataset of the analytics benchmark
// (docs/bench.md): one country, 63 provinces, ~700 districts, ~10,500
// communes, ~70,000 villages; 40 data elements disaggregated by sex × 3 age
// bands (6 option combos); every month of 2021–2025; a target per district and
// element; five batches of 10,000 new values for the freshness query.
//
// Everything comes from SplitMix64 with fixed seeds — never std::
// distributions, whose output differs between standard libraries — so every
// machine generates the same files for a scale. Unit ids are a shuffle of
// 1..N (not in hierarchy order), and the value rows are written pair by pair
// in hash order with each pair's months permuted (not sorted by period or
// unit): every engine builds whatever order or index it wants in its load.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"

namespace gemis::bench {

inline constexpr int kElements = 40;  // DE01..DE40
inline constexpr int kCombos = 6;     // sex (2) × age band (3)
inline constexpr int kMonths = 60;    // 2021-01 .. 2025-12
inline constexpr int kFirstYear = 2021;
inline constexpr int kBatches = 5;  // freshness batches (one per timed Q5 run)
inline constexpr int kBatchSize = 10000;

// "5m", "50m", "200k", "1500000": the number of data values wanted.
Result<int64_t> ParseScale(std::string_view scale);

// Levels as gemis numbers them: 1 country … 5 village.
struct BenchUnit {
  int32_t id = 0;
  int level = 0;
  int32_t parent = 0;  // 0 for the country
  // The unit's ancestor (or itself) at levels 2, 3, 4; 0 above the unit.
  int32_t province = 0, district = 0, commune = 0;
};

// One data value in the peers' integer shape.
struct BenchValue {
  int de = 0;      // 1..40
  int period = 0;  // yyyymm
  int32_t unit = 0;
  int coc = 0;    // 1..6: (sex - 1) * 3 + age
  int value = 0;  // 0..999
};

struct BenchDataset {
  int64_t wanted_values = 0;
  std::vector<BenchUnit> units;  // hierarchy order: parents before children
  int32_t country = 0;
  int32_t q2_province = 0;  // the province of Q2
  int32_t q3_commune = 0;   // the commune of Q3 (its villages report every element)
  // The (unit, element) pairs that report: every month × combo, written in
  // this order.
  std::vector<std::pair<int32_t, int>> pairs;
  std::vector<std::vector<BenchValue>> batches;  // Q5: kBatches × kBatchSize

  int64_t value_count() const { return static_cast<int64_t>(pairs.size()) * kMonths * kCombos; }
  int64_t target_count() const;
};

BenchDataset GenerateDataset(int64_t wanted_values);

// The value of (unit, element, month index 0..59, combo), 0..999.
int ValueOf(int32_t unit, int de, int month, int coc);
// The target of a district and element, 1,000..100,000.
int TargetOf(int32_t district, int de);
// The month indexes 0..59 in the order a pair's rows are written (a shuffle
// seeded by the pair).
std::array<int, kMonths> PermutedMonths(int32_t unit, int de);
// Month index 0..59 → yyyymm.
inline int MonthPeriod(int month) { return (kFirstYear + month / 12) * 100 + month % 12 + 1; }
inline int SexOf(int coc) { return (coc - 1) / 3 + 1; }  // 1 male, 2 female
inline int AgeOf(int coc) { return (coc - 1) % 3 + 1; }  // 1 0–17, 2 18–59, 3 60+

// Codes and uids of the gemis files (docs/bench.md, "Dataset").
std::string UnitCode(int32_t id);   // "OU012345"
std::string UnitUid(int32_t id);    // "Bou00012345"
std::string ElementCode(int de);    // "DE07"
std::string ElementUid(int de);     // "Bde00000007"
std::string IndicatorUid(int de);   // "Bac00000007"
std::string AgeOptionUid(int age);  // "Bag00000002"
std::string ComboCode(int coc);     // "SEX_AGE3_FEMALE_AGE3_18_59"

// The files every engine loads, under one directory (see WriteDatasetFiles).
struct DatasetFiles {
  std::string dir;
  std::string Path(const std::string& name) const { return dir + "/" + name; }
  // gemis: orgunits.csv, metadata.json, datavalues.csv, targets.csv,
  // gemis-batch-N.csv. Peers: org_unit.csv, coc.csv, data_value.csv,
  // targets_int.csv, batch-N.csv.
  std::string GemisBatch(int b) const { return Path("gemis-batch-" + std::to_string(b) + ".csv"); }
  std::string PeerBatch(int b) const { return Path("batch-" + std::to_string(b) + ".csv"); }
};

// Writes every file into `dir` (created). Skips the work when `dir` holds a
// complete set written by this generator version for the same scale.
Result<DatasetFiles> WriteDatasetFiles(const BenchDataset& data, const std::string& dir);

}  // namespace gemis::bench
