#include "pg_client.h"

#include <cstdio>
#include <vector>

namespace gemis::bench {

Result<PgConnection> PgConnection::Connect(int port, const std::string& database) {
  std::string info = "host=127.0.0.1 port=" + std::to_string(port) + " dbname=" + database +
                     " user=postgres connect_timeout=30";
  PGconn* conn = PQconnectdb(info.c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string message = PQerrorMessage(conn);
    PQfinish(conn);
    return Status::Io("cannot connect to PostgreSQL on 127.0.0.1:" + std::to_string(port) + ": " +
                      message);
  }
  return PgConnection(conn);
}

PgConnection::~PgConnection() {
  if (conn_ != nullptr) PQfinish(conn_);
}

Status PgConnection::Error(const std::string& what) const {
  return Status::Internal("PostgreSQL: " + what + ": " + PQerrorMessage(conn_));
}

Status PgConnection::Exec(const std::string& sql) {
  PgResult result(PQexec(conn_, sql.c_str()));
  ExecStatusType status = PQresultStatus(result.get());
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) return Error(sql);
  return Status::Ok();
}

Result<PgResult> PgConnection::Query(const std::string& sql) {
  PgResult result(PQexec(conn_, sql.c_str()));
  if (PQresultStatus(result.get()) != PGRES_TUPLES_OK) return Error(sql);
  return result;
}

Status PgConnection::CopyFile(const std::string& table, const std::string& path,
                              const std::string& options) {
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) return Status::Io("cannot read " + path);
  std::string sql = "COPY " + table + " FROM STDIN WITH (FORMAT csv, HEADER true" + options + ")";
  PgResult start(PQexec(conn_, sql.c_str()));
  if (PQresultStatus(start.get()) != PGRES_COPY_IN) {
    std::fclose(file);
    return Error(sql);
  }
  std::vector<char> buffer(1 << 20);
  size_t n = 0;
  bool sent = true;
  while (sent && (n = std::fread(buffer.data(), 1, buffer.size(), file)) > 0) {
    sent = PQputCopyData(conn_, buffer.data(), static_cast<int>(n)) == 1;
  }
  bool read_ok = std::ferror(file) == 0;
  std::fclose(file);
  if (PQputCopyEnd(conn_, sent && read_ok ? nullptr : "client failed") != 1) return Error(sql);
  Status status = Status::Ok();
  while (PGresult* raw = PQgetResult(conn_)) {
    PgResult result(raw);
    if (PQresultStatus(raw) != PGRES_COMMAND_OK && status.ok()) status = Error(sql);
  }
  if (!read_ok) return Status::Io("error reading " + path);
  return status;
}

}  // namespace gemis::bench
