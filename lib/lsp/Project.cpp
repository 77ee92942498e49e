//===- Project.cpp - What the language server knows of the project -------===//
#include "Project.h"

#include "strata/analysis/Config.h"
#include "strata/analysis/Rules.h"
#include "strata/analysis/Targets.h"
#include "strata/analysis/Verdict.h"
#include "strata/build/CMakeFileApi.h"
#include "strata/graph/Includes.h"
#include "strata/support/Paths.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/ThreadPool.h"

using namespace llvm;

namespace strata::lsp {

size_t Project::load(const ServerOptions &Options, raw_ostream &Log,
                     const std::set<std::string> &Open,
                     const EarlyDiagnostics &Early) {
  // The open sources' own TUs first: their include verdicts need nothing
  // else, and the rest of the project may take minutes.
  extract::ExtractOptions First = Options.Extract;
  First.Sources.clear();
  // Headers have no command of their own.
  llvm::copy_if(Open, std::back_inserter(First.Sources),
                [](const std::string &P) { return graph::isSourcePath(P); });
  if (Early && !First.Sources.empty()) {
    Expected<extract::ExtractResult> R = extract::extractFacts(First);
    if (R && !R->PerTU.empty()) {
      Root = R->Root;
      PerTU = std::move(R->PerTU);
      raw_null_ostream Again; // the whole project's analysis says it all
      recompute(Options, Again);
      // Only the sources: a header's verdicts also rest on includers not
      // parsed yet.
      std::set<std::string> Seen;
      for (const extract::CompileCommand &C : R->Commands)
        Seen.insert(relativeTo(C.File, Root));
      Early(diagnosticsOf(Seen));
    } else if (!R) {
      consumeError(R.takeError()); // an open file the database lacks
    }
  }
  Expected<extract::ExtractResult> R = extract::extractFacts(Options.Extract);
  if (!R) {
    Log << "strata lsp: error: " << toString(R.takeError()) << "\n";
    return 0;
  }
  Root = R->Root;
  Commands = std::move(R->Commands);
  PerTU = std::move(R->PerTU);
  recompute(Options, Log);
  return PerTU.size();
}

size_t Project::reparse(const std::set<std::string> &Paths,
                        const ServerOptions &Options, raw_ostream &Log,
                        const EarlyDiagnostics &Early,
                        const std::map<std::string, std::string> &Texts) {
  if (Root.empty())
    return 0;
  std::set<size_t> First, Rest;
  std::set<std::string> Saved;
  for (const std::string &Path : Paths) {
    std::string Rel = relativeTo(normalizePath(Path, "/"), Root);
    Saved.insert(Rel);
    size_t Before = First.size();
    for (size_t I = 0; I < Commands.size(); ++I)
      if (relativeTo(Commands[I].File, Root) == Rel)
        First.insert(I);
    if (First.size() != Before)
      continue;
    // A header: every TU that read it, the one of its own source (same
    // stem) first if there is one.
    std::vector<size_t> Readers;
    for (size_t I = 0; I < PerTU.size(); ++I)
      if (llvm::any_of(PerTU[I].Files,
                       [&](const facts::FileFact &F) { return F.Path == Rel; }))
        Readers.push_back(I);
    if (Readers.empty())
      continue;
    StringRef Stem = sys::path::stem(Rel);
    auto Own = llvm::find_if(Readers, [&](size_t I) {
      return sys::path::stem(Commands[I].File) == Stem;
    });
    size_t Lead = Own != Readers.end() ? *Own : Readers.front();
    First.insert(Lead);
    for (size_t I : Readers)
      if (I != Lead) {
        Rest.insert(I);
        // Until it is parsed again, a reader says nothing of the header:
        // what it said is of the old text.
        facts::FactSet &F = PerTU[I];
        auto Mine = [&](const auto &Fact) { return Fact.File == Rel; };
        llvm::erase_if(F.Includes, Mine);
        llvm::erase_if(F.Uses, Mine);
        llvm::erase_if(F.Reliant, Mine);
        llvm::erase_if(F.Entities, Mine);
      }
  }
  for (size_t I : First)
    Rest.erase(I);
  parse({First.begin(), First.end()}, Options, Texts);
  if (!Rest.empty()) {
    recompute(Options, Log);
    if (Early)
      Early(diagnosticsOf(Saved));
    parse({Rest.begin(), Rest.end()}, Options, Texts);
  } else if (Early) {
    // Only sources: their own TUs decide their include findings, long
    // before the whole project is analyzed again.
    Early(ownFindings({First.begin(), First.end()}));
  }
  recompute(Options, Log);
  return First.size() + Rest.size();
}

namespace {

bool isIncludeFinding(const analysis::Diagnostic &D) {
  return D.Rule == "strata-unused-include" ||
         D.Rule == "strata-forward-declarable";
}

// In reading order, the most severe first on a position.
void sortDiagnostics(std::vector<analysis::Diagnostic> &Ds) {
  llvm::stable_sort(
      Ds, [](const analysis::Diagnostic &A, const analysis::Diagnostic &B) {
        return std::tie(A.Line, A.Column, A.Level) <
               std::tie(B.Line, B.Column, B.Level);
      });
}

} // namespace

DiagnosticsByFile Project::ownFindings(const std::vector<size_t> &TUs) const {
  DiagnosticsByFile Out;
  if (!LastConfig)
    return Out;
  analysis::Suppressions Silenced(Root);
  for (size_t I : TUs) {
    std::string Main = relativeTo(Commands[I].File, Root);
    facts::FactSet Own = PerTU[I];
    analysis::applyExclusions(Own, *LastConfig);
    graph::Analysis Quick;
    Quick.Includes = graph::classifyIncludes(Own);
    std::vector<analysis::Diagnostic> Ds;
    for (analysis::Diagnostic &D : analysis::includeFindings(Quick))
      if (D.File == Main)
        Ds.push_back(std::move(D));
    analysis::dropSuppressed(Ds, Silenced);
    // The rest (cycles, rules) needs the whole project: the last round's
    // until this one ends.
    if (auto It = Previous.find(Main); It != Previous.end())
      for (const analysis::Diagnostic &D : It->second)
        if (!isIncludeFinding(D))
          Ds.push_back(D);
    sortDiagnostics(Ds);
    Out[Main] = std::move(Ds);
  }
  return Out;
}

void Project::parse(const std::vector<size_t> &Which,
                    const ServerOptions &Options,
                    const std::map<std::string, std::string> &Texts) {
  DefaultThreadPool Pool(hardware_concurrency(Options.Extract.Jobs));
  extract::ParseOptions Parse;
  Parse.Contents = &Texts;
  for (size_t I : Which)
    Pool.async([&, I] {
      PerTU[I] = extract::extractCommand(Commands[I], Root,
                                         Options.Extract.Arguments, Parse)
                     .Facts;
    });
  Pool.wait();
}

DiagnosticsByFile
Project::diagnosticsOf(const std::set<std::string> &Files) const {
  DiagnosticsByFile Out;
  for (const std::string &F : Files) {
    auto It = Diagnostics.find(F);
    Out[F] = It == Diagnostics.end() ? std::vector<analysis::Diagnostic>()
                                     : It->second;
  }
  return Out;
}

void Project::recompute(const ServerOptions &Options, raw_ostream &Log) {
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
  for (const std::string &W : analysis::modulesMatchingNothing(*Config, *Facts))
    Log << "strata lsp: warning: " << W << "\n";
  graph::AnalyzeOptions A = Options.Analyze;
  std::optional<analysis::TargetModules> Targets;
  if (analysis::modulesFromCMake(Options.Modules, *Config,
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
  for (auto &[File, Ds] : Diagnostics)
    sortDiagnostics(Ds);
  LastConfig = std::move(*Config);
}

} // namespace strata::lsp
