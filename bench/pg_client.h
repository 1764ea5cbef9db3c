// A minimal libpq client for the benchmark: statements, queries whose rows
// stay in the returned PGresult (all received before Query returns), and
// COPY … FROM STDIN fed from a local file.
#pragma once

#include <libpq-fe.h>

#include <memory>
#include <string>

#include "core/status.h"

namespace gemis::bench {

struct PgResultFree {
  void operator()(PGresult* result) const { PQclear(result); }
};
using PgResult = std::unique_ptr<PGresult, PgResultFree>;

class PgConnection {
 public:
  // Connects over TCP to 127.0.0.1:`port` as postgres.
  static Result<PgConnection> Connect(int port, const std::string& database);
  PgConnection(PgConnection&& other) noexcept : conn_(other.conn_) { other.conn_ = nullptr; }
  PgConnection& operator=(PgConnection&&) = delete;
  PgConnection(const PgConnection&) = delete;
  ~PgConnection();

  // A statement without rows (kInternal with the server's message).
  Status Exec(const std::string& sql);
  // A query: every row is in the result when it returns.
  Result<PgResult> Query(const std::string& sql);
  // Streams the CSV file at `path` (with a header line) into `table` through
  // COPY … FROM STDIN; `options` are extra COPY options (", FREEZE true").
  Status CopyFile(const std::string& table, const std::string& path,
                  const std::string& options = "");

 private:
  explicit PgConnection(PGconn* conn) : conn_(conn) {}
  Status Error(const std::string& what) const;
  PGconn* conn_;
};

}  // namespace gemis::bench
