//===- Diagnostics.cpp - What a person reads ------------------------------===//
#include "strata/analysis/Diagnostics.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include <cassert>
#include <fmt/format.h>

using namespace llvm;
using strata::graph::Evidence;

namespace strata::analysis {
namespace {

// Members of a cycle, or its cuts, named in a note; more are counted.
constexpr size_t MembersShown = 8;

bool isInclude(const Evidence &E) { return E.Kind == "include"; }

// How much of the line the evidence covers: the include's quoted name, or
// the used entity's last name component.
unsigned widthOf(const Evidence &E) {
  if (isInclude(E))
    return E.Entity.size() + 2;
  StringRef Name = E.Entity;
  if (size_t Colons = Name.rfind("::"); Colons != StringRef::npos)
    Name = Name.drop_front(Colons + 2);
  return std::max<size_t>(1, Name.size());
}

// The evidence of one edge in one file: [Begin, End) of the edge's sites,
// which are sorted by file, line and column.
struct FileSites {
  const Evidence *Begin, *End;
  // The include that makes the edge in this file, else its first use.
  const Evidence &primary() const {
    const Evidence *Inc = std::find_if(Begin, End, isInclude);
    return Inc != End ? *Inc : *Begin;
  }
};

// \p Sites must be sorted (graph edges keep them so).
std::vector<FileSites> byFile(const std::vector<Evidence> &Sites) {
  assert(llvm::is_sorted(Sites, [](const Evidence &A, const Evidence &B) {
    return A.tuple() < B.tuple();
  }));
  std::vector<FileSites> Out;
  for (size_t I = 0; I < Sites.size();) {
    size_t J = I;
    while (J < Sites.size() && Sites[J].File == Sites[I].File)
      ++J;
    Out.push_back({Sites.data() + I, Sites.data() + J});
    I = J;
  }
  return Out;
}

// A diagnostic at the primary site of \p F, the file's other sites as notes
// (one per line, column and entity: the compile and link evidence of one
// call is one note), at most \p Cap of them.
Diagnostic atFirstEvidence(const FileSites &F, size_t Cap) {
  const Evidence &P = F.primary();
  Diagnostic D;
  D.File = P.File;
  D.Line = P.Line;
  D.Column = P.Column;
  D.Width = widthOf(P);
  auto Same = [](const Evidence &A, const Evidence &B) {
    return std::tie(A.Line, A.Column, A.Kind, A.Entity) ==
           std::tie(B.Line, B.Column, B.Kind, B.Entity);
  };
  for (const Evidence *E = F.Begin; E != F.End;) {
    const Evidence *Run = E;
    bool AnyCompile = false;
    for (; E != F.End && Same(*E, *Run); ++E)
      AnyCompile |= E->Nature == graph::NatureKind::Compile;
    if (Same(*Run, P))
      continue;
    if (D.Notes.size() == Cap) {
      ++D.MoreNotes;
      continue;
    }
    Evidence Shown = *Run;
    if (AnyCompile)
      Shown.Nature = graph::NatureKind::Compile;
    D.Notes.push_back(
        {Shown.File.str(), Shown.Line, Shown.Column, describeEvidence(Shown)});
  }
  if (D.MoreNotes)
    D.Notes.push_back({D.File, D.Line, D.Column,
                       fmt::format("and {} more line{} of this dependency in "
                                   "this file",
                                   D.MoreNotes, D.MoreNotes == 1 ? "" : "s")});
  return D;
}

std::string members(const std::vector<std::string> &Names) {
  std::string Out =
      join(Names.begin(), Names.begin() + std::min(Names.size(), MembersShown),
           ", ");
  if (Names.size() > MembersShown)
    Out += fmt::format(" and {} more", Names.size() - MembersShown);
  return Out;
}

} // namespace

std::string describeEvidence(const Evidence &E) {
  if (isInclude(E))
    return fmt::format("include \"{}\"", E.Entity);
  return fmt::format("{} {}{}", E.Kind, E.Entity,
                     E.Nature == graph::NatureKind::Link ? " (link)" : "");
}

std::vector<Diagnostic> diagnose(const std::vector<Violation> &Violations,
                                 size_t NoteCap) {
  std::vector<Diagnostic> Out;
  for (const Violation &V : Violations) {
    if (V.Edges.empty()) {
      Out.push_back({.Rule = V.Rule,
                     .Level = V.Level,
                     .Message = V.Message,
                     .Key = V.Identity});
      continue;
    }
    for (size_t EI = 0; EI < V.Edges.size(); ++EI) {
      const ViolationEdge &E = V.Edges[EI];
      for (const FileSites &F : byFile(E.Sites)) {
        Diagnostic D = atFirstEvidence(F, NoteCap);
        D.Rule = V.Rule;
        D.Level = V.Level;
        D.Message = V.Reason.empty() || E.To.empty()
                        ? V.Message
                        : E.From + " -> " + E.To + ": " + V.Reason;
        D.Key = V.Identity + "|" + E.From + "->" + E.To + "|" + D.File;
        if (!E.Advice.empty())
          D.Notes.push_back(
              {D.File, D.Line, D.Column, "to cut it: " + E.Advice});
        for (const std::string &C : V.Context)
          D.Notes.push_back({D.File, D.Line, D.Column, C});
        // A cycle's other cuts, by name: each has its own diagnostics
        // where it is made.
        std::vector<std::string> Others;
        if (V.Rule == "strata-cycle")
          for (size_t OI = 0; OI < V.Edges.size(); ++OI)
            if (OI != EI)
              Others.push_back(V.Edges[OI].From + " -> " + V.Edges[OI].To);
        if (!Others.empty())
          D.Notes.push_back(
              {D.File, D.Line, D.Column, "the other cuts: " + members(Others)});
        Out.push_back(std::move(D));
      }
    }
  }
  return Out;
}

std::vector<Diagnostic> cycleMembership(const graph::Analysis &A,
                                        size_t NoteCap) {
  std::vector<Diagnostic> Out;
  const graph::LevelAnalysis &Comp = A.at(graph::Level::Component);
  const graph::DependencyGraph &G = Comp.Graph;
  for (const graph::CycleGroup &C : Comp.Metrics.Cycles) {
    std::vector<std::string> Names;
    for (unsigned N : C.Nodes)
      Names.push_back(G.nodes()[N].Name);
    std::string Cycle = fmt::format("the component cycle: {}", members(Names));
    for (unsigned EI : C.Edges) {
      const graph::Edge &E = G.edges()[EI];
      const std::string &From = G.nodes()[E.From].Name;
      const std::string &To = G.nodes()[E.To].Name;
      bool Cut = is_contained(C.Cut, EI);
      // The includes close the cycle; uses only where there is no include
      // at all (link-time edges).
      std::vector<Evidence> Sites;
      copy_if(E.Sites, std::back_inserter(Sites), isInclude);
      if (Sites.empty())
        Sites = E.Sites;
      for (const FileSites &F : byFile(Sites)) {
        Diagnostic D = atFirstEvidence(F, NoteCap);
        D.Rule = "strata-cycle-member";
        D.Level = Severity::Warning;
        D.Message = fmt::format("{} -> {}: in a cycle of {} components{}", From,
                                To, Names.size(),
                                Cut ? "; strata suggests cutting it" : "");
        D.Key = "strata-cycle-member|" + From + "->" + To + "|" + D.File;
        std::string Advice = graph::cutAdvice(E);
        if (Cut && !Advice.empty())
          D.Notes.push_back({D.File, D.Line, D.Column, "to cut it: " + Advice});
        D.Notes.push_back({D.File, D.Line, D.Column, Cycle});
        Out.push_back(std::move(D));
      }
    }
  }
  return Out;
}

std::vector<Diagnostic> includeFindings(const graph::Analysis &A) {
  std::vector<Diagnostic> Out;
  for (const graph::IncludeVerdict &I : A.Includes.Includes) {
    if (I.Status == graph::IncludeStatusKind::Used)
      continue;
    Diagnostic D{.Level = Severity::Information,
                 .File = I.File,
                 .Line = I.Line,
                 .Column = I.Column,
                 .Width = static_cast<unsigned>(I.Spelled.size() + 2)};
    if (I.Status == graph::IncludeStatusKind::Unused) {
      D.Rule = "strata-unused-include";
      D.Message = fmt::format("unused include \"{}\": nothing here or in its "
                              "includers needs it",
                              I.Spelled);
    } else {
      D.Rule = "strata-forward-declarable";
      std::string Names = join(
          I.Entities.begin(),
          I.Entities.begin() + std::min<size_t>(3, I.Entities.size()), ", ");
      if (I.Entities.size() > 3)
        Names += fmt::format(" and {} more", I.Entities.size() - 3);
      D.Message = fmt::format("\"{}\" is included for declarations only: "
                              "forward-declare {}",
                              I.Spelled, Names);
    }
    D.Key = D.Rule + "|" + I.File + "|" + I.Target;
    Out.push_back(std::move(D));
  }
  return Out;
}

// Whether \p Text holds `Marker(names)` with a name that covers \p Rule.
static bool names(StringRef Text, StringRef Marker, StringRef Rule) {
  for (size_t At = Text.find(Marker); At != StringRef::npos;
       At = Text.find(Marker, At + 1)) {
    StringRef Rest = Text.substr(At + Marker.size());
    if (!Rest.consume_front("("))
      continue;
    SmallVector<StringRef, 4> Names;
    Rest.take_until([](char C) { return C == ')'; }).split(Names, ',');
    for (StringRef N : Names) {
      N = N.trim();
      if (N == "strata" || N == Rule ||
          (N.ends_with("*") && Rule.starts_with(N.drop_back())))
        return true;
    }
  }
  return false;
}

const std::vector<std::string> &Suppressions::linesOf(const std::string &File) {
  auto [It, Inserted] = Lines.try_emplace(File);
  if (Inserted) {
    SmallString<256> Path(File);
    if (!sys::path::is_absolute(Path)) {
      Path = Root;
      sys::path::append(Path, File);
    }
    if (auto Buffer = MemoryBuffer::getFile(Path, /*IsText=*/true)) {
      SmallVector<StringRef, 0> Split;
      (*Buffer)->getBuffer().split(Split, '\n');
      for (StringRef L : Split)
        It->second.push_back(L.str());
    }
  }
  return It->second;
}

bool Suppressions::silences(const Diagnostic &D) {
  if (D.File.empty() || D.Line == 0)
    return false;
  const std::vector<std::string> &L = linesOf(D.File);
  if (D.Line <= L.size() && names(L[D.Line - 1], "NOLINT", D.Rule))
    return true;
  return D.Line >= 2 && D.Line - 1 <= L.size() &&
         names(L[D.Line - 2], "NOLINTNEXTLINE", D.Rule);
}

void dropSuppressed(std::vector<Diagnostic> &Diagnostics, Suppressions &S) {
  llvm::erase_if(Diagnostics,
                 [&](const Diagnostic &D) { return S.silences(D); });
}

void dropSuppressed(std::vector<Violation> &Violations, Suppressions &S) {
  llvm::erase_if(Violations, [&](const Violation &V) {
    std::vector<Diagnostic> Ds = diagnose({V});
    return !Ds.empty() &&
           llvm::all_of(Ds, [&](const Diagnostic &D) { return S.silences(D); });
  });
}

} // namespace strata::analysis
