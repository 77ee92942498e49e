//===- Recorder.cpp - Uses, macros and entities into facts ----------------===//
#include "Recorder.h"

#include "Names.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/MacroInfo.h"
#include "clang/Lex/Token.h"

using namespace clang;
using namespace llvm;
using strata::facts::EntityKind;
using strata::facts::UseKind;

namespace strata::extract {

void Recorder::setTarget(facts::UseFact &U, const FactCollector::FileInfo &File,
                         SourceLocation Loc, unsigned Via, unsigned Through) {
  // The include a use comes through is kept for external targets too: a
  // file whose <string> arrives through a project header needs that header.
  U.Via = Via;
  // Which system header declares an entity depends on what the TU read
  // first (ssize_t is declared by whichever of five C headers comes
  // first), not on the using file: an external declaration is placed at
  // the external header a project file includes on the way to it (the
  // <string> behind std::string), the same in every TU.
  if (!File.Project) {
    if (Via && Through) {
      IncludeGraph &G = C.includes();
      U.TargetFile = G.path(G.firstOnPath(Through, File.Node, [&](unsigned N) {
                        return !C.isProjectNode(N);
                      })).str();
    }
    return;
  }
  C.noteTarget(File);
  U.TargetFile = File.Path;
  U.TargetLine = SM.getSpellingLineNumber(Loc);
}

facts::UseFact Recorder::factAt(const Site &S, SourceLocation FileLoc) {
  facts::UseFact U;
  U.File = C.fileOf(FileLoc)->Path;
  U.Line = SM.getSpellingLineNumber(FileLoc);
  U.Column = SM.getSpellingColumnNumber(FileLoc);
  U.Kind = S.Kind;
  if (S.Context) {
    U.Context = qualifiedName(S.Context);
    U.FromClass = nameOr(enclosingClass(S.Context));
    U.FromNamespace = nameOr(enclosingNamespace(S.Context));
  }
  return U;
}

void Recorder::provider(const Site &S, const UsingShadowDecl *Shadow,
                        SourceLocation FileLoc) {
  const BaseUsingDecl *Introducer = Shadow->getIntroducer();
  if (!Introducer || isLocal(Shadow))
    return;
  directive(S, Shadow, EntityKind::Typedef,
            SM.getFileLoc(Introducer->getLocation()), FileLoc);
}

void Recorder::instantiation(const Site &S,
                             const ClassTemplateSpecializationDecl *Spec) {
  TemplateSpecializationKind K = Spec->getSpecializationKind();
  if (K != TSK_ExplicitInstantiationDeclaration &&
      K != TSK_ExplicitInstantiationDefinition)
    return;
  SourceLocation At = Spec->getTemplateKeywordLoc();
  std::optional<EntityKind> Kind = entityKind(Spec);
  if (At.isInvalid() || !Kind)
    return;
  SourceLocation FileLoc = SM.getFileLoc(S.Loc);
  if (C.records(FileLoc))
    directive(S, Spec, *Kind, SM.getFileLoc(At), FileLoc);
}

void Recorder::declaredAt(const Site &S, const NamedDecl *Redecl) {
  std::optional<EntityKind> Kind = entityKind(Redecl);
  SourceLocation FileLoc = SM.getFileLoc(S.Loc);
  if (Kind && C.records(FileLoc))
    directive(S, Redecl, *Kind, SM.getFileLoc(Redecl->getLocation()), FileLoc);
}

void Recorder::directive(const Site &S, const NamedDecl *Named, EntityKind Kind,
                         SourceLocation Loc, SourceLocation FileLoc) {
  const FactCollector::FileInfo *Provider = C.fileOf(Loc);
  if (!Provider || !Provider->Project || Provider == C.fileOf(FileLoc))
    return;
  std::optional<Resolver::Seen> How = R.sees(FileLoc, Loc);
  if (!How || How->After)
    return;
  facts::UseFact U = factAt(S, FileLoc);
  U.Target = usedName(Named);
  U.TargetKind = Kind;
  U.ToClass = nameOr(enclosingClass(Named));
  U.ToNamespace = nameOr(enclosingNamespace(Named));
  setTarget(U, *Provider, Loc, How->Via, How->Through);
  C.facts().Uses.push_back(std::move(U));
}

void Recorder::use(const Site &S) {
  const NamedDecl *Target = S.Target;
  if (!Target || S.Loc.isInvalid())
    return;
  // A name found through a using-declaration names the entity, and needs
  // the using-declaration too.
  const auto *Shadow = dyn_cast<UsingShadowDecl>(Target);
  if (Shadow)
    Target = Shadow->getTargetDecl();
  // Every file may open a namespace: naming one depends on no file, but a
  // using-directive needs some declaration of it.
  if (isLocal(Target) || (isa<NamespaceDecl>(Target) && !S.Directive))
    return;
  SourceLocation FileLoc = SM.getFileLoc(S.Loc);
  if (!C.records(FileLoc))
    return;
  if (Shadow)
    provider(S, Shadow, FileLoc);
  const NamedDecl *Entity = Resolver::entityOf(Target);
  std::optional<EntityKind> TK = entityKind(Entity);
  if (!TK)
    return;
  // A name written in the body of a macro another project file defines is
  // that file's use too (include-what-you-use's rule): the header that
  // defines the macro should include what its body names. Only when the
  // header sees a declaration itself; otherwise its users provide it. When
  // it does, the expanding file gets the name through the macro's header,
  // and its use is attributed to the include of that header: lzio.c needs
  // lzio.h for luaZ_resizebuffer, not lmem.h for what its body calls.
  std::optional<Resolver::Seen> ThroughMacro;
  // A token a header's macro wrote, however many macros passed it on as
  // an argument (lmem.h hands luaM_realloc_ to llimits.h's cast()).
  SourceLocation Spelled = SM.getSpellingLoc(S.Loc);
  if (S.Loc.isMacroID() && Spelled.isFileID() &&
      C.fileOf(Spelled) != C.fileOf(FileLoc)) {
    // Recorded by the TU that expands the macro, whether or not it records
    // the header's own facts: another TU that does may expand other
    // macros, or none (abseil's flag.h defines ABSL_FLAG, which only the
    // .cc files that define flags expand).
    if (C.inProject(Spelled))
      record(S, Entity, *TK, Spelled, /*InMacroBody=*/true);
    // The macro the file expands may be another's caller (lzio.h's
    // luaZ_resizebuffer calls lmem.h's luaM_reallocvector): the file gets
    // the name through the header of the one it expands.
    SourceLocation Outer = outermostMacroBody(S.Loc);
    if (Outer.isValid() && C.inProject(Outer) &&
        C.fileOf(Outer) != C.fileOf(FileLoc) &&
        R.resolve(Entity, Outer, S.NeedsDefinition).Visible) {
      ThroughMacro = R.sees(FileLoc, Outer);
      if (ThroughMacro && (ThroughMacro->After || !ThroughMacro->Via))
        ThroughMacro.reset();
    }
  }
  record(S, Entity, *TK, FileLoc, /*InMacroBody=*/false, ThroughMacro);
}

SourceLocation Recorder::outermostMacroBody(SourceLocation Loc) const {
  while (Loc.isMacroID()) {
    SourceLocation Caller = SM.getImmediateMacroCallerLoc(Loc);
    if (Caller.isFileID())
      break;
    Loc = Caller;
  }
  if (!Loc.isMacroID() || SM.isMacroArgExpansion(Loc))
    return {};
  SourceLocation Body = SM.getImmediateSpellingLoc(Loc);
  return Body.isFileID() ? Body : SourceLocation();
}

void Recorder::record(const Site &S, const NamedDecl *Entity, EntityKind TK,
                      SourceLocation FileLoc, bool InMacroBody,
                      std::optional<Resolver::Seen> ThroughMacro) {
  Resolver::Choice Chosen = R.resolve(Entity, FileLoc, S.NeedsDefinition);
  if (!Chosen.Decl) // builtins and other implicit declarations
    return;
  SourceLocation TargetLoc = SM.getFileLoc(Chosen.Decl->getLocation());
  const FactCollector::FileInfo *TargetFile = C.fileOf(TargetLoc);
  if (!TargetFile)
    return;
  // A candidate the file cannot see is not one its template can call, and
  // `class X` with no X in sight declares X.
  if (!Chosen.Visible && (S.Candidate || S.DeclaresItself || InMacroBody))
    return;
  facts::UseFact U = factAt(S, FileLoc);
  U.Target = usedName(Entity);
  U.TargetKind = TK;
  U.ToClass = nameOr(enclosingClass(Entity));
  U.ToNamespace = nameOr(enclosingNamespace(Entity));
  U.External = !TargetFile->Project;
  U.NeedsDefinition = S.NeedsDefinition;
  // (An external declaration keeps the file's own external include that
  // reaches it, as any other use of it: the first rule of attribution.)
  if (ThroughMacro && Chosen.Visible && TargetFile->Project)
    setTarget(U, *TargetFile, TargetLoc, ThroughMacro->Via,
              ThroughMacro->Through);
  else
    setTarget(U, *TargetFile, TargetLoc, Chosen.Via, Chosen.Through);
  // The object code is the expanding file's need, not the macro's header's.
  if (S.Links && !S.Candidate && !InMacroBody)
    U.Symbol = R.symbolOf(Entity);
  // What a header relies on is judged for project declarations; outside
  // the project only the choice of declaration matters.
  if (!Chosen.Visible && TargetFile->Project)
    C.facts().Reliant.push_back(std::move(U));
  else
    C.facts().Uses.push_back(std::move(U));
}

void Recorder::macroUse(SourceLocation Loc, const Token &Name,
                        const MacroInfo *MI, bool Test, bool InDefinition) {
  // Include mode records the include graph only.
  if (!MI || Loc.isInvalid() || C.mode() == ExtractMode::Includes)
    return;
  // A macro named inside another macro's body is that macro's dependency,
  // not the expanding file's: a use by the file that defines the outer
  // macro, where its body names it (when that file sees a definition). One
  // named in a macro argument was written by the user.
  bool InBody =
      InDefinition || (Loc.isMacroID() && !SM.isMacroArgExpansion(Loc));
  SourceLocation Expansion =
      Loc.isMacroID() ? SM.getFileLoc(Loc) : SourceLocation();
  if (Loc.isMacroID()) {
    Loc = SM.getSpellingLoc(Loc);
    if (!Loc.isFileID())
      return;
  }
  SourceLocation DefLoc = MI->getDefinitionLoc();
  if (DefLoc.isInvalid())
    return;
  if (InBody && (!C.inProject(Loc) ||
                 SM.getFileID(Loc) == SM.getFileID(SM.getFileLoc(DefLoc))))
    return;
  unsigned IncludeLine = 0;
  if (!C.inProject(Loc)) {
    // A project macro that a system header reads (_GNU_SOURCE, tested by
    // <features.h>) changes what that header declares: the project file
    // whose include brought the system header in uses it, at that include.
    // When the header defining the macro brought it in itself (redis's
    // fmacros.h), the use is its includer's include of that header.
    if (SM.isInSystemHeader(DefLoc) || !C.inProject(DefLoc))
      return;
    FileID Definer = SM.getFileID(SM.getFileLoc(DefLoc));
    Loc = SM.getFileLoc(Loc);
    bool Passed = false;
    while (Loc.isValid() &&
           (!C.inProject(Loc) || SM.getFileID(Loc) == Definer)) {
      Passed |= SM.getFileID(Loc) == Definer;
      Loc = SM.getIncludeLoc(SM.getFileID(Loc));
    }
    if (Loc.isInvalid())
      return;
    if (Passed)
      IncludeLine = SM.getSpellingLineNumber(Loc);
  }
  if (!C.fileOf(SM.getFileLoc(DefLoc)))
    return; // predefined or command-line macro
  Macros.push_back(
      {Loc, SM.getFileLoc(DefLoc), Name.getIdentifierInfo()->getName().str(),
       Test, IncludeLine, InBody, InBody ? Expansion : SourceLocation()});
}

void Recorder::finishMacros() {
  for (PendingMacro &M : Macros) {
    // A macro body's use is the header's fact, but which bodies are
    // expanded, and where, is the expanding TU's: every TU that records an
    // expansion records it, as every TU would without claims. (A body's
    // use is in a project file; macroUse() kept no other.)
    if (!C.records(M.Loc) && !(M.Expansion.isValid() && C.records(M.Expansion)))
      continue;
    const FactCollector::FileInfo *Def = C.fileOf(M.DefLoc);
    std::optional<Resolver::Seen> How = R.sees(M.Loc, M.DefLoc);
    if (M.IncludeLine)
      How = Resolver::Seen{1, M.IncludeLine, false, Def->Node};
    bool Visible = How && !How->After;
    // A header testing a macro it cannot see is asking about its
    // configuration, which its includer sets: no dependency either way;
    // nor is a macro body naming one its users define.
    if (!Visible && Def->Project && (M.Test || M.InBody))
      continue;
    facts::UseFact U;
    U.File = C.fileOf(M.Loc)->Path;
    U.Line = SM.getSpellingLineNumber(M.Loc);
    U.Column = SM.getSpellingColumnNumber(M.Loc);
    U.Kind = UseKind::Macro;
    U.Target = std::move(M.Name);
    U.TargetKind = EntityKind::Macro;
    U.External = !Def->Project;
    U.NeedsDefinition = true;
    setTarget(U, *Def, M.DefLoc, Visible ? How->Via : 0,
              Visible ? How->Through : 0);
    (!Visible && Def->Project ? C.facts().Reliant : C.facts().Uses)
        .push_back(std::move(U));
  }
  Macros.clear();
}

bool Recorder::seesDefinition(const NamedDecl *From, const TagDecl *Tag) {
  const TagDecl *Def = Tag->getDefinition();
  if (!Def)
    return true;
  std::optional<Resolver::Seen> How = R.sees(SM.getFileLoc(From->getLocation()),
                                             SM.getFileLoc(Def->getLocation()));
  return How && !How->After;
}

void Recorder::entity(const NamedDecl *D, bool Definition, bool Abstract) {
  if (D->isImplicit())
    return;
  std::optional<EntityKind> K = entityKind(D);
  SourceLocation Loc = SM.getFileLoc(D->getLocation());
  if (!K || !C.records(Loc))
    return;
  facts::EntityFact E;
  E.Name = qualifiedName(D);
  E.Kind = *K;
  E.File = C.fileOf(Loc)->Path;
  E.Line = SM.getSpellingLineNumber(Loc);
  E.Column = SM.getSpellingColumnNumber(Loc);
  for (const DeclContext *DC = D->getDeclContext(); DC; DC = DC->getParent()) {
    if (isa<NamespaceDecl, RecordDecl, EnumDecl>(DC) && !isLambda(DC) &&
        !(isa<NamespaceDecl>(DC) && cast<NamespaceDecl>(DC)->isInline())) {
      E.Parent = qualifiedName(cast<NamedDecl>(DC));
      break;
    }
  }
  E.Definition = Definition;
  E.Abstract = Abstract;
  E.Symbol = R.symbolOf(D);
  if (isa<RecordDecl>(D))
    E.Forward = forwardDeclaration(D);
  C.facts().Entities.push_back(std::move(E));
}

} // namespace strata::extract
