#include "server/http_server.h"

#include <algorithm>
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <condition_variable>
#include <fstream>
#include <future>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <vector>

#include "server/support/http_test_support.h"
#include "support/temp_dir.h"

namespace gemis::server {
namespace {

using namespace test;  // NOLINT(google-build-using-namespace)
using json = nlohmann::json;

// Answers "<method> <target>" so tests see what arrived.
Response Echo(Request& req, RequestContext&) {
  return Text(req, std::string(req.method_string()) + " " + std::string(req.target()));
}

// A flag a handler can wait on (with a timeout, so a broken server fails the
// test instead of hanging it).
class Gate {
 public:
  void Open() {
    std::lock_guard lock(mutex_);
    open_ = true;
    cv_.notify_all();
  }
  bool WaitOpen(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    return cv_.wait_for(lock, timeout, [this] { return open_; });
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  bool open_ = false;
};

json BodyJson(const Response& res) { return json::parse(res.body(), nullptr, false); }

// Whether `text` has the shape `shape`: '9' a digit, 'A' an upper-case and
// 'a' a lower-case ASCII letter, anything else itself.
bool Shaped(std::string_view text, std::string_view shape) {
  if (text.size() != shape.size()) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    bool ok = shape[i] == '9'   ? (c >= '0' && c <= '9')
              : shape[i] == 'A' ? (c >= 'A' && c <= 'Z')
              : shape[i] == 'a' ? (c >= 'a' && c <= 'z')
                                : c == shape[i];
    if (!ok) return false;
  }
  return true;
}

// ----------------------------------------------------------- keep-alive

TEST(HttpServer, ServesSeveralRequestsOnOneKeepAliveConnection) {
  TestServer server(TestOptions(), Echo);
  Client client(server.port());
  ASSERT_TRUE(client.connected());
  for (const char* path : {"/a", "/b", "/c"}) {
    auto res = client.Get(path);
    ASSERT_TRUE(res) << path;
    EXPECT_EQ(res->result(), http::status::ok);
    EXPECT_EQ(res->body(), std::string("GET ") + path);
    EXPECT_TRUE(res->keep_alive());
  }
  EXPECT_FALSE(client.ClosedNow());
}

TEST(HttpServer, HonoursConnectionClose) {
  TestServer server(TestOptions(), Echo);
  Client client(server.port());
  ASSERT_TRUE(client.Send("GET /x HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"));
  auto res = client.Read();
  ASSERT_TRUE(res);
  EXPECT_EQ(res->body(), "GET /x");
  EXPECT_EQ((*res)[http::field::connection], "close");
  EXPECT_TRUE(client.WaitForClose(5s));
}

TEST(HttpServer, Http10ClosesUnlessKeepAliveIsAsked) {
  TestServer server(TestOptions(), Echo);
  Client plain(server.port());
  ASSERT_TRUE(plain.Send("GET /old HTTP/1.0\r\n\r\n"));
  auto res = plain.Read();
  ASSERT_TRUE(res);
  EXPECT_EQ(res->version(), 10u);
  EXPECT_EQ(res->body(), "GET /old");
  EXPECT_TRUE(plain.WaitForClose(5s));

  Client keep(server.port());
  for (int i = 0; i < 2; ++i) {
    ASSERT_TRUE(keep.Send("GET /k HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"));
    auto again = keep.Read();
    ASSERT_TRUE(again) << i;
    EXPECT_EQ((*again)[http::field::connection], "keep-alive");
  }
}

TEST(HttpServer, AnswersPipelinedRequestsInOrder) {
  // The first request is the slowest: a server answering as handlers finish
  // would send "c" first.
  auto handler = [](Request& req, RequestContext&) {
    if (req.target() == "/a") std::this_thread::sleep_for(300ms);
    if (req.target() == "/b") std::this_thread::sleep_for(100ms);
    return Text(req, std::string(req.target().substr(1)));
  };
  TestServer server(TestOptions(), handler);
  Client client(server.port());
  ASSERT_TRUE(
      client.Send("GET /a HTTP/1.1\r\nHost: h\r\n\r\nGET /b HTTP/1.1\r\nHost: h\r\n\r\n"
                  "POST /c HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nxyz"));
  for (const char* expected : {"a", "b", "c"}) {
    auto res = client.Read();
    ASSERT_TRUE(res) << expected;
    EXPECT_EQ(res->body(), expected);
  }
}

TEST(HttpServer, AnswersHeadWithTheLengthButNoBody) {
  TestServer server(TestOptions(),
                    [](Request& req, RequestContext&) { return Text(req, "hello"); });
  Client client(server.port());
  auto head = client.Get("/x", http::verb::head);
  ASSERT_TRUE(head);
  EXPECT_EQ((*head)[http::field::content_length], "5");
  EXPECT_TRUE(head->body().empty());
  // Had a body followed the header, it would be read as the next response.
  auto get = client.Get("/x");
  ASSERT_TRUE(get);
  EXPECT_EQ(get->result(), http::status::ok);
  EXPECT_EQ(get->body(), "hello");
}

TEST(HttpServer, SendsContinueBeforeReadingAnExpectedBody) {
  TestServer server(TestOptions(),
                    [](Request& req, RequestContext&) { return Text(req, "got " + req.body()); });
  Client client(server.port());
  ASSERT_TRUE(client.Send(
      "PUT /x HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n"));
  auto interim = client.Read(5s);
  ASSERT_TRUE(interim);
  EXPECT_EQ(interim->result(), http::status::continue_);
  ASSERT_TRUE(client.Send("hello"));
  auto res = client.Read();
  ASSERT_TRUE(res);
  EXPECT_EQ(res->body(), "got hello");
}

// -------------------------------------------------------------- handlers

TEST(HttpServer, RunsHandlersOffTheIoThreads) {
  // One io thread: if /block ran on it, /release could not be read until
  // /block gave up waiting.
  ServerOptions options = TestOptions();
  options.io_threads = 1;
  Gate entered, released;
  TestServer server(options, [&](Request& req, RequestContext&) {
    if (req.target() == "/block") {
      entered.Open();
      return Text(req, released.WaitOpen(10s) ? "released" : "timed out");
    }
    released.Open();
    return Text(req, "fast");
  });
  Client slow(server.port());
  ASSERT_TRUE(slow.Send(Request{http::verb::get, "/block", 11}));
  ASSERT_TRUE(entered.WaitOpen(5s));
  Client fast(server.port());
  auto fast_res = fast.Get("/release");
  ASSERT_TRUE(fast_res);
  EXPECT_EQ(fast_res->body(), "fast");
  auto slow_res = slow.Read(15s);
  ASSERT_TRUE(slow_res);
  EXPECT_EQ(slow_res->body(), "released");
}

TEST(HttpServer, RunsSelectedHandlersInlineOnTheIoThread) {
  ServerOptions options = TestOptions();
  options.io_threads = 1;
  options.run_inline = [](const http::request_header<>& header) {
    return header.target() == "/inline";
  };
  std::mutex mutex;
  std::map<std::string, std::thread::id> threads;
  TestServer server(options, [&](Request& req, RequestContext&) {
    std::lock_guard lock(mutex);
    threads[std::string(req.target())] = std::this_thread::get_id();
    return Text(req, "ok");
  });
  Client client(server.port());
  ASSERT_TRUE(client.Get("/inline"));
  ASSERT_TRUE(client.Get("/pooled"));
  std::thread::id io_thread = server.run_thread();
  std::lock_guard lock(mutex);
  EXPECT_EQ(threads["/inline"], io_thread);
  EXPECT_NE(threads["/pooled"], io_thread);
}

TEST(HttpServer, TurnsAHandlerExceptionIntoA500WithoutItsText) {
  TestServer server(TestOptions(), [](Request& req, RequestContext&) -> Response {
    if (req.target() == "/throw") throw std::runtime_error("secret-detail-123");
    if (req.target() == "/throw-int") throw 42;
    return Text(req, "fine");
  });
  Client client(server.port());
  for (const char* path : {"/throw", "/throw-int"}) {
    auto res = client.Get(path);
    ASSERT_TRUE(res) << path;
    EXPECT_EQ(res->result(), http::status::internal_server_error);
    json body = BodyJson(*res);
    EXPECT_EQ(body["status"], 500);
    EXPECT_EQ(body["errorCode"], "E_INTERNAL");
    EXPECT_EQ(res->body().find("secret-detail"), std::string::npos);
  }
  auto after = client.Get("/ok");  // the connection and the server live on
  ASSERT_TRUE(after);
  EXPECT_EQ(after->body(), "fine");
}

TEST(HttpServer, AddsSecurityHeadersAndKeepsTheHandlersOwnPolicies) {
  TestServer server(TestOptions(), [](Request& req, RequestContext&) {
    Response res = Text(req, "x");
    res.set(http::field::server, "not-gemis");
    if (req.target() == "/own") {
      res.set("Content-Security-Policy", "default-src 'none'");
      res.set(http::field::x_frame_options, "SAMEORIGIN");
    }
    return res;
  });
  Client client(server.port());
  auto res = client.Get("/default");
  ASSERT_TRUE(res);
  EXPECT_EQ((*res)[http::field::server], "gemis");
  EXPECT_EQ((*res)["X-Content-Type-Options"], "nosniff");
  EXPECT_EQ((*res)["Referrer-Policy"], "same-origin");
  EXPECT_EQ((*res)["Content-Security-Policy"], "default-src 'self'");
  EXPECT_EQ((*res)[http::field::x_frame_options], "DENY");
  EXPECT_TRUE(Shaped((*res)[http::field::date], "Aaa, 99 Aaa 9999 99:99:99 GMT"))
      << (*res)[http::field::date];
  EXPECT_EQ(res->find(http::field::strict_transport_security), res->end());
  auto own = client.Get("/own");
  ASSERT_TRUE(own);
  EXPECT_EQ((*own)["Content-Security-Policy"], "default-src 'none'");
  EXPECT_EQ((*own)[http::field::x_frame_options], "SAMEORIGIN");
  EXPECT_EQ((*own)["X-Content-Type-Options"], "nosniff");
}

// ---------------------------------------------------------------- limits

// Sends `raw` on a fresh connection and returns the response, which must be
// followed by the server closing the connection.
std::optional<Response> RejectedResponse(uint16_t port, const std::string& raw) {
  Client client(port);
  if (!client.Send(raw)) return std::nullopt;
  auto res = client.Read();
  EXPECT_TRUE(client.WaitForClose(5s)) << "still open after: " << raw;
  return res;
}

TEST(HttpServer, RefusesAnOversizedHeaderWith431) {
  ServerOptions options = TestOptions();
  options.max_header_bytes = 1024;
  std::atomic<int> calls = 0;
  TestServer server(options, [&](Request& req, RequestContext&) {
    ++calls;
    return Text(req, "x");
  });
  auto res = RejectedResponse(
      server.port(), "GET / HTTP/1.1\r\nHost: h\r\nX-Big: " + std::string(4000, 'a') + "\r\n\r\n");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->result(), http::status::request_header_fields_too_large);
  EXPECT_EQ(BodyJson(*res)["errorCode"], "E_HEADER_TOO_LARGE");
  EXPECT_EQ((*res)[http::field::content_type], "application/json; charset=utf-8");
  EXPECT_EQ(calls, 0);
  // Just under the limit is fine.
  Client client(server.port());
  auto fine = client.Get("/" + std::string(900, 'b'));
  ASSERT_TRUE(fine);
  EXPECT_EQ(fine->result(), http::status::ok);
}

TEST(HttpServer, RefusesADeclaredBodyOverTheLimitBeforeReadingIt) {
  ServerOptions options = TestOptions();
  options.max_body_bytes = 1000;
  std::atomic<int> calls = 0;
  TestServer server(options, [&](Request& req, RequestContext&) {
    ++calls;
    return Text(req, std::to_string(req.body().size()));
  });
  // Only the header is sent: the answer must not wait for 10 MB.
  auto res = RejectedResponse(server.port(),
                              "POST /x HTTP/1.1\r\nHost: h\r\nContent-Length: 10000000\r\n\r\n");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->result(), http::status::payload_too_large);
  json body = BodyJson(*res);
  EXPECT_EQ(body["errorCode"], "E_BODY_TOO_LARGE");
  EXPECT_NE(body["message"].get<std::string>().find("1000"), std::string::npos);
  EXPECT_EQ(calls, 0);
  Client client(server.port());
  ASSERT_TRUE(client.Send("POST /x HTTP/1.1\r\nHost: h\r\nContent-Length: 1000\r\n\r\n" +
                          std::string(1000, 'z')));
  auto fine = client.Read();
  ASSERT_TRUE(fine);
  EXPECT_EQ(fine->body(), "1000");
}

