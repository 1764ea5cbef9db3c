#include "pg_server.h"

#include <pwd.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "bench_process.h"

namespace gemis::bench {

namespace {

namespace fs = std::filesystem;

// The shell command EmergencyStop runs, prepared while no signal can arrive
// halfway: written before `g_stop_ready` is set, cleared after it is unset.
char g_stop_command[4096];
volatile sig_atomic_t g_stop_ready = 0;

bool IsRoot() { return geteuid() == 0; }

Status ChownToPostgres(const std::string& path) {
  struct passwd* pw = getpwnam("postgres");
  if (pw == nullptr) {
    return Status::NotFound(
        "there is no 'postgres' user (install postgresql-15: "
        "scripts/install-bench-deps)");
  }
  if (chown(path.c_str(), pw->pw_uid, pw->pw_gid) != 0) {
    return Status::Io("cannot give " + path + " to postgres: " + strerror(errno));
  }
  return Status::Ok();
}

Result<std::string> MakeTempDir() {
  std::string pattern = (fs::temp_directory_path() / "gemis-bench-pg-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) {
    return Status::Io("mkdtemp " + pattern + ": " + strerror(errno));
  }
  return pattern;
}

}  // namespace

Result<std::unique_ptr<PgServer>> PgServer::Start(const std::string& bin_dir,
                                                  const std::vector<std::string>& settings) {
  std::unique_ptr<PgServer> server(new PgServer());
  Status status = server->Init(bin_dir, settings);
  if (!status.ok()) {
    Status stopped = server->Stop();  // also removes the directory
    if (!stopped.ok()) std::cerr << "[postgres] " << stopped.ToString() << "\n";
    return status;
  }
  return server;
}

Status PgServer::Init(const std::string& bin_dir, const std::vector<std::string>& settings) {
  bin_dir_ = bin_dir;
  if (!fs::exists(bin_dir + "/initdb")) {
    return Status::NotFound(bin_dir +
                            "/initdb not found (install postgresql-15: "
                            "scripts/install-bench-deps)");
  }
  GEMIS_ASSIGN_OR_RETURN(root_, MakeTempDir());
  if (IsRoot()) GEMIS_RETURN_IF_ERROR(ChownToPostgres(root_));
  data_dir_ = root_ + "/data";
  GEMIS_RETURN_IF_ERROR(
      RunChecked(AsPostgres({bin_dir + "/initdb", "-D", data_dir_, "-U", "postgres", "--auth=trust",
                             "--encoding=UTF8", "--locale=C", "--no-sync"}),
                 root_ + "/initdb.log"));
  GEMIS_ASSIGN_OR_RETURN(port_, FreeLoopbackPort());
  std::ofstream conf(data_dir_ + "/postgresql.conf", std::ios::app);
  conf << "\n# gemis analytics benchmark\nlisten_addresses = '127.0.0.1'\nport = " << port_
       << "\nunix_socket_directories = '" << root_ << "'\n";
  for (const std::string& line : settings) conf << line << "\n";
  if (!conf.flush()) return Status::Io("cannot append to " + data_dir_ + "/postgresql.conf");
  std::string prefix = IsRoot() ? "runuser -u postgres -- " : "";
  std::snprintf(g_stop_command, sizeof g_stop_command,
                "%s'%s/pg_ctl' -D '%s' -m immediate stop >/dev/null 2>&1; rm -rf '%s'",
                prefix.c_str(), bin_dir.c_str(), data_dir_.c_str(), root_.c_str());
  g_stop_ready = 1;
  running_ = true;  // from here Stop() runs pg_ctl stop, even if start fails halfway
  return RunChecked(AsPostgres({bin_dir + "/pg_ctl", "-D", data_dir_, "-l", root_ + "/postgres.log",
                                "-w", "-t", "120", "start"}),
                    root_ + "/pg_ctl.log");
}

PgServer::~PgServer() {
  Status status = Stop();
  if (!status.ok()) std::cerr << "[postgres] " << status.ToString() << "\n";
}

Status PgServer::Stop() {
  Status status = Status::Ok();
  if (running_) {
    running_ = false;
    status =
        RunChecked(AsPostgres({bin_dir_ + "/pg_ctl", "-D", data_dir_, "-m", "fast", "-w", "stop"}),
                   root_ + "/pg_ctl.log");
  }
  g_stop_ready = 0;
  if (!root_.empty() && status.ok()) {
    std::error_code ec;
    fs::remove_all(root_, ec);
    root_.clear();
  }
  return status;
}

pid_t PgServer::postmaster_pid() const {
  std::ifstream in(data_dir_ + "/postmaster.pid");
  long pid = 0;
  in >> pid;
  return static_cast<pid_t>(pid);
}

std::vector<std::string> PgServer::AsPostgres(std::vector<std::string> argv) const {
  if (!IsRoot()) return argv;
  argv.insert(argv.begin(), {"runuser", "-u", "postgres", "--"});
  return argv;
}

void PgServer::EmergencyStop() {
  if (!g_stop_ready) return;
  g_stop_ready = 0;
  pid_t pid = fork();
  if (pid == 0) {
    execl("/bin/sh", "sh", "-c", g_stop_command, static_cast<char*>(nullptr));
    _exit(127);
  }
  if (pid > 0) {
    int status = 0;
    waitpid(pid, &status, 0);
  }
}

}  // namespace gemis::bench
