//===- Resolve.cpp - Which declaration a use depends on -------------------===//
#include "Resolve.h"

#include "Names.h"
#include "strata/extract/Cache.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Index/USRGeneration.h"

using namespace clang;
using namespace llvm;

namespace strata::extract {

const NamedDecl *Resolver::entityOf(const NamedDecl *D) {
  if (const auto *USD = dyn_cast<UsingShadowDecl>(D))
    D = USD->getTargetDecl();
  if (const auto *TD = dyn_cast<TemplateDecl>(D))
    if (const NamedDecl *Templated = TD->getTemplatedDecl())
      D = Templated;
  if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(D);
      Spec && !Spec->isExplicitSpecialization() &&
      !isa<ClassTemplatePartialSpecializationDecl>(Spec)) {
    auto Pattern = Spec->getSpecializedTemplateOrPartial();
    if (auto *CTD = Pattern.dyn_cast<ClassTemplateDecl *>())
      D = CTD->getTemplatedDecl();
    else if (auto *Partial =
                 Pattern.dyn_cast<ClassTemplatePartialSpecializationDecl *>())
      D = Partial;
  }
  if (const auto *RD = dyn_cast<CXXRecordDecl>(D))
    if (const CXXRecordDecl *Pattern = RD->getTemplateInstantiationPattern())
      D = Pattern;
  if (const auto *FD = dyn_cast<FunctionDecl>(D))
    if (const FunctionDecl *Pattern = FD->getTemplateInstantiationPattern())
      D = Pattern;
  if (const auto *VD = dyn_cast<VarDecl>(D))
    if (const VarDecl *Pattern = VD->getTemplateInstantiationPattern())
      D = Pattern;
  return D;
}

bool Resolver::isDefinition(const NamedDecl *D) {
  if (const auto *TD = dyn_cast<TagDecl>(D))
    return TD->isThisDeclarationADefinition();
  if (const auto *FD = dyn_cast<FunctionDecl>(D))
    return FD->isThisDeclarationADefinition();
  if (const auto *VD = dyn_cast<VarDecl>(D))
    return VD->isThisDeclarationADefinition() == VarDecl::Definition;
  return true;
}

std::optional<Resolver::Seen> Resolver::sees(SourceLocation Use,
                                             SourceLocation Decl) {
  const FactCollector::FileInfo *From = C.fileOf(Use);
  const FactCollector::FileInfo *To = C.fileOf(Decl);
  if (!From || !To)
    return std::nullopt;
  bool Before = SM.isBeforeInTranslationUnit(Decl, Use);
  if (From == To)
    return Seen{0, 0, !Before};
  FileID UseFID = SM.getFileID(Use);
  unsigned Offset = SM.getFileOffset(Use);
  // An external declaration is seen through an external include when
  // the file has one that reaches it (`<ostream>` through its own
  // `<iostream>`, not through a project header that includes it too): the
  // project header is then not what the file needs. Else through its first
  // project include that reaches it (its own header, usually).
  auto External = [&](unsigned N) { return !C.isProjectNode(N); };
  std::optional<IncludeGraph::Reach> R = C.includes().reach(
      From->Node, Offset, To->Node,
      To->Project ? function_ref<bool(unsigned)>() : External);
  if (UseFID == SM.getMainFileID()) {
    // The main file sees whatever the TU read before it; its own includes
    // only say through which one.
    if (!Before)
      return std::nullopt;
    return Seen{R ? R->Hops : ~0u, R ? R->Line : 0, false, R ? R->Through : 0};
  }
  if (!R)
    return std::nullopt;
  return Seen{R->Hops, R->Line, false, R->Through};
}

std::tuple<StringRef, unsigned, unsigned> Resolver::place(const NamedDecl *D) {
  SourceLocation Loc = SM.getFileLoc(D->getLocation());
  const FactCollector::FileInfo *File = C.fileOf(Loc);
  return {File ? StringRef(File->Path) : StringRef(),
          SM.getSpellingLineNumber(Loc), SM.getSpellingColumnNumber(Loc)};
}

