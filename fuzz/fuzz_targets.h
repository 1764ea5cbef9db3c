// The fuzz targets' bodies: each feeds arbitrary bytes to one parser and
// checks what must hold whatever the input (no crash, no hang, no leak; the
// sanitizers check memory). Shared by the libFuzzer executables (fuzz/*.cc,
// `make fuzz`) and by tests/exchange/fuzz_corpus_test.cc, which replays the
// checked-in corpora and every crash turned regression under the test
// suite's sanitizers. docs/fuzzing.md.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace gemis::fuzz {

struct Target {
  std::string_view name;  // the corpus folder: fuzz/corpus/<name>/
  void (*run)(const uint8_t* data, size_t size);
};

// Every target, in a fixed order.
const std::vector<Target>& Targets();

}  // namespace gemis::fuzz
