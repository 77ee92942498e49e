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
    if (D["message"] == "src/core -> src/ui: 'src/core' is below 'src/ui' "
                        "(layers)") {
      Found = true;
      EXPECT_EQ(D["range"]["start"]["line"], 7);
      EXPECT_EQ(D["range"]["start"]["character"], 9);
      EXPECT_EQ(D["severity"], 1);
      EXPECT_EQ(D["code"], "strata-layering");
      // The range covers "ui/console.h" with its quotes.
      EXPECT_EQ(D["range"]["end"]["character"], 9 + 14);
      // The edge's other evidence in the file: the include of
      // ui/report_view.h and the uses.
      EXPECT_GE(D["relatedInformation"].size(), 2u);
      break;
    }
  EXPECT_TRUE(Found) << Published.dump().substr(0, 2000);
  EXPECT_EQ(Replies[2]["id"], 2);
  EXPECT_TRUE(Replies[2]["result"].is_null());
}

json request(int Id, const std::string &Method, json Params) {
  return {{"jsonrpc", "2.0"},
          {"id", Id},
          {"method", Method},
          {"params", std::move(Params)}};
}

json notification(const std::string &Method, json Params) {
  return {
      {"jsonrpc", "2.0"}, {"method", Method}, {"params", std::move(Params)}};
}

// The didOpen of \p Uri (its text is not read).
json didOpen(const std::string &Uri) {
  return notification(
      "textDocument/didOpen",
      {{"textDocument",
        {{"uri", Uri}, {"languageId", "cpp"}, {"version", 1}, {"text", ""}}}});
}

// Writes \p Name with \p Text in \p Dir, and a database there that compiles
// it alone; returns its path.
std::string soleSource(TempDir &Dir, const std::string &Name,
                       const std::string &Text) {
  std::string Path = Dir.write(Name, Text);
  Dir.write("compile_commands.json",
            json::array({{{"directory", Dir.Path},
                          {"file", Path},
                          {"arguments", {"clang++", "-c", Name}}}})
                .dump());
  return Path;
}

// `strata lsp` in \p Dir's database, without a cache, on \p Session and
// then shutdown (id 2) and exit.
RunResult runSession(TempDir &Dir, const std::string &Session) {
  std::string In =
      Session + frame({{"jsonrpc", "2.0"}, {"id", 2}, {"method", "shutdown"}}) +
      frame({{"jsonrpc", "2.0"}, {"method", "exit"}});
  return runStrata({"lsp", "-p", Dir.Path, "--no-cache"}, "",
                   Dir.write("session.txt", In));
}

// initialize, initialized, (didOpen of \p Uri,) a code action request on
// line \p Line (0-based) of it, shutdown and exit.
std::string codeActionSession(const std::string &Uri, unsigned Line,
                              bool Open) {
  json Position = {{"line", Line}, {"character", 0}};
  std::string Session =
      frame(request(1, "initialize", {{"capabilities", json::object()}})) +
      frame(notification("initialized", json::object()));
  if (Open)
    Session += frame(didOpen(Uri));
  return Session +
         frame(request(2, "textDocument/codeAction",
                       {{"textDocument", {{"uri", Uri}}},
                        {"range", {{"start", Position}, {"end", Position}}},
                        {"context", {{"diagnostics", json::array()}}}})) +
         frame(request(3, "shutdown", nullptr)) +
         frame(notification("exit", nullptr));
}

