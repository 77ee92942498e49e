//===- Server.cpp - strata as a language server ---------------------------===//
#include "strata/lsp/Server.h"

#include "strata/analysis/Config.h"
#include "strata/analysis/Rules.h"
#include "strata/analysis/Verdict.h"
#include "strata/support/Json.h"
#include "strata/support/Paths.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include <fmt/format.h>
#include <map>
#include <nlohmann/json.hpp>

using namespace llvm;
using nlohmann::json;

namespace strata::lsp {
namespace {

enum Severity { Error = 1, Warning = 2 };

struct Diagnostic {
  unsigned Line = 0, Column = 0; ///< 1-based, as in facts
  int Level = Error;
  std::string Code, Message;
};

// Reads one framed message ("Content-Length: N\r\n\r\n" + N bytes); false
// at the end of the input or on a malformed frame.
bool readMessage(std::FILE *In, std::string &Body) {
  size_t Length = 0;
  bool HaveLength = false;
  std::string Line;
  for (;;) {
    Line.clear();
    int C;
    while ((C = std::fgetc(In)) != EOF && C != '\n')
      Line += static_cast<char>(C);
    if (C == EOF)
      return false;
    StringRef L = StringRef(Line).rtrim("\r");
    if (L.empty())
      break;
    if (L.consume_front_insensitive("Content-Length:"))
      HaveLength = !L.trim().getAsInteger(10, Length);
  }
  // A bound on a single message keeps a broken client from exhausting memory.
  if (!HaveLength || Length > (256u << 20))
    return false;
  Body.resize(Length);
  return std::fread(Body.data(), 1, Length, In) == Length;
}

void writeMessage(raw_ostream &Out, const json &Message) {
  std::string Body = dumpJson(Message);
  Out << "Content-Length: " << Body.size() << "\r\n\r\n" << Body;
  Out.flush();
}

class Server {
public:
  Server(raw_ostream &Out, raw_ostream &Log, const ServerOptions &O)
      : Out(Out), Log(Log), Options(O) {
    this->Options.Extract.KeepPerTU = true;
  }

  int run(std::FILE *In) {
    std::string Body;
    while (readMessage(In, Body)) {
      json M = json::parse(Body, nullptr, /*allow_exceptions=*/false);
      if (M.is_discarded() || !M.is_object()) {
        Log << "strata lsp: ignoring a message that is not a JSON object\n";
        continue;
      }
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
    }
    return 1; // the input ended without "exit"
  }

private:
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
      reply(M.at("id"), {{"capabilities",
                          {{"textDocumentSync",
                            {{"openClose", true},
                             {"change", 1},
                             {"save", {{"includeText", false}}}}}}},
                         {"serverInfo",
                          {{"name", "strata"}, {"version", Options.Version}}}});
    } else if (Method == "initialized") {
      analyzeAll();
    } else if (Method == "textDocument/didOpen") {
      std::string Uri = M.at("params").at("textDocument").at("uri");
      Open.insert(Uri);
      publish(Uri);
    } else if (Method == "textDocument/didSave") {
      reparse(pathFromUri(
          M.at("params").at("textDocument").at("uri").get<std::string>()));
      for (const auto &Uri : Open)
        publish(Uri.getKey());
    } else if (Method == "textDocument/didClose") {
      std::string Uri = M.at("params").at("textDocument").at("uri");
      Open.erase(Uri);
      writeMessage(
          Out, {{"jsonrpc", "2.0"},
                {"method", "textDocument/publishDiagnostics"},
                {"params", {{"uri", Uri}, {"diagnostics", json::array()}}}});
    } else if (Method == "shutdown") {
      ShutDown = true;
      reply(M.at("id"), nullptr);
    } else if (M.contains("id")) {
      reply(M["id"], nullptr, -32601, "method not found: " + Method);
    }
    // Other notifications (didChange: strata reads saved files) are ignored.
  }

  void analyzeAll() {
    Expected<extract::ExtractResult> R = extract::extractFacts(Options.Extract);
    if (!R) {
      Log << "strata lsp: error: " << toString(R.takeError()) << "\n";
      return;
    }
    Root = R->Root;
    Commands = std::move(R->Commands);
    PerTU = std::move(R->PerTU);
    recompute();
  }

  // Re-parses the TU of \p Path, or the TUs that include it when it is a
  // header, then analyzes again.
  void reparse(StringRef Path) {
    if (Root.empty())
      return;
    std::string Rel = relativeTo(normalizePath(Path, "/"), Root);
    std::vector<size_t> Which;
    for (size_t I = 0; I < Commands.size(); ++I)
      if (relativeTo(Commands[I].File, Root) == Rel)
        Which.push_back(I);
    if (Which.empty()) {
      StringSet<> Includers;
      for (const facts::FactSet &F : PerTU)
        for (const facts::IncludeFact &Inc : F.Includes)
          if (Inc.Target == Rel)
            Includers.insert(Inc.File);
      for (size_t I = 0; I < Commands.size(); ++I)
        if (Includers.contains(relativeTo(Commands[I].File, Root)))
          Which.push_back(I);
    }
    for (size_t I : Which)
      PerTU[I] =
          extract::extractCommand(Commands[I], Root, Options.Extract.Arguments)
              .Facts;
    recompute();
  }