TEST(HttpServer, RefusesAChunkedBodyThatPassesTheLimit) {
  ServerOptions options = TestOptions();
  options.max_body_bytes = 1000;
  TestServer server(options, [](Request& req, RequestContext&) {
    return Text(req, std::to_string(req.body().size()));
  });
  std::string chunk = "258\r\n" + std::string(600, 'c') + "\r\n";  // 0x258 = 600
  auto res = RejectedResponse(
      server.port(), "POST /x HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n" + chunk +
                         chunk + chunk + "0\r\n\r\n");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->result(), http::status::payload_too_large);
  EXPECT_EQ(BodyJson(*res)["errorCode"], "E_BODY_TOO_LARGE");
  Client client(server.port());
  ASSERT_TRUE(client.Send("POST /x HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n" +
                          chunk + "0\r\n\r\n"));
  auto fine = client.Read();
  ASSERT_TRUE(fine);
  EXPECT_EQ(fine->body(), "600");
}

TEST(HttpServer, TakesEachRequestsBodyLimitFromTheCallback) {
  ServerOptions options = TestOptions();
  options.max_body_bytes = 1000;  // replaced by the callback
  options.body_limit = [](const http::request_header<>& header) -> uint64_t {
    return header.target().starts_with("/api/import") ? 4 << 20 : 2000;
  };
  TestServer server(options, [](Request& req, RequestContext&) {
    return Text(req, std::to_string(req.body().size()));
  });
  Client client(server.port());
  Request big{http::verb::post, "/api/import/datavalues", 11};
  big.body() = std::string(2 << 20, 'v');
  ASSERT_TRUE(client.Send(std::move(big)));
  auto imported = client.Read(10s);
  ASSERT_TRUE(imported);
  EXPECT_EQ(imported->body(), std::to_string(2 << 20));
  Request small{http::verb::post, "/api/x", 11};
  small.body() = std::string(1500, 'v');
  ASSERT_TRUE(client.Send(std::move(small)));
  auto fine = client.Read();
  ASSERT_TRUE(fine);
  EXPECT_EQ(fine->body(), "1500");
  auto refused = RejectedResponse(
      server.port(), "POST /api/x HTTP/1.1\r\nHost: h\r\nContent-Length: 2001\r\n\r\n");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->result(), http::status::payload_too_large);
}