// canvas.h uses geo::Shape and Point only through pointers: its include of
// shapes/shape.h is forward-declarable, and the quick fix replaces it with
// declarations the header compiles with. (painter.cpp is not canvas.h's
// own source: an own source would get shape.h through canvas.h, which
// would keep the include.)
TEST(LspTest, CodeActionReplacesAnIncludeWithForwardDeclarations) {
  TempDir Dir;
  Dir.write("shapes/shape.h", "#pragma once\n"
                              "struct Point { int X, Y; };\n"
                              "namespace geo {\n"
                              "class Shape {\n"
                              "public:\n"
                              "  int sides() const { return 3; }\n"
                              "};\n"
                              "} // namespace geo\n");
  std::string Header =
      Dir.write("app/canvas.h", "#include \"shapes/shape.h\"\n"
                                "namespace draw {\n"
                                "struct Canvas {\n"
                                "  void add(const geo::Shape *S);\n"
                                "  Point *Origin = nullptr;\n"
                                "};\n"
                                "} // namespace draw\n");
  Dir.write("app/painter.cpp", "#include \"shapes/shape.h\"\n"
                               "#include \"app/canvas.h\"\n"
                               "void draw::Canvas::add(const geo::Shape *S) "
                               "{ S->sides(); }\n");
  Dir.write("compile_commands.json",
            json::array({{{"directory", Dir.path("")},
                          {"file", "app/painter.cpp"},
                          {"arguments",
                           {"clang++", "-std=c++17", "-I", Dir.path(""), "-c",
                            "app/painter.cpp"}}}})
                .dump());
  std::string Uri = strata::lsp::uriFromPath(Header);
  std::string Session = codeActionSession(Uri, 0, /*Open=*/true);
  RunResult R = runStrata({"lsp", "-p", Dir.path(""), "--no-cache"}, "",
                          Dir.write("session.txt", Session));
  EXPECT_EQ(R.Exit, 0) << R.Err;
  std::vector<json> Replies = unframe(R.Out);
  ASSERT_EQ(Replies.size(), 4u) << R.Out.substr(0, 500);
  EXPECT_EQ(Replies[0]["result"]["capabilities"]["codeActionProvider"]
                   ["codeActionKinds"][0],
            "quickfix");
  const json &Diagnostics = Replies[1]["params"]["diagnostics"];
  ASSERT_EQ(Diagnostics.size(), 1u) << Diagnostics.dump();
  EXPECT_EQ(Diagnostics[0]["code"], "strata-forward-declarable");
  EXPECT_EQ(Diagnostics[0]["severity"], 3);
  const json &Actions = Replies[2]["result"];
  ASSERT_EQ(Actions.size(), 1u) << Actions.dump();
  EXPECT_EQ(Actions[0]["title"], "Replace with forward declarations of Point, "
                                 "geo::Shape (\"shapes/shape.h\")");
  EXPECT_EQ(Actions[0]["kind"], "quickfix");
  // Clang parsed painter.cpp with the edit: the fix is the preferred one.
  EXPECT_EQ(Actions[0]["isPreferred"], true);
  const json &Edits = Actions[0]["edit"]["changes"][Uri];
  ASSERT_EQ(Edits.size(), 1u);
  EXPECT_EQ(Edits[0]["range"]["start"]["line"], 0);
  EXPECT_EQ(Edits[0]["range"]["end"]["line"], 1);
  EXPECT_EQ(Edits[0]["newText"],
            "struct Point;\nnamespace geo { class Shape; }\n");
  // The edited header compiles on its own.
  std::string Edited = readFile(Header);
  Edited.replace(0, Edited.find('\n') + 1,
                 Edits[0]["newText"].get<std::string>());
  Dir.write("edited/canvas.h", Edited);
  RunResult Compiled =
      runProgram({STRATA_CLANG_BINARY, "-fsyntax-only", "-x", "c++",
                  "-std=c++17", Dir.path("edited/canvas.h")});
  EXPECT_EQ(Compiled.Exit, 0) << Compiled.Err << Edited;
}

