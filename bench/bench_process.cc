#include "bench_process.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

namespace gemis::bench {

namespace fs = std::filesystem;

namespace {

std::string JoinArgs(const std::vector<std::string>& argv) {
  std::string text;
  for (const std::string& arg : argv) text += (text.empty() ? "" : " ") + arg;
  return text;
}

// In the child after fork(): redirect output, exec. Never returns.
[[noreturn]] void ExecChild(const std::vector<std::string>& argv, const std::string& log_path) {
  if (!log_path.empty()) {
    int fd = open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (fd >= 0) {
      dup2(fd, STDOUT_FILENO);
      dup2(fd, STDERR_FILENO);
      close(fd);
    }
  }
  std::vector<char*> args;
  for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  execvp(args[0], args.data());
  _exit(127);
}

// Reads "Key:   123 kB" from /proc/<pid>/<file>; 0 when missing.
int64_t ProcKilobytes(pid_t pid, const char* file, const std::string& key) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/" + file);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(key + ":", 0) == 0) return std::stoll(line.substr(key.size() + 1)) * 1024;
  }
  return 0;
}

// Parent pid of every process, from /proc/<pid>/stat (field 4).
std::multimap<pid_t, pid_t> ChildrenByParent() {
  std::multimap<pid_t, pid_t> children;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator("/proc", ec)) {
    std::string name = entry.path().filename();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream in(entry.path() / "stat");
    std::string stat;
    std::getline(in, stat);
    size_t close_paren = stat.rfind(')');
    if (close_paren == std::string::npos) continue;
    std::istringstream rest(stat.substr(close_paren + 2));
    char state = 0;
    pid_t parent = 0;
    rest >> state >> parent;
    children.emplace(parent, static_cast<pid_t>(std::stol(name)));
  }
  return children;
}

}  // namespace

Result<int> RunCommand(const std::vector<std::string>& argv, const std::string& log_path) {
  pid_t pid = fork();
  if (pid < 0) return Status::Io("cannot fork to run " + argv[0] + ": " + strerror(errno));
  if (pid == 0) ExecChild(argv, log_path);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return Status::Io("waitpid failed for " + argv[0]);
  }
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  int code = WEXITSTATUS(status);
  if (code == 127) return Status::Io("cannot run '" + argv[0] + "' (not installed?)");
  return code;
}

Status RunChecked(const std::vector<std::string>& argv, const std::string& log_path) {
  GEMIS_ASSIGN_OR_RETURN(int code, RunCommand(argv, log_path));
  if (code == 0) return Status::Ok();
  std::string message = "'" + JoinArgs(argv) + "' failed with exit code " + std::to_string(code);
  if (!log_path.empty()) message += "; end of " + log_path + ":\n" + FileTail(log_path);
  return Status::Internal(message);
}

std::string FileTail(const std::string& path, size_t max_bytes) {
  Result<std::string> text = ReadFile(path);
  if (!text.ok()) return "";
  return text->size() <= max_bytes ? *text : text->substr(text->size() - max_bytes);
}

MemoryUse ProcessMemory(pid_t pid) {
  return {ProcKilobytes(pid, "status", "VmRSS"), ProcKilobytes(pid, "smaps_rollup", "Pss")};
}

MemoryUse ProcessTreeMemory(pid_t root) {
  std::multimap<pid_t, pid_t> children = ChildrenByParent();
  MemoryUse total;
  std::vector<pid_t> todo = {root};
  while (!todo.empty()) {
    pid_t pid = todo.back();
    todo.pop_back();
    MemoryUse one = ProcessMemory(pid);
    total.rss += one.rss;
    total.pss += one.pss;
    auto [first, last] = children.equal_range(pid);
    for (auto it = first; it != last; ++it) todo.push_back(it->second);
  }
  return total;
}

int64_t DiskBytes(const std::string& path) {
  std::error_code ec;
  if (fs::is_regular_file(path, ec)) return static_cast<int64_t>(fs::file_size(path, ec));
  int64_t total = 0;
  for (auto it = fs::recursive_directory_iterator(path, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    std::error_code size_ec;
    if (it->is_regular_file(size_ec)) total += static_cast<int64_t>(it->file_size(size_ec));
  }
  return total;
}

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Io("cannot read " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

Result<int> FreeLoopbackPort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return Status::Io("socket() failed");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  bool ok = bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
            getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0;
  close(fd);
  if (!ok) return Status::Io("cannot find a free port on 127.0.0.1");
  return static_cast<int>(ntohs(addr.sin_port));
}

}  // namespace gemis::bench