TEST(HttpServer, AnswersMalformedRequestsWithJsonErrors) {
  std::atomic<int> calls = 0;
  TestServer server(TestOptions(), [&](Request& req, RequestContext&) {
    ++calls;
    return Text(req, "x");
  });
  const std::pair<std::string, int> cases[] = {
      {"GARBAGE\r\n\r\n", 400},
      {"GET / HTTP/1.1\r\nHost: h\r\nNo colon here\r\n\r\n", 400},
      {"GET / HTTP/2.0\r\nHost: h\r\n\r\n", 400},
      {"GET /a b HTTP/1.1\r\nHost: h\r\n\r\n", 400},
      {"GET / HTTP/1.1\r\n\r\n", 400},  // HTTP/1.1 without Host
      {"POST / HTTP/1.1\r\nHost: h\r\nContent-Length: abc\r\n\r\n", 400},
      {"POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n", 400},
      {"POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 400},
      {"POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip\r\n\r\n", 400},
      {"POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n",
       400},
      {"POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 501},
      {"POST / HTTP/1.1\r\nHost: h\r\nExpect: teapot\r\nContent-Length: 1\r\n\r\nx", 417},
      {std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11) + "\r\n\r\n", 400},
  };
  for (const auto& [raw, status] : cases) {
    auto res = RejectedResponse(server.port(), raw);
    ASSERT_TRUE(res) << raw;
    EXPECT_EQ(res->result_int(), static_cast<unsigned>(status)) << raw;
    json body = BodyJson(*res);
    EXPECT_EQ(body["status"], status) << raw;
    EXPECT_TRUE(body["errorCode"].is_string()) << raw;
  }
  EXPECT_EQ(calls, 0);
}

TEST(HttpServer, SurvivesRandomBytes) {
  std::random_device entropy;
  unsigned seed = entropy();
  std::mt19937 random(seed);
  SCOPED_TRACE("seed " + std::to_string(seed));
  TestServer server(TestOptions(), Echo);
  const std::string prefixes[] = {
      "", "GET / HTTP/1.1\r\n", "POST / HTTP/1.1\r\nHost: h\r\n",
      "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"};
  for (int i = 0; i < 60; ++i) {
    std::string bytes = prefixes[random() % 4];
    size_t length = random() % 300;
    for (size_t k = 0; k < length; ++k) bytes += static_cast<char>(random() % 256);
    bytes += "\r\n\r\n";
    Client client(server.port());
    ASSERT_TRUE(client.connected());
    client.Send(bytes);
    auto res = client.Read(5s);
    if (res) {
      EXPECT_GE(res->result_int(), 200u) << i;
    }
  }
  Client client(server.port());
  auto res = client.Get("/still-alive");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->body(), "GET /still-alive");
}

