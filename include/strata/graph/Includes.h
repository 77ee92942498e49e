//===- strata/graph/Includes.h - Which includes a file needs ----*- C++ -*-===//
//
// Every project #include is classified from the facts alone: used,
// forward-declarable or unused, by the uses the extractor attributed to it
// (UseFact::Via). Each use is attributed to exactly one include of its file,
// and an include that other files see declarations through counts as used,
// so removing every include classified unused at once is safe (the rule and
// its reasoning are in docs/includes.md). The graphs read the result to say
// what cutting an edge takes.
//
//===----------------------------------------------------------------------===//
#ifndef STRATA_GRAPH_INCLUDES_H
#define STRATA_GRAPH_INCLUDES_H

#include "strata/facts/Facts.h"
#include "llvm/ADT/StringRef.h"
#include <cstdint>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

namespace strata::graph {

/// Ordered from most to least needed.
enum class IncludeStatusKind : uint8_t { Used, ForwardDeclarable, Unused };
/// "used", "forward-declarable", "unused".
llvm::StringRef toString(IncludeStatusKind S);

/// Whose need keeps a used include.
enum class KeptForKind : uint8_t {
  Itself,    ///< a use in the including file needs it
  Includers, ///< only files including this one see declarations through it
  Reliant,   ///< only a header the file includes relies on what it declares
  Pragma,    ///< an include-what-you-use pragma (keep, export, associated)
  Verify,    ///< a TU stopped parsing when --verify-includes removed it
};
/// "itself", "includers", "reliant", "pragma", "verify".
llvm::StringRef toString(KeptForKind K);

/// The verdict on one #include of a project file.
struct IncludeVerdict {
  std::string File; ///< the including file
  unsigned Line = 0;
  unsigned Column = 0;
  std::string Spelled;
  std::string Target;
  IncludeStatusKind Status = IncludeStatusKind::Used;
  KeptForKind KeptFor = KeptForKind::Itself; ///< meaningful when Used
  /// Not Used: every TU that reads the file parsed with the edit applied
  /// (--verify-includes).
  bool Verified = false;
  /// ForwardDeclarable: the classes the file would declare instead of
  /// including, qualified, sorted, unique. Empty otherwise.
  std::vector<std::string> Entities;
  /// ForwardDeclarable: how to declare each of Entities, in their order.
  struct Declaration {
    std::string Namespace;  ///< enclosing namespace; empty: global
    facts::EntityKind Kind; ///< Class, Struct or Union
    std::string TargetFile; ///< where it is declared
    unsigned TargetLine = 0;
    /// EntityFact::Forward of that declaration: the declaration to write
    /// when it needs more than `namespace N { class X; }`.
    std::string Forward;
  };
  std::vector<Declaration> Declarations;

  auto key() const { return std::tie(File, Line, Column, Target); }
};

struct IncludeReport {
  /// Every classified include, sorted by file, line, column and target.
  std::vector<IncludeVerdict> Includes;
  unsigned Used = 0, ForwardDeclarable = 0, Unused = 0;
  /// Of Used: kept only for their includers, only for a reliant header,
  /// only for a pragma, or because removing them broke a parse.
  unsigned UsedByIncluders = 0, UsedByReliant = 0, UsedByPragma = 0,
           UsedByVerify = 0;
  /// Project includes not classified: in a file whose facts are partial or
  /// that a file with partial facts includes, of a textual fragment (a
  /// target that is not a header: .inc, .def, a source file), or inside a
  /// function body or class definition.
  unsigned Unclassified = 0;

  /// Counts Used, ForwardDeclarable, Unused and the kept-for counts again
  /// from Includes (after a verdict changed).
  void recount();

  /// The most needed verdict on an include at \p File : \p Line (one
  /// directive may resolve to different targets in different TUs); null
  /// when none was classified.
  const IncludeVerdict *find(llvm::StringRef File, unsigned Line) const;
};

/// Classifies every #include of \p Facts whose target is a project file.
IncludeReport classifyIncludes(const facts::FactSet &Facts);

/// The text that replaces a forward-declarable include: its classes'
/// declarations, one line per namespace. None when one of them cannot be
/// declared mechanically (a nested class, a template with default
/// arguments); classifyIncludes() never calls such an include
/// forward-declarable.
std::optional<std::string> forwardDeclarations(const IncludeVerdict &V);

/// True for a path a C or C++ project includes as a header: .h, .hh, .hpp,
/// .hxx, .h++, .inl, .ipp, .tcc, or no extension.
bool isHeaderPath(llvm::StringRef Path);

/// True for a path with a C or C++ source extension: .c, .cc, .cpp, .cxx,
/// .c++, .C, .m, .mm.
bool isSourcePath(llvm::StringRef Path);

} // namespace strata::graph

#endif
