//===- Analyze.cpp - All levels of one codebase ---------------------------===//
#include "strata/graph/Analyze.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"

namespace strata::graph {

llvm::StringRef toString(ModuleSourceKind K) {
  static constexpr llvm::StringRef Names[] = {
      "directories", "configured groups", "CMake targets"};
  return Names[static_cast<size_t>(K)];
}

Analysis analyze(const facts::FactSet &Facts, const AnalyzeOptions &Options) {
  Analysis A;
  A.Root = Facts.Root;
  A.Edges = Options.Edges;
  A.Modules = Options.Modules;
  A.ModuleSource = Options.ModuleSource;
  A.ModuleDepth =
      Options.ModuleDepth ? Options.ModuleDepth : defaultModuleDepth(Facts);
  A.Facts.TUs = Facts.TUs.size();
  for (const facts::TUFact &TU : Facts.TUs)
    A.Facts.FailedTUs += TU.Status != facts::TUStatus::Ok;
  for (const facts::FileFact &F : Facts.Files) {
    A.Facts.Files += !F.External;
    A.Facts.SourceFiles += !F.External && isSourcePath(F.Path);
  }
  A.Facts.Entities = Facts.Entities.size();
  A.Facts.Includes = Facts.Includes.size();
  A.Facts.Uses = Facts.Uses.size();
  A.Reliant = Facts.Reliant;
  llvm::sort(A.Reliant, [](const facts::UseFact &X, const facts::UseFact &Y) {
    return X.tuple() < Y.tuple();
  });
  A.Facts.ReliantUses = A.Reliant.size();
  llvm::StringSet<> ReliantHeaders;
  for (const facts::UseFact &U : A.Reliant)
    ReliantHeaders.insert(U.File);
  A.Facts.ReliantHeaders = ReliantHeaders.size();
  A.Includes = classifyIncludes(Facts);
  if (Options.CheckIncludes)
    Options.CheckIncludes(A.Includes);
  // A source's first project include, by line and column.
  llvm::StringSet<> ProjectFiles;
  for (const facts::FileFact &F : Facts.Files)
    if (!F.External)
      ProjectFiles.insert(F.Path);
  llvm::StringMap<std::pair<unsigned, unsigned>> FirstAt;
  for (const facts::IncludeFact &I : Facts.Includes) {
    if (I.External || !isSourcePath(I.File) || isSourcePath(I.Target) ||
        !ProjectFiles.contains(I.Target))
      continue;
    auto [It, New] = FirstAt.try_emplace(I.File, I.Line, I.Column);
    if (New || std::make_pair(I.Line, I.Column) < It->second) {
      It->second = {I.Line, I.Column};
      A.FirstProjectInclude[I.File.str()] = I.Target.str();
    }
  }

  // Which source defines what each header declares (by link identity).
  llvm::StringMap<std::vector<llvm::StringRef>> DefinersOf;
  for (const facts::EntityFact &E : Facts.Entities)
    if (E.Definition && !E.Symbol.empty() && isSourcePath(E.File) &&
        ProjectFiles.contains(E.File))
      DefinersOf[E.Symbol].push_back(E.File);
  llvm::StringMap<llvm::StringMap<unsigned>> DefinedFor;
  llvm::StringMap<unsigned> Declared;
  for (const facts::EntityFact &E : Facts.Entities) {
    if (E.Definition || E.Symbol.empty() || isSourcePath(E.File) ||
        !ProjectFiles.contains(E.File))
      continue;
    auto It = DefinersOf.find(E.Symbol);
    if (It == DefinersOf.end() || It->second.size() != 1)
      continue; // defined nowhere here, or in variants
    ++Declared[E.File];
    ++DefinedFor[E.File][It->second.front()];
  }
  for (auto &[Header, Sources] : DefinedFor) {
    unsigned Total = Declared.lookup(Header);
    for (auto &[Source, Count] : Sources)
      if (2 * Count > Total)
        A.InterfaceOf[Header] = Source.str();
  }

  for (Level L : {Level::File, Level::Component, Level::Module,
                  Level::Namespace, Level::Class}) {
    LevelAnalysis X;
    X.Graph =
        buildGraph(Facts, {L, Options.Edges, A.ModuleDepth, Options.Modules,
                           &A.Includes, Options.CanLink});
    X.Metrics = computeMetrics(X.Graph, Options.Threads);
    A.Levels.push_back(std::move(X));
  }

  // Newman's Q asks whether the directories are real communities of the
  // component graph.
  ModuleMap Modules(A.ModuleDepth, A.Modules);
  const DependencyGraph &Components = A.at(Level::Component).Graph;
  llvm::StringMap<unsigned> ModuleIndex;
  std::vector<unsigned> GroupOf;
  for (const Node &N : Components.nodes()) {
    std::string Module =
        N.Files.empty()
            ? std::string()
            : nodeNameOfFile(N.Files.front(), Level::Module, Modules);
    GroupOf.push_back(
        ModuleIndex.try_emplace(Module, ModuleIndex.size()).first->second);
  }
  A.ModularityQ = modularity(Components, GroupOf);
  return A;
}

} // namespace strata::graph