TEST(HttpServer, Answers503BeyondMaxConnections) {
  ServerOptions options = TestOptions();
  options.max_connections = 2;
  TestServer server(options, Echo);
  auto first = std::make_unique<Client>(server.port());
  Client second(server.port());
  ASSERT_TRUE(first->Get("/1"));  // both accepted before the third arrives
  ASSERT_TRUE(second.Get("/2"));
  Client third(server.port());
  auto refused = third.Read();
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->result(), http::status::service_unavailable);
  EXPECT_EQ(BodyJson(*refused)["errorCode"], "E_OVERLOADED");
  EXPECT_TRUE(third.WaitForClose(5s));
  first.reset();  // frees a place
  bool served = false;
  for (int attempt = 0; attempt < 50 && !served; ++attempt) {
    Client next(server.port());
    auto res = next.Get("/3");
    served = res && res->result() == http::status::ok;
    if (!served) std::this_thread::sleep_for(100ms);
  }
  EXPECT_TRUE(served);
}

// -------------------------------------------------------------- timeouts

// Drips `bytes` one every 200 ms until the server closes the connection;
// returns how long that took, or nullopt when it stayed open `give_up`.
std::optional<std::chrono::milliseconds> DripUntilClosed(Client& client, const std::string& bytes,
                                                         std::chrono::milliseconds give_up) {
  auto start = Clock::now();
  for (size_t i = 0; Clock::now() - start < give_up; ++i) {
    if (i < bytes.size()) client.Send(bytes.substr(i, 1));
    if (client.ClosedNow()) {
      return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
    }
    std::this_thread::sleep_for(200ms);
  }
  return std::nullopt;
}

TEST(HttpServer, CutsOffASlowLorisHeaderWhileServingOthers) {
  ServerOptions options = TestOptions();
  options.header_timeout = 1000ms;
  options.io_threads = 1;
  TestServer server(options, Echo);
  Client loris(server.port());
  std::string endless = "GET / HTTP/1.1\r\nHost: h\r\nX-Slow: " + std::string(1000, 'a');
  auto well_behaved = std::async(std::launch::async, [&] {
    std::this_thread::sleep_for(300ms);
    Client client(server.port());
    auto res = client.Get("/meanwhile");
    return res && res->body() == "GET /meanwhile";
  });
  auto closed_after = DripUntilClosed(loris, endless, 8s);
  ASSERT_TRUE(closed_after) << "a byte every 200 ms kept the connection open";
  EXPECT_GE(*closed_after, 800ms);
  EXPECT_LT(*closed_after, 5s);
  EXPECT_TRUE(well_behaved.get());
}

TEST(HttpServer, CutsOffASlowBody) {
  ServerOptions options = TestOptions();
  options.body_timeout = 1000ms;
  TestServer server(options, Echo);
  Client client(server.port());
  ASSERT_TRUE(client.Send("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1000\r\n\r\n"));
  auto closed_after = DripUntilClosed(client, std::string(1000, 'b'), 8s);
  ASSERT_TRUE(closed_after);
  EXPECT_LT(*closed_after, 5s);
}

TEST(HttpServer, ClosesIdleKeepAliveConnections) {
  ServerOptions options = TestOptions();
  options.idle_timeout = 1000ms;
  TestServer server(options, Echo);
  Client client(server.port());
  ASSERT_TRUE(client.Get("/x"));
  auto start = Clock::now();
  EXPECT_TRUE(client.WaitForClose(5s));
  EXPECT_GE(Clock::now() - start, 800ms);
}

TEST(HttpServer, ClosesAConnectionThatNeverSendsAHeader) {
  ServerOptions options = TestOptions();
  options.header_timeout = 1000ms;
  TestServer server(options, Echo);
  Client client(server.port());
  EXPECT_TRUE(client.WaitForClose(5s));
}

// --------------------------------------------------------------- shutdown

