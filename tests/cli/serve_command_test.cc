// End-to-end tests of `gemis serve` and `gemis user`: the real binary serving
// a demo database on 127.0.0.1 port 0, driven over HTTP by a Beast client —
// sign-in, scoped reads and writes, refusals, the audit log, and a graceful
// stop on SIGTERM.
#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <thread>

#include "support/run_command.h"
#include "support/temp_dir.h"

extern char** environ;

namespace gemis::cli {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using json = nlohmann::json;
using test_support::CommandResult;
using ::testing::HasSubstr;
using ::testing::Not;

CommandResult Gemis(std::vector<std::string> args) {
  args.insert(args.begin(), GEMIS_BINARY);
  return test_support::RunCommand(args);
}

// A password goes to --password-stdin through a file.
CommandResult GemisWithInput(std::vector<std::string> args, const std::string& input,
                             const std::string& dir) {
  args.insert(args.begin(), GEMIS_BINARY);
  return test_support::RunCommandWithInput(args, input, dir);
}

struct Reply {
  int status = 0;
  std::string body;
  std::map<std::string, std::string> headers;
  json Json() const { return json::parse(body, nullptr, false); }
};

// The running server: the child process and its port.
class Server {
 public:
  Server(const std::string& db, const std::string& dir) : log_(dir + "/serve.err") {
    std::vector<std::string> args = {
        GEMIS_BINARY, "--lang",   "en",          "serve",        "--db",
        db,           "--listen", "127.0.0.1:0", "--access-log", dir + "/access.log"};
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 2, log_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    if (posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ) != 0) pid_ = -1;
    posix_spawn_file_actions_destroy(&actions);
    // The URL line appears once the server listens.
    std::regex url("serving at http://127\\.0\\.0\\.1:([0-9]+)");
    for (int i = 0; i < 200 && port_ == 0 && pid_ > 0; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      std::smatch m;
      std::string err = Err();
      if (std::regex_search(err, m, url)) port_ = std::stoi(m[1]);
    }
  }
  ~Server() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
  }
  int port() const { return port_; }
  std::string Err() const {
    std::ifstream in(log_);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  // SIGTERM, then the exit code (or -1 after 20 s).
  int Terminate() {
    kill(pid_, SIGTERM);
    for (int i = 0; i < 400; ++i) {
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return -1;
  }

  Reply Send(http::verb method, const std::string& target, const std::string& body = "",
             const std::vector<std::pair<std::string, std::string>>& headers = {}) {
    net::io_context io;
    beast::tcp_stream stream(io);
    stream.connect(net::ip::tcp::endpoint(net::ip::make_address("127.0.0.1"),
                                          static_cast<unsigned short>(port_)));
    http::request<http::string_body> req{method, target, 11};
    req.set(http::field::host, "127.0.0.1");
    for (const auto& [k, v] : headers) req.set(k, v);
    if (!body.empty()) {
      req.set(http::field::content_type, "application/json");
      req.body() = body;
    }
    if (!cookie_.empty()) req.set(http::field::cookie, cookie_);
    if (!csrf_.empty() && method != http::verb::get) req.set("X-CSRF-Token", csrf_);
    req.prepare_payload();
    http::write(stream, req);
    beast::flat_buffer buffer;
    http::response<http::string_body> res;
    http::read(stream, buffer, res);
    beast::error_code ec;
    stream.socket().shutdown(net::ip::tcp::socket::shutdown_both, ec);
    Reply r;
    r.status = static_cast<int>(res.result_int());
    r.body = res.body();
    for (const auto& f : res) r.headers[std::string(f.name_string())] = std::string(f.value());
    return r;
  }

  // Signs in; keeps the session cookie and CSRF token for later calls.
  Reply Login(const std::string& user, const std::string& password) {
    cookie_.clear();
    csrf_.clear();
    Reply r = Send(http::verb::post, "/api/auth/login",
                   json{{"username", user}, {"password", password}}.dump());
    if (r.status == 200) {
      std::string set = r.headers["Set-Cookie"];
      cookie_ = set.substr(0, set.find(';'));
      csrf_ = r.Json().value("csrfToken", "");
    }
    return r;
  }
  void SignOut() {
    cookie_.clear();
    csrf_.clear();
  }

 private:
  std::string log_;
  pid_t pid_ = -1;
  int port_ = 0;
  std::string cookie_, csrf_;
};

// A test user's password: long enough, and not containing the username.
std::string Password(const std::string& name) {
  return "Mat-khau-so-" + std::to_string(name.size() * 7919 % 10007);
}

class ServeCommand : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test_support::TempDir();
    db_ = dir_->File("gemis.db");
    demo_ = new CommandResult(Gemis({"demo", "--db", db_}));
  }
  static void TearDownTestSuite() {
    delete demo_;
    delete dir_;
  }
  void SetUp() override { ASSERT_EQ(demo_->exit_code, 0) << demo_->err; }

  // Adds a user with a known password (minimum hash cost: tests only).
  static void AddUser(const std::string& name, const std::string& role, const std::string& unit) {
    CommandResult r = GemisWithInput({"user", "add", "--db", db_, name, "--role", role, "--entry",
                                      unit, "--password-stdin", "--fast-hash"},
                                     Password(name), dir_->path());
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }

  static test_support::TempDir* dir_;
  static std::string db_;
  static CommandResult* demo_;
};

