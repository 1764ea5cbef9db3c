#include "analytics_data.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <unordered_set>

namespace gemis::bench {

namespace {

constexpr uint64_t kTreeSeed = 0x67656d6973747265ULL;  // "gemistre"
constexpr uint64_t kPairSeed = 0x7061697273656c65ULL;
constexpr uint64_t kOrderSeed = 0x6f72646572696e67ULL;
constexpr uint64_t kMonthSeed = 0x6d6f6e7468736565ULL;
constexpr uint64_t kValueSeed = 0x76616c7565736565ULL;
constexpr uint64_t kTargetSeed = 0x7461726765747365ULL;
constexpr uint64_t kBatchSeed = 0x6261746368657365ULL;

uint64_t Mix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

uint64_t Hash(uint64_t seed, uint64_t a, uint64_t b = 0, uint64_t c = 0) {
  return Mix(Mix(Mix(seed ^ a) ^ b) ^ c);
}

// SplitMix64 as a stream.
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t Next() { return Mix(state_++); }
  // Uniform enough in [0, n) for n far below 2^64.
  uint64_t Below(uint64_t n) { return Next() % n; }

 private:
  uint64_t state_;
};

// Builds the tree in hierarchy order with generation indexes as ids; the ids
// are shuffled afterwards.
class TreeBuilder {
 public:
  std::vector<BenchUnit> Build() {
    Add(1, -1);
    for (int p = 0; p < 63; ++p) {
      size_t province = Add(2, 0);
      int districts = 9 + static_cast<int>(rng_.Below(5));  // 9..13, ~11
      for (int d = 0; d < districts; ++d) {
        size_t district = Add(3, static_cast<int64_t>(province));
        int communes = 13 + static_cast<int>(rng_.Below(5));  // 13..17, ~15
        for (int c = 0; c < communes; ++c) {
          size_t commune = Add(4, static_cast<int64_t>(district));
          int villages = 6 + (rng_.Below(10) < 7 ? 1 : 0);  // 6..7, ~6.7
          for (int v = 0; v < villages; ++v) Add(5, static_cast<int64_t>(commune));
        }
      }
    }
    return std::move(units_);
  }

 private:
  size_t Add(int level, int64_t parent_index) {
    BenchUnit u;
    u.id = static_cast<int32_t>(units_.size());
    u.level = level;
    if (parent_index >= 0) {
      const BenchUnit& parent = units_[static_cast<size_t>(parent_index)];
      u.parent = parent.id;
      u.province = parent.province;
      u.district = parent.district;
      u.commune = parent.commune;
    }
    if (level == 2) u.province = u.id;
    if (level == 3) u.district = u.id;
    if (level == 4) u.commune = u.id;
    units_.push_back(u);
    return units_.size() - 1;
  }

