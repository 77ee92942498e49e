//===- Walker.cpp - Uses and entities written in project code -------------===//
//
// An AST walker in the style of include-cleaner's WalkAST: it reports each
// use written in a project file as (location, declaration, kind, what the
// use needs) to the Recorder, and each declaration as an entity. What a use
// needs follows include-what-you-use: a complete type for bases, by-value
// members and variables, expressions, new/delete and exceptions; a
// declaration for pointers and references, friends, typedefs, template
// arguments and the signatures of functions that are only declared.
// Declarations inside system headers are never walked, nor are template
// instantiations: nothing an instantiation does is the template's doing.
//
//===----------------------------------------------------------------------===//
#include "Recorder.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "llvm/ADT/DenseSet.h"

using namespace clang;
using namespace llvm;
using strata::facts::UseKind;

namespace strata::extract {
namespace {

// Members and enumerators live in their class's (or enum's) definition:
// naming one needs it.
bool isMember(const NamedDecl *D) {
  return isa<EnumConstantDecl>(D) ||
         isa_and_nonnull<RecordDecl>(D->getDeclContext());
}

class Walker : public RecursiveASTVisitor<Walker> {
  using Base = RecursiveASTVisitor<Walker>;

public:
  Walker(FactCollector &C, Recorder &R) : C(C), R(R) {}

  bool shouldVisitTemplateInstantiations() const { return false; }
  bool shouldVisitImplicitCode() const { return false; }

  // Sets the kind that written types get while it lives, and whether they
  // need their definition.
  struct RoleScope {
    RoleScope(Walker &W, UseKind K, bool NeedsDefinition)
        : W(W), Saved(W.Role), SavedNeeds(W.RoleNeedsDefinition),
          SavedDeclOnly(W.DeclOnly), SavedElaborated(W.ElaboratedTag) {
      W.Role = K;
      W.RoleNeedsDefinition = NeedsDefinition;
      W.ElaboratedTag = false;
    }
    ~RoleScope() {
      W.Role = Saved;
      W.RoleNeedsDefinition = SavedNeeds;
      W.DeclOnly = SavedDeclOnly;
      W.ElaboratedTag = SavedElaborated;
    }
    Walker &W;
    UseKind Saved;
    bool SavedNeeds, SavedDeclOnly, SavedElaborated;
  };
  // Whether the template arguments walked while it lives need their
  // definitions.
  struct FullArgsScope {
    FullArgsScope(Walker &W, bool Full) : W(W), Saved(W.FullArgs) {
      W.FullArgs = Full;
    }
    ~FullArgsScope() { W.FullArgs = Saved; }
    Walker &W;
    bool Saved;
  };
  // Types under a pointer or reference need only a declaration.
  struct DeclOnlyScope {
    explicit DeclOnlyScope(Walker &W) : W(W), Saved(W.DeclOnly) {
      W.DeclOnly = true;
    }
    ~DeclOnlyScope() { W.DeclOnly = Saved; }
    Walker &W;
    bool Saved;
  };