  void recompute() {
    Diagnostics.clear();
    Expected<facts::FactSet> Facts = facts::mergeAll(PerTU);
    if (!Facts) {
      Log << "strata lsp: error: " << toString(Facts.takeError()) << "\n";
      return;
    }
    std::string ConfigFile = Options.ConfigPath.empty()
                                 ? analysis::findConfig(Root)
                                 : Options.ConfigPath;
    Expected<analysis::Config> Config =
        ConfigFile.empty() ? Expected<analysis::Config>(analysis::Config())
                           : analysis::loadConfig(ConfigFile);
    if (!Config) {
      Log << "strata lsp: error: " << toString(Config.takeError()) << "\n";
      return;
    }
    analysis::applyExclusions(*Facts, *Config);
    for (const std::string &W :
         analysis::modulesMatchingNothing(*Config, *Facts))
      Log << "strata lsp: warning: " << W << "\n";
    graph::AnalyzeOptions A = Options.Analyze;
    for (const analysis::ModuleSpec &M : Config->Modules)
      A.Modules.push_back({M.Name, M.Paths});
    graph::Analysis Result = graph::analyze(*Facts, A);
    analysis::Verdict V = analysis::classify(Result, Config->Verdict);
    for (const std::string &W : analysis::unknownModuleNames(*Config, Result))
      Log << "strata lsp: warning: " << W << "\n";
    for (const analysis::Violation &Vi :
         analysis::checkRules(*Config, Result, V))
      for (const graph::Evidence &E : Vi.Evidence)
        Diagnostics[E.File].push_back(
            {E.Line, E.Column, Error, Vi.Rule, Vi.Message});
    // Cycle membership: every include and use that ties a component into
    // a cycle group, so the editor shows where the cycle is made.
    const graph::LevelAnalysis &Comp = Result.at(graph::Level::Component);
    for (const graph::CycleGroup &C : Comp.Metrics.Cycles) {
      std::string Members;
      for (size_t I = 0; I < C.Nodes.size() && I < 6; ++I)
        Members += (I ? ", " : "") + Comp.Graph.nodes()[C.Nodes[I]].Name;
      if (C.Nodes.size() > 6)
        Members += ", ...";
      for (unsigned EI : C.Edges) {
        const graph::Edge &E = Comp.Graph.edges()[EI];
        bool Cut = is_contained(C.Cut, EI);
        std::string Advice = graph::cutAdvice(E);
        std::string Message = fmt::format(
            "{} -> {} is part of a component cycle ({} components: {}){}{}",
            Comp.Graph.nodes()[E.From].Name, Comp.Graph.nodes()[E.To].Name,
            C.Nodes.size(), Members,
            Cut ? "; strata suggests cutting this dependency" : "",
            Cut && !Advice.empty() ? ": " + Advice : "");
        for (const graph::Evidence &Ev : E.Sites)
          Diagnostics[Ev.File].push_back(
              {Ev.Line, Ev.Column, Warning, "strata-cycle-member", Message});
      }
    }
  }

  void publish(StringRef Uri) {
    json List = json::array();
    std::string Path = pathFromUri(Uri);
    if (!Root.empty() && !Path.empty()) {
      auto It = Diagnostics.find(relativeTo(normalizePath(Path, "/"), Root));
      if (It != Diagnostics.end())
        for (const Diagnostic &D : It->second) {
          unsigned Line = D.Line ? D.Line - 1 : 0;
          unsigned Col = D.Column ? D.Column - 1 : 0;
          List.push_back({{"range",
                           {{"start", {{"line", Line}, {"character", Col}}},
                            {"end", {{"line", Line}, {"character", Col + 1}}}}},
                          {"severity", D.Level},
                          {"source", "strata"},
                          {"code", D.Code},
                          {"message", D.Message}});
        }
    }
    writeMessage(Out,
                 {{"jsonrpc", "2.0"},
                  {"method", "textDocument/publishDiagnostics"},
                  {"params", {{"uri", Uri.str()}, {"diagnostics", List}}}});
  }

  raw_ostream &Out;
  raw_ostream &Log;
  ServerOptions Options;
  bool ShutDown = false;
  std::string Root;
  std::vector<extract::CompileCommand> Commands;
  std::vector<facts::FactSet> PerTU;
  std::map<std::string, std::vector<Diagnostic>> Diagnostics;
  StringSet<> Open;
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