TEST(HttpServer, StopLetsAnInFlightRequestFinish) {
  Gate entered;
  TestServer server(TestOptions(), [&](Request& req, RequestContext&) {
    if (req.target() == "/slow") {
      entered.Open();
      std::this_thread::sleep_for(500ms);
    }
    return Text(req, "done " + std::string(req.target()));
  });
  Client idle(server.port());
  ASSERT_TRUE(idle.Get("/warm"));
  Client busy(server.port());
  ASSERT_TRUE(busy.Send(Request{http::verb::get, "/slow", 11}));
  ASSERT_TRUE(entered.WaitOpen(5s));
  server.Stop();
  auto res = busy.Read();
  ASSERT_TRUE(res);
  EXPECT_EQ(res->result(), http::status::ok);
  EXPECT_EQ(res->body(), "done /slow");
  EXPECT_EQ((*res)[http::field::connection], "close");
  EXPECT_TRUE(busy.WaitForClose(5s));
  EXPECT_TRUE(idle.WaitForClose(5s));  // long before idle_timeout (30 s)
  EXPECT_TRUE(server.Join(5s));
  Client late(server.port());
  EXPECT_FALSE(late.connected() && late.Get("/late"));
}

TEST(HttpServer, StopClosesAConnectionWhoseResponseWasBeingWritten) {
  // The response went out with keep-alive before the stop; the connection
  // must still close after it instead of waiting for another request.
  TestServer server(TestOptions(), [](Request& req, RequestContext&) {
    return Text(req, std::string(32 << 20, 'w'));
  });
  Client client(server.port());
  ASSERT_TRUE(client.Send(Request{http::verb::get, "/big", 11}));
  std::this_thread::sleep_for(300ms);  // the server is stuck writing: nobody reads
  server.Stop();
  auto res = client.Read(10s);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->body().size(), size_t{32} << 20);
  EXPECT_TRUE(client.WaitForClose(5s));
  EXPECT_TRUE(server.Join(5s));
}

TEST(HttpServer, ClosesWhatRemainsAfterTheDrainTimeout) {
  ServerOptions options = TestOptions();
  options.drain_timeout = 1000ms;
  Gate entered, released;
  TestServer server(options, [&](Request& req, RequestContext&) {
    entered.Open();
    released.WaitOpen(20s);
    return Text(req, "too late");
  });
  Client client(server.port());
  ASSERT_TRUE(client.Send(Request{http::verb::get, "/stuck", 11}));
  ASSERT_TRUE(entered.WaitOpen(5s));
  auto stop = Clock::now();
  server.Stop();
  // The handler is still blocked, so the close is the drain timeout's.
  EXPECT_FALSE(client.Read(8s));
  EXPECT_LT(Clock::now() - stop, 6s);
  EXPECT_FALSE(server.Join(0ms));  // Run() waits for the running handler
  released.Open();
  EXPECT_TRUE(server.Join(5s));
}

TEST(HttpServer, RunReturnsAtOnceWhenStoppedBeforeRunning) {
  auto created = HttpServer::Create(TestOptions(), Echo);
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  HttpServer& server = **created;
  server.Stop();
  auto run = std::async(std::launch::async, [&] { server.Run(); });
  EXPECT_EQ(run.wait_for(5s), std::future_status::ready);
}

TEST(HttpServer, StopsOnSigterm) {
  ServerOptions options = TestOptions();
  options.handle_signals = true;
  TestServer server(options, Echo);
  Client client(server.port());
  ASSERT_TRUE(client.Get("/before"));
  ASSERT_EQ(kill(getpid(), SIGTERM), 0);
  EXPECT_TRUE(server.Join(5s));
}

TEST(HttpServer, StopsOnSigintWithNoConnectionOpen) {
  // Regression: with nothing to drain the stop finished inside the signal
  // handler, which then waited for another signal and kept Run() going.
  ServerOptions options = TestOptions();
  options.handle_signals = true;
  TestServer server(options, Echo);
  {
    Client client(server.port());
    ASSERT_TRUE(client.Get("/before"));
  }
  std::this_thread::sleep_for(500ms);  // the server sees the close
  ASSERT_EQ(kill(getpid(), SIGINT), 0);
  EXPECT_TRUE(server.Join(5s));
}

// ------------------------------------------------------------ access log

std::vector<json> LogLines(const std::string& text) {
  std::vector<json> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    lines.push_back(json::parse(line, nullptr, false));
    EXPECT_FALSE(lines.back().is_discarded()) << line;
  }
  return lines;
}