  void use(SourceLocation Loc, const NamedDecl *D, UseKind Kind,
           bool NeedsDefinition, bool Links = false, bool Candidate = false) {
    R.use({Loc, D, Kind, Context, NeedsDefinition, Links, Candidate});
  }
  // A written type.
  void typeUse(SourceLocation Loc, const NamedDecl *D) {
    bool Needs = RoleNeedsDefinition && !DeclOnly;
    Recorder::Site S{Loc, D, Role, Context, Needs};
    S.DeclaresItself = ElaboratedTag && !Needs;
    R.use(S);
  }
  // A type naming \p Spec also uses the partial or explicit specialization
  // it selects, and an explicit instantiation declared elsewhere (both
  // include-what-you-use's rules): `X<int*>` needs the header of
  // `template <class T> class X<T*>`. A partial specialization only where
  // the use needs the type complete: nothing is instantiated for a
  // declaration, and which partial specialization a type selects is known
  // only once something instantiated it, anywhere in the TU, so a header's
  // `void f(X<int*>)` would name it in some TUs and not in others (abseil's
  // raw_hash_set.h and absl::FunctionRef<R(Args...)>). An explicit
  // specialization only when declared before the use: one declared after
  // is not what the use depends on, and only the TUs that read it know it
  // (fmt's `friend struct formatter<bigint>;` in format.h, specialized in
  // format-inl.h).
  void specializationUse(SourceLocation Loc,
                         const ClassTemplateSpecializationDecl *Spec) {
    SourceManager &SM = C.sourceManager();
    if ((Spec->isExplicitSpecialization() &&
         SM.isBeforeInTranslationUnit(SM.getFileLoc(Spec->getLocation()),
                                      SM.getFileLoc(Loc))) ||
        (RoleNeedsDefinition && !DeclOnly &&
         Spec->getSpecializedTemplateOrPartial()
             .is<ClassTemplatePartialSpecializationDecl *>()))
      typeUse(Loc, Spec);
    R.instantiation(Recorder::Site{Loc, Spec, Role, Context}, Spec);
  }
  // A named function, variable, member or enumerator in an expression.
  void exprUse(SourceLocation Loc, const NamedDecl *D, UseKind Kind,
               bool Candidate = false) {
    use(Loc, D, Kind, isMember(D), /*Links=*/true, Candidate);
  }

  bool TraverseDecl(Decl *D) {
    if (!D)
      return true;
    // Declarations from a precompiled header are all outside the project:
    // they are not loaded just to be passed over.
    if (auto *TU = dyn_cast<TranslationUnitDecl>(D)) {
      for (Decl *Child : TU->noload_decls())
        if (!isa<BlockDecl, CapturedDecl>(Child) &&
            !(isa<CXXRecordDecl>(Child) &&
              cast<CXXRecordDecl>(Child)->isLambda()))
          if (!TraverseDecl(Child))
            return false;
      return true;
    }
    // Nothing inside system headers or outside the root is walked: their
    // facts are not wanted and skipping them is most of the speed.
    // Nor is a header whose facts another TU records, nor what the compiler
    // declared itself (builtins are declared where first used).
    if (D->isImplicit() && isa<FunctionDecl, TypedefNameDecl>(D))
      return true;
    if (D->getLocation().isValid() && !C.records(D->getLocation()))
      return true;
    const NamedDecl *Saved = Context;
    const void *SavedProto = DefinitionProto;
    if (const auto *ND = dyn_cast<NamedDecl>(D);
        ND && isa<NamespaceDecl, TagDecl, FunctionDecl, FieldDecl,
                  TypedefNameDecl, ConceptDecl>(ND))
      Context = ND;
    else if (const auto *VD = dyn_cast<VarDecl>(D);
             VD && !VD->isLocalVarDeclOrParm())
      Context = VD;
    if (const auto *FD = dyn_cast<FunctionDecl>(D))
      DefinitionProto = FD->isThisDeclarationADefinition()
                            ? FD->getFunctionTypeLoc().getOpaqueData()
                            : nullptr;
    bool Result = Base::TraverseDecl(D);
    Context = Saved;
    DefinitionProto = SavedProto;
    return Result;
  }

  // Inside expressions, written types are plain type uses unless an
  // expression below says otherwise: sizeof, casts to values and
  // qualifiers all need the definition.
  bool TraverseStmt(Stmt *S, DataRecursionQueue *Queue = nullptr) {
    if (!S)
      return true;
    RoleScope Scope(*this, UseKind::TypeUse, true);
    DeclOnly = false;
    return Base::TraverseStmt(S, Queue);
  }

