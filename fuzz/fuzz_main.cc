// The libFuzzer entry point of one target, chosen at compile time by
// GEMIS_FUZZ_TARGET (fuzz/CMakeLists.txt builds one executable per target).
#include <cstdlib>
#include <iostream>

#include "fuzz_targets.h"

namespace {

const gemis::fuzz::Target& Chosen() {
  static const gemis::fuzz::Target* target = [] {
    for (const gemis::fuzz::Target& t : gemis::fuzz::Targets()) {
      if (t.name == GEMIS_FUZZ_TARGET) return &t;
    }
    std::cerr << "no fuzz target " << GEMIS_FUZZ_TARGET << "\n";
    std::abort();
  }();
  return *target;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Chosen().run(data, size);
  return 0;
}
