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

  /// A macro expanded (\p Test false) or tested at \p Loc; with
  /// \p InDefinition, named at \p Loc in the body of a macro being defined.
  /// Resolved by finishMacros(), once every #include of the TU is known.
  void macroUse(clang::SourceLocation Loc, const clang::Token &Name,
                const clang::MacroInfo *MI, bool Test,
                bool InDefinition = false);
  void finishMacros();

  void entity(const clang::NamedDecl *D, bool Definition, bool Abstract);

  /// A use of a specialization that another project file explicitly
  /// instantiates (`extern template class X<int>;`): that file is used
  /// too, for the instantiation (include-what-you-use's rule).
  void instantiation(const Site &S,
                     const clang::ClassTemplateSpecializationDecl *Spec);

  /// A use of the declaration \p Redecl itself, not of whichever
  /// redeclaration the use sees best (the one with a default argument).
  void declaredAt(const Site &S, const clang::NamedDecl *Redecl);

  /// Whether the file declaring \p From sees \p Tag's definition before it
  /// (true when \p Tag has none).
  bool seesDefinition(const clang::NamedDecl *From, const clang::TagDecl *Tag);

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
    /// Where the outermost macro was expanded, when the use is a macro
    /// body's: the TU recording that file records the body's use too.
    clang::SourceLocation Expansion;
  };

  // Resolves \p Entity, used as \p S says at \p FileLoc, and writes the
  // fact. \p InMacroBody: the use is a macro body's, in the file that
  // defines the macro; it is written only when that file sees the entity.
  // \p ThroughMacro: how the using file sees the header whose macro body
  // names the entity, when that header sees it; the use comes through it.
  void record(const Site &S, const clang::NamedDecl *Entity,
              facts::EntityKind TK, clang::SourceLocation FileLoc,
              bool InMacroBody,
              std::optional<Resolver::Seen> ThroughMacro = std::nullopt);
  // Where in its header's text the body of the macro that a file expanded
  // spells the token at \p Loc, through any macros that body expands;
  // invalid when the file wrote the token itself.
  clang::SourceLocation outermostMacroBody(clang::SourceLocation Loc) const;
  // The fact of a use at \p FileLoc, without its target.
  facts::UseFact factAt(const Site &S, clang::SourceLocation FileLoc);
  // A use of a name that a using-declaration in another project file
  // brings into scope (`namespace absl { using std::string_view; }`): that
  // file provides the name, whatever file declares the entity, so the use
  // depends on it too.
  void provider(const Site &S, const clang::UsingShadowDecl *Shadow,
                clang::SourceLocation FileLoc);
  // A use at \p FileLoc of the directive at \p Loc (a using-declaration,
  // an explicit instantiation) that says something of \p Named, when that
  // directive stands in another project file the use sees.
  void directive(const Site &S, const clang::NamedDecl *Named,
                 facts::EntityKind Kind, clang::SourceLocation Loc,
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