  bool TraverseCXXBaseSpecifier(const CXXBaseSpecifier &B) {
    RoleScope Scope(*this, UseKind::Base, true);
    return Base::TraverseCXXBaseSpecifier(B);
  }
  bool TraverseFieldDecl(FieldDecl *D) {
    RoleScope Scope(*this, UseKind::Field, true);
    return Base::TraverseFieldDecl(D);
  }
  bool TraverseVarDecl(VarDecl *D) {
    // `extern T x;` and a static member's declaration in its class need
    // only a declaration of T; a definition needs T complete.
    bool Definition =
        D->isThisDeclarationADefinition() != VarDecl::DeclarationOnly;
    RoleScope Scope(*this,
                    D->isExceptionVariable() ? UseKind::Exception
                                             : UseKind::Variable,
                    Definition || D->isExceptionVariable());
    return Base::TraverseVarDecl(D);
  }
  bool TraverseParmVarDecl(ParmVarDecl *D) {
    RoleScope Scope(*this, UseKind::Param, ProtoIsDefinition);
    return Base::TraverseParmVarDecl(D);
  }
  bool TraverseTypedefDecl(TypedefDecl *D) {
    RoleScope Scope(*this, UseKind::Typedef, false);
    return Base::TraverseTypedefDecl(D);
  }
  bool TraverseTypeAliasDecl(TypeAliasDecl *D) {
    RoleScope Scope(*this, UseKind::Typedef, false);
    return Base::TraverseTypeAliasDecl(D);
  }
  bool TraverseFriendDecl(FriendDecl *D) {
    RoleScope Scope(*this, UseKind::Friend, false);
    if (NamedDecl *Friend = D->getFriendDecl())
      use(D->getLocation(), Friend, UseKind::Friend, false);
    return Base::TraverseFriendDecl(D);
  }

  bool TraverseElaboratedTypeLoc(ElaboratedTypeLoc TL) {
    ElaboratedTypeKeyword K = TL.getTypePtr()->getKeyword();
    bool Saved = ElaboratedTag;
    ElaboratedTag = K == ElaboratedTypeKeyword::Struct ||
                    K == ElaboratedTypeKeyword::Class ||
                    K == ElaboratedTypeKeyword::Union ||
                    K == ElaboratedTypeKeyword::Enum ||
                    K == ElaboratedTypeKeyword::Interface;
    bool Result = Base::TraverseElaboratedTypeLoc(TL);
    ElaboratedTag = Saved;
    return Result;
  }

  bool TraversePointerTypeLoc(PointerTypeLoc TL) {
    DeclOnlyScope Scope(*this);
    return Base::TraversePointerTypeLoc(TL);
  }
  bool TraverseLValueReferenceTypeLoc(LValueReferenceTypeLoc TL) {
    DeclOnlyScope Scope(*this);
    return Base::TraverseLValueReferenceTypeLoc(TL);
  }
  bool TraverseRValueReferenceTypeLoc(RValueReferenceTypeLoc TL) {
    DeclOnlyScope Scope(*this);
    return Base::TraverseRValueReferenceTypeLoc(TL);
  }
  bool TraverseMemberPointerTypeLoc(MemberPointerTypeLoc TL) {
    DeclOnlyScope Scope(*this);
    return Base::TraverseMemberPointerTypeLoc(TL);
  }
  bool TraverseBlockPointerTypeLoc(BlockPointerTypeLoc TL) {
    DeclOnlyScope Scope(*this);
    return Base::TraverseBlockPointerTypeLoc(TL);
  }

  bool TraverseFunctionProtoTypeLoc(FunctionProtoTypeLoc TL) {
    // The signature of a function definition needs its parameter and
    // return types complete; that of a mere declaration does not.
    bool SavedIsDefinition = ProtoIsDefinition;
    ProtoIsDefinition =
        DefinitionProto && TL.getOpaqueData() == DefinitionProto;
    DefinitionProto = nullptr; // function types inside it are not its own
    auto Restore = [&] { ProtoIsDefinition = SavedIsDefinition; };
    {
      RoleScope Scope(*this, UseKind::Return, ProtoIsDefinition);
      if (!TraverseTypeLoc(TL.getReturnLoc()))
        return Restore(), false;
    }
    const FunctionProtoType *T = TL.getTypePtr();
    for (unsigned I = 0, E = TL.getNumParams(); I != E; ++I) {
      if (ParmVarDecl *P = TL.getParam(I)) {
        if (!TraverseDecl(P))
          return Restore(), false;
      } else if (I < T->getNumParams()) {
        RoleScope Scope(*this, UseKind::Param, ProtoIsDefinition);
        if (!TraverseType(T->getParamType(I)))
          return Restore(), false;
      }
    }
    Restore();
    RoleScope Scope(*this, UseKind::Exception, true);
    for (const QualType &E : T->exceptions())
      if (!TraverseType(E))
        return false;
    if (Expr *NE = T->getNoexceptExpr())
      return TraverseStmt(NE);
    return true;
  }

