// Replays the fuzzers' checked-in corpora and every crash turned regression
// (fuzz/corpus/<target>/, fuzz/regressions/<target>/) through the same
// target bodies the fuzzers run, so the test suite's sanitizer build checks
// them on every `make test` (docs/fuzzing.md). A target that aborts fails the
// whole test binary, naming the file in the log before it runs.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <vector>

#include "fuzz_targets.h"

namespace gemis::fuzz {
namespace {

namespace fs = std::filesystem;

const fs::path kFuzzDir = fs::path(GEMIS_SOURCE_DIR) / "fuzz";

std::vector<uint8_t> Bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Runs every file of `dir` through `target`; returns how many.
int Replay(const Target& target, const fs::path& dir) {
  if (!fs::exists(dir)) return 0;
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.is_regular_file()) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  for (const fs::path& file : files) {
    std::cerr << "replaying " << file.string() << "\n";
    std::vector<uint8_t> bytes = Bytes(file);
    target.run(bytes.data(), bytes.size());
  }
  return static_cast<int>(files.size());
}

TEST(FuzzCorpus, EveryTargetHasASeedCorpus) {
  for (const Target& target : Targets()) {
    SCOPED_TRACE(std::string(target.name));
    EXPECT_GT(Replay(target, kFuzzDir / "corpus" / target.name), 0);
  }
}

TEST(FuzzCorpus, RegressionsStayFixed) {
  int replayed = 0;
  for (const Target& target : Targets()) {
    replayed += Replay(target, kFuzzDir / "regressions" / target.name);
  }
  std::cout << replayed << " regression inputs replayed\n";
  // Every folder under fuzz/regressions names a target.
  for (const auto& entry : fs::directory_iterator(kFuzzDir / "regressions")) {
    if (!entry.is_directory()) continue;
    bool known = false;
    for (const Target& target : Targets()) known = known || entry.path().filename() == target.name;
    EXPECT_TRUE(known) << entry.path();
  }
}

TEST(FuzzCorpus, TargetsSurviveEdgeInputs) {
  const std::vector<std::vector<uint8_t>> inputs = {{},    {0},   {0xEF, 0xBB, 0xBF}, {'"'}, {'<'},
                                                    {'{'}, {'['}, {0xFF, 0xFE, 0x00}};
  for (const Target& target : Targets()) {
    for (const std::vector<uint8_t>& input : inputs) target.run(input.data(), input.size());
  }
}

}  // namespace
}  // namespace gemis::fuzz
