//===- Server.cpp - strata as a language server ---------------------------===//
#include "strata/lsp/Server.h"

#include "Project.h"
#include "Transport.h"

#include "strata/analysis/Diagnostics.h"
#include "strata/extract/Verify.h"
#include "strata/support/Json.h"
#include "strata/support/Output.h"
#include "strata/support/Paths.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/MemoryBuffer.h"
#include <chrono>
#include <deque>
#include <fmt/format.h>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <thread>

using namespace llvm;
using nlohmann::json;

namespace strata::lsp {
namespace {

// What the main thread waits for: a message or the end of the input (from
// the reader thread), or a finished round (from the worker).
struct Event {
  enum Kind { Message, Skipped, End, RoundDone, Early } K;
  json Body;
  std::string Problem;
  /// Early: diagnostics a round has before it is done, and its root.
  std::shared_ptr<const DiagnosticsByFile> Diagnostics = nullptr;
  std::string Root = "";
};

class Server {
public:
  Server(raw_ostream &Out, raw_ostream &Log, const ServerOptions &O)
      : Out(Out), Log(Log), Options(O), Events(std::make_shared<Events_>()) {
    this->Options.Extract.KeepPerTU = true;
  }

  ~Server() {
    if (Worker.joinable())
      Worker.join();
  }

  int run(std::FILE *In) {
    // The reader keeps reading while a round runs, so saves are coalesced
    // and requests answered meanwhile. It may outlive the server, blocked
    // on the input, when the process ends: it only holds the queue.
    std::thread([In, Q = Events] {
      std::string Body, Problem;
      for (;;) {
        Frame F = readMessage(In, Body, Problem);
        if (F == Frame::End) {
          Q->push({Event::End, nullptr, Problem});
          return;
        }
        if (F == Frame::Skipped)
          Q->push({Event::Skipped, nullptr, Problem});
        else
          Q->push({Event::Message,
                   json::parse(Body, nullptr, /*allow_exceptions=*/false), ""});
      }
    }).detach();
    for (;;) {
      Event E;
      if (StartSoon) {
        // The first round starts once the client has had its say (the
        // files it opens come right after 'initialized'), so that their
        // TUs go first.
        std::optional<Event> Got =
            Again.empty() ? Events->popFor(std::chrono::milliseconds(100))
                          : std::optional<Event>(next());
        if (!Got) {
          StartSoon = false;
          startRound();
          continue;
        }
        E = std::move(*Got);
      } else {
        E = next();
      }
      if (E.K == Event::RoundDone) {
        finishRound();
      } else if (E.K == Event::Early) {
        publishEarly(E);
      } else if (E.K == Event::Skipped) {
        Log << "strata lsp: skipping " << E.Problem << "\n";
      } else if (E.K == Event::End) {
        Log << "strata lsp: "
            << (E.Problem.empty() ? "the input ended without 'exit'"
                                  : E.Problem)
            << "; stopping\n";
        return 1;
      } else if (std::optional<int> Exit = message(E.Body)) {
        return *Exit;
      }
    }
  }

private:
  using Events_ = Queue<Event>;

  Event next() {
    if (Again.empty())
      return Events->pop();
    Event E = std::move(Again.front());
    Again.pop_front();
    return E;
  }

  // Handles one message; the exit code once the client says "exit".
  std::optional<int> message(const json &M) {
    if (M.is_discarded() || !M.is_object()) {
      Log << "strata lsp: ignoring a message that is not a JSON object\n";
      return std::nullopt;
    }
    if (!M.contains("method"))
      return std::nullopt; // a response to the server's own request
    std::string Method = M.value("method", "");
    if (Method == "exit")
      return ShutDown ? 0 : 1;
    try {
      handle(Method, M);
    } catch (const json::exception &E) {
      Log << "strata lsp: malformed '" << Method << "' message: " << E.what()
          << "\n";
      if (M.contains("id"))
        reply(M["id"], nullptr, -32602, "invalid params");
    }
    return std::nullopt;
  }

  void reply(const json &Id, json Result, int ErrorCode = 0,
             StringRef ErrorMessage = "") {
    json R = {{"jsonrpc", "2.0"}, {"id", Id}};
    if (ErrorCode)
      R["error"] = {{"code", ErrorCode}, {"message", ErrorMessage.str()}};
    else
      R["result"] = std::move(Result);
    writeMessage(Out, R);
  }