// A use strata does not see: print() calls describe() by argument-dependent
// lookup inside a system template's instantiation, so describe.h looks
// unused. Clang does not parse main.cpp without it: no quick fix deletes it.
TEST(LspTest, AFixClangRejectsIsNotOffered) {
  TempDir Dir;
  Dir.write("sys/print.h",
            "template <class T> void print(const T &t) { describe(t); }\n");
  Dir.write("p.h", "#pragma once\nstruct P {};\n");
  Dir.write("describe.h", "#pragma once\n#include \"p.h\"\n"
                          "void describe(const P &);\n");
  std::string Main =
      Dir.write("main.cpp", "#include \"p.h\"\n#include \"describe.h\"\n"
                            "#include <print.h>\n"
                            "void f() { P p; print(p); }\n");
  Dir.write("compile_commands.json",
            json::array({{{"directory", Dir.path("")},
                          {"file", "main.cpp"},
                          {"arguments",
                           {"clang++", "-std=c++17", "-isystem",
                            Dir.path("sys"), "-c", "main.cpp"}}}})
                .dump());
  std::string Uri = strata::lsp::uriFromPath(Main);
  std::string Session = codeActionSession(Uri, 1, /*Open=*/false);
  RunResult R = runStrata({"lsp", "-p", Dir.path(""), "--no-cache"}, "",
                          Dir.write("session.txt", Session));
  EXPECT_EQ(R.Exit, 0) << R.Err;
  std::vector<json> Replies = unframe(R.Out);
  ASSERT_EQ(Replies.size(), 3u) << R.Out.substr(0, 500);
  EXPECT_EQ(Replies[1]["result"], json::array()) << Replies[1].dump();

  // The command line says the same: the claim is withdrawn, and why.
  RunResult Plain = runStrata(
      {"analyze", "-p", Dir.path(""), "--no-cache", "--format", "json"});
  ASSERT_EQ(Plain.Exit, 0) << Plain.Err;
  EXPECT_EQ(json::parse(Plain.Out)["includes"]["unused"], 1);
  RunResult Verified = runStrata({"analyze", "-p", Dir.path(""), "--no-cache",
                                  "--format", "json", "--verify-includes"});
  ASSERT_EQ(Verified.Exit, 0) << Verified.Err;
  const json Includes = json::parse(Verified.Out)["includes"];
  EXPECT_EQ(Includes["unused"], 0);
  EXPECT_EQ(Includes["used_by_verify"], 1);
  // describe.h's own include of p.h is forward-declarable, and confirmed.
  EXPECT_THAT(Verified.Err,
              ::testing::HasSubstr("2 include claims: 1 confirmed, 1 kept"));
  EXPECT_THAT(Verified.Err,
              ::testing::Not(::testing::HasSubstr(" generated.")));
}

TEST(LspTest, ExitWithoutShutdownIsExit1) {
  TempDir Dir;
  std::string In =
      Dir.write("session.txt", frame({{"jsonrpc", "2.0"}, {"method", "exit"}}));
  RunResult R = runStrata({"lsp", "-p", Dir.path("none")}, "", In);
  EXPECT_EQ(R.Exit, 1);
}

// As clangd does: a frame without a usable Content-Length is skipped with
// one line on stderr, and the server goes on with the next message; a
// stream that ends inside a message stops it, saying why.
TEST(LspTest, FramingErrorsSkipTheFrameOrStopSayingWhy) {
  TempDir Dir;
  std::string Session =
      frame(request(1, "initialize", {{"capabilities", json::object()}})) +
      "Content-Type: application/vscode-jsonrpc\r\n\r\n" +
      "Content-Length: twelve\r\n\r\n" +
      frame({{"jsonrpc", "2.0"}, {"id", 2}, {"method", "shutdown"}}) +
      frame({{"jsonrpc", "2.0"}, {"method", "exit"}});
  RunResult R = runStrata({"lsp", "-p", Dir.path("none")}, "",
                          Dir.write("session.txt", Session));
  EXPECT_EQ(R.Exit, 0) << R.Err;
  std::vector<json> Replies = unframe(R.Out);
  ASSERT_EQ(Replies.size(), 2u) << R.Out;
  EXPECT_EQ(Replies[1]["id"], 2);
  EXPECT_THAT(R.Err,
              ::testing::HasSubstr("strata lsp: skipping a message without a "
                                   "Content-Length header\n"));
  EXPECT_THAT(
      R.Err, ::testing::HasSubstr("strata lsp: skipping a message whose "
                                  "Content-Length 'twelve' is not a number\n"));

  std::string Short =
      frame(request(1, "initialize", {{"capabilities", json::object()}})) +
      "Content-Length: 500\r\n\r\n{\"jsonrpc\":";
  R = runStrata({"lsp", "-p", Dir.path("none")}, "",
                Dir.write("short.txt", Short));
  EXPECT_EQ(R.Exit, 1);
  EXPECT_EQ(unframe(R.Out).size(), 1u);
  EXPECT_THAT(R.Err, ::testing::HasSubstr(
                         "strata lsp: the input ended inside a message (11 of "
                         "its 500 bytes); stopping\n"));
}

