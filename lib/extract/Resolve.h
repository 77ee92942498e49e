//===- Resolve.h - Which declaration a use depends on -----------*- C++ -*-===//
//
// Private to the extract library. The middle steps of the walk, in the
// manner of include-cleaner's `AST node => Symbol => Location => Header`:
// the walker reports a use of a declaration; entityOf() finds the entity
// (the template behind a specialization, the target of a using); resolve()
// lists its redeclarations and picks the one the using file can see; and
// symbolOf() names the entity for the linker. The recorder writes the fact.
//
//===----------------------------------------------------------------------===//
#ifndef STRATA_LIB_EXTRACT_RESOLVE_H
#define STRATA_LIB_EXTRACT_RESOLVE_H

#include "FactCollector.h"
#include "clang/Basic/SourceLocation.h"
#include "llvm/ADT/DenseMap.h"
#include <optional>
#include <string>
#include <tuple>

namespace clang {
class Decl;
class NamedDecl;
} // namespace clang

namespace strata::extract {

class Resolver {
public:
  explicit Resolver(FactCollector &C) : C(C), SM(C.sourceManager()) {}

  /// The entity a use of \p D uses: a using declaration's target, the
  /// template of a specialization that was not written out, the pattern of
  /// an instantiated member.
  static const clang::NamedDecl *entityOf(const clang::NamedDecl *D);

  /// True when \p D is the definition among its redeclarations (every
  /// declaration of a kind that has no separate definition is).
  static bool isDefinition(const clang::NamedDecl *D);

  /// A declaration a use sees, and how.
  struct Seen {
    unsigned Hops = 0; ///< 0: the using file itself
    unsigned Via = 0;  ///< line of the using file's #include it is seen through
    bool After = false;   ///< in the using file, after the use
    unsigned Through = 0; ///< the include graph node that #include names
  };

  /// How the file holding \p Use (a file location) sees \p Decl (a file
  /// location): in itself, or through its own #includes before the use; the
  /// main file also sees everything the TU read before the use. None: not
  /// at all (its includer declared it).
  std::optional<Seen> sees(clang::SourceLocation Use,
                           clang::SourceLocation Decl);

  struct Choice {
    const clang::NamedDecl *Decl = nullptr; ///< null: no declaration at all
    bool Visible = false;
    unsigned Via = 0;
    unsigned Through = 0; ///< Seen::Through
  };
  /// The declaration of \p Entity a use at \p Use depends on. Among the
  /// visible redeclarations: a definition when \p NeedsDefinition and one is
  /// visible, else the nearest (the using file first, then the fewest
  /// include hops, then the earliest include). A declaration later in the
  /// using file counts only when nothing else is visible (members used in a
  /// class before they are declared). Not visible: the definition, else the
  /// first declaration. Implicit declarations (builtins) are never chosen.
  Choice resolve(const clang::NamedDecl *Entity, clang::SourceLocation Use,
                 bool NeedsDefinition);

  /// The link identity of a function or variable with linkage: a hash of
  /// its USR, the same in every TU. Empty for anything else, templates and
  /// their members included.
  std::string symbolOf(const clang::NamedDecl *Entity);

private:
  /// Where \p D is declared: its file's path, line and column.
  std::tuple<llvm::StringRef, unsigned, unsigned>
  place(const clang::NamedDecl *D);

  FactCollector &C;
  clang::SourceManager &SM;
  llvm::DenseMap<const clang::Decl *, std::string> Symbols;
};

} // namespace strata::extract

#endif
