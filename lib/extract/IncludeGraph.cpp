//===- IncludeGraph.cpp - Which files a file sees -------------------------===//
#include "IncludeGraph.h"

#include "llvm/ADT/STLExtras.h"
#include <cassert>
#include <deque>
#include <limits>
#include <tuple>

using namespace llvm;

namespace strata::extract {

static constexpr uint16_t Unreachable = std::numeric_limits<uint16_t>::max();
static_assert(Unreachable == 0xffff);

IncludeGraph::IncludeGraph() {
  Index["<forced>"] = Forced;
  Paths.push_back("<forced>");
  Out.emplace_back();
}

unsigned IncludeGraph::node(StringRef Path) {
  auto [It, Inserted] = Index.try_emplace(Path, Paths.size());
  if (Inserted) {
    Paths.push_back(std::string(Path));
    Out.emplace_back();
  }
  return It->second;
}

void IncludeGraph::addInclude(unsigned From, unsigned Offset, unsigned Line,
                              unsigned To) {
  assert(Hops.empty() && "includes added after reachability was asked");
  std::vector<Directive> &D = Out[From];
  // A file entered twice (no include guard) repeats its directives.
  auto It = llvm::partition_point(
      D, [&](const Directive &X) { return X.Offset < Offset; });
  for (auto J = It; J != D.end() && J->Offset == Offset; ++J)
    if (J->To == To)
      return;
  D.insert(It, {Offset, Line, To});
}

const std::vector<uint16_t> &IncludeGraph::hopsFrom(unsigned N) {
  auto Known = Hops.find(N);
  if (Known != Hops.end())
    return Known->second;
  std::vector<uint16_t> Result(Paths.size(), Unreachable);
  std::deque<unsigned> Queue{N};
  Result[N] = 0;
  while (!Queue.empty()) {
    unsigned Cur = Queue.front();
    Queue.pop_front();
    if (Result[Cur] + 1 >= Unreachable)
      continue;
    for (const Directive &D : Out[Cur])
      if (Result[D.To] == Unreachable) {
        Result[D.To] = Result[Cur] + 1;
        Queue.push_back(D.To);
      }
  }
  return Hops.try_emplace(N, std::move(Result)).first->second;
}

std::optional<IncludeGraph::Reach>
IncludeGraph::reach(unsigned From, unsigned Offset, unsigned To,
                    function_ref<bool(unsigned)> Prefer) {
  std::optional<Reach> Best;
  // Directives come in the order of the text, so the first of a rank is
  // the earliest.
  std::tuple<bool, bool, unsigned> BestRank;
  auto Consider = [&](const Directive &D, unsigned Line) {
    const std::vector<uint16_t> &H = hopsFrom(D.To);
    if (To >= H.size() || H[To] == Unreachable)
      return;
    unsigned Hops = H[To] + 1u;
    bool Preferred = Prefer && Prefer(D.To);
    auto Rank = std::make_tuple(!Preferred, Hops > 1, Preferred ? Hops : 0u);
    if (!Best || Rank < BestRank) {
      Best = Reach{Hops, Line, D.To};
      BestRank = Rank;
    }
  };
  if (From != Forced && From < Out.size())
    for (const Directive &D : Out[From]) {
      if (D.Offset >= Offset)
        break;
      Consider(D, D.Line);
    }
  if (!Best)
    for (const Directive &D : Out[Forced])
      Consider(D, 0);
  return Best;
}

unsigned IncludeGraph::firstOnPath(unsigned Start, unsigned To,
                                   function_ref<bool(unsigned)> Stop) {
  unsigned Cur = Start;
  while (Cur != To && !Stop(Cur)) {
    uint16_t Left = hopsFrom(Cur)[To];
    if (Left == Unreachable || Left == 0)
      return To;
    std::optional<unsigned> Next;
    for (const Directive &D : Out[Cur]) {
      const std::vector<uint16_t> &H = hopsFrom(D.To);
      if (To >= H.size() || H[To] + 1u != Left)
        continue;
      if (!Next || (Stop(D.To) && !Stop(*Next)))
        Next = D.To;
    }
    if (!Next)
      return To;
    Cur = *Next;
  }
  return Cur;
}

std::vector<unsigned>
IncludeGraph::closure(unsigned From, function_ref<bool(unsigned)> Keep) const {
  std::vector<unsigned> Result = {From};
  std::vector<bool> Seen(Paths.size());
  Seen[From] = true;
  for (size_t I = 0; I < Result.size(); ++I)
    for (const Directive &D : Out[Result[I]])
      if (!Seen[D.To] && Keep(D.To)) {
        Seen[D.To] = true;
        Result.push_back(D.To);
      }
  return Result;
}

std::vector<IncludeEdge> IncludeGraph::edges() const {
  std::vector<IncludeEdge> Result;
  for (unsigned From = 0; From < Out.size(); ++From)
    for (const Directive &D : Out[From])
      Result.push_back({Paths[From], Paths[D.To], D.Offset, D.Line});
  return Result;
}

void IncludeGraph::addAll(ArrayRef<IncludeEdge> Edges) {
  for (const IncludeEdge &E : Edges)
    addInclude(node(E.From), E.Offset, E.Line, node(E.To));
}

} // namespace strata::extract
