//===- Graph.cpp - Dependency graphs from facts ---------------------------===//
#include "strata/graph/Graph.h"

#include "strata/graph/Includes.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/GlobPattern.h"
#include "llvm/Support/Path.h"
#include <algorithm>
#include <map>

using namespace llvm;
using strata::facts::EntityKind;
using strata::facts::FactSet;
using strata::facts::UseKind;

namespace strata::graph {
namespace {

constexpr StringRef LevelNames[] = {"file", "component", "module", "namespace",
                                    "class"};
constexpr StringRef GlobalNamespace = "(global)";
constexpr StringRef RootModule = "(root)";

// An anonymous namespace is an implementation detail of its enclosing
// namespace, not a namespace of its own: "a::(anonymous namespace)::b" is
// "a::b" and "a::(anonymous namespace)" is "a".
std::string namespaceNode(StringRef Name) {
  std::string Out;
  SmallVector<StringRef, 8> Parts;
  Name.split(Parts, "::");
  for (StringRef P : Parts)
    if (P != "(anonymous namespace)")
      Out += (Out.empty() ? "" : "::") + P.str();
  return Out.empty() ? std::string(GlobalNamespace) : Out;
}

bool isClassKind(EntityKind K) {
  return K == EntityKind::Class || K == EntityKind::Struct;
}

// What removing one line behind an edge takes: nothing that is not
// mechanical (Possible), and which classes to forward-declare.
struct LineCut {
  bool Possible = false;
  std::vector<std::string> Declare;
};

// Accumulates nodes and edges by name, then freezes them into a graph with
// nodes sorted by name.
class GraphBuilder {
public:
  unsigned node(StringRef Name) {
    auto [It, Inserted] = Index.try_emplace(Name, Nodes.size());
    if (Inserted) {
      Nodes.emplace_back();
      Nodes.back().Name = std::string(Name);
    }
    return It->second;
  }
  Node &at(unsigned I) { return Nodes[I]; }

  void edge(unsigned From, unsigned To, KindSet Kind, Evidence Ev,
            LineCut Cut = {}) {
    if (From == To)
      return;
    uint64_t Key = (uint64_t(From) << 32) | To;
    auto [It, Inserted] = EdgeIndex.try_emplace(Key, Edges.size());
    if (Inserted) {
      Edges.emplace_back();
      Edges.back().From = From;
      Edges.back().To = To;
      Blocked.push_back(false);
    }
    Edge &E = Edges[It->second];
    E.Kinds |= Kind;
    E.Natures |= Ev.Nature == NatureKind::Link ? LinkBit : CompileBit;
    E.Sites.push_back(std::move(Ev));
    if (!Cut.Possible)
      Blocked[It->second] = true;
    else
      E.CutDeclares.insert(E.CutDeclares.end(), Cut.Declare.begin(),
                           Cut.Declare.end());
  }

  // Records that unit \p FromUnit (a file) depends on \p ToUnit across the
  // boundary between nodes \p From and \p To.
  void crossing(unsigned From, unsigned To, StringRef FromUnit,
                StringRef ToUnit) {
    if (From == To)
      return;
    Afferent.emplace_back(To, FromUnit);
    Efferent.emplace_back(From, ToUnit);
  }

