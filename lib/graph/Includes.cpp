//===- Includes.cpp - Which includes a file needs -------------------------===//
#include "strata/graph/Includes.h"

#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Path.h"
#include <functional>
#include <map>
#include <optional>
#include <set>

using namespace llvm;
using strata::facts::EntityKind;
using strata::facts::FactSet;
using strata::facts::IncludeFact;
using strata::facts::UseFact;

namespace strata::graph {
namespace {

bool isClassLike(EntityKind K) {
  return K == EntityKind::Class || K == EntityKind::Struct ||
         K == EntityKind::Union;
}

// The include graph of the facts over every file an include names, with the
// closure of each file (the files its includes reach, itself included) as a
// bit set. Only include targets can be reached, so the bits stand for them
// alone: memory is (files in includes) x (targets) bits.
class IncludeGraph {
public:
  explicit IncludeGraph(const FactSet &Facts) {
    for (const IncludeFact &I : Facts.Includes) {
      if (I.Target.empty())
        continue;
      unsigned From = add(I.File), To = add(I.Target);
      Out[From].push_back(To);
      if (Bit[To] < 0) {
        Bit[To] = Bits++;
        NodeOfBit.push_back(To);
        TargetIsExternal.push_back(I.External);
      }
    }
    ExternalTargets.resize(Bits);
    for (unsigned B = 0; B < Bits; ++B)
      if (TargetIsExternal[B])
        ExternalTargets.set(B);
    computeClosures();
  }

  std::optional<unsigned> node(StringRef Path) const {
    auto It = Ids.find(Path);
    if (It == Ids.end())
      return std::nullopt;
    return It->second;
  }
  unsigned bits() const { return Bits; }
  int bit(unsigned Node) const { return Bit[Node]; }
  unsigned nodeOfBit(unsigned B) const { return NodeOfBit[B]; }
  const std::vector<unsigned> &includes(unsigned Node) const {
    return Out[Node];
  }
  const BitVector &closure(unsigned Node) const { return Closure[SccOf[Node]]; }

  // Whether \p Node's closure holds node \p Target (an include target).
  bool reaches(unsigned Node, unsigned Target) const {
    return Bit[Target] >= 0 && closure(Node).test(Bit[Target]);
  }
  static constexpr unsigned Far = ~0u;
  // The fewest includes from each node to \p Target (Far: unreachable).
  std::vector<unsigned> distancesTo(unsigned Target) const {
    if (In.empty()) {
      In.resize(Out.size());
      for (unsigned From = 0; From < Out.size(); ++From)
        for (unsigned To : Out[From])
          In[To].push_back(From);
    }
    std::vector<unsigned> Dist(Out.size(), Far);
    std::vector<unsigned> Queue = {Target};
    Dist[Target] = 0;
    for (size_t I = 0; I < Queue.size(); ++I)
      for (unsigned From : In[Queue[I]])
        if (Dist[From] == Far) {
          Dist[From] = Dist[Queue[I]] + 1;
          Queue.push_back(From);
        }
    return Dist;
  }
  bool isExternal(unsigned Node) const {
    return Bit[Node] >= 0 && TargetIsExternal[Bit[Node]];
  }

  // Whether the includes of Node reach the declaration in \p Target. An
  // external target is the external header a project file includes on the
  // way to the declaration (strata sees no includes inside external
  // headers); with none named, any external header counts.
  bool reaches(unsigned Node, StringRef Target, bool External) const {
    const BitVector &C = closure(Node);
    if (std::optional<unsigned> T = node(Target))
      if (Bit[*T] >= 0)
        return C.test(Bit[*T]);
    return External && C.anyCommon(ExternalTargets);
  }

private:
  unsigned add(StringRef Path) {
    auto [It, Inserted] = Ids.try_emplace(Path, Out.size());
    if (Inserted) {
      Out.emplace_back();
      Bit.push_back(-1);
    }
    return It->second;
  }

