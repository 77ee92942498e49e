//===- LspTest.cpp - strata lsp with a scripted client --------------------===//
//
// The client's whole session is written to a file and fed to `strata lsp`
// as stdin: initialize, initialized, didOpen of a file with a violation,
// shutdown, exit. The test reads the framed replies from stdout.
//
//===----------------------------------------------------------------------===//
#include "Process.h"
#include "TestSupport.h"
#include "strata/lsp/Server.h"

#include <gmock/gmock.h>
#include <nlohmann/json.hpp>

using namespace strata::test;
using nlohmann::json;

namespace {

std::string frame(const json &Message) {
  std::string Body = Message.dump();
  return "Content-Length: " + std::to_string(Body.size()) + "\r\n\r\n" + Body;
}

std::vector<json> unframe(const std::string &Out) {
  std::vector<json> Messages;
  size_t Pos = 0;
  while ((Pos = Out.find("Content-Length: ", Pos)) != std::string::npos) {
    size_t Body = Out.find("\r\n\r\n", Pos);
    if (Body == std::string::npos)
      break;
    size_t Length = std::stoul(Out.substr(Pos + 16, Body - Pos - 16));
    Messages.push_back(json::parse(Out.substr(Body + 4, Length)));
    Pos = Body + 4 + Length;
  }
  return Messages;
}

TEST(LspTest, PublishesTheViolationOnTheIncludeLine) {
  TempDir Dir;
  std::string Source = std::string(STRATA_SOURCE_DIR) + "/examples/tangled";
  RunResult C = runProgram({STRATA_CMAKE_COMMAND, "-S", Source, "-B",
                            Dir.path("build"), "-G", "Ninja"});
  ASSERT_EQ(C.Exit, 0) << C.Err;
  std::string App = strata::lsp::uriFromPath(Source + "/src/core/app.cpp");
  std::string Session =
      frame({{"jsonrpc", "2.0"},
             {"id", 1},
             {"method", "initialize"},
             {"params",
              {{"processId", nullptr}, {"capabilities", json::object()}}}}) +
      frame({{"jsonrpc", "2.0"},
             {"method", "initialized"},
             {"params", json::object()}}) +
      frame({{"jsonrpc", "2.0"},
             {"method", "textDocument/didOpen"},
             {"params",
              {{"textDocument",
                {{"uri", App},
                 {"languageId", "cpp"},
                 {"version", 1},
                 {"text", ""}}}}}}) +
      frame({{"jsonrpc", "2.0"}, {"id", 2}, {"method", "shutdown"}}) +
      frame({{"jsonrpc", "2.0"}, {"method", "exit"}});
  std::string In = Dir.write("session.txt", Session);
  RunResult R = runStrata(
      {"lsp", "-p", Dir.path("build"), "--project-root", Source, "--no-cache"},
      "", In);
  EXPECT_EQ(R.Exit, 0) << R.Err;
  std::vector<json> Replies = unframe(R.Out);
  ASSERT_EQ(Replies.size(), 3u) << R.Out.substr(0, 500);
  EXPECT_EQ(Replies[0]["id"], 1);
  EXPECT_TRUE(
      Replies[0]["result"]["capabilities"]["textDocumentSync"]["openClose"]);
  const json &Published = Replies[1];
  EXPECT_EQ(Published["method"], "textDocument/publishDiagnostics");
  EXPECT_EQ(Published["params"]["uri"], App);
  // src/core/app.cpp:8:10 includes "ui/console.h": core must not depend on
  // ui. LSP positions are 0-based: line 7, character 9.
  bool Found = false;
  for (const json &D : Published["params"]["diagnostics"])
    if (D["message"] == "module 'src/core' must not depend on 'src/ui' (layer "
                        "rule: 'src/ui' is above 'src/core')") {
      Found = true;
      EXPECT_EQ(D["range"]["start"]["line"], 7);
      EXPECT_EQ(D["range"]["start"]["character"], 9);
      EXPECT_EQ(D["severity"], 1);
      EXPECT_EQ(D["code"], "strata-layering");
      break;
    }
  EXPECT_TRUE(Found) << Published.dump().substr(0, 2000);
  EXPECT_EQ(Replies[2]["id"], 2);
  EXPECT_TRUE(Replies[2]["result"].is_null());
}

TEST(LspTest, ExitWithoutShutdownIsExit1) {
  TempDir Dir;
  std::string In =
      Dir.write("session.txt", frame({{"jsonrpc", "2.0"}, {"method", "exit"}}));
  RunResult R = runStrata({"lsp", "-p", Dir.path("none")}, "", In);
  EXPECT_EQ(R.Exit, 1);
}

TEST(LspTest, UrisRoundTrip) {
  EXPECT_EQ(strata::lsp::uriFromPath("/a b/c#.h"), "file:///a%20b/c%23.h");
  EXPECT_EQ(strata::lsp::pathFromUri("file:///a%20b/c%23.h"), "/a b/c#.h");
  EXPECT_EQ(strata::lsp::pathFromUri("http://x/y"), "");
}

} // namespace