  DependencyGraph finish(Level At, bool UnitsAreFiles) {
    std::vector<unsigned> Order(Nodes.size());
    for (unsigned I = 0; I < Order.size(); ++I)
      Order[I] = I;
    llvm::sort(Order, [&](unsigned A, unsigned B) {
      return Nodes[A].Name < Nodes[B].Name;
    });
    std::vector<unsigned> NewIndex(Nodes.size());
    std::vector<Node> Sorted;
    Sorted.reserve(Nodes.size());
    for (unsigned I = 0; I < Order.size(); ++I) {
      NewIndex[Order[I]] = I;
      Sorted.push_back(std::move(Nodes[Order[I]]));
    }
    for (size_t I = 0; I < Edges.size(); ++I) {
      Edge &E = Edges[I];
      E.From = NewIndex[E.From];
      E.To = NewIndex[E.To];
      llvm::sort(E.Sites, [](const Evidence &A, const Evidence &B) {
        return A.tuple() < B.tuple();
      });
      // A use site that is compile evidence and link evidence of one edge
      // (its node declares and defines the target) is one line of code.
      E.Weight = 0;
      for (size_t S = 0; S < E.Sites.size(); ++S) {
        const Evidence &A = E.Sites[S];
        E.Weight +=
            S == 0 || std::tie(A.File, A.Line, A.Column, A.Kind, A.Entity) !=
                          std::tie(E.Sites[S - 1].File, E.Sites[S - 1].Line,
                                   E.Sites[S - 1].Column, E.Sites[S - 1].Kind,
                                   E.Sites[S - 1].Entity);
      }
      llvm::sort(E.CutDeclares);
      E.CutDeclares.erase(
          std::unique(E.CutDeclares.begin(), E.CutDeclares.end()),
          E.CutDeclares.end());
      if (Blocked[I])
        E.CutDeclares.clear();
      E.Cut = Blocked[I]              ? CutKind::Refactor
              : E.CutDeclares.empty() ? CutKind::RemoveIncludes
                                      : CutKind::ForwardDeclare;
    }
    if (UnitsAreFiles) {
      auto Count = [&](auto &Pairs, auto Set) {
        llvm::sort(Pairs);
        Pairs.erase(std::unique(Pairs.begin(), Pairs.end()), Pairs.end());
        for (const auto &P : Pairs)
          Set(Sorted[NewIndex[P.first]]);
      };
      Count(Afferent, [](Node &N) { N.AfferentUnits++; });
      Count(Efferent, [](Node &N) { N.EfferentUnits++; });
    } else {
      // Namespaces and classes are their own units: Ca and Ce are the
      // numbers of distinct neighbours, one edge each.
      for (const Edge &E : Edges) {
        Sorted[E.From].EfferentUnits++;
        Sorted[E.To].AfferentUnits++;
      }
    }
    return DependencyGraph(At, std::move(Sorted), std::move(Edges));
  }