  // Tarjan's algorithm, iteratively: components finish sinks first, so a
  // component's successors already have their closures.
  void computeClosures() {
    const unsigned N = Out.size();
    std::vector<int> Index(N, -1), Low(N, 0);
    std::vector<bool> OnStack(N, false);
    std::vector<unsigned> Stack;
    std::vector<std::pair<unsigned, unsigned>> Call; // node, next successor
    SccOf.assign(N, 0);
    int Counter = 0;
    unsigned Components = 0;
    auto Enter = [&](unsigned V) {
      Index[V] = Low[V] = Counter++;
      Stack.push_back(V);
      OnStack[V] = true;
      Call.push_back({V, 0});
    };
    for (unsigned Root = 0; Root < N; ++Root) {
      if (Index[Root] >= 0)
        continue;
      Enter(Root);
      while (!Call.empty()) {
        unsigned V = Call.back().first;
        if (Call.back().second < Out[V].size()) {
          unsigned W = Out[V][Call.back().second++];
          if (Index[W] < 0)
            Enter(W);
          else if (OnStack[W])
            Low[V] = std::min(Low[V], Index[W]);
          continue;
        }
        Call.pop_back();
        if (!Call.empty())
          Low[Call.back().first] = std::min(Low[Call.back().first], Low[V]);
        if (Low[V] != Index[V])
          continue;
        BitVector Reach(Bits);
        std::vector<unsigned> Members;
        unsigned W;
        do {
          W = Stack.back();
          Stack.pop_back();
          OnStack[W] = false;
          SccOf[W] = Components;
          Members.push_back(W);
          if (Bit[W] >= 0)
            Reach.set(Bit[W]);
        } while (W != V);
        // Every successor outside the component is in a finished one.
        for (unsigned M : Members)
          for (unsigned S : Out[M])
            if (SccOf[S] != Components)
              Reach |= Closure[SccOf[S]];
        Closure.push_back(std::move(Reach));
        ++Components;
      }
    }
  }