  // The explicit template arguments of a call of a function template
  // (`std::make_shared<Node>()`): the function nearly always makes, copies
  // or destroys them, so they need their definitions (include-what-you-use
  // decides it from the instantiated body; this is its usual verdict).
  bool TraverseDeclRefExpr(DeclRefExpr *E, DataRecursionQueue * = nullptr) {
    FullArgsScope Scope(*this, E->hasExplicitTemplateArgs() &&
                                   isa<FunctionDecl>(E->getDecl()));
    return Base::TraverseDeclRefExpr(E);
  }
  bool TraverseMemberExpr(MemberExpr *E, DataRecursionQueue * = nullptr) {
    FullArgsScope Scope(*this, E->hasExplicitTemplateArgs() &&
                                   isa<FunctionDecl>(E->getMemberDecl()));
    return Base::TraverseMemberExpr(E);
  }

  // A class template's argument needs its definition when the
  // instantiated specialization holds it by value (std::optional<T>,
  // std::pair<T, U>, std::array<T, N>); a declaration is enough for one
  // that holds it behind a pointer (std::vector<T>, std::unique_ptr<T>).
  bool TraverseTemplateSpecializationTypeLoc(TemplateSpecializationTypeLoc TL) {
    if (!WalkUpFromTemplateSpecializationTypeLoc(TL) ||
        !TraverseTemplateName(TL.getTypePtr()->getTemplateName()))
      return false;
    const auto *Spec = TL.getTypePtr()->isTypeAlias()
                           ? nullptr
                           : dyn_cast_or_null<ClassTemplateSpecializationDecl>(
                                 TL.getType()->getAsCXXRecordDecl());
    for (unsigned I = 0, E = TL.getNumArgs(); I != E; ++I) {
      FullArgsScope Scope(*this, Spec && holdsByValue(Spec, I));
      if (!TraverseTemplateArgumentLoc(TL.getArgLoc(I)))
        return false;
    }
    return true;
  }

  bool TraverseTemplateArgumentLoc(const TemplateArgumentLoc &AL) {
    RoleScope Scope(*this, UseKind::TemplateArg, FullArgs);
    const TemplateArgument &Arg = AL.getArgument();
    switch (Arg.getKind()) {
    case TemplateArgument::Template:
    case TemplateArgument::TemplateExpansion:
      if (TemplateDecl *TD =
              Arg.getAsTemplateOrTemplatePattern().getAsTemplateDecl())
        use(AL.getTemplateNameLoc(), TD, UseKind::TemplateArg, false);
      break;
    case TemplateArgument::Expression:
      if (auto *DRE = dyn_cast<DeclRefExpr>(
              AL.getSourceExpression()->IgnoreParenImpCasts())) {
        exprUse(DRE->getLocation(), DRE->getDecl(), UseKind::TemplateArg);
        Handled.insert(DRE);
      }
      break;
    default:
      break;
    }
    return Base::TraverseTemplateArgumentLoc(AL);
  }

  bool TraverseCXXNewExpr(CXXNewExpr *E) {
    {
      RoleScope Scope(*this, UseKind::New, true);
      DeclOnly = false;
      if (TypeSourceInfo *TSI = E->getAllocatedTypeSourceInfo())
        if (!TraverseTypeLoc(TSI->getTypeLoc()))
          return false;
    }
    for (Stmt *Child : E->children())
      if (!TraverseStmt(Child))
        return false;
    return true;
  }

  bool TraverseConceptReference(ConceptReference *CR) {
    if (CR)
      use(CR->getConceptNameLoc(), CR->getNamedConcept(), UseKind::TemplateArg,
          false);
    return Base::TraverseConceptReference(CR);
  }

  // --- Entities ----------------------------------------------------------