test_support::TempDir* ServeCommand::dir_ = nullptr;
std::string ServeCommand::db_;
CommandResult* ServeCommand::demo_ = nullptr;

TEST_F(ServeCommand, UserCommandsManageAccountsWithAudit) {
  AddUser("cb.tinh", "province_officer", "04");
  CommandResult list = Gemis({"user", "list", "--db", db_, "--format", "json"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  json users = json::parse(list.out);
  auto it = std::find_if(users.begin(), users.end(),
                         [](const json& u) { return u["username"] == "cb.tinh"; });
  ASSERT_NE(it, users.end());
  EXPECT_EQ((*it)["roles"], json::array({"province_officer"}));
  EXPECT_EQ((*it)["entryScope"], json::array({"04"}));
  EXPECT_EQ((*it)["viewScope"], json::array({"04"}));
  // The password never reaches the output.
  EXPECT_THAT(list.out, Not(HasSubstr("Mat-khau-so")));
  // Errors name the field.
  CommandResult dup =
      GemisWithInput({"user", "add", "--db", db_, "cb.tinh", "--password-stdin", "--fast-hash"},
                     "Another-password-1", dir_->path());
  EXPECT_EQ(dup.exit_code, 1);
  EXPECT_THAT(dup.err, HasSubstr("already exists"));
  CommandResult weak = GemisWithInput({"user", "add", "--db", db_, "weak.user", "--password-stdin"},
                                      "123", dir_->path());
  EXPECT_EQ(weak.exit_code, 1);
  EXPECT_THAT(weak.err, HasSubstr("password"));
  CommandResult unit =
      Gemis({"user", "add", "--db", db_, "no.unit", "--entry", "99999", "--fast-hash"});
  EXPECT_EQ(unit.exit_code, 1);
  EXPECT_THAT(unit.err, HasSubstr("--entry"));
  CommandResult role =
      Gemis({"user", "add", "--db", db_, "no.role", "--role", "nope", "--fast-hash"});
  EXPECT_EQ(role.exit_code, 1);
  EXPECT_THAT(role.err, HasSubstr("nope"));
  // A generated password is printed once.
  CommandResult gen = Gemis({"user", "add", "--db", db_, "gen.user", "--fast-hash"});
  ASSERT_EQ(gen.exit_code, 0) << gen.err;
  EXPECT_THAT(gen.out, HasSubstr("Mật khẩu: "));
  EXPECT_EQ(Gemis({"user", "disable", "--db", db_, "gen.user"}).exit_code, 0);
  EXPECT_EQ(Gemis({"user", "grant", "--db", db_, "gen.user", "--role", "viewer", "--view", "04"})
                .exit_code,
            0);
  CommandResult missing = Gemis({"user", "disable", "--db", db_, "nobody"});
  EXPECT_EQ(missing.exit_code, 1);
}

TEST_F(ServeCommand, ServesScopedApiAndStopsGracefully) {
  AddUser("e2e.tinh", "province_officer", "04");
  AddUser("e2e.hanoi", "commune_officer", "00001");
  Server server(db_, dir_->path());
  ASSERT_GT(server.port(), 0) << server.Err();
  EXPECT_THAT(server.Err(), HasSubstr("Plain HTTP"));

  Reply health = server.Send(http::verb::get, "/api/health");
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(health.Json()["status"], "ok");
  EXPECT_EQ(server.Send(http::verb::get, "/api/me").status, 401);
  EXPECT_EQ(server.Send(http::verb::get, "/api/nowhere").Json()["errorCode"], "E_ROUTE");

  Reply bad = server.Login("e2e.tinh", "wrong password!");
  EXPECT_EQ(bad.status, 401);
  EXPECT_EQ(bad.Json()["errorCode"], "E_LOGIN");
  Reply login = server.Login("e2e.tinh", Password("e2e.tinh"));
  ASSERT_EQ(login.status, 200) << login.body;
  EXPECT_THAT(login.headers["Set-Cookie"], HasSubstr("HttpOnly"));
  EXPECT_THAT(login.headers["Set-Cookie"], HasSubstr("SameSite=Strict"));
  EXPECT_EQ(login.Json()["username"], "e2e.tinh");

  // Scoped reads: Cao Bằng yes, Hà Nội no.
  Reply mine = server.Send(http::verb::get, "/api/orgUnits/04");
  EXPECT_EQ(mine.status, 200) << mine.body;
  EXPECT_EQ(mine.Json()["code"], "04");
  Reply other = server.Send(http::verb::get, "/api/orgUnits/01");
  EXPECT_EQ(other.status, 403);
  EXPECT_EQ(other.Json()["errorCode"], "E_SCOPE");
  EXPECT_THAT(other.body, Not(HasSubstr("Hà Nội")));

  // A scoped write, then a refused one; analytics reads the write (on top
  // of the figures the demo's model records publish).
  const std::string query =
      "/api/analytics?dimension=dx:P8_TTCD_TO_MOI&dimension=ou:04&dimension=pe:2024";
  Reply earlier = server.Send(http::verb::get, query);
  ASSERT_EQ(earlier.status, 200) << earlier.body;
  const int from_records = earlier.Json()["rows"].empty()
                               ? 0
                               : std::stoi(earlier.Json()["rows"][0][3].get<std::string>());
  EXPECT_GT(from_records, 0);
  json value = {
      {"dataElement", "P8_TTCD_TO_MOI"}, {"period", "2024"}, {"orgUnit", "04"}, {"value", "7"}};
  Reply write = server.Send(http::verb::post, "/api/dataValues", value.dump());
  ASSERT_EQ(write.status, 201) << write.body;
  value["orgUnit"] = "01";
  Reply refused = server.Send(http::verb::post, "/api/dataValues", value.dump());
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(refused.Json()["errorCode"], "E_SCOPE");
  Reply analytics = server.Send(http::verb::get, query);
  ASSERT_EQ(analytics.status, 200) << analytics.body;
  ASSERT_EQ(analytics.Json()["rows"].size(), 1u);
  EXPECT_EQ(analytics.Json()["rows"][0][3], std::to_string(from_records + 7));

  // The audit log has the sign-in and the write, with the address.
  Reply audit = server.Send(http::verb::get, "/api/audit?objectType=dataValue");
  ASSERT_EQ(audit.status, 200) << audit.body;
  ASSERT_GE(audit.Json()["entries"].size(), 1u);
  EXPECT_EQ(audit.Json()["entries"][0]["user"], "e2e.tinh");
  EXPECT_EQ(audit.Json()["entries"][0]["address"], "127.0.0.1");
  EXPECT_EQ(audit.Json()["entries"][0]["after"]["value"], "7");

  // A commune officer elsewhere sees neither the unit nor the total.
  ASSERT_EQ(server.Login("e2e.hanoi", Password("e2e.hanoi")).status, 200);
  EXPECT_EQ(
      server
          .Send(http::verb::get,
                "/api/analytics?dimension=dx:P8_TTCD_TO_MOI&dimension=ou:04&dimension=pe:2024")
          .status,
      403);
  EXPECT_EQ(server.Send(http::verb::get, "/api/audit").status, 403);

  // SIGTERM: a clean stop, and no secret in the access log.
  EXPECT_EQ(server.Terminate(), 0) << server.Err();
  EXPECT_THAT(server.Err(), HasSubstr("gemis stopped"));
  std::ifstream log(dir_->File("access.log"));
  std::stringstream text;
  text << log.rdbuf();
  EXPECT_THAT(text.str(), HasSubstr("\"path\":\"/api/auth/login\""));
  EXPECT_THAT(text.str(), Not(HasSubstr("Mat-khau-so")));
  EXPECT_THAT(text.str(), Not(HasSubstr("gemis_session")));
}

}  // namespace
}  // namespace gemis::cli
