//===- Units.cpp - The codebase as a hierarchy of units -------------------===//
#include "strata/analysis/Units.h"

#include "strata/analysis/Targets.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Path.h"
#include <map>
#include <optional>

using namespace llvm;
using namespace strata::graph;

namespace strata::analysis {
namespace {

StringRef dirOf(StringRef Path) {
  return sys::path::parent_path(Path, sys::path::Style::posix);
}

StringRef stemOf(StringRef Path) {
  return sys::path::stem(Path, sys::path::Style::posix);
}

std::vector<std::string> components(StringRef Dir) {
  std::vector<std::string> Out;
  for (auto It = sys::path::begin(Dir, sys::path::Style::posix),
            End = sys::path::end(Dir);
       It != End; ++It)
    if (*It != ".")
      Out.push_back(It->str());
  return Out;
}

// The one directory all of \p Nodes lie in, if they share one.
std::optional<std::string> sharedDirectory(const DependencyGraph &G,
                                           ArrayRef<unsigned> Nodes) {
  if (Nodes.empty())
    return std::nullopt;
  StringRef Dir = dirOf(G.nodes()[Nodes.front()].Name);
  for (unsigned N : Nodes)
    if (dirOf(G.nodes()[N].Name) != Dir)
      return std::nullopt;
  return Dir.str();
}

// A trie of unit paths; files hang at the node of their path.
struct Trie {
  struct Entry {
    std::string Name; ///< the full path, "" for the root
    std::map<std::string, unsigned> Children;
    std::vector<unsigned> Files;
    bool Group = false;
  };
  std::vector<Entry> Entries{Entry{}};

  void insert(const std::vector<std::string> &Path, unsigned File) {
    unsigned At = 0;
    for (const std::string &C : Path) {
      auto It = Entries[At].Children.find(C);
      if (It == Entries[At].Children.end()) {
        Entry E;
        E.Name = Entries[At].Name.empty() ? C : Entries[At].Name + "/" + C;
        E.Group = StringRef(C).starts_with("[");
        Entries.push_back(std::move(E));
        It = Entries[At].Children.emplace(C, Entries.size() - 1).first;
      }
      At = It->second;
    }
    Entries[At].Files.push_back(File);
  }