  void handle(const std::string &Method, const json &M) {
    if (Method == "initialize") {
      const json *Window = nullptr;
      if (M.contains("params") && M["params"].contains("capabilities") &&
          M["params"]["capabilities"].contains("window"))
        Window = &M["params"]["capabilities"]["window"];
      Progress = Window && Window->value("workDoneProgress", false);
      reply(
          M.at("id"),
          {{"capabilities",
            {{"textDocumentSync",
              {{"openClose", true},
               {"change", 1},
               {"save", {{"includeText", true}}}}},
             {"codeActionProvider", {{"codeActionKinds", {"quickfix"}}}}}},
           {"serverInfo", {{"name", "strata"}, {"version", Options.Version}}}});
    } else if (Method == "initialized") {
      StartSoon = true;
    } else if (Method == "textDocument/didOpen") {
      std::string Uri = M.at("params").at("textDocument").at("uri");
      Open.insert(Uri);
      if (Ready)
        publish(Uri);
    } else if (Method == "textDocument/didSave") {
      // Saves made while a round runs are coalesced into the next one,
      // which parses the text each save sent: by the time the round reads
      // the file, the editor may be writing it again.
      const json &Params = M.at("params");
      std::string Path = normalizePath(
          pathFromUri(Params.at("textDocument").at("uri").get<std::string>()),
          "/");
      Pending.insert(Path);
      if (Params.contains("text") && Params["text"].is_string())
        PendingText[Path] = Params["text"].get<std::string>();
      else
        PendingText.erase(Path);
      if (!Busy && Ready)
        startRound();
    } else if (Method == "textDocument/didClose") {
      std::string Uri = M.at("params").at("textDocument").at("uri");
      Open.erase(Uri);
      writeMessage(
          Out, {{"jsonrpc", "2.0"},
                {"method", "textDocument/publishDiagnostics"},
                {"params", {{"uri", Uri}, {"diagnostics", json::array()}}}});
    } else if (Method == "textDocument/codeAction") {
      // Answered from the last finished round; only before the first one
      // has finished does a request wait (as clangd's wait for a file's
      // first AST).
      if (Ready)
        reply(M.at("id"), codeActions(M.at("params")));
      else
        Deferred.push_back(M);
    } else if (Method == "shutdown") {
      // What the client saved before shutting down is analyzed first.
      if (StartSoon) {
        StartSoon = false;
        startRound();
      }
      drainRounds();
      ShutDown = true;
      reply(M.at("id"), nullptr);
    } else if (M.contains("id")) {
      reply(M["id"], nullptr, -32601, "method not found: " + Method);
    }
    // Other notifications (didChange: strata reads saved files) are ignored.
  }