Resolver::Choice Resolver::resolve(const NamedDecl *Entity, SourceLocation Use,
                                   bool NeedsDefinition) {
  struct Candidate {
    const NamedDecl *Decl;
    Seen How;
    bool Definition;
    unsigned Order;
  };
  SmallVector<Candidate, 4> Visible, Later;
  const NamedDecl *Definition = nullptr, *First = nullptr;
  unsigned Order = 0;
  for (const Decl *R : Entity->redecls()) {
    const auto *ND = dyn_cast<NamedDecl>(R);
    if (!ND || ND->isImplicit())
      continue;
    SourceLocation Loc = SM.getFileLoc(ND->getLocation());
    if (Loc.isInvalid() || !C.fileOf(Loc))
      continue;
    bool IsDef = isDefinition(ND);
    if (IsDef && !Definition)
      Definition = ND;
    if (!First ||
        SM.isBeforeInTranslationUnit(Loc, SM.getFileLoc(First->getLocation())))
      First = ND;
    std::optional<Seen> How = sees(Use, Loc);
    if (!How)
      continue;
    (How->After ? Later : Visible).push_back({ND, *How, IsDef, Order++});
  }
  SmallVector<Candidate, 4> &Pool = Visible.empty() ? Later : Visible;
  if (Pool.empty())
    return {Definition ? Definition : First, false, 0};
  // Any declaration of a namespace serves; the first is the one
  // include-what-you-use names.
  bool Namespace = isa<NamespaceDecl>(Entity);
  bool PreferDefinition = NeedsDefinition;
  auto Better = [&](const Candidate &A, const Candidate &B) {
    if (PreferDefinition && A.Definition != B.Definition)
      return A.Definition;
    if (Namespace)
      return SM.isBeforeInTranslationUnit(SM.getFileLoc(A.Decl->getLocation()),
                                          SM.getFileLoc(B.Decl->getLocation()));
    if (A.How.Hops != B.How.Hops)
      return A.How.Hops < B.How.Hops;
    if (A.How.Via != B.How.Via)
      return A.How.Via < B.How.Via;
    // Same include and distance: the first by path and line. Not the
    // earlier in the TU, which is the order the TU happened to include
    // them in (leveldb's version_edit.h reaches `class Slice;` in
    // comparator.h and Slice's definition in slice.h through one include,
    // and its TUs read the two in either order): the header's facts would
    // then depend on the TU that recorded them.
    return place(A.Decl) < place(B.Decl);
  };
  const Candidate *Best = &Pool.front();
  for (const Candidate &X : Pool)
    if (Better(X, *Best))
      Best = &X;
  // A member call needs its class complete, not the function's definition:
  // when the include through which a declaration is seen brings the
  // definition too (yaml-cpp's regex_yaml.h ends by including
  // regeximpl.h, where its inline members are defined), the declaration is
  // the use's target, unless one include brings both (then the definition
  // names the more precise file). A definition no declaration's include brings
  // (an -inl.h the file includes itself) stays the target: the TU must see an
  // inline function's definition.
  if (NeedsDefinition && Best->Definition &&
      isa<FunctionDecl, VarDecl>(Entity)) {
    const Candidate *Declared = nullptr;
    PreferDefinition = false;
    for (const Candidate &X : Pool)
      if (!X.Definition && X.How.Hops > 0 &&
          (!Declared || Better(X, *Declared)))
        Declared = &X;
    const FactCollector::FileInfo *Def =
        C.fileOf(SM.getFileLoc(Best->Decl->getLocation()));
    if (Declared && Def && Declared->How.Via != Best->How.Via &&
        C.includes().reaches(Declared->How.Through, Def->Node))
      Best = Declared;
  }
  return {Best->Decl, true, Best->How.Via, Best->How.Through};
}

std::string Resolver::symbolOf(const NamedDecl *Entity) {
  const auto *VD = dyn_cast<VarDecl>(Entity);
  const auto *FD = dyn_cast<FunctionDecl>(Entity);
  if (!FD && !(VD && VD->hasGlobalStorage() && !VD->isStaticLocal()))
    return "";
  if (FD && (FD->getBuiltinID() || FD->isDeleted()))
    return "";
  // A template's code is in its header, which its users include: no link
  // dependency beyond the compile one. (And the USR of a dependent
  // signature spells types as the TU happens to print them.)
  if (Entity->isTemplated())
    return "";
  const Decl *Canonical = Entity->getCanonicalDecl();
  auto It = Symbols.find(Canonical);
  if (It != Symbols.end())
    return It->second;
  SmallString<128> USR;
  std::string Result;
  if (!index::generateUSRForDecl(Canonical, USR))
    Result = contentHash(USR);

  return Symbols.try_emplace(Canonical, std::move(Result)).first->second;
}

} // namespace strata::extract