  bool VisitNamespaceDecl(NamespaceDecl *D) {
    R.entity(D, /*Definition=*/true, false);
    return true;
  }
  bool VisitTagDecl(TagDecl *D) {
    bool Def = D->isThisDeclarationADefinition();
    if (Def)
      markTextual(D->getBraceRange());
    if (!D->getIdentifier() && !D->getTypedefNameForAnonDecl())
      return true;
    const auto *RD = dyn_cast<CXXRecordDecl>(D);
    bool Abstract = Def && RD && RD->hasDefinition() && RD->isAbstract();
    R.entity(D, Def, Abstract);
    return true;
  }
  bool VisitEnumConstantDecl(EnumConstantDecl *D) {
    R.entity(D, true, false);
    return true;
  }
  bool VisitFunctionDecl(FunctionDecl *D) {
    if (D->doesThisDeclarationHaveABody() || D->hasSkippedBody())
      markTextual(D->getSourceRange());
    if (D->getParentFunctionOrMethod() || isa<CXXDeductionGuideDecl>(D))
      return true;
    // A body skipped by the parser still makes a definition.
    R.entity(D, D->isThisDeclarationADefinition(), false);
    return true;
  }
  bool VisitVarDecl(VarDecl *D) {
    if (isa<ParmVarDecl>(D) || D->isLocalVarDeclOrParm())
      return true;
    R.entity(D, D->isThisDeclarationADefinition() == VarDecl::Definition,
             false);
    return true;
  }
  bool VisitFieldDecl(FieldDecl *D) {
    if (D->getDeclName().isEmpty())
      return true;
    R.entity(D, true, false);
    return true;
  }
  bool VisitTypedefNameDecl(TypedefNameDecl *D) {
    if (!D->getParentFunctionOrMethod())
      R.entity(D, true, false);
    return true;
  }
  bool VisitConceptDecl(ConceptDecl *D) {
    R.entity(D, true, false);
    return true;
  }

  // --- Written types -----------------------------------------------------

  bool VisitTagTypeLoc(TagTypeLoc TL) {
    if (!TL.isDefinition())
      typeUse(TL.getNameLoc(), TL.getDecl());
    return true;
  }
  bool VisitTypedefTypeLoc(TypedefTypeLoc TL) {
    typeUse(TL.getNameLoc(), TL.getTypedefNameDecl());
    underlyingUse(TL.getNameLoc(), TL.getTypedefNameDecl());
    return true;
  }
  bool VisitUsingTypeLoc(UsingTypeLoc TL) {
    typeUse(TL.getNameLoc(), TL.getFoundDecl());
    if (const auto *TD =
            dyn_cast<TypedefNameDecl>(TL.getFoundDecl()->getTargetDecl()))
      underlyingUse(TL.getNameLoc(), TD);
    return true;
  }
  // A typedef whose file only declares the class leaves its definition to
  // the files that need the type complete (include-what-you-use's
  // non-providing typedef): they use the class too.
  void underlyingUse(SourceLocation Loc, const TypedefNameDecl *TD) {
    if (RoleNeedsDefinition && !DeclOnly)
      if (const TagDecl *Tag = TD->getUnderlyingType()->getAsTagDecl())
        if (!R.seesDefinition(TD, Tag))
          typeUse(Loc, Tag);
  }
  bool VisitTemplateSpecializationTypeLoc(TemplateSpecializationTypeLoc TL) {
    TemplateName Name = TL.getTypePtr()->getTemplateName();
    if (TemplateDecl *TD = Name.getAsTemplateDecl())
      typeUse(TL.getTemplateNameLoc(), TD);
    if (const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
            TL.getType()->getAsCXXRecordDecl()))
      specializationUse(TL.getTemplateNameLoc(), Spec);
    return true;
  }
  // `template class X<int*>;` written here instantiates the partial
  // specialization it selects, and needs it.
  bool
  VisitClassTemplateSpecializationDecl(ClassTemplateSpecializationDecl *D) {
    TemplateSpecializationKind K = D->getSpecializationKind();
    if (K != TSK_ExplicitInstantiationDeclaration &&
        K != TSK_ExplicitInstantiationDefinition)
      return true;
    RoleScope Scope(*this, UseKind::TypeUse,
                    K == TSK_ExplicitInstantiationDefinition);
    if (D->getSpecializedTemplateOrPartial()
            .is<ClassTemplatePartialSpecializationDecl *>())
      typeUse(D->getLocation(), D);
    return true;
  }
  bool VisitDeducedTemplateSpecializationTypeLoc(
      DeducedTemplateSpecializationTypeLoc TL) {
    TemplateName Name = TL.getTypePtr()->getTemplateName();
    if (TemplateDecl *TD = Name.getAsTemplateDecl())
      typeUse(TL.getTemplateNameLoc(), TD);
    return true;
  }