// A file that no translation unit reads gets one information diagnostic
// saying strata has no facts for it; a file it has facts for does not.
TEST(LspTest, AFileOutsideTheDatabaseIsSaidToBe) {
  TempDir Dir;
  soleSource(Dir, "a.cpp", "int main() { return 0; }\n");
  std::string Other = Dir.write("other.cpp", "int f() { return 1; }\n");
  auto Open = [](const std::string &Path) {
    return frame(didOpen(strata::lsp::uriFromPath(Path)));
  };
  std::string Session =
      frame(request(1, "initialize", {{"capabilities", json::object()}})) +
      frame(notification("initialized", json::object())) + Open(Other) +
      Open(Dir.path("a.cpp"));
  RunResult R = runSession(Dir, Session);
  EXPECT_EQ(R.Exit, 0) << R.Err;
  std::vector<json> Replies = unframe(R.Out);
  ASSERT_EQ(Replies.size(), 4u) << R.Out;
  std::map<std::string, json> Published;
  for (const json &M : Replies)
    if (M.value("method", "") == "textDocument/publishDiagnostics")
      Published[M["params"]["uri"]] = M["params"]["diagnostics"];
  const json &Outside = Published[strata::lsp::uriFromPath(Other)];
  ASSERT_EQ(Outside.size(), 1u) << R.Out;
  EXPECT_EQ(Outside[0]["severity"], 3);
  EXPECT_THAT(Outside[0]["message"].get<std::string>(),
              ::testing::HasSubstr("not in the compilation database"));
  const json &Inside = Published[strata::lsp::uriFromPath(Dir.path("a.cpp"))];
  EXPECT_TRUE(Inside.is_array() && Inside.empty()) << R.Out;
}

// A save is parsed with the text the editor sent, not what is on disk when
// the round reads it: the editor may be writing the next save by then.
// Here the disk holds a cut-off a.cpp whose include of b.h is unused; the
// save sends the whole file, which calls f() from b.h.
TEST(LspTest, ASaveIsParsedAsTheEditorSentIt) {
  TempDir Dir;
  Dir.write("b.h", "int f();\n");
  std::string Source = soleSource(Dir, "a.cpp", "#include \"b.h\"\n");
  std::string Uri = strata::lsp::uriFromPath(Source);
  std::string Session =
      frame(request(1, "initialize", {{"capabilities", json::object()}})) +
      frame(notification("initialized", json::object())) + frame(didOpen(Uri)) +
      frame(notification(
          "textDocument/didSave",
          {{"textDocument", {{"uri", Uri}}},
           {"text", "#include \"b.h\"\nint main() { return f(); }\n"}}));
  RunResult R = runSession(Dir, Session);
  EXPECT_EQ(R.Exit, 0) << R.Err;
  std::vector<json> Replies = unframe(R.Out);
  ASSERT_FALSE(Replies.empty());
  EXPECT_TRUE(Replies[0]["result"]["capabilities"]["textDocumentSync"]["save"]
                     ["includeText"]);
  std::vector<json> Published;
  for (const json &M : Replies)
    if (M.value("method", "") == "textDocument/publishDiagnostics" &&
        M["params"]["uri"] == Uri)
      Published.push_back(M["params"]["diagnostics"]);
  ASSERT_GE(Published.size(), 2u) << R.Out;
  // The first round read the disk: the include is unused there.
  ASSERT_EQ(Published.front().size(), 1u) << R.Out;
  EXPECT_EQ(Published.front()[0]["code"], "strata-unused-include");
  // The save's round parsed what the editor sent: f() uses it.
  EXPECT_TRUE(Published.back().empty()) << R.Out;
}

TEST(LspTest, UrisRoundTrip) {
  EXPECT_EQ(strata::lsp::uriFromPath("/a b/c#.h"), "file:///a%20b/c%23.h");
  EXPECT_EQ(strata::lsp::pathFromUri("file:///a%20b/c%23.h"), "/a b/c#.h");
  EXPECT_EQ(strata::lsp::pathFromUri("http://x/y"), "");
}

} // namespace