  // Starts a round on the worker: the first parses everything, later ones
  // re-parse what the pending saves touch. The worker gets the TUs' facts;
  // requests meanwhile read the rest of the last finished project.
  void startRound() {
    Busy = true;
    bool First = !Ready;
    std::set<std::string> Saved;
    std::map<std::string, std::string> Texts;
    if (First) {
      // The first round reads every file from disk; a save that came with
      // its text is parsed again with it in the next.
      std::erase_if(Pending, [&](const std::string &Path) {
        return !PendingText.count(Path);
      });
    } else {
      Saved = std::move(Pending);
      Pending.clear();
      Texts = std::move(PendingText);
      PendingText.clear();
    }
    auto Next = std::make_shared<Project>();
    Next->Root = Current.Root;
    Next->Commands = Current.Commands;
    Next->PerTU = std::move(Current.PerTU);
    Next->LastConfig = Current.LastConfig;
    for (const std::string &Path : Saved) {
      std::string Rel = relativeTo(normalizePath(Path, "/"), Current.Root);
      if (auto It = Current.Diagnostics.find(Rel);
          It != Current.Diagnostics.end())
        Next->Previous.insert(*It);
    }
    std::string Token = "strata-" + std::to_string(++Rounds);
    if (Progress) {
      writeMessage(Out, {{"jsonrpc", "2.0"},
                         {"id", Token},
                         {"method", "window/workDoneProgress/create"},
                         {"params", {{"token", Token}}}});
      progress(Token, {{"kind", "begin"},
                       {"title", "strata"},
                       {"message", First ? "analyzing the project"
                                         : "re-analyzing " +
                                               std::to_string(Saved.size()) +
                                               " saved file(s)"}});
    }
    RoundToken = Token;
    auto Start = std::chrono::steady_clock::now();
    std::set<std::string> Opened;
    for (const std::string &Uri : Open)
      Opened.insert(pathFromUri(Uri));
    Worker = std::thread([this, Next, Saved, First, Start, Opened,
                          Texts = std::move(Texts), Round = Rounds] {
      raw_string_ostream Said(Next->Log);
      EarlyDiagnostics Early = [&](DiagnosticsByFile Ds) {
        Events->push({Event::Early, nullptr, "",
                      std::make_shared<const DiagnosticsByFile>(std::move(Ds)),
                      Next->Root});
      };
      size_t Parsed = First ? Next->load(Options, Said, Opened, Early)
                            : Next->reparse(Saved, Options, Said, Early, Texts);
      double Seconds = std::chrono::duration<double>(
                           std::chrono::steady_clock::now() - Start)
                           .count();
      Said << fmt::format("strata lsp: round {}: parsed {} translation "
                          "unit{} for {} in {:.2f} s\n",
                          Round, Parsed, Parsed == 1 ? "" : "s",
                          First ? "the whole project"
                                : std::to_string(Saved.size()) + " saved file" +
                                      (Saved.size() == 1 ? "" : "s"),
                          Seconds);
      Finished = Next;
      Events->push({Event::RoundDone, nullptr, ""});
    });
  }

  // The worker's project becomes the current one: its diagnostics are
  // published, waiting requests answered, and the next round started for
  // saves that came meanwhile.
  void finishRound() {
    Worker.join();
    Log << Finished->Log;
    Finished->Log.clear();
    Current = std::move(*Finished);
    Finished.reset();
    Verified.clear();
    Busy = false;
    Ready = true;
    if (Progress)
      progress(RoundToken, {{"kind", "end"}});
    for (const std::string &Uri : Open)
      publish(Uri);
    for (const json &M : Deferred)
      reply(M.at("id"), codeActions(M.at("params")));
    Deferred.clear();
    if (!Pending.empty())
      startRound();
  }

  // Runs the rounds there are to run to the end, keeping what else
  // arrives meanwhile for later, in order.
  void drainRounds() {
    std::vector<Event> Later;
    while (Busy) {
      Event E = Events->pop();
      if (E.K == Event::RoundDone)
        finishRound();
      else if (E.K != Event::Early) // the round's end supersedes it
        Later.push_back(std::move(E));
    }
    for (Event &E : Later)
      Again.push_back(std::move(E));
  }

  void progress(const std::string &Token, json Value) {
    writeMessage(Out, {{"jsonrpc", "2.0"},
                       {"method", "$/progress"},
                       {"params", {{"token", Token}, {"value", Value}}}});
  }

  static json position(unsigned Line, unsigned Column) {
    return {{"line", Line ? Line - 1 : 0},
            {"character", Column ? Column - 1 : 0}};
  }

  static json range(unsigned Line, unsigned Column, unsigned Width) {
    return {{"start", position(Line, Column)},
            {"end", position(Line, (Column ? Column : 1) + Width)}};
  }

  // The diagnostics of the file behind \p Uri; null when it has none.
  const std::vector<analysis::Diagnostic> *diagnosticsOf(StringRef Uri) const {
    std::string Path = pathFromUri(Uri);
    if (Current.Root.empty() || Path.empty())
      return nullptr;
    auto It = Current.Diagnostics.find(
        relativeTo(normalizePath(Path, "/"), Current.Root));
    return It == Current.Diagnostics.end() ? nullptr : &It->second;
  }