  StringMap<unsigned> Ids;
  std::vector<std::vector<unsigned>> Out;
  mutable std::vector<std::vector<unsigned>> In; // made on first use
  std::vector<int> Bit;
  unsigned Bits = 0;
  std::vector<bool> TargetIsExternal;
  std::vector<unsigned> NodeOfBit;
  BitVector ExternalTargets;
  std::vector<unsigned> SccOf;
  std::vector<BitVector> Closure;
};

// A set of uses' targets, grouped so that each target is tested once.
struct TargetKey {
  std::string File;
  bool External;
  bool operator<(const TargetKey &O) const {
    return std::tie(File, External) < std::tie(O.File, O.External);
  }
};

} // namespace

StringRef toString(IncludeStatusKind S) {
  static constexpr StringRef Names[] = {"used", "forward-declarable", "unused"};
  return Names[static_cast<size_t>(S)];
}

StringRef toString(KeptForKind K) {
  static constexpr StringRef Names[] = {"itself", "includers", "reliant",
                                        "pragma", "verify"};
  return Names[static_cast<size_t>(K)];
}

bool isHeaderPath(StringRef Path) {
  StringRef Ext = sys::path::extension(Path, sys::path::Style::posix);
  return Ext == ".h" || Ext == ".hh" || Ext == ".hpp" || Ext == ".hxx" ||
         Ext == ".h++" || Ext == ".inl" || Ext == ".ipp" || Ext == ".tcc" ||
         Ext.empty();
}

bool isSourcePath(StringRef Path) {
  StringRef Ext = sys::path::extension(Path, sys::path::Style::posix);
  return Ext == ".c" || Ext == ".cc" || Ext == ".cpp" || Ext == ".cxx" ||
         Ext == ".c++" || Ext == ".C" || Ext == ".m" || Ext == ".mm";
}

const IncludeVerdict *IncludeReport::find(StringRef File, unsigned Line) const {
  auto It = llvm::partition_point(Includes, [&](const IncludeVerdict &V) {
    return std::tie(V.File, V.Line) < std::make_tuple(File.str(), Line);
  });
  const IncludeVerdict *Best = nullptr;
  for (; It != Includes.end() && It->File == File && It->Line == Line; ++It)
    if (!Best || It->Status < Best->Status)
      Best = &*It;
  return Best;
}

std::optional<std::string> forwardDeclarations(const IncludeVerdict &V) {
  // Declarations by the namespaces they open, in order: one line each.
  std::map<std::string, std::string> ByNamespace;
  auto IsIdentifier = [](StringRef S) {
    return !S.empty() && llvm::all_of(S, [](char C) {
      return isAlnum(C) || C == '_' || C == ':';
    });
  };
  for (size_t K = 0; K < V.Entities.size() && K < V.Declarations.size(); ++K) {
    const IncludeVerdict::Declaration &D = V.Declarations[K];
    if (D.Forward == "!")
      return std::nullopt;
    if (!D.Forward.empty()) {
      ByNamespace[""] += (ByNamespace[""].empty() ? "" : "\n") + D.Forward;
      continue;
    }
    StringRef Name = V.Entities[K];
    if (!D.Namespace.empty() && !Name.consume_front(D.Namespace + "::"))
      return std::nullopt;
    if (Name.contains("::") || !IsIdentifier(Name) ||
        (!D.Namespace.empty() && !IsIdentifier(D.Namespace)))
      return std::nullopt; // a nested class or an anonymous namespace's
    StringRef Keyword = D.Kind == EntityKind::Struct  ? "struct"
                        : D.Kind == EntityKind::Union ? "union"
                                                      : "class";
    std::string &Line = ByNamespace[D.Namespace];
    Line += (Line.empty() ? "" : " ") + Keyword.str() + " " + Name.str() + ";";
  }
  if (ByNamespace.empty())
    return std::nullopt;
  std::string Out;
  for (const auto &[Namespace, Declared] : ByNamespace) {
    if (Namespace.empty()) {
      Out += Declared + "\n";
      continue;
    }
    SmallVector<StringRef, 4> Parts;
    StringRef(Namespace).split(Parts, "::");
    std::string Open, Close;
    for (StringRef P : Parts) {
      Open += "namespace " + P.str() + " { ";
      Close += " }";
    }
    Out += Open + Declared + Close + "\n";
  }
  return Out;
}

// A source's include of its own header: the same stem (Lakos).
static bool isOwnHeader(const IncludeFact &I) {
  return isSourcePath(I.File) && !I.Target.empty() &&
         sys::path::stem(I.File, sys::path::Style::posix) ==
             sys::path::stem(I.Target, sys::path::Style::posix);
}

IncludeReport classifyIncludes(const FactSet &Facts) {
  IncludeGraph G(Facts);
  IncludeReport R;

  // A file with partial facts may lack the uses that keep the includes of
  // the headers it reaches: leave those unclassified.
  StringMap<bool> Complete;
  BitVector Tainted(G.bits());
  for (const facts::FileFact &F : Facts.Files) {
    if (F.External)
      continue;
    Complete[F.Path] = F.Complete;
    if (!F.Complete)
      if (std::optional<unsigned> N = G.node(F.Path))
        Tainted |= G.closure(*N);
  }

  // How each class declaration is forward-declared, where it needs more
  // than its namespace and name.
  std::map<std::tuple<StringRef, unsigned, StringRef>, StringRef> Forwards;
  for (const facts::EntityFact &E : Facts.Entities)
    if (!E.Forward.empty())
      Forwards[{E.File, E.Line, E.Name}] = E.Forward;

  // The include targets at each (file, line).
  StringMap<std::map<unsigned, std::vector<unsigned>>> TargetsAt;
  for (const IncludeFact &I : Facts.Includes)
    if (!I.Target.empty())
      TargetsAt[I.File][I.Line].push_back(*G.node(I.Target));

  // Where each use is attributed: its include (Via), except that a use
  // whose declaration that include only reaches through other headers (a
  // use of an external declaration, or of a project one its include does
  // not name) moves to the earliest include the file needs anyway, before
  // the use, when that one reaches the declaration too: an include naming
  // the file of a declaration it needs, its own header, a pragma. `size_t` then
  // keeps no include of its own in a C file whose first include brings
  // <stddef.h>, and leveldb's crc32c.cc needs port/port.h no longer once
  // util/coding.h, which it needs, brings it too.
  auto Names = [&](const UseFact &U, unsigned Line) {
    std::optional<unsigned> D = G.node(U.TargetFile);
    auto Lines = TargetsAt.find(U.File);
    if (!D || Lines == TargetsAt.end())
      return false;
    auto At = Lines->second.find(Line);
    return At != Lines->second.end() && llvm::is_contained(At->second, *D);
  };
  // The includes whose target's declarations the file uses itself (and
  // needs whole: not only classes it could declare).
  auto NeedsItself = [&](const UseFact &U) {
    return U.Via && !U.External &&
           (U.NeedsDefinition || !isClassLike(U.TargetKind)) && Names(U, U.Via);
  };
  StringMap<std::set<unsigned>> NeededItself;
  for (const UseFact &U : Facts.Uses)
    if (NeedsItself(U))
      NeededItself[U.File].insert(U.Via);
  // A source gets for free what its own header includes, and needs, itself
  // (include-what-you-use's associated-header rule): a use of a
  // declaration in such a header counts for the own header's include, and
  // the source's own include of it is unused (abseil's
  // hashtablez_sampler.cc and sample_recorder.h, which
  // hashtablez_sampler.h includes for its own declarations). An include
  // the own header does not need is its own to drop; the source keeps
  // its.
  StringMap<std::pair<unsigned, StringRef>> OwnHeader; // line, path
  for (const IncludeFact &I : Facts.Includes)
    if (isOwnHeader(I))
      OwnHeader.try_emplace(I.File, I.Line, I.Target);
  auto ThroughOwnHeader = [&](const UseFact &U) -> unsigned {
    auto It = OwnHeader.find(U.File);
    std::optional<unsigned> D = G.node(U.TargetFile);
    if (It == OwnHeader.end() || !D)
      return 0;
    auto [Line, Own] = It->second;
    if (Line >= U.Line || Line == U.Via)
      return 0;
    auto Lines = TargetsAt.find(Own);
    auto Needs = NeededItself.find(Own);
    if (Lines == TargetsAt.end() || Needs == NeededItself.end())
      return 0;
    for (const auto &[OwnLine, Targets] : Lines->second)
      if (llvm::is_contained(Targets, *D) && Needs->second.count(OwnLine))
        return Line;
    return 0;
  };
  StringMap<std::set<unsigned>> Needed;
  for (const UseFact &U : Facts.Uses)
    if (NeedsItself(U) && !ThroughOwnHeader(U))
      Needed[U.File].insert(U.Via);
  for (const IncludeFact &I : Facts.Includes)
    if (!I.Pragma.empty() || isOwnHeader(I))
      Needed[I.File].insert(I.Line);
  auto AttributedLine = [&](const UseFact &U) -> unsigned {
    if (unsigned Own = ThroughOwnHeader(U))
      return Own;
    if (U.TargetFile.empty() || Names(U, U.Via))
      return U.Via;
    std::optional<unsigned> Header = G.node(U.TargetFile);
    auto Lines = TargetsAt.find(U.File);
    auto Need = Needed.find(U.File);
    if (!Header || Lines == TargetsAt.end() || Need == Needed.end())
      return U.Via;
    for (unsigned Line : Need->second) {
      if (Line >= U.Line)
        break;
      if (Line == U.Via)
        return U.Via;
      auto At = Lines->second.find(Line);
      if (At != Lines->second.end() &&
          llvm::any_of(At->second,
                       [&](unsigned T) { return G.reaches(T, *Header); }))
        return Line;
    }
    return U.Via;
  };
  std::vector<std::pair<const UseFact *, unsigned>> Attribution;
  StringMap<std::map<unsigned, std::vector<const UseFact *>>> Attributed;
  for (const UseFact &U : Facts.Uses)
    if (U.Via) {
      unsigned Line = AttributedLine(U);
      Attribution.push_back({&U, Line});
      Attributed[U.File][Line].push_back(&U);
    }

  // The includes the file itself does not need; they may still be needed
  // by others.
  struct Candidate {
    size_t Verdict;
    unsigned File, Target; // nodes
  };
  std::vector<Candidate> Candidates;
  // A header a file includes textually on one line (read again, without a
  // guard) it includes textually on all: brotli's hash.h includes
  // hash_longest_match_inc.h under three HASHER definitions, and the first
  // is no more unused than the others.
  std::set<std::pair<StringRef, StringRef>> TextualTargets;
  for (const IncludeFact &I : Facts.Includes)
    if (I.Textual)
      TextualTargets.insert({I.File, I.Target});
  for (const IncludeFact &I : Facts.Includes) {
    if (I.External || I.Target.empty())
      continue;
    unsigned File = *G.node(I.File), Target = *G.node(I.Target);
    auto C = Complete.find(I.File);
    bool Partial = C == Complete.end() || !C->second ||
                   (G.bit(File) >= 0 && Tainted.test(G.bit(File)));
    if (Partial || !isHeaderPath(I.Target) ||
        TextualTargets.count({I.File, I.Target})) {
      ++R.Unclassified;
      continue;
    }
    IncludeVerdict V;
    V.File = I.File.str();
    V.Line = I.Line;
    V.Column = I.Column;
    V.Spelled = I.Spelled.str();
    V.Target = I.Target.str();
    V.Status = IncludeStatusKind::Unused;
    std::map<std::string, IncludeVerdict::Declaration> Declared;
    auto ByLine = Attributed.find(I.File);
    if (ByLine != Attributed.end())
      if (auto It = ByLine->second.find(I.Line); It != ByLine->second.end()) {
        V.Status = IncludeStatusKind::ForwardDeclarable;
        for (const UseFact *U : It->second) {
          // Another library's classes are not ours to forward-declare (for
          // the standard library it is undefined behaviour).
          if (U->NeedsDefinition || !isClassLike(U->TargetKind) ||
              U->External) {
            V.Status = IncludeStatusKind::Used;
            break;
          }
          V.Entities.push_back(U->Target.str());
          auto Forward =
              Forwards.find({U->TargetFile, U->TargetLine, U->Target});
          Declared.try_emplace(
              U->Target.str(),
              IncludeVerdict::Declaration{
                  U->ToNamespace.str(), U->TargetKind, U->TargetFile.str(),
                  U->TargetLine,
                  Forward == Forwards.end() ? "" : Forward->second.str()});
        }
      }
    // A component's source includes its own header (Lakos; include-cleaner
    // agrees): never unused, whatever it uses, so the source is checked
    // against the declarations it defines.
    if (isOwnHeader(I))
      V.Status = IncludeStatusKind::Used;
    if (V.Status != IncludeStatusKind::Used) {
      llvm::sort(V.Entities);
      V.Entities.erase(std::unique(V.Entities.begin(), V.Entities.end()),
                       V.Entities.end());
      for (const std::string &Name : V.Entities)
        V.Declarations.push_back(Declared.find(Name)->second);
      // Forward-declarable means strata can write the declarations.
      if (V.Status == IncludeStatusKind::ForwardDeclarable &&
          !forwardDeclarations(V))
        V.Status = IncludeStatusKind::Used;
    }
    // include-what-you-use's pragmas (and strata's `strata: keep`) keep the
    // include whatever the file uses.
    if (V.Status != IncludeStatusKind::Used && !I.Pragma.empty()) {
      V.Status = IncludeStatusKind::Used;
      V.KeptFor = KeptForKind::Pragma;
    }
    if (V.Status == IncludeStatusKind::Used) {
      V.Entities.clear();
      V.Declarations.clear();
    } else {
      Candidates.push_back({R.Includes.size(), File, Target});
    }
    R.Includes.push_back(std::move(V));
  }

  auto Keep = [&](const Candidate &C, KeptForKind Why) {
    IncludeVerdict &V = R.Includes[C.Verdict];
    if (V.Status == IncludeStatusKind::Used)
      return;
    V.Status = IncludeStatusKind::Used;
    V.KeptFor = Why;
    V.Entities.clear();
    V.Declarations.clear();
  };

  // Used by includers: a use in another file F, attributed to F's include
  // of S, whose declaration (in D) lies beyond S. F sees D through a chain
  // of includes from S, and each include on it stays. The chain is one
  // shortest path, the same for every use: from each header, the include
  // nearest to D (an external header first when D is external, then the
  // earliest). Two includes of one header that both reach D do not keep
  // each other: the chain goes through one of them.
  std::map<std::pair<unsigned, unsigned>, std::vector<const Candidate *>>
      CandidatesAt; // (file, target) nodes
  for (const Candidate &C : Candidates)
    CandidatesAt[{C.File, C.Target}].push_back(&C);
  std::map<unsigned, std::set<unsigned>> StartsOf; // D -> the S reaching it
  // An external declaration placed at no header (forced includes) keeps,
  // as before, every include below S that reaches any external header.
  BitVector AnyExternal(G.bits());
  for (const auto &[Use, Via] : Attribution) {
    const UseFact &U = *Use;
    auto File = TargetsAt.find(U.File);
    if (File == TargetsAt.end())
      continue;
    auto Line = File->second.find(Via);
    if (Line == File->second.end())
      continue;
    std::optional<unsigned> D = G.node(U.TargetFile);
    for (unsigned S : Line->second) {
      if (D && S != *D)
        StartsOf[*D].insert(S);
      else if (!D && U.External)
        AnyExternal |= G.closure(S);
    }
  }
  for (const auto &[D, Starts] : StartsOf) {
    std::vector<unsigned> Dist = G.distancesTo(D);
    std::vector<bool> Walked(Dist.size());
    for (unsigned H : Starts) {
      while (H != D && Dist[H] != IncludeGraph::Far && !Walked[H]) {
        Walked[H] = true;
        std::optional<unsigned> Next;
        auto Better = [&](unsigned T) {
          if (Dist[T] != Dist[*Next])
            return Dist[T] < Dist[*Next];
          return G.isExternal(D) && G.isExternal(T) && !G.isExternal(*Next);
        };
        for (unsigned T : G.includes(H))
          if (Dist[T] + 1 == Dist[H] && (!Next || Better(T)))
            Next = T;
        if (!Next)
          break;
        if (auto It = CandidatesAt.find({H, *Next}); It != CandidatesAt.end())
          for (const Candidate *C : It->second)
            Keep(*C, KeptForKind::Includers);
        H = *Next;
      }
    }
  }
  if (AnyExternal.any())
    for (const Candidate &C : Candidates)
      if (G.bit(C.File) >= 0 && AnyExternal.test(G.bit(C.File)) &&
          G.reaches(C.Target, "", true))
        Keep(C, KeptForKind::Includers);

  // Used by a reliant header: a header this file includes uses, without
  // declaring or including it, something this include provides. The
  // header compiles only because the include comes first: the include
  // stays when it is the first of the file's staying includes to reach the
  // declaration and the reliant header arrives with it or after it (a
  // header without a guard arrives again: brotli's cluster.c includes
  // cluster_inc.h through cluster.h first, then three times after
  // bit_cost.h, which it relies on). An earlier include that already brings
  // the declaration serves instead (lua's lcode.c reaches lstate.h through
  // lcode.h before ldebug.h).
  std::map<TargetKey, BitVector> RelyingOn;
  for (const UseFact &U : Facts.Reliant) {
    std::optional<unsigned> H = G.node(U.File);
    if (!H || G.bit(*H) < 0)
      continue;
    auto [It, Inserted] =
        RelyingOn.try_emplace({U.TargetFile.str(), U.External}, BitVector());
    if (Inserted)
      It->second.resize(G.bits());
    It->second.set(G.bit(*H));
  }
  if (!RelyingOn.empty()) {
    struct Line {
      unsigned Number, Target;
      const Candidate *C;
    };
    std::map<unsigned, std::vector<Line>> LinesOf; // file -> its includes
    std::map<std::pair<unsigned, unsigned>, const Candidate *> CandidateAt;
    for (const Candidate &C : Candidates)
      CandidateAt[{C.File, R.Includes[C.Verdict].Line}] = &C;
    for (const IncludeFact &I : Facts.Includes) {
      if (I.Target.empty())
        continue;
      unsigned File = *G.node(I.File);
      auto It = CandidateAt.find({File, I.Line});
      LinesOf[File].push_back({I.Line, *G.node(I.Target),
                               It == CandidateAt.end() ? nullptr : It->second});
    }
    auto Stays = [&](const Line &L) {
      return !L.C || R.Includes[L.C->Verdict].Status == IncludeStatusKind::Used;
    };
    for (auto &[File, Lines] : LinesOf)
      llvm::stable_sort(Lines, [](const Line &A, const Line &B) {
        return A.Number < B.Number;
      });
    // Whether, reading \p File's staying includes in order, \p T arrives
    // before \p H: then H, which relies on T, compiles there whatever
    // came before \p File (brotli's hash.h includes hash_base.h before the
    // *_inc.h headers that rely on it).
    std::map<std::tuple<unsigned, unsigned, unsigned>, bool> Memo;
    std::function<bool(unsigned, unsigned, unsigned, unsigned)> TFirst =
        [&](unsigned File, unsigned T, unsigned H, unsigned Depth) -> bool {
      if (File == T)
        return true;
      if (File == H || Depth > 16)
        return false;
      auto [It, New] = Memo.try_emplace({File, T, H}, false);
      if (!New)
        return It->second;
      bool First = false;
      if (auto Lines = LinesOf.find(File); Lines != LinesOf.end())
        for (const Line &L : Lines->second) {
          if (!Stays(L))
            continue;
          bool ToT = G.reaches(L.Target, T), ToH = G.reaches(L.Target, H);
          if (ToT || ToH) {
            First = ToT && (!ToH || TFirst(L.Target, T, H, Depth + 1));
            break;
          }
        }
      Memo[{File, T, H}] = First;
      return First;
    };
    // Included files before their includers (a smaller closure first), so
    // that what an include brings is settled before its includers ask.
    std::vector<unsigned> Order;
    for (const auto &[File, Lines] : LinesOf)
      Order.push_back(File);
    auto Below = [&](unsigned F) { // what F's includes reach, not F
      const BitVector &C = G.closure(F);
      return C.count() - (G.bit(F) >= 0 && C.test(G.bit(F)));
    };
    llvm::stable_sort(
        Order, [&](unsigned A, unsigned B) { return Below(A) < Below(B); });
    for (unsigned File : Order) {
      const std::vector<Line> &Lines = LinesOf[File];
      for (size_t I = 0; I < Lines.size(); ++I) {
        const Candidate *C = Lines[I].C;
        if (!C || Stays(Lines[I]))
          continue;
        BitVector Before(G.bits());
        for (size_t J = 0; J < I; ++J)
          if (Stays(Lines[J]))
            Before |= G.closure(Lines[J].Target);
        // A reliant header needs this include when it arrives with it, or
        // after it through an include that does not bring the declaration
        // first itself.
        auto NeededBy = [&](std::optional<unsigned> T,
                            const BitVector &Headers) {
          for (size_t J = I; J < Lines.size(); ++J) {
            BitVector Here = G.closure(Lines[J].Target);
            Here &= Headers;
            for (unsigned B : Here.set_bits())
              if (J == I || !T || !Stays(Lines[J]) ||
                  !TFirst(Lines[J].Target, *T, G.nodeOfBit(B), 0))
                return true;
          }
          return false;
        };
        for (const auto &[Target, Headers] : RelyingOn) {
          if (!G.reaches(C->Target, Target.File, Target.External))
            continue;
          std::optional<unsigned> T = G.node(Target.File);
          if (T && G.bit(*T) >= 0 && Before.test(G.bit(*T)))
            continue;
          if (NeededBy(T, Headers)) {
            Keep(*C, KeptForKind::Reliant);
            break;
          }
        }
      }
    }
  }

  llvm::sort(R.Includes, [](const IncludeVerdict &A, const IncludeVerdict &B) {
    return A.key() < B.key();
  });
  R.recount();
  return R;
}

void IncludeReport::recount() {
  Used = ForwardDeclarable = Unused = 0;
  UsedByIncluders = UsedByReliant = UsedByPragma = UsedByVerify = 0;
  for (const IncludeVerdict &V : Includes) {
    switch (V.Status) {
    case IncludeStatusKind::Used:
      ++Used;
      UsedByIncluders += V.KeptFor == KeptForKind::Includers;
      UsedByReliant += V.KeptFor == KeptForKind::Reliant;
      UsedByPragma += V.KeptFor == KeptForKind::Pragma;
      UsedByVerify += V.KeptFor == KeptForKind::Verify;
      break;
    case IncludeStatusKind::ForwardDeclarable:
      ++ForwardDeclarable;
      break;
    case IncludeStatusKind::Unused:
      ++Unused;
      break;
    }
  }
}

} // namespace strata::graph