  Rng rng_{kTreeSeed};
  std::vector<BenchUnit> units_;
};

// Replaces the generation indexes by a Fisher-Yates shuffle of 1..N.
void ShuffleIds(std::vector<BenchUnit>& units) {
  std::vector<int32_t> ids(units.size());
  for (size_t i = 0; i < ids.size(); ++i) ids[i] = static_cast<int32_t>(i + 1);
  Rng rng(kTreeSeed + 1);
  for (size_t i = ids.size() - 1; i > 0; --i) std::swap(ids[i], ids[rng.Below(i + 1)]);
  for (BenchUnit& u : units) {
    bool has_parent = u.level > 1;
    u.id = ids[static_cast<size_t>(u.id)];
    if (has_parent) u.parent = ids[static_cast<size_t>(u.parent)];
    if (u.level >= 2) u.province = ids[static_cast<size_t>(u.province)];
    if (u.level >= 3) u.district = ids[static_cast<size_t>(u.district)];
    if (u.level >= 4) u.commune = ids[static_cast<size_t>(u.commune)];
  }
}

uint64_t PairKey(int32_t unit, int de) { return static_cast<uint64_t>(unit) * 64 + de; }

uint64_t PairHash(int32_t unit, int de) {
  return Hash(kPairSeed, static_cast<uint64_t>(unit), static_cast<uint64_t>(de));
}

// The hash below which `count` of the pairs of `reporting` fall (the
// count-th smallest), skipping `excluded`.
uint64_t PairThreshold(const std::vector<int32_t>& reporting,
                       const std::unordered_set<uint64_t>& excluded, size_t count) {
  std::vector<uint64_t> hashes;
  hashes.reserve(reporting.size() * kElements);
  for (int32_t unit : reporting) {
    for (int de = 1; de <= kElements; ++de) {
      if (excluded.count(PairKey(unit, de)) == 0) hashes.push_back(PairHash(unit, de));
    }
  }
  if (count == 0) return 0;
  if (count >= hashes.size()) return UINT64_MAX;
  std::nth_element(hashes.begin(), hashes.begin() + static_cast<int64_t>(count), hashes.end());
  return hashes[count];  // exactly `count` hashes lie below it (hashes are distinct)
}

// Chooses round(wanted / 360) reporting (unit, element) pairs: the villages of
// the Q3 commune, which together report every element, then the pairs of
// communes and villages with the smallest hashes. Returned in hash order.
std::vector<std::pair<int32_t, int>> ChoosePairs(const BenchDataset& data) {
  std::vector<int32_t> reporting, q3_villages;
  for (const BenchUnit& u : data.units) {
    if (u.level >= 4) reporting.push_back(u.id);
    if (u.level == 5 && u.commune == data.q3_commune) q3_villages.push_back(u.id);
  }
  std::unordered_set<uint64_t> chosen;
  std::vector<std::pair<int32_t, int>> pairs;
  for (int de = 1; de <= kElements; ++de) {
    int32_t unit = q3_villages[static_cast<size_t>(de - 1) % q3_villages.size()];
    chosen.insert(PairKey(unit, de));
    pairs.emplace_back(unit, de);
  }
  int64_t wanted = std::llround(static_cast<double>(data.wanted_values) / (kMonths * kCombos));
  size_t more = static_cast<size_t>(std::max<int64_t>(0, wanted - kElements));
  uint64_t threshold = PairThreshold(reporting, chosen, more);
  for (int32_t unit : reporting) {
    for (int de = 1; de <= kElements; ++de) {
      if (PairHash(unit, de) < threshold && chosen.count(PairKey(unit, de)) == 0) {
        pairs.emplace_back(unit, de);
      }
    }
  }
  auto order = [](const std::pair<int32_t, int>& p) {
    return Hash(kOrderSeed, static_cast<uint64_t>(p.first), static_cast<uint64_t>(p.second));
  };
  std::sort(pairs.begin(), pairs.end(),
            [&](const auto& a, const auto& b) { return order(a) < order(b); });
  return pairs;
}

// kBatches × kBatchSize new values in 2024 whose (unit, element) pair does not
// report in the base data, so every key is new and Q1's result changes.
std::vector<std::vector<BenchValue>> MakeBatches(const BenchDataset& data) {
  std::unordered_set<uint64_t> chosen;
  for (const auto& [unit, de] : data.pairs) chosen.insert(PairKey(unit, de));
  std::vector<int32_t> reporting;
  for (const BenchUnit& u : data.units) {
    if (u.level >= 4) reporting.push_back(u.id);
  }
  std::unordered_set<uint64_t> used;
  Rng rng(kBatchSeed);
  std::vector<std::vector<BenchValue>> batches(kBatches);
  for (auto& batch : batches) {
    while (batch.size() < kBatchSize) {
      int32_t unit = reporting[rng.Below(reporting.size())];
      int de = 1 + static_cast<int>(rng.Below(kElements));
      int month = 36 + static_cast<int>(rng.Below(12));
      int coc = 1 + static_cast<int>(rng.Below(kCombos));
      if (chosen.count(PairKey(unit, de)) != 0) continue;
      if (!used.insert((PairKey(unit, de) * 64 + month) * 8 + coc).second) continue;
      batch.push_back({de, MonthPeriod(month), unit, coc, ValueOf(unit, de, month, coc)});
    }
  }
  return batches;
}

std::string Padded(const char* prefix, int64_t n, int width) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%s%0*lld", prefix, width, static_cast<long long>(n));
  return buffer;
}

}  // namespace