  Evidence evidence(const facts::UseFact &U,
                    NatureKind Nature = NatureKind::Compile) {
    return {U.File, U.Line, U.Column, toString(U.Kind), U.Target, Nature};
  }
  Evidence evidence(const facts::IncludeFact &I) {
    return {I.File,    I.Line,    I.Column,
            "include", I.Spelled, NatureKind::Compile};
  }

private:
  StringMap<unsigned> Index;
  std::vector<Node> Nodes;
  std::vector<Edge> Edges;
  std::vector<bool> Blocked; // per edge: some line cannot be cut cheaply
  DenseMap<uint64_t, unsigned> EdgeIndex;
  // Units name files of the facts, which outlive the builder.
  std::vector<std::pair<unsigned, StringRef>> Afferent, Efferent;
};

// Lakos pairs a header with the source of the same stem. Besides the same
// directory, projects keep headers in include/ and sources in src/: a source
// with no header beside it joins the component of the one same-stem header
// it includes.
void pairSourcesWithTheirHeaders(const FactSet &Facts,
                                 StringMap<std::string> &NameOfFile) {
  StringMap<bool> HasHeader;
  for (const auto &Entry : NameOfFile)
    if (isHeaderPath(Entry.getKey()))
      HasHeader[Entry.getValue()] = true;
  StringMap<std::vector<std::string>> Candidates;
  for (const facts::IncludeFact &I : Facts.Includes) {
    if (I.External || I.Target.empty() || isHeaderPath(I.File) ||
        HasHeader.count(NameOfFile.lookup(I.File)) ||
        !NameOfFile.count(I.Target))
      continue;
    if (sys::path::stem(I.File, sys::path::Style::posix) ==
        sys::path::stem(I.Target, sys::path::Style::posix))
      Candidates[I.File].push_back(I.Target.str());
  }
  for (auto &Entry : Candidates) {
    std::vector<std::string> &Headers = Entry.getValue();
    llvm::sort(Headers);
    Headers.erase(std::unique(Headers.begin(), Headers.end()), Headers.end());
    if (Headers.size() == 1)
      NameOfFile[Entry.getKey()] = NameOfFile[Headers.front()];
  }
}

bool isClassLike(EntityKind K) {
  return K == EntityKind::Class || K == EntityKind::Struct ||
         K == EntityKind::Union;
}

// An include goes away cheaply when the file does not need it, or needs
// only declarations of classes from it.
LineCut cutOf(const facts::IncludeFact &I, const IncludeReport *Includes) {
  const IncludeVerdict *V = Includes ? Includes->find(I.File, I.Line) : nullptr;
  if (!V || V->Status == IncludeStatusKind::Used)
    return {};
  return {true, V->Entities};
}

// A compile-time use goes away with a forward declaration in the using
// file when it needs only a declaration of a project class: the nearest
// declaration is then in the file itself.
LineCut cutOf(const facts::UseFact &U) {
  if (U.NeedsDefinition || U.External || !isClassLike(U.TargetKind))
    return {};
  return {true, {U.Target.str()}};
}

// The namespace an entity lives in, found through its parents.
class ScopeIndex {
public:
  explicit ScopeIndex(const FactSet &Facts) {
    for (const facts::EntityFact &E : Facts.Entities) {
      Parent.try_emplace(E.Name, E.Parent.str());
      if (E.Kind == EntityKind::Namespace)
        Namespaces.insert({E.Name, true});
    }
  }
  std::string namespaceOf(StringRef Name) const {
    std::string Current = std::string(Name);
    for (int Depth = 0; Depth < 64; ++Depth) {
      auto It = Parent.find(Current);
      if (It == Parent.end() || It->second.empty())
        return std::string(GlobalNamespace);
      if (Namespaces.count(It->second))
        return It->second;
      Current = It->second;
    }
    return std::string(GlobalNamespace);
  }

private:
  StringMap<std::string> Parent;
  StringMap<bool> Namespaces;
};

} // namespace

StringRef toString(Level L) { return LevelNames[static_cast<size_t>(L)]; }

std::optional<Level> parseLevel(StringRef S) {
  for (size_t I = 0; I < std::size(LevelNames); ++I)
    if (LevelNames[I] == S)
      return static_cast<Level>(I);
  return std::nullopt;
}

constexpr StringRef EdgeSelectionNames[] = {"includes", "uses", "compile",
                                            "link", "all"};

std::optional<EdgeSelection> parseEdgeSelection(StringRef S) {
  for (size_t I = 0; I < std::size(EdgeSelectionNames); ++I)
    if (EdgeSelectionNames[I] == S)
      return static_cast<EdgeSelection>(I);
  return std::nullopt;
}

StringRef toString(EdgeSelection E) {
  return EdgeSelectionNames[static_cast<size_t>(E)];
}

StringRef toString(NatureKind N) {
  return N == NatureKind::Link ? "link" : "compile";
}

std::vector<std::string> natureNames(NatureSet Natures) {
  std::vector<std::string> Names;
  if (Natures & CompileBit)
    Names.push_back("compile");
  if (Natures & LinkBit)
    Names.push_back("link");
  return Names;
}

std::vector<std::string> kindNames(KindSet Kinds) {
  std::vector<std::string> Names;
  if (Kinds & IncludeBit)
    Names.push_back("include");
  for (unsigned K = 0; K <= static_cast<unsigned>(UseKind::TypeUse); ++K)
    if (Kinds & (1u << K))
      Names.push_back(toString(static_cast<UseKind>(K)).str());
  return Names;
}

std::string cutAdvice(const Edge &E) {
  size_t Includes = llvm::count_if(
      E.Sites, [](const Evidence &Ev) { return Ev.Kind == "include"; });
  std::string Them = Includes == 1
                         ? std::string("the include")
                         : "the " + std::to_string(Includes) + " includes";
  switch (E.Cut) {
  case CutKind::Refactor:
    return "";
  case CutKind::RemoveIncludes:
    return "remove " + Them;
  case CutKind::ForwardDeclare:
    return "forward-declare " + llvm::join(E.CutDeclares, ", ") +
           (Includes ? " instead of " + Them : std::string());
  }
  llvm_unreachable("unknown cut kind");
}

DependencyGraph::DependencyGraph(Level At, std::vector<Node> NodesIn,
                                 std::vector<Edge> EdgesIn)
    : At(At), Nodes(std::move(NodesIn)), Edges(std::move(EdgesIn)) {
  llvm::sort(Edges, [](const Edge &A, const Edge &B) {
    return std::tie(A.From, A.To) < std::tie(B.From, B.To);
  });
  // Adjacency in compressed form: OutList[OutStart[n] .. OutStart[n+1]).
  auto Build = [&](std::vector<unsigned> &Start, std::vector<unsigned> &List,
                   bool Outgoing) {
    Start.assign(Nodes.size() + 1, 0);
    for (const Edge &E : Edges)
      Start[(Outgoing ? E.From : E.To) + 1]++;
    for (size_t I = 1; I < Start.size(); ++I)
      Start[I] += Start[I - 1];
    List.resize(Edges.size());
    std::vector<unsigned> Fill(Start.begin(), Start.end() - 1);
    for (unsigned I = 0; I < Edges.size(); ++I)
      List[Fill[Outgoing ? Edges[I].From : Edges[I].To]++] = I;
  };
  Build(OutStart, OutList, true);
  Build(InStart, InList, false);
}

ArrayRef<unsigned> DependencyGraph::outEdges(unsigned N) const {
  return ArrayRef(OutList).slice(OutStart[N], OutStart[N + 1] - OutStart[N]);
}
ArrayRef<unsigned> DependencyGraph::inEdges(unsigned N) const {
  return ArrayRef(InList).slice(InStart[N], InStart[N + 1] - InStart[N]);
}

std::optional<unsigned> DependencyGraph::find(StringRef Name) const {
  auto It = llvm::partition_point(
      Nodes, [&](const Node &N) { return StringRef(N.Name) < Name; });
  if (It == Nodes.end() || It->Name != Name)
    return std::nullopt;
  return It - Nodes.begin();
}

unsigned defaultModuleDepth(const FactSet &Facts) {
  // Directories shared by every project file (say "src/") say nothing about
  // modules: a module is one level below them.
  std::optional<std::vector<StringRef>> Common;
  for (const facts::FileFact &F : Facts.Files) {
    if (F.External)
      continue;
    std::vector<StringRef> Dirs;
    StringRef Dir = sys::path::parent_path(F.Path, sys::path::Style::posix);
    for (auto It = sys::path::begin(Dir, sys::path::Style::posix),
              End = sys::path::end(Dir);
         It != End; ++It)
      Dirs.push_back(*It);
    if (!Common) {
      Common = Dirs;
      continue;
    }
    size_t Shared = 0;
    while (Shared < Common->size() && Shared < Dirs.size() &&
           (*Common)[Shared] == Dirs[Shared])
      ++Shared;
    Common->resize(Shared);
  }
  return (Common ? Common->size() : 0) + 1;
}

struct ModuleMap::Compiled {
  std::string Name;
  std::vector<GlobPattern> Globs;
};

ModuleMap::ModuleMap(unsigned Depth, const std::vector<ModuleGroup> &In)
    : Depth(Depth), ByFile(std::make_shared<StringMap<std::string>>()) {
  for (const ModuleGroup &G : In) {
    for (const std::string &F : G.Files)
      ByFile->try_emplace(F, G.Name);
    auto C = std::make_shared<Compiled>();
    C->Name = G.Name;
    for (const std::string &Glob : G.Globs) {
      // The configuration reader has rejected invalid globs already.
      if (Expected<GlobPattern> P = GlobPattern::create(Glob))
        C->Globs.push_back(std::move(*P));
      else
        consumeError(P.takeError());
    }
    Groups.push_back(std::move(C));
  }
}

const std::string *ModuleMap::groupOf(StringRef Path) const {
  if (auto It = ByFile->find(Path); It != ByFile->end())
    return &It->second;
  for (const auto &G : Groups)
    for (const GlobPattern &P : G->Globs)
      if (P.match(Path))
        return &G->Name;
  return nullptr;
}

bool ModuleMap::inGroup(StringRef Path) const { return groupOf(Path); }

std::string ModuleMap::moduleOf(StringRef Path) const {
  if (const std::string *Name = groupOf(Path))
    return *Name;
  StringRef Dir = sys::path::parent_path(Path, sys::path::Style::posix);
  std::string Module;
  unsigned Seen = 0;
  for (auto It = sys::path::begin(Dir, sys::path::Style::posix),
            End = sys::path::end(Dir);
       It != End && Seen < Depth; ++It, ++Seen)
    Module += (Module.empty() ? "" : "/") + It->str();
  return Module.empty() ? std::string(RootModule) : Module;
}

std::string nodeNameOfFile(StringRef Path, Level At, const ModuleMap &Modules) {
  switch (At) {
  case Level::File:
    return std::string(Path);
  case Level::Component: {
    // a.h, a.cpp and a.inl in one directory are one component "dir/a".
    StringRef Dir = sys::path::parent_path(Path, sys::path::Style::posix);
    StringRef Stem = sys::path::stem(Path, sys::path::Style::posix);
    return Dir.empty() ? std::string(Stem) : (Dir + "/" + Stem).str();
  }
  case Level::Module:
    return Modules.moduleOf(Path);
  case Level::Namespace:
  case Level::Class:
    return "";
  }
  llvm_unreachable("unknown level");
}

// How many leading directories two project paths share.
static unsigned sharedDirectories(StringRef A, StringRef B) {
  unsigned Shared = 0;
  for (;;) {
    auto [DirA, RestA] = A.split('/');
    auto [DirB, RestB] = B.split('/');
    if (RestA.empty() || RestB.empty() || DirA != DirB)
      return Shared;
    ++Shared;
    A = RestA;
    B = RestB;
  }
}

DependencyGraph buildGraph(const FactSet &Facts, const GraphOptions &Options) {
  GraphBuilder B;
  const Level At = Options.At;
  const EdgeSelection Sel = Options.Edges;
  bool WantIncludes = Sel == EdgeSelection::Includes ||
                      Sel == EdgeSelection::Compile ||
                      Sel == EdgeSelection::All;
  bool WantUses = Sel == EdgeSelection::Uses || Sel == EdgeSelection::Compile ||
                  Sel == EdgeSelection::All;
  bool WantLink = Sel == EdgeSelection::Uses || Sel == EdgeSelection::Link ||
                  Sel == EdgeSelection::All;

  if (At == Level::File || At == Level::Component || At == Level::Module) {
    ModuleMap Modules(Options.ModuleDepth ? Options.ModuleDepth
                                          : defaultModuleDepth(Facts),
                      Options.Modules);
    StringMap<std::string> NameOfFile;
    for (const facts::FileFact &F : Facts.Files)
      if (!F.External)
        NameOfFile[F.Path] = nodeNameOfFile(F.Path, At, Modules);
    if (At == Level::Component)
      pairSourcesWithTheirHeaders(Facts, NameOfFile);
    StringMap<unsigned> NodeOfFile;
    for (const facts::FileFact &F : Facts.Files) {
      if (F.External)
        continue;
      unsigned N = B.node(NameOfFile[F.Path]);
      B.at(N).Files.push_back(F.Path.str());
      NodeOfFile[F.Path] = N;
    }
    auto NodeOf = [&](StringRef Path) -> std::optional<unsigned> {
      auto It = NodeOfFile.find(Path);
      if (It == NodeOfFile.end())
        return std::nullopt;
      return It->second;
    };
    for (const facts::EntityFact &E : Facts.Entities) {
      std::optional<unsigned> N = NodeOf(E.File);
      if (!N)
        continue;
      B.at(*N).Entities++;
      if (isClassKind(E.Kind) && E.Definition) {
        B.at(*N).Classes++;
        B.at(*N).AbstractClasses += E.Abstract;
      }
    }
    if (WantIncludes)
      for (const facts::IncludeFact &I : Facts.Includes) {
        if (I.External || I.Target.empty())
          continue;
        std::optional<unsigned> From = NodeOf(I.File), To = NodeOf(I.Target);
        if (!From || !To)
          continue;
        B.edge(*From, *To, IncludeBit, B.evidence(I),
               cutOf(I, Options.Includes));
        B.crossing(*From, *To, I.File, I.Target);
      }
    if (WantUses)
      for (const facts::UseFact &U : Facts.Uses) {
        // A using-directive needs some declaration of its namespace, which
        // any of the files opening it provides: no file depends on another.
        if (U.External || U.TargetKind == EntityKind::Namespace)
          continue;
        std::optional<unsigned> From = NodeOf(U.File),
                                To = NodeOf(U.TargetFile);
        if (!From || !To)
          continue;
        B.edge(*From, *To, 1u << static_cast<unsigned>(U.Kind), B.evidence(U),
               cutOf(U));
        B.crossing(*From, *To, U.File, U.TargetFile);
      }
    if (WantLink) {
      // Link time: the user needs the object code of every project file
      // that defines the symbol (more than one when the program is built
      // in variants; strata cannot tell which one links).
      // Paths of the facts, which the builder's crossings keep.
      StringMap<std::vector<StringRef>> DefinedIn;
      for (const facts::EntityFact &E : Facts.Entities)
        if (E.Definition && !E.Symbol.empty() && NodeOf(E.File))
          DefinedIn[E.Symbol].push_back(E.File);
      for (auto &Entry : DefinedIn) {
        std::vector<StringRef> &Files = Entry.getValue();
        llvm::sort(Files);
        Files.erase(std::unique(Files.begin(), Files.end()), Files.end());
      }
      auto Link = [&](const facts::UseFact &U) {
        if (U.Symbol.empty())
          return;
        auto It = DefinedIn.find(U.Symbol);
        std::optional<unsigned> From = NodeOf(U.File);
        if (It == DefinedIn.end() || !From)
          return;
        // A file that defines the symbol itself links to its own
        // definition, never to a namesake elsewhere (a static helper, or
        // one each program of a directory defines). Otherwise the nearest
        // definitions the build allows: two programs built the same way
        // in sibling directories each link their own.
        const std::vector<StringRef> &Definers = It->second;
        SmallVector<StringRef, 4> Nearest;
        if (std::binary_search(Definers.begin(), Definers.end(), U.File)) {
          Nearest.push_back(U.File);
        } else {
          unsigned Best = 0;
          for (StringRef Definer : Definers) {
            if (Options.CanLink && !Options.CanLink(U.File, Definer))
              continue;
            unsigned Shared = sharedDirectories(U.File, Definer);
            if (Shared > Best || Nearest.empty())
              Nearest.clear();
            if (Shared >= Best || Nearest.empty()) {
              Best = std::max(Best, Shared);
              Nearest.push_back(Definer);
            }
          }
        }
        for (StringRef Definer : Nearest) {
          unsigned To = *NodeOf(Definer);
          B.edge(*From, To, 1u << static_cast<unsigned>(U.Kind),
                 B.evidence(U, NatureKind::Link));
          B.crossing(*From, To, U.File, Definer);
        }
      };
      for (const facts::UseFact &U : Facts.Uses)
        Link(U);
      for (const facts::UseFact &U : Facts.Reliant)
        Link(U);
    }
    return B.finish(At, /*UnitsAreFiles=*/true);
  }

  // Namespace and class levels come from the AST only.
  ScopeIndex Scopes(Facts);
  StringMap<bool> ClassNames;
  for (const facts::EntityFact &E : Facts.Entities)
    if (isClassKind(E.Kind) && E.Definition)
      ClassNames[E.Name] = true;
  // A nested class is part of its outermost class: a use between the two is
  // not a dependency between classes.
  StringMap<std::string> ParentClass;
  for (const facts::EntityFact &E : Facts.Entities)
    if (isClassKind(E.Kind) && E.Definition && ClassNames.count(E.Parent))
      ParentClass[E.Name.str()] = E.Parent.str();
  auto Outermost = [&](std::string Name) {
    for (int Depth = 0; Depth < 64 && ParentClass.count(Name); ++Depth)
      Name = ParentClass.lookup(Name);
    return Name;
  };
  for (const facts::EntityFact &E : Facts.Entities) {
    if (At == Level::Namespace) {
      if (E.Kind == EntityKind::Namespace) {
        B.node(namespaceNode(E.Name));
        continue;
      }
      std::string NS = E.Parent.empty()
                           ? std::string(GlobalNamespace)
                           : namespaceNode(Scopes.namespaceOf(E.Name));
      unsigned N = B.node(NS);
      B.at(N).Entities++;
      if (isClassKind(E.Kind) && E.Definition) {
        B.at(N).Classes++;
        B.at(N).AbstractClasses += E.Abstract;
      }
    } else if (isClassKind(E.Kind) && E.Definition &&
               !ClassNames.count(E.Parent)) {
      unsigned N = B.node(E.Name);
      B.at(N).Classes = 1;
      B.at(N).AbstractClasses = E.Abstract;
      if (std::find(B.at(N).Files.begin(), B.at(N).Files.end(), E.File) ==
          B.at(N).Files.end())
        B.at(N).Files.push_back(E.File.str());
    } else if (ClassNames.count(E.Parent)) {
      // Members (nested classes and theirs included) make up a class's size.
      B.at(B.node(Outermost(E.Parent.str()))).Entities++;
    }
  }
  // Logical graphs are entity to entity: every use, whatever its nature.
  if (Sel != EdgeSelection::Includes)
    for (const facts::UseFact &U : Facts.Uses) {
      if (U.External || U.Kind == UseKind::Macro ||
          U.TargetKind == EntityKind::Namespace)
        continue;
      std::string From, To;
      if (At == Level::Namespace) {
        From = namespaceNode(U.FromNamespace);
        To = namespaceNode(U.ToNamespace);
      } else {
        if (U.FromClass.empty() || U.ToClass.empty())
          continue;
        From = Outermost(U.FromClass.str());
        To = Outermost(U.ToClass.str());
      }
      B.edge(B.node(From), B.node(To), 1u << static_cast<unsigned>(U.Kind),
             B.evidence(U));
    }
  return B.finish(At, /*UnitsAreFiles=*/false);
}

DependencyGraph
graphFromEdges(unsigned N, const std::vector<std::pair<unsigned, unsigned>> &E,
               Level At) {
  std::vector<Node> Nodes(N);
  unsigned Width = std::to_string(N > 0 ? N - 1 : 0).size();
  for (unsigned I = 0; I < N; ++I) {
    std::string Digits = std::to_string(I);
    Nodes[I].Name = "n" + std::string(Width - Digits.size(), '0') + Digits;
  }
  std::vector<Edge> Edges;
  Edges.reserve(E.size());
  for (auto [From, To] : E) {
    if (From == To)
      continue;
    Edge X;
    X.From = From;
    X.To = To;
    X.Weight = 1;
    Edges.push_back(X);
  }
  llvm::sort(Edges, [](const Edge &A, const Edge &B) {
    return std::tie(A.From, A.To) < std::tie(B.From, B.To);
  });
  Edges.erase(std::unique(Edges.begin(), Edges.end(),
                          [](const Edge &A, const Edge &B) {
                            return A.From == B.From && A.To == B.To;
                          }),
              Edges.end());
  for (Edge &X : Edges) {
    Nodes[X.From].EfferentUnits++;
    Nodes[X.To].AfferentUnits++;
  }
  return DependencyGraph(At, std::move(Nodes), std::move(Edges));
}

} // namespace strata::graph