TEST(HttpServer, LogsOneJsonLinePerResponseWithoutSecrets) {
  std::ostringstream log;
  ServerOptions options = TestOptions();
  options.access_log = &log;
  size_t me_bytes = 0;
  {
    TestServer server(options, [](Request& req, RequestContext& context) {
      if (req.target().starts_with("/api/me")) {
        context.user = "alice";
        return Text(req, "{\"login\":\"alice\"}");
      }
      context.error_code = "E_FORBIDDEN";
      return JsonError(req, http::status::forbidden, "E_FORBIDDEN", "no");
    });
    Client client(server.port());
    Request req{http::verb::get, "/api/me?password=hunter2&token=tok-secret", 11};
    req.set(http::field::cookie, "gemis_session=cookie-secret");
    req.set(http::field::authorization, "Bearer bearer-secret");
    req.set("X-CSRF-Token", "csrf-secret");
    ASSERT_TRUE(client.Send(std::move(req)));
    auto res = client.Read();
    ASSERT_TRUE(res);
    me_bytes = res->body().size();
    ASSERT_TRUE(client.Get("/api/admin"));
    RejectedResponse(server.port(), "BROKEN\r\n\r\n");
    server.Stop();
    ASSERT_TRUE(server.Join(5s));
  }
  std::string text = log.str();
  for (const char* secret : {"hunter2", "password", "tok-secret", "cookie-secret", "bearer-secret",
                             "Bearer", "csrf-secret"}) {
    EXPECT_EQ(text.find(secret), std::string::npos) << secret;
  }
  std::vector<json> lines = LogLines(text);
  ASSERT_EQ(lines.size(), 3u) << text;
  // A line is written once its response is, so the rejected connection's
  // line may come before the 403's: order them by status.
  auto rank = [](const json& line) {
    int status = line["status"].get<int>();
    return status == 200 ? 0 : status == 403 ? 1 : 2;
  };
  std::sort(lines.begin(), lines.end(),
            [&](const json& a, const json& b) { return rank(a) < rank(b); });
  EXPECT_TRUE(Shaped(lines[0]["time"].get<std::string>(), "9999-99-99T99:99:99.999Z"))
      << lines[0]["time"];
  EXPECT_EQ(lines[0]["remote"], "127.0.0.1");
  EXPECT_EQ(lines[0]["method"], "GET");
  EXPECT_EQ(lines[0]["path"], "/api/me");
  EXPECT_EQ(lines[0]["status"], 200);
  EXPECT_EQ(lines[0]["bytes"], me_bytes);
  EXPECT_GE(lines[0]["ms"].get<double>(), 0.0);
  EXPECT_EQ(lines[0]["user"], "alice");
  EXPECT_FALSE(lines[0].contains("error"));
  EXPECT_EQ(lines[1]["path"], "/api/admin");
  EXPECT_EQ(lines[1]["status"], 403);
  EXPECT_EQ(lines[1]["error"], "E_FORBIDDEN");
  EXPECT_FALSE(lines[1].contains("user"));
  EXPECT_EQ(lines[2]["status"], 400);
  EXPECT_EQ(lines[2]["error"], "E_BAD_REQUEST");
}

TEST(HttpServer, WritesWholeLogLinesFromManyConnections) {
  std::ostringstream log;
  ServerOptions options = TestOptions();
  options.access_log = &log;
  constexpr int kClients = 6, kRequests = 40;
  {
    TestServer server(options, Echo);
    std::vector<std::future<int>> clients;
    for (int c = 0; c < kClients; ++c) {
      clients.push_back(std::async(std::launch::async, [&server, c] {
        Client client(server.port());
        int ok = 0;
        for (int i = 0; i < kRequests; ++i) {
          auto res = client.Get("/c" + std::to_string(c) + "/" + std::to_string(i) + "?q=\"x\"");
          ok += res && res->result() == http::status::ok;
        }
        return ok;
      }));
    }
    for (auto& client : clients) EXPECT_EQ(client.get(), kRequests);
    server.Stop();
    ASSERT_TRUE(server.Join(5s));
  }
  std::vector<json> lines = LogLines(log.str());
  ASSERT_EQ(lines.size(), static_cast<size_t>(kClients * kRequests));
  std::set<std::string> paths;
  for (const json& line : lines) paths.insert(line["path"].get<std::string>());
  EXPECT_EQ(paths.size(), lines.size());
}

// ------------------------------------------------------- trusted proxies

std::string RemoteSeen(uint16_t port, const std::vector<std::string>& forwarded_for) {
  Client client(port);
  Request req{http::verb::get, "/", 11};
  for (const std::string& value : forwarded_for) req.insert("X-Forwarded-For", value);
  if (!client.Send(std::move(req))) return "send failed";
  auto res = client.Read();
  return res ? res->body() : "no response";
}

TEST(HttpServer, BelievesXForwardedForOnlyFromTrustedProxies) {
  auto remote = [](Request& req, RequestContext& context) {
    return Text(req, context.remote_address);
  };
  TestServer untrusted(TestOptions(), remote);
  EXPECT_EQ(RemoteSeen(untrusted.port(), {"203.0.113.7"}), "127.0.0.1");

  ServerOptions one = TestOptions();
  one.trusted_proxies = {"127.0.0.1"};
  TestServer behind_one(one, remote);
  // 10.0.0.5 is not trusted here: it is the client as far as we can tell.
  EXPECT_EQ(RemoteSeen(behind_one.port(), {"203.0.113.7, 10.0.0.5"}), "10.0.0.5");
  EXPECT_EQ(RemoteSeen(behind_one.port(), {"198.51.100.1", "203.0.113.9"}), "203.0.113.9");
  EXPECT_EQ(RemoteSeen(behind_one.port(), {"not-an-address"}), "127.0.0.1");
  EXPECT_EQ(RemoteSeen(behind_one.port(), {}), "127.0.0.1");

  ServerOptions chain = TestOptions();
  chain.trusted_proxies = {"127.0.0.0/8", "10.0.0.0/8", "fd00::/8"};
  TestServer behind_two(chain, remote);
  EXPECT_EQ(RemoteSeen(behind_two.port(), {"203.0.113.7, 10.0.0.5"}), "203.0.113.7");
  EXPECT_EQ(RemoteSeen(behind_two.port(), {"2001:db8::1 , fd00::2"}), "2001:db8::1");
  EXPECT_EQ(RemoteSeen(behind_two.port(), {"10.1.1.1"}), "10.1.1.1");  // all trusted
}

// ------------------------------------------------------------------- TLS

class HttpServerTls : public testing::Test {
 protected:
  void SetUp() override {
    cert_ = dir_.File("cert.pem");
    key_ = dir_.File("key.pem");
    ASSERT_TRUE(WriteSelfSignedCertificate(cert_, key_));
  }
  ServerOptions TlsOptions() {
    ServerOptions options = TestOptions();
    options.tls_cert_file = cert_;
    options.tls_key_file = key_;
    return options;
  }
  test_support::TempDir dir_;
  std::string cert_, key_;
};

