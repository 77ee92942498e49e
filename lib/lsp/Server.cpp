//===- Server.cpp - strata as a language server ---------------------------===//
#include "strata/lsp/Server.h"

#include "strata/analysis/Config.h"
#include "strata/analysis/Diagnostics.h"
#include "strata/analysis/Rules.h"
#include "strata/analysis/Targets.h"
#include "strata/analysis/Verdict.h"
#include "strata/build/CMakeFileApi.h"
#include "strata/extract/Verify.h"
#include "strata/support/Json.h"
#include "strata/support/Paths.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/MemoryBuffer.h"
#include <fmt/format.h>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>

using namespace llvm;
using nlohmann::json;

namespace strata::lsp {
namespace {

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
      reply(
          M.at("id"),
          {{"capabilities",
            {{"textDocumentSync",
              {{"openClose", true},
               {"change", 1},
               {"save", {{"includeText", false}}}}},
             {"codeActionProvider", {{"codeActionKinds", {"quickfix"}}}}}},
           {"serverInfo", {{"name", "strata"}, {"version", Options.Version}}}});
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
    } else if (Method == "textDocument/codeAction") {
      reply(M.at("id"), codeActions(M.at("params")));
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
    std::optional<analysis::TargetModules> Targets;
    if (analysis::modulesFromCMake(
            Options.Modules, *Config,
            !Options.BuildDir.empty() &&
                build::hasCMakeReply(Options.BuildDir))) {
      Expected<analysis::TargetModules> T =
          analysis::readTargetModules(Options.BuildDir, *Facts);
      bool ByDefault = Options.Modules.empty() && Config->ModulesFrom.empty();
      if (!T && !ByDefault) {
        Log << "strata lsp: error: " << toString(T.takeError()) << "\n";
        return;
      }
      if (!T) // a default the user did not ask for: directories instead
        Log << "strata lsp: warning: " << toString(T.takeError())
            << "; modules are directories\n";
      else
        Targets = std::move(*T);
    }
    if (Targets) {
      for (const std::string &N : analysis::targetNotes(*Targets))
        Log << "strata lsp: note: " << N << "\n";
      A.Modules = Targets->Groups;
      A.ModuleSource = graph::ModuleSourceKind::CMake;
      A.CanLink = analysis::linkFilter(*Targets);
    } else {
      for (const analysis::ModuleSpec &M : Config->Modules)
        A.Modules.push_back({M.Name, M.Paths, {}, {}});
      if (!Config->Modules.empty())
        A.ModuleSource = graph::ModuleSourceKind::Configured;
    }
    graph::Analysis Result = graph::analyze(*Facts, A);
    Verified.clear();
    analysis::Verdict V = analysis::classify(Result, Config->Verdict);
    for (const std::string &W : analysis::unknownModuleNames(*Config, Result))
      Log << "strata lsp: warning: " << W << "\n";
    Includes = Result.Includes;
    Merged = std::move(*Facts);
    std::vector<analysis::Violation> Found =
        analysis::checkRules(*Config, Result, V);
    if (Targets)
      llvm::append_range(Found, analysis::checkDeclarations(*Targets, Result));
    std::vector<analysis::Diagnostic> All = analysis::diagnose(Found);
    llvm::append_range(All, analysis::cycleMembership(Result));
    llvm::append_range(All, analysis::includeFindings(Result));
    analysis::Suppressions Silenced(Root);
    analysis::dropSuppressed(All, Silenced);
    for (analysis::Diagnostic &D : All)
      if (!D.File.empty())
        Diagnostics[D.File].push_back(std::move(D));
    // In reading order, the most severe first on a position.
    for (auto &[File, Ds] : Diagnostics)
      llvm::stable_sort(
          Ds, [](const analysis::Diagnostic &A, const analysis::Diagnostic &B) {
            return std::tie(A.Line, A.Column, A.Level) <
                   std::tie(B.Line, B.Column, B.Level);
          });
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
    if (Root.empty() || Path.empty())
      return nullptr;
    auto It = Diagnostics.find(relativeTo(normalizePath(Path, "/"), Root));
    return It == Diagnostics.end() ? nullptr : &It->second;
  }

  json toLsp(const analysis::Diagnostic &D) const {
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
        List.push_back(toLsp(D));
    writeMessage(Out,
                 {{"jsonrpc", "2.0"},
                  {"method", "textDocument/publishDiagnostics"},
                  {"params", {{"uri", Uri.str()}, {"diagnostics", List}}}});
  }

  // Quick fixes for the unused and forward-declarable includes on the lines
  // of the range, and for those of an edge whose diagnostic the range
  // touches (a cycle member to cut, a layering violation), wherever they
  // are in the file.
  json codeActions(const json &Params) const {
    json Actions = json::array();
    std::string Uri = Params.at("textDocument").at("uri");
    std::string Path = pathFromUri(Uri);
    if (Root.empty() || Path.empty())
      return Actions;
    std::string Rel = relativeTo(normalizePath(Path, "/"), Root);
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
    for (const graph::IncludeVerdict &I : Includes.Includes) {
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
          Fixes.push_back(toLsp(D));
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
    extract::VerifyResult R =
        extract::verifyEdits(Commands, Root, Merged, {Edit}, V);
    return Verified.emplace(Key, R.Edits.front()).first->second;
  }

  raw_ostream &Out;
  raw_ostream &Log;
  ServerOptions Options;
  facts::FactSet Merged;
  mutable std::map<std::tuple<std::string, unsigned, std::string>,
                   extract::EditVerdict>
      Verified;
  bool ShutDown = false;
  std::string Root;
  std::vector<extract::CompileCommand> Commands;
  std::vector<facts::FactSet> PerTU;
  std::map<std::string, std::vector<analysis::Diagnostic>> Diagnostics;
  graph::IncludeReport Includes;
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