  // --- Expressions -------------------------------------------------------

  bool VisitCallExpr(CallExpr *E) {
    Expr *Callee = E->getCallee();
    if (!Callee)
      return true;
    Callee = Callee->IgnoreParenImpCasts();
    defaultArgumentUses(E);
    if (auto *DRE = dyn_cast<DeclRefExpr>(Callee)) {
      exprUse(DRE->getLocation(), DRE->getFoundDecl(), UseKind::Call);
      Handled.insert(DRE);
    } else if (auto *ME = dyn_cast<MemberExpr>(Callee)) {
      exprUse(ME->getMemberLoc(), ME->getFoundDecl().getDecl(), UseKind::Call);
      Handled.insert(ME);
    } else if (auto *OE = dyn_cast<OverloadExpr>(Callee)) {
      // A dependent call names every candidate lookup found where the
      // template is defined; each the file sees is a possible target. Not
      // for an operator: `&x == this` in a template lists every operator==
      // and operator& in sight (abseil's int128 and log_severity ones in
      // cord.cc), and the built-in one is what it nearly always is.
      if (!isDependentOperator(OE))
        for (const NamedDecl *D : OE->decls())
          exprUse(OE->getNameLoc(), D, UseKind::Call, /*Candidate=*/true);
      Handled.insert(OE);
    }
    return true;
  }
  // A call that leaves an argument to its default uses the declaration
  // that gives the default (include-what-you-use's rule): without it the
  // call has too few arguments.
  void defaultArgumentUses(const CallExpr *E) {
    const FunctionDecl *FD = E->getDirectCallee();
    if (!FD)
      return;
    for (unsigned I = 0, N = E->getNumArgs(); I != N; ++I) {
      const auto *Default = dyn_cast<CXXDefaultArgExpr>(E->getArg(I));
      if (!Default)
        continue;
      for (const FunctionDecl *Redecl : FD->redecls())
        if (I < Redecl->getNumParams() &&
            Redecl->getParamDecl(I)->hasDefaultArg() &&
            !Redecl->getParamDecl(I)->hasInheritedDefaultArg())
          R.declaredAt(
              Recorder::Site{E->getExprLoc(), FD, UseKind::Reference, Context},
              Redecl);
      return; // the first defaulted argument's declaration has the rest
    }
  }
  // Destroying a temporary calls its destructor: one defined outside its
  // class, in another header, is a use of that header.
  bool VisitCXXBindTemporaryExpr(CXXBindTemporaryExpr *E) {
    const CXXDestructorDecl *Dtor = E->getTemporary()->getDestructor();
    if (!Dtor || Dtor->isImplicit())
      return true;
    // A class template's destructor is judged by its pattern: whether the
    // TU instantiated this one's definition depends on the rest of the TU
    // (fmt's basic_memory_buffer in format.h).
    const FunctionDecl *Pattern = Dtor->getTemplateInstantiationPattern();
    const FunctionDecl *Def = (Pattern ? Pattern : Dtor)->getDefinition();
    if (!Def || Def->isOutOfLine())
      exprUse(E->getBeginLoc(), Dtor, UseKind::Call);
    return true;
  }
  bool VisitCXXConstructExpr(CXXConstructExpr *E) {
    const CXXConstructorDecl *Ctor = E->getConstructor();
    if (Ctor && !Ctor->isImplicit())
      exprUse(E->getLocation(), Ctor, UseKind::Call);
    return true;
  }
  bool VisitDeclRefExpr(DeclRefExpr *E) {
    if (!Handled.contains(E))
      exprUse(E->getLocation(), E->getFoundDecl(), UseKind::Reference);
    return true;
  }
  bool VisitMemberExpr(MemberExpr *E) {
    if (!Handled.contains(E))
      exprUse(E->getMemberLoc(), E->getFoundDecl().getDecl(),
              UseKind::Reference);
    return true;
  }
  // Converting a derived class to its base (`Base *B = D;`, and naming a
  // base's member through the derived class: `D->baseMethod()`) needs the
  // derived class complete, though the member lives in the base.
  bool VisitCastExpr(CastExpr *E) {
    CastKind K = E->getCastKind();
    if (K != CK_DerivedToBase && K != CK_UncheckedDerivedToBase &&
        K != CK_BaseToDerived && K != CK_DerivedToBaseMemberPointer &&
        K != CK_BaseToDerivedMemberPointer)
      return true;
    const Expr *Sub = E->getSubExpr()->IgnoreParens();
    if (const auto *This = dyn_cast<CXXThisExpr>(Sub);
        This && This->isImplicit())
      return true; // inside the class itself
    QualType From = K == CK_BaseToDerived ? E->getType() : Sub->getType();
    if (From->isPointerType())
      From = From->getPointeeType();
    if (const CXXRecordDecl *RD = From->getAsCXXRecordDecl())
      use(E->getExprLoc(), RD, UseKind::TypeUse, /*NeedsDefinition=*/true);
    return true;
  }
  bool VisitUsingDirectiveDecl(UsingDirectiveDecl *D) {
    if (NamespaceDecl *NS = D->getNominatedNamespace()) {
      Recorder::Site S{D->getIdentLocation(), NS, UseKind::Reference, Context};
      S.Directive = true;
      R.use(S);
    }
    return true;
  }
  // `namespace fs = std::filesystem;` needs a declaration of the namespace,
  // as a using-directive does.
  bool VisitNamespaceAliasDecl(NamespaceAliasDecl *D) {
    NamedDecl *Target = D->getAliasedNamespace();
    if (auto *Alias = dyn_cast_or_null<NamespaceAliasDecl>(Target)) {
      use(D->getTargetNameLoc(), Alias, UseKind::Reference, false);
    } else if (auto *NS = dyn_cast_or_null<NamespaceDecl>(Target)) {
      Recorder::Site S{D->getTargetNameLoc(), NS, UseKind::Reference, Context};
      S.Directive = true;
      R.use(S);
    }
    return true;
  }
  // `fs::path` needs the file that says `namespace fs = ...`.
  // Naming a member through a class (`Outer::Inner`, abseil's btree.h
  // `typename layout_type::template WithStaticSizes<...>`) needs the class
  // complete, dependent or not: through any alias, a use of the class or
  // class template with its definition.
  bool TraverseNestedNameSpecifierLoc(NestedNameSpecifierLoc NNS) {
    if (NNS) {
      const NestedNameSpecifier *Spec = NNS.getNestedNameSpecifier();
      if (NamespaceAliasDecl *Alias = Spec->getAsNamespaceAlias())
        use(NNS.getLocalBeginLoc(), Alias, UseKind::Reference, false);
      if (const Type *T = Spec->getAsType()) {
        const NamedDecl *Class = nullptr;
        if (const auto *TST = T->getAs<TemplateSpecializationType>())
          Class = TST->getTemplateName().getAsTemplateDecl();
        else
          Class = T->getAsCXXRecordDecl();
        if (Class)
          use(NNS.getLocalBeginLoc(), Class, UseKind::TypeUse, true);
      }
    }
    return Base::TraverseNestedNameSpecifierLoc(NNS);
  }
  bool VisitOverloadExpr(OverloadExpr *E) {
    if (!Handled.contains(E) && !isDependentOperator(E))
      for (const NamedDecl *D : E->decls())
        exprUse(E->getNameLoc(), D, UseKind::Reference, /*Candidate=*/true);
    return true;
  }
  bool VisitCXXDeleteExpr(CXXDeleteExpr *E) {
    QualType T = E->getDestroyedType();
    if (!T.isNull())
      if (const TagDecl *TD = T->getAsTagDecl())
        use(E->getBeginLoc(), TD, UseKind::Delete, true);
    return true;
  }
  bool VisitCXXThrowExpr(CXXThrowExpr *E) {
    if (const Expr *Sub = E->getSubExpr())
      if (const TagDecl *TD = Sub->getType()->getAsTagDecl())
        use(Sub->getBeginLoc(), TD, UseKind::Exception, true);
    return true;
  }
  bool VisitUsingDecl(UsingDecl *D) {
    for (const UsingShadowDecl *S : D->shadows())
      use(D->getLocation(), S->getTargetDecl(), UseKind::Reference, false);
    return true;
  }

private:
  // An #include inside a function body or a class definition pastes text
  // into that scope: it is textual, never an unused include.
  void markTextual(SourceRange Range) {
    if (Range.isInvalid())
      return;
    SourceManager &SM = C.sourceManager();
    SourceLocation Begin = SM.getExpansionLoc(Range.getBegin());
    SourceLocation End = SM.getExpansionLoc(Range.getEnd());
    FileID FID = SM.getFileID(Begin);
    if (FID != SM.getFileID(End))
      return;
    C.markTextual(FID, SM.getFileOffset(Begin), SM.getFileOffset(End));
  }