  json toLsp(const analysis::Diagnostic &D, StringRef Root) const {
    static constexpr int Levels[] = {1, 2, 3}; // error, warning, information
    json Related = json::array();
    for (const analysis::Related &N : D.Notes)
      Related.push_back({{"location",
                          {{"uri", uriFromPath(normalizePath(N.File, Root))},
                           {"range", range(N.Line, N.Column, 1)}}},
                         {"message", N.Message}});
    json J = {{"range", range(D.Line, D.Column, D.Width)},
              {"severity", Levels[static_cast<int>(D.Level)]},
              {"source", "strata"},
              {"code", D.Rule},
              {"message", D.Message}};
    if (D.Rule == "strata-unused-include")
      J["tags"] = {1}; // Unnecessary: editors grey the line out
    if (!Related.empty())
      J["relatedInformation"] = std::move(Related);
    return J;
  }

  void publish(StringRef Uri) {
    json List = json::array();
    if (const auto *Ds = diagnosticsOf(Uri))
      for (const analysis::Diagnostic &D : *Ds)
        List.push_back(toLsp(D, Current.Root));
    else if (std::optional<json> D = noFacts(Uri))
      List.push_back(std::move(*D));
    publish(Uri, std::move(List));
  }
  void publish(StringRef Uri, json List) {
    writeMessage(Out,
                 {{"jsonrpc", "2.0"},
                  {"method", "textDocument/publishDiagnostics"},
                  {"params", {{"uri", Uri.str()}, {"diagnostics", List}}}});
  }

  // What a round has before it is done, for the open files it covers; the
  // round's end publishes every open file again.
  void publishEarly(const Event &E) {
    for (const std::string &Uri : Open) {
      std::string Path = pathFromUri(Uri);
      if (Path.empty())
        continue;
      auto It =
          E.Diagnostics->find(relativeTo(normalizePath(Path, "/"), E.Root));
      if (It == E.Diagnostics->end())
        continue;
      json List = json::array();
      for (const analysis::Diagnostic &D : It->second)
        List.push_back(toLsp(D, E.Root));
      publish(Uri, std::move(List));
    }
  }

  // A file no translation unit reads has no facts: one information
  // diagnostic says so, instead of silence.
  std::optional<json> noFacts(StringRef Uri) const {
    std::string Path = pathFromUri(Uri);
    if (Current.Root.empty() || Path.empty() || Current.Merged.TUs.empty())
      return std::nullopt;
    std::string Rel = relativeTo(normalizePath(Path, "/"), Current.Root);
    if (llvm::any_of(Current.Merged.Files,
                     [&](const facts::FileFact &F) { return F.Path == Rel; }))
      return std::nullopt;
    return json{{"range", range(1, 1, 0)},
                {"severity", 3},
                {"source", "strata"},
                {"message",
                 "strata has no facts for this file: it is not in the "
                 "compilation database and no file there includes it"}};
  }

