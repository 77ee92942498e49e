//===- Facts.cpp - Fact tables and their merge ----------------------------===//
#include "strata/facts/Facts.h"

#include "strata/support/Output.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLExtras.h"
#include <algorithm>

using namespace llvm;

namespace strata::facts {
namespace {

constexpr StringRef EntityKindNames[] = {
    "namespace",  "class",    "struct",  "union",       "enum",
    "enumerator", "function", "method",  "constructor", "destructor",
    "variable",   "field",    "typedef", "concept",     "macro"};
constexpr StringRef UseKindNames[] = {
    "base", "field",  "param",        "return",  "var",
    "call", "ref",    "template-arg", "typedef", "friend",
    "new",  "delete", "exception",    "macro",   "type"};
constexpr StringRef TUStatusNames[] = {"ok", "failed", "crashed"};

template <typename Enum, size_t N>
std::optional<Enum> parseName(const StringRef (&Names)[N], StringRef S) {
  for (size_t I = 0; I < N; ++I)
    if (Names[I] == S)
      return static_cast<Enum>(I);
  return std::nullopt;
}

// How many of First..End come before \p Before (Take(X): X goes first),
// found by galloping: probes at 1, 2, 4, ... then a binary search, so a
// block of K costs about 2 log K comparisons and a lone element two.
template <typename Take>
size_t gallop(const uint32_t *First, const uint32_t *End, Take Takes) {
  size_t N = End - First, Lo = 0, Hi = 1;
  while (Hi <= N && Takes(First[Hi - 1])) {
    Lo = Hi;
    Hi *= 2;
  }
  Hi = std::min(Hi, N + 1);
  // Takes holds for [0, Lo) and fails at Hi - 1 (or Hi - 1 == N).
  return Lo + (std::partition_point(First + Lo, First + Hi - 1, Takes) -
               (First + Lo));
}

// Merges the sorted index ranges A and B into Out, stably (A's facts first
// among equals), a block at a time: runs that barely interleave (the units
// of a store, each a project's TU or a facts file, are mostly disjoint
// ranges of files) merge in a few comparisons, not one per fact.
template <typename Less>
void gallopMerge(const uint32_t *A, const uint32_t *AEnd, const uint32_t *B,
                 const uint32_t *BEnd, uint32_t *Out, Less ByFact) {
  while (A != AEnd && B != BEnd) {
    size_t K = gallop(A, AEnd, [&](uint32_t X) { return !ByFact(*B, X); });
    Out = std::copy(A, A + K, Out);
    A += K;
    if (A == AEnd)
      break;
    K = gallop(B, BEnd, [&](uint32_t X) { return ByFact(X, *A); });
    Out = std::copy(B, B + K, Out);
    B += K;
  }
  Out = std::copy(A, AEnd, Out);
  std::copy(B, BEnd, Out);
}

// Facts mostly arrive as sorted runs: a facts file or a store unit is
// written normalized, and a merge appends them. The runs are merged rather
// than the whole sorted again, which costs N log(runs) comparisons instead
// of N log N (fewer where runs do not interleave: gallopMerge): a store of
// a project's TUs loads a third faster, and a normalized input is only
// checked. The merge orders indices (8 bytes a fact, not a second copy of
// the facts) and then moves each fact once.
template <typename T, typename Less> void sortRuns(std::vector<T> &V, Less L) {
  const size_t N = V.size();
  std::vector<uint32_t> Starts{0};
  for (size_t I = 1; I < N; ++I)
    if (L(V[I], V[I - 1]))
      Starts.push_back(I);
  if (Starts.size() == 1)
    return;
  if (N > UINT32_MAX) { // indices would not fit; never seen in practice
    llvm::stable_sort(V, L);
    return;
  }
  Starts.push_back(N);
  std::vector<uint32_t> Order(N), Merged(N);
  for (size_t I = 0; I < N; ++I)
    Order[I] = I;
  auto ByFact = [&](uint32_t A, uint32_t B) { return L(V[A], V[B]); };
  // Bottom-up: merge neighbouring runs pairwise until one is left. Stable,
  // so equal facts keep the order they came in.
  while (Starts.size() > 2) {
    std::vector<uint32_t> Next{0};
    for (size_t R = 0; R + 1 < Starts.size(); R += 2) {
      uint32_t Begin = Starts[R], Mid = Starts[R + 1],
               End = R + 2 < Starts.size() ? Starts[R + 2] : Mid;
      gallopMerge(Order.data() + Begin, Order.data() + Mid, Order.data() + Mid,
                  Order.data() + End, Merged.data() + Begin, ByFact);
      Next.push_back(End);
    }
    if (Next.back() != N)
      Next.push_back(N);
    Order.swap(Merged);
    Starts = std::move(Next);
  }
  Merged = {};
  // Order[J] is the index of the fact that belongs at J: follow each cycle,
  // marking placed positions with Order[J] = J.
  for (uint32_t I = 0; I < N; ++I) {
    if (Order[I] == I)
      continue;
    T Held = std::move(V[I]);
    uint32_t J = I;
    while (Order[J] != I) {
      uint32_t K = Order[J];
      V[J] = std::move(V[K]);
      Order[J] = J;
      J = K;
    }
    V[J] = std::move(Held);
    Order[J] = J;
  }
}

// Sorts by key and keeps one fact per key. Facts with equal keys are folded
// with \p Fold, which must be commutative and associative so that the result
// does not depend on how TUs were grouped.
template <typename T, typename FoldFn>
void sortAndFold(std::vector<T> &V, FoldFn Fold) {
  sortRuns(V, [](const T &A, const T &B) { return A.tuple() < B.tuple(); });
  size_t Out = 0;
  for (size_t I = 0; I < V.size(); ++I) {
    if (Out > 0 && V[Out - 1].key() == V[I].key()) {
      Fold(V[Out - 1], V[I]);
      continue;
    }
    if (Out != I)
      V[Out] = std::move(V[I]);
    ++Out;
  }
  V.resize(Out);
}

// After sorting by the full tuple the first fact of a key is its minimum;
// keeping it is the fold.
template <typename T> void keepFirst(T &, const T &) {}

} // namespace

StringRef toString(EntityKind K) {
  return EntityKindNames[static_cast<size_t>(K)];
}
StringRef toString(UseKind K) { return UseKindNames[static_cast<size_t>(K)]; }
StringRef toString(TUStatus S) { return TUStatusNames[static_cast<size_t>(S)]; }
std::optional<EntityKind> parseEntityKind(StringRef S) {
  return parseName<EntityKind>(EntityKindNames, S);
}
std::optional<UseKind> parseUseKind(StringRef S) {
  return parseName<UseKind>(UseKindNames, S);
}
std::optional<TUStatus> parseTUStatus(StringRef S) {
  return parseName<TUStatus>(TUStatusNames, S);
}

void FactSet::normalize() {
  sortAndFold(TUs, keepFirst<TUFact>);
  // A file is complete when any TU that read it parsed cleanly.
  sortAndFold(Files, [](FileFact &Kept, const FileFact &Dup) {
    Kept.Complete = Kept.Complete || Dup.Complete;
  });
  sortAndFold(Includes, keepFirst<IncludeFact>);
  sortAndFold(Entities, keepFirst<EntityFact>);
  // Uses of one key differ where the TUs that recorded them saw different
  // declarations: `using std::swap;` names each overload the TU declared
  // before it, and the file sees some of them through its own includes.
  // One it sees is the fact; an external target seen through none (an
  // empty TargetFile) is kept only when no TU saw one, so that the choice
  // does not depend on which TUs were merged.
  sortAndFold(Uses, [](UseFact &Kept, const UseFact &Dup) {
    if (Kept.TargetFile.empty() && !Dup.TargetFile.empty())
      Kept = Dup;
  });
  sortAndFold(Reliant, keepFirst<UseFact>);
}

// Adds \p Other's tables to \p Into's without normalizing: moved from a
// FactSet, copied from a const one.
template <typename Set> static Error append(FactSet &Into, Set &Other) {
  std::string &Root = Into.Root;
  if (Root.empty())
    Root = Other.Root;
  else if (!Other.Root.empty() && Other.Root != Root)
    return createStringError(inconvertibleErrorCode(),
                             "cannot merge facts with different project "
                             "roots: '" +
                                 Root + "' and '" + Other.Root + "'");
  auto Append = [](auto &To, auto &From) {
    if constexpr (std::is_const_v<Set>)
      To.insert(To.end(), From.begin(), From.end());
    else
      To.insert(To.end(), std::make_move_iterator(From.begin()),
                std::make_move_iterator(From.end()));
  };
  Append(Into.TUs, Other.TUs);
  Append(Into.Files, Other.Files);
  Append(Into.Includes, Other.Includes);
  Append(Into.Entities, Other.Entities);
  Append(Into.Uses, Other.Uses);
  Append(Into.Reliant, Other.Reliant);
  return Error::success();
}

Error FactSet::merge(FactSet Other) {
  if (Error E = append(*this, Other))
    return E;
  normalize();
  return Error::success();
}

bool FactSet::operator==(const FactSet &O) const {
  auto Same = [](const auto &A, const auto &B) {
    return A.size() == B.size() && std::equal(A.begin(), A.end(), B.begin(),
                                              [](const auto &X, const auto &Y) {
                                                return X.tuple() == Y.tuple();
                                              });
  };
  return Root == O.Root && Same(TUs, O.TUs) && Same(Files, O.Files) &&
         Same(Includes, O.Includes) && Same(Entities, O.Entities) &&
         Same(Uses, O.Uses) && Same(Reliant, O.Reliant);
}

// Each table grows once: growing by doubling would hold the old and the
// new copy of every fact at once, at the peak of a run's memory.
template <typename Parts> static Expected<FactSet> mergeParts(Parts &P) {
  FactSet Result;
  auto Reserve = [&](auto Table) {
    size_t N = 0;
    for (const FactSet &Part : P)
      N += (Part.*Table).size();
    (Result.*Table).reserve(N);
  };
  Reserve(&FactSet::TUs);
  Reserve(&FactSet::Files);
  Reserve(&FactSet::Includes);
  Reserve(&FactSet::Entities);
  Reserve(&FactSet::Uses);
  Reserve(&FactSet::Reliant);
  for (auto &Part : P) {
    if (Error E = append(Result, Part))
      return E;
    // A part moved from is let go at once, not at the end.
    if constexpr (!std::is_const_v<std::remove_reference_t<decltype(Part)>>)
      Part = FactSet();
  }
  Result.normalize();
  return Result;
}

Expected<FactSet> mergeAll(std::vector<FactSet> Parts) {
  // One part (one facts file read back) is its own merge: moving it keeps
  // a single copy of its tables.
  if (Parts.size() == 1) {
    FactSet Result = std::move(Parts.front());
    Result.normalize();
    return Result;
  }
  return mergeParts(Parts);
}

Expected<FactSet> mergeCopies(ArrayRef<FactSet> Parts) {
  return mergeParts(Parts);
}

} // namespace strata::facts