  // Whether the instantiated \p Spec holds its argument \p Index by value:
  // as a member or base, or inside one (a member of a member's type, an
  // array), a few levels down.
  static bool holdsByValue(const ClassTemplateSpecializationDecl *Spec,
                           unsigned Index) {
    const TemplateArgumentList &Args = Spec->getTemplateArgs();
    if (Index >= Args.size() || Args[Index].getKind() != TemplateArgument::Type)
      return false;
    const CXXRecordDecl *Arg = Args[Index].getAsType()->getAsCXXRecordDecl();
    if (!Arg || !Spec->hasDefinition())
      return false;
    const Decl *Want = Arg->getCanonicalDecl();
    SmallVector<std::pair<const CXXRecordDecl *, unsigned>, 8> Work = {
        {Spec->getDefinition(), 0}};
    DenseSet<const Decl *> Seen;
    auto Add = [&](QualType T, unsigned Depth) {
      while (const ArrayType *A = T->getAsArrayTypeUnsafe())
        T = A->getElementType();
      const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
      if (!RD)
        return false;
      if (RD->getCanonicalDecl() == Want)
        return true;
      if (Depth < 4 && RD->hasDefinition() &&
          Seen.insert(RD->getCanonicalDecl()).second)
        Work.push_back({RD->getDefinition(), Depth + 1});
      return false;
    };
    while (!Work.empty()) {
      auto [RD, Depth] = Work.pop_back_val();
      for (const FieldDecl *F : RD->fields())
        if (Add(F->getType(), Depth))
          return true;
      for (const CXXBaseSpecifier &B : RD->bases())
        if (Add(B.getType(), Depth))
          return true;
    }
    return false;
  }

  static bool isDependentOperator(const OverloadExpr *E) {
    return E->getName().getCXXOverloadedOperator() != OO_None;
  }

  FactCollector &C;
  Recorder &R;
  UseKind Role = UseKind::TypeUse;
  bool RoleNeedsDefinition = true;
  bool DeclOnly = false;
  bool ElaboratedTag = false; // inside `class X`, `struct X`, ...
  bool FullArgs = false;      // template arguments need definitions
  // The function type of the function definition being walked, and whether
  // the function type being walked is it.
  const void *DefinitionProto = nullptr;
  bool ProtoIsDefinition = false;
  const NamedDecl *Context = nullptr;
  // Callee expressions already reported as calls, so their DeclRefExpr or
  // MemberExpr is not reported again as a plain reference.
  DenseSet<const Expr *> Handled;
};

} // namespace

void walkAST(ASTContext &Ctx, FactCollector &C, Recorder &R) {
  Walker W(C, R);
  W.TraverseDecl(Ctx.getTranslationUnitDecl());
}

} // namespace strata::extract