TEST_F(HttpServerTls, ServesHttpsWithHsts) {
  TestServer server(TlsOptions(), [](Request& req, RequestContext& context) {
    return Text(req, context.tls ? "tls" : "plain");
  });
  ASSERT_TRUE(server.ok());
  EXPECT_EQ(server.server().url(), "https://127.0.0.1:" + std::to_string(server.port()));
  net::ssl::context tls(net::ssl::context::tls_client);
  tls.load_verify_file(cert_);
  tls.set_verify_mode(net::ssl::verify_peer);
  TlsClient client(server.port(), tls);
  ASSERT_TRUE(client.handshake_ok());
  for (int i = 0; i < 2; ++i) {
    auto res = client.Get("/x");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->body(), "tls");
    EXPECT_EQ((*res)[http::field::strict_transport_security],
              "max-age=31536000; includeSubDomains");
  }
  Request close{http::verb::get, "/bye", 11};
  close.keep_alive(false);
  ASSERT_TRUE(client.Send(std::move(close)));
  ASSERT_TRUE(client.Read());
  EXPECT_TRUE(client.WaitForClose(5s));
}

TEST_F(HttpServerTls, RefusesClientsLimitedToTls11) {
  TestServer server(TlsOptions(), Echo);
  net::ssl::context old(net::ssl::context::tls_client);
  SSL_CTX_set_max_proto_version(old.native_handle(), TLS1_1_VERSION);
  SSL_CTX_set_security_level(old.native_handle(), 0);
  TlsClient client(server.port(), old);
  EXPECT_FALSE(client.handshake_ok());

  net::ssl::context tls12(net::ssl::context::tls_client);
  SSL_CTX_set_max_proto_version(tls12.native_handle(), TLS1_2_VERSION);
  TlsClient fine(server.port(), tls12);
  ASSERT_TRUE(fine.handshake_ok());
  auto res = fine.Get("/x");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->result(), http::status::ok);
}

TEST_F(HttpServerTls, GivesPlainHttpClientsNoAnswer) {
  TestServer server(TlsOptions(), Echo);
  Client plain(server.port());
  EXPECT_FALSE(plain.Get("/x"));
}

TEST_F(HttpServerTls, ClosesAStalledHandshake) {
  ServerOptions options = TlsOptions();
  options.tls_handshake_timeout = 1000ms;
  TestServer server(options, Echo);
  Client silent(server.port());
  EXPECT_TRUE(silent.WaitForClose(5s));
}

TEST_F(HttpServerTls, NamesAnUnusableCertificateOrKeyFile) {
  ServerOptions missing = TlsOptions();
  missing.tls_cert_file = dir_.File("nope.pem");
  auto result = HttpServer::Create(missing, Echo);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), ErrorCode::kIoError);
  EXPECT_NE(result.status().message().find("nope.pem"), std::string::npos);

  ServerOptions garbage = TlsOptions();
  garbage.tls_key_file = dir_.File("garbage.pem");
  std::ofstream(garbage.tls_key_file) << "not a key\n";
  result = HttpServer::Create(garbage, Echo);
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.status().message().find("garbage.pem"), std::string::npos);

  ServerOptions mismatch = TlsOptions();
  ASSERT_TRUE(WriteSelfSignedCertificate(dir_.File("other-cert.pem"), dir_.File("other-key.pem")));
  mismatch.tls_key_file = dir_.File("other-key.pem");
  result = HttpServer::Create(mismatch, Echo);
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.status().message().find("other-key.pem"), std::string::npos);
  EXPECT_NE(result.status().message().find("does not match"), std::string::npos);

  ServerOptions half = TestOptions();
  half.tls_cert_file = cert_;
  result = HttpServer::Create(half, Echo);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), ErrorCode::kUsage);
}

TEST_F(HttpServerTls, MayListenOnANonLoopbackAddress) {
  ServerOptions options = TlsOptions();
  options.listen = "0.0.0.0:0";
  auto result = HttpServer::Create(options, Echo);
  EXPECT_TRUE(result.ok()) << result.status().ToString();
}

// ------------------------------------------------------------- Create

TEST(HttpServerCreate, RefusesPlainHttpOnANonLoopbackAddress) {
  ServerOptions options = TestOptions();
  options.listen = "0.0.0.0:0";
  auto result = HttpServer::Create(options, Echo);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), ErrorCode::kInvalidInput);
  std::string message = result.status().message();
  EXPECT_NE(message.find("--tls-cert"), std::string::npos) << message;
  EXPECT_NE(message.find("--tls-key"), std::string::npos) << message;
  EXPECT_NE(message.find("127.0.0.1"), std::string::npos) << message;
  EXPECT_NE(message.find("::1"), std::string::npos) << message;
  options.allow_insecure_non_loopback = true;
  auto allowed = HttpServer::Create(options, Echo);
  EXPECT_TRUE(allowed.ok()) << allowed.status().ToString();
}

TEST(HttpServerCreate, NamesAMalformedListenAddress) {
  for (const char* listen :
       {"localhost:abc", "1.2.3.4:99999", "nohost", "example.org:80", "[::1", "::1:80", ":8080",
        "127.0.0.1:", "[127.0.0.1]:80", "127.0.0.1:123456"}) {
    ServerOptions options = TestOptions();
    options.listen = listen;
    auto result = HttpServer::Create(options, Echo);
    ASSERT_FALSE(result.ok()) << listen;
    EXPECT_EQ(result.status().code(), ErrorCode::kInvalidInput) << listen;
    EXPECT_NE(result.status().message().find(listen), std::string::npos)
        << result.status().message();
  }
}

