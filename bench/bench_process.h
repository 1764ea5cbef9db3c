// Small process and file-system helpers of the analytics benchmark: running a
// command, reading resident memory from /proc, sizes of files on disk, and a
// monotonic stopwatch. Linux only (the benchmark's machine is Debian 12).
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"

namespace gemis::bench {

// Runs argv[0] (looked up on PATH) with `argv` and waits. stdout and stderr
// go to `log_path` (appended) when it is not empty, else to ours. Returns the
// exit code (128 + signal when killed); kIoError when it cannot be started.
Result<int> RunCommand(const std::vector<std::string>& argv, const std::string& log_path = "");

// As RunCommand, but a non-zero exit is an error naming the command and, when
// there is a log, its last lines.
Status RunChecked(const std::vector<std::string>& argv, const std::string& log_path = "");

// The last `max_bytes` of a text file ("" when unreadable), for error messages.
std::string FileTail(const std::string& path, size_t max_bytes = 2000);

// Resident and proportional set sizes in bytes (0 when the process is gone).
struct MemoryUse {
  int64_t rss = 0;
  int64_t pss = 0;
};
MemoryUse ProcessMemory(pid_t pid);
// `root` and every descendant process (children found through /proc/*/stat).
MemoryUse ProcessTreeMemory(pid_t root);

// Bytes of the regular files under `path` (a file or a directory tree).
int64_t DiskBytes(const std::string& path);

// The text of a whole file (kIoError when it cannot be read).
Result<std::string> ReadFile(const std::string& path);

// A free TCP port on 127.0.0.1 (asked from the kernel by binding port 0).
Result<int> FreeLoopbackPort();

class Stopwatch {
 public:
  Stopwatch() : start_(std::chrono::steady_clock::now()) {}
  double Ms() const {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start_)
        .count();
  }
  double Seconds() const { return Ms() / 1000.0; }

 private:
  std::chrono::steady_clock::time_point start_;
};

}  // namespace gemis::bench
