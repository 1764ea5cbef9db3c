// A private PostgreSQL server for one benchmark run: initdb into a fresh
// temporary directory owned by the postgres user (initdb and postgres refuse
// to run as root; as root every server command goes through
// `runuser -u postgres --`), settings appended to postgresql.conf, listening on
// 127.0.0.1 at a free port with its socket in that directory. Stop() — also
// called by the destructor and, through EmergencyStop(), by signal handlers —
// stops it and removes the directory.
#pragma once

#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

#include "core/status.h"

namespace gemis::bench {

class PgServer {
 public:
  // `bin_dir` holds initdb and pg_ctl; `settings` are postgresql.conf lines.
  static Result<std::unique_ptr<PgServer>> Start(const std::string& bin_dir,
                                                 const std::vector<std::string>& settings);
  ~PgServer();
  PgServer(const PgServer&) = delete;
  PgServer& operator=(const PgServer&) = delete;

  // Stops the server (fast shutdown) and removes its directory. Idempotent.
  Status Stop();

  int port() const { return port_; }
  const std::string& data_dir() const { return data_dir_; }
  // The postmaster's pid, from postmaster.pid (0 when unreadable).
  pid_t postmaster_pid() const;

  // Stops the running server, if any, with only async-signal-safe calls
  // (fork + exec of a command prepared at start), for signal handlers.
  static void EmergencyStop();

 private:
  PgServer() = default;
  Status Init(const std::string& bin_dir, const std::vector<std::string>& settings);
  std::vector<std::string> AsPostgres(std::vector<std::string> argv) const;

  std::string bin_dir_;
  std::string root_;      // the temporary directory (owned by postgres)
  std::string data_dir_;  // root_/data
  int port_ = 0;
  bool running_ = false;
};

}  // namespace gemis::bench