TEST(HttpServerCreate, NamesAnAddressInUse) {
  auto first = HttpServer::Create(TestOptions(), Echo);
  ASSERT_TRUE(first.ok());
  ServerOptions options = TestOptions();
  options.listen = "127.0.0.1:" + std::to_string((*first)->port());
  auto second = HttpServer::Create(options, Echo);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), ErrorCode::kIoError);
  EXPECT_NE(second.status().message().find(options.listen), std::string::npos);
}

TEST(HttpServerCreate, AcceptsLocalhostAndIpv6Loopback) {
  ServerOptions options = TestOptions();
  options.listen = "localhost:0";
  auto local = HttpServer::Create(options, Echo);
  ASSERT_TRUE(local.ok()) << local.status().ToString();
  EXPECT_NE((*local)->port(), 0);
  EXPECT_EQ((*local)->url(), "http://127.0.0.1:" + std::to_string((*local)->port()));

  options.listen = "[::1]:0";
  auto v6 = HttpServer::Create(options, Echo);
  if (!v6.ok()) GTEST_SKIP() << "no IPv6 loopback here: " << v6.status().ToString();
  EXPECT_EQ((*v6)->url(), "http://[::1]:" + std::to_string((*v6)->port()));
}

TEST(HttpServerCreate, RefusesBadTrustedProxiesAndLimits) {
  for (const char* proxy : {"10.0.0.0/33", "proxy.local", "10.0.0.1/", "::1/129", ""}) {
    ServerOptions options = TestOptions();
    options.trusted_proxies = {proxy};
    auto result = HttpServer::Create(options, Echo);
    ASSERT_FALSE(result.ok()) << proxy;
    EXPECT_EQ(result.status().code(), ErrorCode::kInvalidInput) << proxy;
  }
  ServerOptions options = TestOptions();
  options.max_connections = 0;
  EXPECT_FALSE(HttpServer::Create(options, Echo).ok());
  options = TestOptions();
  options.header_timeout = 0ms;
  EXPECT_FALSE(HttpServer::Create(options, Echo).ok());
  EXPECT_EQ(HttpServer::Create(TestOptions(), Handler()).status().code(), ErrorCode::kUsage);
}

// --------------------------------------------------- JSON and languages

TEST(JsonError, HasStatusCodeMessageAndOptionalField) {
  Request req{http::verb::get, "/", 11};
  Response res = JsonError(req, http::status::bad_request, "E_INVALID", "bad \"value\"", "period");
  EXPECT_EQ(res.result(), http::status::bad_request);
  EXPECT_EQ(res[http::field::content_type], "application/json; charset=utf-8");
  EXPECT_EQ(res.body(),
            R"({"status":400,"errorCode":"E_INVALID","message":"bad \"value\"","field":"period"})");
  EXPECT_TRUE(res.keep_alive());
  Response without = JsonError(req, http::status::not_found, "E_NOT_FOUND", "gone");
  EXPECT_EQ(without.body(), R"({"status":404,"errorCode":"E_NOT_FOUND","message":"gone"})");
  req.keep_alive(false);
  EXPECT_FALSE(JsonError(req, http::status::not_found, "E", "m").keep_alive());
}

TEST(AppendJsonString, EscapesControlsAndReplacesInvalidUtf8) {
  std::string out;
  AppendJsonString(out, std::string("a\"b\\c\n\x01\x7f", 8));
  EXPECT_EQ(out, R"("a\"b\\c\u000a\u0001\u007f")");
  out.clear();
  AppendJsonString(out, "Cao Bằng");
  EXPECT_EQ(out, "\"Cao Bằng\"");
  out.clear();
  AppendJsonString(out, "x\xff\xc0\xafy\xed\xa0\x80z\xe1\xba");
  EXPECT_EQ(json::parse(out), "x\ufffd\ufffd\ufffdy\ufffd\ufffd\ufffdz\ufffd\ufffd");
}

TEST(PreferredLang, IsEnglishOnlyWhenEnglishComesFirst) {
  http::fields fields;
  EXPECT_EQ(PreferredLang(fields), Lang::kVi);
  fields.set(http::field::accept_language, "en-US,en;q=0.9,vi;q=0.8");
  EXPECT_EQ(PreferredLang(fields), Lang::kEn);
  fields.set(http::field::accept_language, "vi-VN, en;q=0.5");
  EXPECT_EQ(PreferredLang(fields), Lang::kVi);
  fields.set(http::field::accept_language, "enx");
  EXPECT_EQ(PreferredLang(fields), Lang::kVi);
  fields.set(http::field::accept_language, " EN ");
  EXPECT_EQ(PreferredLang(fields), Lang::kEn);
}

TEST(HttpServer, SpeaksTheClientsLanguageInTransportErrors) {
  TestServer server(TestOptions(), Echo);
  auto english = RejectedResponse(server.port(),
                                  "POST / HTTP/1.1\r\nHost: h\r\nAccept-Language: "
                                  "en\r\nTransfer-Encoding: gzip, chunked\r\n\r\n");
  ASSERT_TRUE(english);
  EXPECT_EQ(BodyJson(*english)["message"], "Only Transfer-Encoding: chunked is supported");
  auto vietnamese = RejectedResponse(
      server.port(), "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip, chunked\r\n\r\n");
  ASSERT_TRUE(vietnamese);
  EXPECT_EQ(BodyJson(*vietnamese)["message"], "Máy chủ chỉ hỗ trợ Transfer-Encoding: chunked");
}

}  // namespace
}  // namespace gemis::server
