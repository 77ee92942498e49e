//===- IncludeGraph.h - Which files a file sees -----------------*- C++ -*-===//
//
// Private to the extract library. The #include directives of one TU as a
// graph of files, and the question the resolver asks of it: can file A, at
// a point in its text, see file B through its own #includes, and through
// which one? No Clang types: nodes are files named by absolute path.
//
//===----------------------------------------------------------------------===//
#ifndef STRATA_LIB_EXTRACT_INCLUDEGRAPH_H
#define STRATA_LIB_EXTRACT_INCLUDEGRAPH_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace strata::extract {

/// One #include directive, for handing a precompiled header's includes to
/// the TUs parsed on top of it.
struct IncludeEdge {
  std::string From, To; ///< absolute paths
  unsigned Offset = 0;  ///< of the directive in From
  unsigned Line = 0;
};

class IncludeGraph {
public:
  /// The files the compiler is told to include before the main file
  /// (-include): every file of the TU sees what they reach.
  static constexpr unsigned Forced = 0;

  IncludeGraph();

  /// The node of the file at \p Path, made on first use.
  unsigned node(llvm::StringRef Path);
  /// Records that \p From includes \p To with a directive at byte \p Offset
  /// on \p Line. Repeats are ignored. Must not be called once reach() has
  /// been asked (reachability is memoized).
  void addInclude(unsigned From, unsigned Offset, unsigned Line, unsigned To);

  struct Reach {
    unsigned Hops = 0;    ///< includes followed: 1 for a direct include
    unsigned Line = 0;    ///< of From's include it goes through; 0: forced
    unsigned Through = 0; ///< the node that include names
  };
  /// How \p From sees \p To through its includes at byte \p Offset: only
  /// directives before \p Offset count. A directive whose target \p Prefer
  /// accepts wins over any other (the fewest hops first among them); then
  /// a directive naming \p To itself; then the earliest that reaches it.
  /// The earliest is usually a source's own header, which is needed anyway,
  /// so the includes a file needs only for what its other includes also
  /// provide come out unused. The forced includes come last. None:
  /// unreachable.
  std::optional<Reach>
  reach(unsigned From, unsigned Offset, unsigned To,
        llvm::function_ref<bool(unsigned)> Prefer = nullptr);

  /// Whether \p From's includes reach \p To (\p From itself counts).
  bool reaches(unsigned From, unsigned To) {
    return From == To || hopsFrom(From)[To] != UnreachableHops;
  }

  /// The first node that \p Stop accepts on a shortest path from \p Start
  /// (itself first) to \p To, taking accepted nodes first where paths
  /// split; \p To when none is. \p Start must reach \p To.
  unsigned firstOnPath(unsigned Start, unsigned To,
                       llvm::function_ref<bool(unsigned)> Stop);
  /// The absolute path of node \p N.
  llvm::StringRef path(unsigned N) const { return Paths[N]; }

  /// The nodes reached from \p From (itself included) through nodes that
  /// \p Keep accepts, in no particular order.
  std::vector<unsigned> closure(unsigned From,
                                llvm::function_ref<bool(unsigned)> Keep) const;

  /// Every directive, in the order they were added (for a precompiled
  /// header's TUs: addAll() replays them).
  std::vector<IncludeEdge> edges() const;
  void addAll(llvm::ArrayRef<IncludeEdge> Edges);

private:
  static constexpr uint16_t UnreachableHops = 0xffff;
  struct Directive {
    unsigned Offset, Line, To;
  };
  // Hops from node N to every node (Unreachable where it cannot), by
  // breadth-first search, computed once per N.
  const std::vector<uint16_t> &hopsFrom(unsigned N);

  llvm::StringMap<unsigned> Index;
  std::vector<std::string> Paths;
  std::vector<std::vector<Directive>> Out; ///< in the order of the text
  llvm::DenseMap<unsigned, std::vector<uint16_t>> Hops;
};

} // namespace strata::extract

#endif