Result<int64_t> ParseScale(std::string_view scale) {
  std::string_view digits = scale;
  int64_t multiplier = 1;
  if (!digits.empty() && (digits.back() == 'k' || digits.back() == 'm')) {
    multiplier = digits.back() == 'k' ? 1000 : 1000000;
    digits.remove_suffix(1);
  }
  int64_t n = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
  bool ok = ec == std::errc() && end == digits.data() + digits.size() && n > 0 &&
            n <= 2000000000 / multiplier;
  if (!ok) {
    return Status::Usage("scale must be a count like 200k, 5m, 50m or 1500000, not '" +
                         std::string(scale) + "'");
  }
  return n * multiplier;
}

int64_t BenchDataset::target_count() const {
  int64_t districts =
      std::count_if(units.begin(), units.end(), [](const BenchUnit& u) { return u.level == 3; });
  return districts * kElements;
}

BenchDataset GenerateDataset(int64_t wanted_values) {
  BenchDataset data;
  data.wanted_values = wanted_values;
  data.units = TreeBuilder().Build();
  std::vector<size_t> provinces, communes;
  for (size_t i = 0; i < data.units.size(); ++i) {
    if (data.units[i].level == 2) provinces.push_back(i);
    if (data.units[i].level == 4) communes.push_back(i);
  }
  ShuffleIds(data.units);
  data.country = data.units[0].id;
  data.q2_province = data.units[provinces[7]].id;
  data.q3_commune = data.units[communes[communes.size() / 2]].id;
  data.pairs = ChoosePairs(data);
  data.batches = MakeBatches(data);
  return data;
}

int ValueOf(int32_t unit, int de, int month, int coc) {
  uint64_t cell = static_cast<uint64_t>(month) * 8 + static_cast<uint64_t>(coc);
  return static_cast<int>(
      Hash(kValueSeed, static_cast<uint64_t>(unit), static_cast<uint64_t>(de), cell) % 1000);
}

std::array<int, kMonths> PermutedMonths(int32_t unit, int de) {
  std::array<int, kMonths> months;
  for (int m = 0; m < kMonths; ++m) months[static_cast<size_t>(m)] = m;
  Rng rng(Hash(kMonthSeed, static_cast<uint64_t>(unit), static_cast<uint64_t>(de)));
  for (size_t m = kMonths - 1; m > 0; --m) std::swap(months[m], months[rng.Below(m + 1)]);
  return months;
}

int TargetOf(int32_t district, int de) {
  return 1000 +
         static_cast<int>(
             Hash(kTargetSeed, static_cast<uint64_t>(district), static_cast<uint64_t>(de)) % 99001);
}

std::string UnitCode(int32_t id) { return Padded("OU", id, 6); }
std::string UnitUid(int32_t id) { return Padded("Bou", id, 8); }
std::string ElementCode(int de) { return Padded("DE", de, 2); }
std::string ElementUid(int de) { return Padded("Bde", de, 8); }
std::string IndicatorUid(int de) { return Padded("Bac", de, 8); }
std::string AgeOptionUid(int age) { return Padded("Bag", age, 8); }

std::string ComboCode(int coc) {
  static const char* kAges[] = {"AGE3_0_17", "AGE3_18_59", "AGE3_60_PLUS"};
  return std::string("SEX_AGE3_") + (SexOf(coc) == 1 ? "MALE_" : "FEMALE_") + kAges[AgeOf(coc) - 1];
}

}  // namespace gemis::bench