  // A directory that holds nothing but one subdirectory is that
  // subdirectory: wrapping a tree in one more directory changes nothing.
  unsigned collapse(unsigned At) const {
    while (Entries[At].Files.empty() && Entries[At].Children.size() == 1)
      At = Entries[At].Children.begin()->second;
    return At;
  }
};

} // namespace

std::vector<std::string> homeDirectories(const Analysis &A) {
  const DependencyGraph &G = A.at(Level::File).Graph;
  std::vector<std::string> Home(G.size());
  StringMap<std::vector<unsigned>> SourcesByStem, FirstIncluders;
  for (unsigned N = 0; N < G.size(); ++N) {
    StringRef Path = G.nodes()[N].Name;
    Home[N] = dirOf(Path).str();
    if (!isSourcePath(Path))
      continue;
    SourcesByStem[stemOf(Path)].push_back(N);
    if (auto It = A.FirstProjectInclude.find(Path);
        It != A.FirstProjectInclude.end())
      FirstIncluders[It->second].push_back(N);
  }
  auto DependsOn = [&](unsigned From, unsigned To) {
    return any_of(G.outEdges(From),
                  [&](unsigned E) { return G.edges()[E].To == To; });
  };
  for (unsigned N = 0; N < G.size(); ++N) {
    StringRef Path = G.nodes()[N].Name;
    if (isSourcePath(Path))
      continue;
    std::vector<unsigned> SameStem = SourcesByStem.lookup(stemOf(Path));
    if (any_of(SameStem, [&](unsigned S) {
          return dirOf(G.nodes()[S].Name) == dirOf(Path);
        }))
      continue; // already beside its source
    std::vector<unsigned> First = FirstIncluders.lookup(Path);
    std::vector<unsigned> FirstSameStem;
    for (unsigned S : First)
      if (stemOf(G.nodes()[S].Name) == stemOf(Path))
        FirstSameStem.push_back(S);
    std::vector<unsigned> Dependent;
    for (unsigned S : SameStem)
      if (DependsOn(S, N))
        Dependent.push_back(S);
    std::optional<std::string> Dir = sharedDirectory(G, FirstSameStem);
    if (auto It = A.InterfaceOf.find(Path); !Dir && It != A.InterfaceOf.end())
      Dir = dirOf(It->second).str();
    if (!Dir)
      Dir = sharedDirectory(G, First);
    if (!Dir && Dependent.size() == 1)
      Dir = dirOf(G.nodes()[Dependent.front()].Name).str();
    if (Dir)
      Home[N] = *Dir;
  }
  return Home;
}

UnitTree unitTree(const Analysis &A) {
  const DependencyGraph &G = A.at(Level::File).Graph;
  UnitTree T;
  T.Home = homeDirectories(A);
  const std::vector<std::string> &Home = T.Home;
  for (unsigned N = 0; N < G.size(); ++N)
    T.HeadersMoved += Home[N] != dirOf(G.nodes()[N].Name);

  // Groups (targets or configured) are units placed at their directory;
  // inside one, its files' directories below the group's common one.
  ModuleMap Groups(1, A.Modules);
  StringMap<const ModuleGroup *> GroupByName;
  for (const ModuleGroup &M : A.Modules)
    GroupByName[M.Name] = &M;
  StringMap<std::vector<std::string>> CommonOfGroup;
  std::vector<const ModuleGroup *> GroupOf(G.size(), nullptr);
  for (unsigned N = 0; N < G.size(); ++N) {
    StringRef Path = G.nodes()[N].Name;
    if (!Groups.inGroup(Path))
      continue;
    std::string Name = Groups.moduleOf(Path);
    if (isBucket(Name))
      continue;
    GroupOf[N] = GroupByName.lookup(Name);
    if (!GroupOf[N])
      continue;
    std::vector<std::string> Dirs = components(Home[N]);
    auto [It, New] = CommonOfGroup.try_emplace(Name, Dirs);
    if (!New) {
      std::vector<std::string> &C = It->second;
      size_t Shared = 0;
      while (Shared < C.size() && Shared < Dirs.size() &&
             C[Shared] == Dirs[Shared])
        ++Shared;
      C.resize(Shared);
    }
  }
  Trie Paths;
  for (unsigned N = 0; N < G.size(); ++N) {
    std::vector<std::string> Path;
    if (const ModuleGroup *M = GroupOf[N]) {
      Path = components(M->Dir);
      Path.push_back("[" + M->Name + "]");
      std::vector<std::string> Dirs = components(Home[N]);
      size_t Common = CommonOfGroup[M->Name].size();
      Path.insert(Path.end(), Dirs.begin() + Common, Dirs.end());
    } else {
      Path = components(Home[N]);
    }
    Paths.insert(Path, N);
  }

  // Walk the collapsed trie; a unit with subunits and files of its own
  // gets a part for those files, so that every file lies in one leaf.
  T.LeafOf.assign(G.size(), 0);
  struct Pending {
    unsigned Entry;
    int Parent;
  };
  std::vector<Pending> Stack{{Paths.collapse(0), -1}};
  while (!Stack.empty()) {
    auto [At, Parent] = Stack.back();
    Stack.pop_back();
    const Trie::Entry &E = Paths.Entries[At];
    unsigned Index = T.Units.size();
    Unit U;
    U.Name = E.Name.empty() ? "." : E.Name;
    U.Parent = Parent;
    U.Group = E.Group;
    U.Depth = Parent < 0 ? 0 : T.Units[Parent].Depth + 1;
    T.Units.push_back(std::move(U));
    if (Parent >= 0)
      T.Units[Parent].Children.push_back(Index);
    if (E.Children.empty()) {
      for (unsigned F : E.Files)
        T.LeafOf[F] = Index;
      continue;
    }
    if (!E.Files.empty()) {
      Unit Own;
      Own.Name = E.Name.empty() ? "*" : E.Name + "/*";
      Own.Parent = Index;
      Own.Depth = T.Units[Index].Depth + 1;
      Own.OwnFiles = true;
      T.Units[Index].Children.push_back(T.Units.size());
      for (unsigned F : E.Files)
        T.LeafOf[F] = T.Units.size();
      T.Units.push_back(std::move(Own));
    }
    // Reversed, so that children come off the stack in name order.
    for (auto It = E.Children.rbegin(); It != E.Children.rend(); ++It)
      Stack.push_back({Paths.collapse(It->second), int(Index)});
  }
  // Every unit holds its subtree's files; parents come before children.
  for (unsigned N = 0; N < G.size(); ++N)
    for (int U = T.LeafOf[N]; U >= 0; U = T.Units[U].Parent) {
      T.Units[U].Files.push_back(N);
      T.Units[U].Sources += isSourcePath(G.nodes()[N].Name);
    }
  for (Unit &U : T.Units)
    llvm::sort(U.Children, [&](unsigned X, unsigned Y) {
      return T.Units[X].Name < T.Units[Y].Name;
    });
  return T;
}

} // namespace strata::analysis
