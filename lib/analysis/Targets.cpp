//===- Targets.cpp - Build targets as modules -----------------------------===//
#include "strata/analysis/Targets.h"

#include "strata/graph/Analyze.h"
#include "strata/graph/Includes.h"
#include "strata/support/Paths.h"
#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include <fmt/format.h>
#include <memory>

using namespace llvm;
using namespace strata::graph;

namespace strata::analysis {
namespace {

constexpr StringRef BucketPrefix = "unowned:";

StringRef dirOf(StringRef Path) {
  return sys::path::parent_path(Path, sys::path::Style::posix);
}

// Targets that hold code: utility targets (custom commands, CTest's
// dashboard targets) hold none.
bool isModule(build::TargetType T) { return T != build::TargetType::Utility; }

// \p Path relative to \p Root when it is under it ("." for the root
// itself); empty otherwise.
std::string underRoot(StringRef Path, StringRef Root) {
  if (!isUnder(Path, Root))
    return std::string();
  return Path.size() == Root.size() ? std::string(".") : relativeTo(Path, Root);
}

bool ancestorOrSelf(StringRef Dir, StringRef Of) {
  return Dir.empty() || Dir == "." || Of == Dir ||
         (Of.starts_with(Dir) && Of.drop_front(Dir.size()).starts_with("/"));
}

} // namespace

std::string bucketName(StringRef Dir) {
  return (BucketPrefix + (Dir.empty() ? StringRef(".") : Dir)).str();
}

bool isBucket(StringRef Module) { return Module.starts_with(BucketPrefix); }

const TargetModule *TargetModules::find(StringRef Name) const {
  auto It = partition_point(
      Targets, [&](const TargetModule &T) { return T.Name < Name; });
  return It != Targets.end() && It->Name == Name ? &*It : nullptr;
}

TargetModules
targetModules(const build::BuildModel &M, const facts::FactSet &Facts,
              StringRef Root,
              function_ref<Expected<std::string>(StringRef)> ReadFile) {
  TargetModules Out;
  Out.CodemodelMinor = M.Minor;
  std::map<std::string, build::TargetDeclarations> Declared =
      build::declaredDependencies(M, ReadFile);
  StringMap<std::vector<std::string>> ListedBy; // project file -> targets
  StringMap<StringSet<>> StemOwners; // "dir/stem" -> targets listing it
  // The name of a directory holding a target's sources -> those targets:
  // include/strata/graph/ mirrors lib/graph/.
  StringMap<StringSet<>> SourceDirNames;
  StringMap<StringSet<>> SourcesByStem; // "dir/stem" -> targets, sources only
  bool AnyHeaderListed = false;
  // Directories that say where a target's files are: those of its sources,
  // its own include directories and where it is defined.
  std::vector<std::pair<std::string, std::string>> Homes; // dir, target
  for (const build::Target &T : M.Targets) {
    if (!isModule(T.Type))
      continue;
    TargetModule TM;
    TM.Name = T.Name;
    TM.Type = T.Type;
    TM.SourceDir = underRoot(T.SourceDir, Root);
    TM.Declared = Declared[T.Name];
    for (build::DeclaredDependency &D : TM.Declared.Dependencies)
      if (std::string Rel = underRoot(D.File, Root); !Rel.empty())
        D.File = Rel;
    for (const build::TargetDependency &D : T.Dependencies)
      TM.Reachable.push_back(D.Target);
    llvm::sort(TM.Reachable);
    for (const build::TargetSource &S : T.Sources) {
      std::string Rel = underRoot(S.Path, Root);
      if (Rel.empty())
        continue;
      ListedBy[Rel].push_back(T.Name);
      AnyHeaderListed |= isHeaderPath(Rel);
      Homes.push_back({dirOf(Rel).str(), T.Name});
      if (!isHeaderPath(Rel)) {
        SourceDirNames[sys::path::filename(dirOf(Rel))].insert(T.Name);
        SourcesByStem[(dirOf(Rel) + "/" + sys::path::stem(Rel)).str()].insert(
            T.Name);
      }
      StemOwners[(dirOf(Rel) + "/" + sys::path::stem(Rel)).str()].insert(
          T.Name);
    }
    if (isUnder(T.SourceDir, Root))
      Homes.push_back({TM.SourceDir, T.Name});
    for (const build::IncludeDirectory &I : T.Includes)
      if (std::string Rel = underRoot(I.Path, Root);
          I.Own && isUnder(I.Path, Root))
        Homes.push_back({Rel, T.Name});
    Out.Targets.push_back(std::move(TM));
  }
  std::map<std::string, std::vector<std::string>> Buckets;
  for (const facts::FileFact &F : Facts.Files) {
    if (F.External)
      continue;
    StringRef Path = F.Path;
    std::string Target;
    std::string Stem = (dirOf(Path) + "/" + sys::path::stem(Path)).str();
    if (auto It = ListedBy.find(Path); It != ListedBy.end()) {
      // Listed by several: the one that lists its source too (abseil's
      // randen_hwaes.h is in one target's HDRS and the other's SRCS, with
      // randen_hwaes.cc).
      Target = It->second.front();
      for (const std::string &T : It->second)
        if (SourcesByStem.lookup(Stem).contains(T))
          Target = T;
      ++Out.Listed;
    } else if (auto S = StemOwners.find(Stem);
               S != StemOwners.end() && S->second.size() == 1) {
      // a.h beside the a.cpp a target lists
      Target = S->second.begin()->getKey().str();
      ++Out.ByStem;
    } else if (auto N = SourceDirNames.find(sys::path::filename(dirOf(Path)));
               !AnyHeaderListed && !dirOf(Path).empty() &&
               N != SourceDirNames.end() && N->second.size() == 1) {
      // A header tree that mirrors the source tree: include/strata/graph/
      // beside lib/graph/, of one target.
      Target = N->second.begin()->getKey().str();
      ++Out.ByDirectory;
    } else if (!AnyHeaderListed) {
      // A project that lists no headers leaves them to their directories:
      // the deepest directory that holds a target's sources, is its own
      // include directory or is where it is defined, if that directory is
      // one target's. (A project that lists headers has listed them all; an
      // unlisted one beside a target's sources is more often another,
      // header-only target's, which a reply before codemodel 2.9 hides.)
      size_t Deepest = 0;
      StringSet<> Candidates;
      for (const auto &[Dir, Name] : Homes) {
        if (!ancestorOrSelf(Dir, dirOf(Path)))
          continue;
        size_t Depth = Dir == "." || Dir.empty() ? 1 : Dir.size() + 2;
        if (Depth > Deepest) {
          Deepest = Depth;
          Candidates.clear();
        }
        if (Depth == Deepest)
          Candidates.insert(Name);
      }
      if (Candidates.size() == 1) {
        Target = Candidates.begin()->getKey().str();
        ++Out.ByDirectory;
      }
    }
    if (Target.empty()) {
      Buckets[bucketName(dirOf(Path))].push_back(Path.str());
      ++Out.Bucketed;
      continue;
    }
    // Out.Targets is sorted by name, as the reply's targets are.
    auto Owner = partition_point(
        Out.Targets, [&](const TargetModule &T) { return T.Name < Target; });
    Owner->Files.push_back(Path.str());
  }
  // A library whose sources define variables may be linked for their
  // constructors alone (static registration): nobody names its symbols.
  StringSet<> Defining;
  for (const facts::EntityFact &E : Facts.Entities)
    if (E.Kind == facts::EntityKind::Variable && E.Definition &&
        isSourcePath(E.File))
      Defining.insert(E.File);
  for (TargetModule &TM : Out.Targets) {
    llvm::sort(TM.Files);
    TM.DefinesVariables = any_of(
        TM.Files, [&](const std::string &F) { return Defining.contains(F); });
    Out.Groups.push_back({TM.Name, {}, TM.Files, TM.SourceDir});
  }
  for (auto &[Name, Files] : Buckets)
    Out.Groups.push_back({Name, {}, std::move(Files)});
  return Out;
}

graph::LinkFilter linkFilter(const TargetModules &T) {
  struct Links {
    StringMap<unsigned> TargetOf; ///< file -> target
    /// LinkedWith[A][B]: one program links A and B.
    std::vector<BitVector> LinkedWith;
  };
  auto L = std::make_shared<Links>();
  const size_t N = T.Targets.size();
  for (unsigned I = 0; I < N; ++I)
    for (const std::string &F : T.Targets[I].Files)
      L->TargetOf.try_emplace(F, I);
  L->LinkedWith.assign(N, BitVector(N));
  // A target and all it reaches are linked together wherever it is linked
  // (a static library's dependencies come with it), so every pair in one
  // closure shares a program: a library may call what a sibling in the
  // same program defines (an undeclared dependency the checks report),
  // two executables never share code. The closure is taken here: CMake
  // lists a cycle of static libraries as a chain, each naming one.
  for (unsigned P = 0; P < N; ++P) {
    BitVector Unit(N);
    SmallVector<unsigned, 8> Work = {P};
    Unit.set(P);
    while (!Work.empty()) {
      unsigned I = Work.pop_back_val();
      for (const std::string &Name : T.Targets[I].Reachable)
        if (const TargetModule *M = T.find(Name))
          if (unsigned J = M - T.Targets.data(); !Unit.test(J)) {
            Unit.set(J);
            Work.push_back(J);
          }
    }
    for (unsigned A : Unit.set_bits())
      L->LinkedWith[A] |= Unit;
  }
  return [L](StringRef User, StringRef Definer) {
    auto U = L->TargetOf.find(User), D = L->TargetOf.find(Definer);
    if (U == L->TargetOf.end() || D == L->TargetOf.end())
      return true;
    return L->LinkedWith[U->second].test(D->second);
  };
}

Expected<TargetModules> readTargetModules(StringRef BuildDir,
                                          const facts::FactSet &Facts) {
  Expected<build::BuildModel> M = build::readCMakeReply(BuildDir);
  if (!M)
    return M.takeError();
  return targetModules(*M, Facts, Facts.Root,
                       [](StringRef Path) -> Expected<std::string> {
                         auto B = MemoryBuffer::getFile(Path, /*IsText=*/true);
                         if (!B)
                           return errorCodeToError(B.getError());
                         return (*B)->getBuffer().str();
                       });
}

std::vector<std::string> targetNotes(const TargetModules &T) {
  std::vector<std::string> Out;
  if (T.Bucketed)
    Out.push_back(fmt::format("{} project file{} belong{} to no target of the "
                              "CMake reply; they are in 'unowned:<dir>' "
                              "modules, whose dependencies are not checked",
                              T.Bucketed, T.Bucketed == 1 ? "" : "s",
                              T.Bucketed == 1 ? "s" : ""));
  std::vector<std::string> Unread;
  for (const TargetModule &M : T.Targets)
    if (!M.Declared.Unresolved.empty())
      Unread.push_back(M.Name);
  if (!Unread.empty())
    Out.push_back(fmt::format(
        "the target_link_libraries of {} target{} name variables strata "
        "does not evaluate ({}{}); their undeclared dependencies are not "
        "reported",
        Unread.size(), Unread.size() == 1 ? "" : "s",
        join(Unread.begin(),
             Unread.begin() + std::min<size_t>(3, Unread.size()), ", "),
        Unread.size() > 3 ? ", ..." : ""));
  if (T.CodemodelMinor < 9)
    Out.push_back(fmt::format(
        "the CMake reply (codemodel 2.{}) does not say which dependencies are "
        "PUBLIC; strata reads the keyword from the target_link_libraries text "
        "where it is written there",
        T.CodemodelMinor));
  return Out;
}

std::vector<Violation> checkDeclarations(const TargetModules &T,
                                         const graph::Analysis &A) {
  std::vector<Violation> Out;
  const DependencyGraph &G = A.at(Level::Module).Graph;
  for (const TargetModule &M : T.Targets) {
    std::optional<unsigned> From = G.find(M.Name);
    if (!From)
      continue;
    StringSet<> Declared;
    for (const build::DeclaredDependency &D : M.Declared.Dependencies)
      if (!D.External)
        Declared.insert(D.Name);
    bool Complete = M.Declared.Unresolved.empty();
    for (unsigned EI : G.outEdges(*From)) {
      const Edge &E = G.edges()[EI];
      const std::string &To = G.nodes()[E.To].Name;
      if (isBucket(To) || !T.find(To) || Declared.contains(To) || !Complete)
        continue;
      bool Transitive =
          std::binary_search(M.Reachable.begin(), M.Reachable.end(), To);
      // An include of B's header, or a use of its object code, needs B
      // declared. Uses only through other targets' headers (a macro that
      // expands to B's names, inline code) are what those targets owe: a
      // note.
      bool Direct = any_of(E.Sites, [](const graph::Evidence &S) {
        return S.Kind == "include" || S.Nature == NatureKind::Link;
      });
      Violation V;
      V.Rule = "strata-undeclared-dependency";
      V.Level = Direct ? Severity::Error : Severity::Information;
      V.Message = fmt::format("target '{}' uses '{}', which its "
                              "target_link_libraries does not name",
                              M.Name, To);
      V.Reason = !Direct      ? "used only through other targets' headers "
                                "(macros, inline code), not declared"
                 : Transitive ? "not declared: it comes only through another "
                                "target's link (target_link_libraries)"
                              : "not declared, not even transitively: an "
                                "include path leaks it (target_link_libraries)";
      V.From = M.Name;
      V.To = To;
      V.Edges = {{M.Name, To, E.Sites, ""}};
      V.Identity = "strata-undeclared-dependency|" + M.Name + "|" + To;
      Out.push_back(keyed(std::move(V)));
    }
    for (const build::DeclaredDependency &D : M.Declared.Dependencies) {
      const TargetModule *Dep = D.External ? nullptr : T.find(D.Name);
      std::optional<unsigned> To = Dep ? G.find(D.Name) : std::nullopt;
      if (!To)
        continue; // external, or no file of it was analyzed
      graph::Evidence At{D.File,        D.Line, 1,
                         "declaration", D.Name, NatureKind::Compile};
      const Edge *Used = nullptr;
      for (unsigned EI : G.outEdges(*From))
        if (G.edges()[EI].To == *To)
          Used = &G.edges()[EI];
      if (!Used) {
        bool Registers = Dep->DefinesVariables;
        Violation V;
        V.Rule = "strata-unused-dependency";
        V.Level = Registers ? Severity::Information : Severity::Error;
        V.Message = fmt::format("target '{}' links '{}', but none of its "
                                "files uses it",
                                M.Name, D.Name);
        V.Reason = Registers
                       ? "declared, unused, unless it registers "
                         "itself at static initialization"
                       : "declared, but no file of '" + M.Name + "' uses it";
        V.From = M.Name;
        V.To = D.Name;
        V.Edges = {{M.Name, D.Name, {At}, ""}};
        V.Identity = "strata-unused-dependency|" + M.Name + "|" + D.Name;
        Out.push_back(keyed(std::move(V)));
        continue;
      }
      bool Library = M.Type != build::TargetType::Executable;
      if (Library && D.ScopeKnown && D.Scope == build::LinkScope::Public &&
          none_of(Used->Sites, [](const graph::Evidence &E) {
            return isHeaderPath(E.File);
          })) {
        Violation V;
        V.Rule = "strata-public-dependency";
        // PUBLIC also passes on B's usage requirements (include
        // directories, definitions, its own PUBLIC links), which a header
        // may need without using B: advice, not a finding.
        V.Level = Severity::Information;
        V.Message = fmt::format("target '{}' links '{}' PUBLIC, but only its "
                                "sources use it: it could be PRIVATE",
                                M.Name, D.Name);
        V.Reason = "PUBLIC, but no header uses it: it could be PRIVATE";
        V.From = M.Name;
        V.To = D.Name;
        V.Edges = {{M.Name, D.Name, {At}, ""}};
        V.Identity = "strata-public-dependency|" + M.Name + "|" + D.Name;
        Out.push_back(keyed(std::move(V)));
      }
    }
  }
  return Out;
}

} // namespace strata::analysis