  // Quick fixes for the unused and forward-declarable includes on the lines
  // of the range, and for those of an edge whose diagnostic the range
  // touches (a cycle member to cut, a layering violation), wherever they
  // are in the file.
  json codeActions(const json &Params) const {
    json Actions = json::array();
    std::string Uri = Params.at("textDocument").at("uri");
    std::string Path = pathFromUri(Uri);
    if (Current.Root.empty() || Path.empty())
      return Actions;
    std::string Rel = relativeTo(normalizePath(Path, "/"), Current.Root);
    unsigned First =
        Params.at("range").at("start").at("line").get<unsigned>() + 1;
    unsigned Last = Params.at("range").at("end").at("line").get<unsigned>() + 1;
    static const std::vector<analysis::Diagnostic> None;
    const std::vector<analysis::Diagnostic> &Ds =
        diagnosticsOf(Uri) ? *diagnosticsOf(Uri) : None;
    // The include lines of the edges whose diagnostics the range touches:
    // their notes in this file.
    std::set<unsigned> EdgeLines;
    for (const analysis::Diagnostic &D : Ds)
      if (D.Line >= First && D.Line <= Last)
        for (const analysis::Related &N : D.Notes)
          if (N.File == Rel && StringRef(N.Message).starts_with("include \""))
            EdgeLines.insert(N.Line);
    for (const graph::IncludeVerdict &I : Current.Includes.Includes) {
      bool InRange = I.Line >= First && I.Line <= Last;
      if (I.File != Rel || !(InRange || EdgeLines.count(I.Line)) ||
          I.Status == graph::IncludeStatusKind::Used)
        continue;
      std::optional<std::string> Declarations;
      if (I.Status == graph::IncludeStatusKind::ForwardDeclarable) {
        Declarations = graph::forwardDeclarations(I);
        if (!Declarations)
          continue; // nothing strata can write mechanically
      }
      // A fix Clang has parsed with is the preferred one; one it could not
      // parse with is not offered.
      const extract::EditVerdict &Check =
          verify({I.File, I.Line, Declarations.value_or("")});
      if (!Check.Kept && !Check.Unchecked)
        continue;
      json Edit = {{"range",
                    {{"start", {{"line", I.Line - 1}, {"character", 0}}},
                     {"end", {{"line", I.Line}, {"character", 0}}}}},
                   {"newText", Declarations ? *Declarations : ""}};
      std::string Title =
          Declarations
              ? "Replace with forward declarations of " + join(I.Entities, ", ")
              : "Remove this include";
      json Fixes = json::array();
      for (const analysis::Diagnostic &D : Ds)
        if (D.Line == I.Line)
          Fixes.push_back(toLsp(D, Current.Root));
      Actions.push_back(
          {{"title", fmt::format("{} (\"{}\")", Title, I.Spelled)},
           {"kind", "quickfix"},
           {"diagnostics", std::move(Fixes)},
           {"isPreferred", Check.Kept},
           {"edit", {{"changes", {{Uri, {std::move(Edit)}}}}}}});
    }
    return Actions;
  }

  // Whether Clang parses every TU that reads the file with \p Edit applied
  // (at most a few TUs: the user waits), remembered until the next
  // analysis.
  const extract::EditVerdict &verify(const extract::IncludeEdit &Edit) const {
    auto Key = std::make_tuple(Edit.File, Edit.Line, Edit.Replacement);
    auto It = Verified.find(Key);
    if (It != Verified.end())
      return It->second;
    extract::VerifyOptions V;
    V.Arguments = Options.Extract.Arguments;
    V.Jobs = Options.Extract.Jobs;
    V.MaxTUs = 8;
    extract::VerifyResult R = extract::verifyEdits(
        Current.Commands, Current.Root, Current.Merged, {Edit}, V);
    return Verified.emplace(Key, R.Edits.front()).first->second;
  }

  raw_ostream &Out;
  raw_ostream &Log;
  ServerOptions Options;
  std::shared_ptr<Events_> Events;
  std::deque<Event> Again; // events drainRounds() set aside, in order
  Project Current;         // the last finished round's (its PerTU: idle)
  std::shared_ptr<Project> Finished; // the worker's, once it is done
  std::thread Worker;
  bool Busy = false;     // a round runs
  bool Ready = false;    // a round has finished
  bool Progress = false; // the client shows $/progress
  unsigned Rounds = 0;
  std::string RoundToken;
  std::set<std::string> Pending; // saved since the running round began
  std::map<std::string, std::string> PendingText; // what they saved, if sent
  std::vector<json> Deferred; // requests made before the first round
  mutable std::map<std::tuple<std::string, unsigned, std::string>,
                   extract::EditVerdict>
      Verified;
  bool ShutDown = false;
  bool StartSoon = false;     // 'initialized' came; the first round waits
  std::set<std::string> Open; // in a stable order, for stable output
};

} // namespace

std::string pathFromUri(StringRef Uri) {
  if (!Uri.consume_front("file://"))
    return "";
  std::string Out;
  for (size_t I = 0; I < Uri.size(); ++I) {
    unsigned Byte;
    if (Uri[I] == '%' && I + 2 < Uri.size() &&
        !Uri.substr(I + 1, 2).getAsInteger(16, Byte)) {
      Out += static_cast<char>(Byte);
      I += 2;
    } else {
      Out += Uri[I];
    }
  }
  return Out;
}

std::string uriFromPath(StringRef Path) {
  return "file://" + uriReference(Path);
}

int runServer(std::FILE *In, raw_ostream &Out, raw_ostream &Log,
              const ServerOptions &Options) {
  Server S(Out, Log, Options);
  return S.run(In);
}

} // namespace strata::lsp
