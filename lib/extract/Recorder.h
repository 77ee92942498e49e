//===- Recorder.h - Uses, macros and entities into facts --------*- C++ -*-===//
//
// Private to the extract library. The walker and the preprocessor callbacks
// report what they see here; the recorder resolves each use to the
// declaration the using file can see (Resolve.h) and writes the fact, a
// reliant use, or nothing.
//
//===----------------------------------------------------------------------===//
#ifndef STRATA_LIB_EXTRACT_RECORDER_H
#define STRATA_LIB_EXTRACT_RECORDER_H

#include "FactCollector.h"
#include "Resolve.h"
#include "clang/Basic/SourceLocation.h"
#include <string>
#include <vector>

namespace clang {
class ASTContext;
class MacroInfo;
class NamedDecl;
class Token;
class UsingShadowDecl;
} // namespace clang

namespace strata::extract {

class Recorder {
public:
  explicit Recorder(FactCollector &C) : C(C), SM(C.sourceManager()), R(C) {}

  /// A use the walker found.
  struct Site {
    clang::SourceLocation Loc;
    const clang::NamedDecl *Target = nullptr;
    facts::UseKind Kind = facts::UseKind::TypeUse;
    const clang::NamedDecl *Context =
        nullptr; ///< innermost entity; may be null
    bool NeedsDefinition = false;
    /// The use needs the target's object code (a call or a reference, not
    /// a friend or using declaration).
    bool Links = false;
    /// One of a dependent name's candidates: dropped when the using file
    /// cannot see it, since lookup at instantiation decides.
    bool Candidate = false;
    /// Written as `class X` (friend or elaborated type): it declares X
    /// itself when no other declaration is visible.
    bool DeclaresItself = false;
    /// A using-directive: the target is a namespace, of which it needs
    /// some declaration.
    bool Directive = false;
  };
  void use(const Site &S);

  /// A macro expanded (\p Test false) or tested at \p Loc. Resolved by
  /// finishMacros(), once every #include of the TU is known.
  void macroUse(clang::SourceLocation Loc, const clang::Token &Name,
                const clang::MacroInfo *MI, bool Test);
  void finishMacros();

  void entity(const clang::NamedDecl *D, bool Definition, bool Abstract);

private:
  struct PendingMacro {
    clang::SourceLocation Loc, DefLoc;
    std::string Name;
    bool Test;
    /// The use is the #include on this line of the using file, of the
    /// header that defines the macro (0: resolve as usual).
    unsigned IncludeLine = 0;
    /// Named in another macro's body, in the file defining that macro.
    bool InBody = false;
  };

  // Resolves \p Entity, used as \p S says at \p FileLoc, and writes the
  // fact. \p InMacroBody: the use is a macro body's, in the file that
  // defines the macro; it is written only when that file sees the entity.
  void record(const Site &S, const clang::NamedDecl *Entity,
              facts::EntityKind TK, clang::SourceLocation FileLoc,
              bool InMacroBody);
  // The fact of a use at \p FileLoc, without its target.
  facts::UseFact factAt(const Site &S, clang::SourceLocation FileLoc);
  // A use of a name that a using-declaration in another project file
  // brings into scope (`namespace absl { using std::string_view; }`): that
  // file provides the name, whatever file declares the entity, so the use
  // depends on it too.
  void provider(const Site &S, const clang::UsingShadowDecl *Shadow,
                clang::SourceLocation FileLoc);

  // Places \p U's target at \p File and \p Loc, seen through the include on
  // line \p Via of the using file, which names node \p Through.
  void setTarget(facts::UseFact &U, const FactCollector::FileInfo &File,
                 clang::SourceLocation Loc, unsigned Via, unsigned Through);

  FactCollector &C;
  clang::SourceManager &SM;
  Resolver R;
  std::vector<PendingMacro> Macros;
};

/// Walks the TU's project declarations (Walker.cpp) into \p R.
void walkAST(clang::ASTContext &Ctx, FactCollector &C, Recorder &R);

} // namespace strata::extract

#endif
