//===- Project.cpp - What the language server knows of the project -------===//
#include "Project.h"

#include "strata/analysis/Config.h"
#include "strata/analysis/Rules.h"
#include "strata/analysis/Targets.h"
#include "strata/analysis/Verdict.h"
#include "strata/build/CMakeFileApi.h"
#include "strata/support/Paths.h"
#include "llvm/ADT/StringSet.h"

using namespace llvm;

namespace strata::lsp {

size_t Project::load(const ServerOptions &Options, raw_ostream &Log) {
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
                        const ServerOptions &Options, raw_ostream &Log) {
  if (Root.empty())
    return 0;
  std::set<size_t> Which;
  for (const std::string &Path : Paths) {
    std::string Rel = relativeTo(normalizePath(Path, "/"), Root);
    size_t Before = Which.size();
    for (size_t I = 0; I < Commands.size(); ++I)
      if (relativeTo(Commands[I].File, Root) == Rel)
        Which.insert(I);
    if (Which.size() != Before)
      continue;
    StringSet<> Includers;
    for (const facts::FactSet &F : PerTU)
      for (const facts::IncludeFact &Inc : F.Includes)
        if (Inc.Target == Rel)
          Includers.insert(Inc.File);
    for (size_t I = 0; I < Commands.size(); ++I)
      if (Includers.contains(relativeTo(Commands[I].File, Root)))
        Which.insert(I);
  }
  for (size_t I : Which)
    PerTU[I] =
        extract::extractCommand(Commands[I], Root, Options.Extract.Arguments)
            .Facts;
  recompute(Options, Log);
  return Which.size();
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
  // In reading order, the most severe first on a position.
  for (auto &[File, Ds] : Diagnostics)
    llvm::stable_sort(
        Ds, [](const analysis::Diagnostic &A, const analysis::Diagnostic &B) {
          return std::tie(A.Line, A.Column, A.Level) <
                 std::tie(B.Line, B.Column, B.Level);
        });
}

} // namespace strata::lsp
