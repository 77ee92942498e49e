//===- Names.cpp - Names, scopes and kinds of declarations ----------------===//
#include "Names.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "llvm/ADT/SmallVector.h"

using namespace clang;
using namespace llvm;
using strata::facts::EntityKind;

namespace strata::extract {

// The name of a constructor or destructor of a class template, with the
// template's parameters as its definition names them. Clang prints the
// class's canonical type, whose parameters take their names from the first
// declaration the TU read: yaml-cpp's DepthGuard<max_depth> constructor
// prints as DepthGuard<> in the TUs that read singledocparser.h's
// `template <int> class DepthGuard;` first. std::nullopt for any other
// class.
static std::optional<std::string> structorName(const NamedDecl *D) {
  const auto *Class = dyn_cast<CXXRecordDecl>(D->getDeclContext());
  const ClassTemplateDecl *Template =
      Class ? Class->getDescribedClassTemplate() : nullptr;
  if (!Template || !Class->getIdentifier())
    return std::nullopt;
  std::string Name = isa<CXXDestructorDecl>(D) ? "~" : "";
  Name += Class->getName();
  Name += '<';
  const TemplateParameterList *Params = Template->getTemplateParameters();
  for (unsigned I = 0; I < Params->size(); ++I) {
    const NamedDecl *P = Params->getParam(I);
    if (I)
      Name += ", ";
    Name += P->getName();
    if (P->isParameterPack())
      Name += "...";
  }
  return Name + '>';
}

std::string qualifiedName(const NamedDecl *D) {
  SmallVector<std::string, 8> Parts;
  for (const DeclContext *DC = D->getDeclContext(); DC; DC = DC->getParent()) {
    if (const auto *NS = dyn_cast<NamespaceDecl>(DC)) {
      if (NS->isInline())
        continue;
      Parts.push_back(NS->isAnonymousNamespace() ? "(anonymous namespace)"
                                                 : NS->getNameAsString());
    } else if (const auto *RD = dyn_cast<RecordDecl>(DC)) {
      Parts.push_back(RD->getIdentifier() ? RD->getNameAsString()
                                          : "(anonymous)");
    } else if (const auto *ND = dyn_cast<NamedDecl>(DC)) {
      Parts.push_back(ND->getNameAsString());
    }
  }
  std::string Name;
  for (auto It = Parts.rbegin(); It != Parts.rend(); ++It)
    Name += *It + "::";
  if (const auto *NS = dyn_cast<NamespaceDecl>(D);
      NS && NS->isAnonymousNamespace())
    return Name + "(anonymous namespace)";
  if (D->getDeclName().isEmpty())
    return Name + "(anonymous)";
  if (isa<CXXConstructorDecl, CXXDestructorDecl>(D))
    if (std::optional<std::string> Own = structorName(D))
      return Name + *Own;
  return Name + D->getNameAsString();
}

std::string usedName(const NamedDecl *D) {
  const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(D);
  if (!Spec)
    return qualifiedName(D);
  std::string Name = qualifiedName(D);
  raw_string_ostream OS(Name);
  PrintingPolicy PP(D->getASTContext().getLangOpts());
  PP.SuppressScope = false;
  if (const auto *Partial = dyn_cast<ClassTemplatePartialSpecializationDecl>(D))
    printTemplateArgumentList(
        OS, Partial->getTemplateArgsAsWritten()->arguments(), PP);
  else
    printTemplateArgumentList(OS, Spec->getTemplateArgs().asArray(), PP);
  return Name;
}

bool isLambda(const DeclContext *DC) {
  const auto *RD = dyn_cast<CXXRecordDecl>(DC);
  return RD && RD->isLambda();
}

const RecordDecl *enclosingClass(const Decl *D) {
  if (const auto *RD = dyn_cast<RecordDecl>(D); RD && !isLambda(RD))
    return RD;
  for (const DeclContext *DC = D->getDeclContext(); DC; DC = DC->getParent())
    if (const auto *RD = dyn_cast<RecordDecl>(DC); RD && !isLambda(RD))
      return RD;
  return nullptr;
}

const NamespaceDecl *enclosingNamespace(const Decl *D) {
  if (const auto *NS = dyn_cast<NamespaceDecl>(D); NS && !NS->isInline())
    return NS;
  for (const DeclContext *DC = D->getDeclContext(); DC; DC = DC->getParent())
    if (const auto *NS = dyn_cast<NamespaceDecl>(DC); NS && !NS->isInline())
      return NS;
  return nullptr;
}

std::string nameOr(const NamedDecl *D) {
  return D ? qualifiedName(D) : std::string();
}

std::optional<EntityKind> entityKind(const NamedDecl *D) {
  if (isa<NamespaceDecl>(D))
    return EntityKind::Namespace;
  // An alias is one declaration, in one file, like a typedef.
  if (isa<NamespaceAliasDecl>(D))
    return EntityKind::Typedef;
  if (const auto *TD = dyn_cast<TagDecl>(D)) {
    switch (TD->getTagKind()) {
    case TagTypeKind::Struct:
    case TagTypeKind::Interface:
      return EntityKind::Struct;
    case TagTypeKind::Union:
      return EntityKind::Union;
    case TagTypeKind::Class:
      return EntityKind::Class;
    case TagTypeKind::Enum:
      return EntityKind::Enum;
    }
  }
  if (isa<EnumConstantDecl>(D))
    return EntityKind::Enumerator;
  if (isa<CXXConstructorDecl>(D))
    return EntityKind::Constructor;
  if (isa<CXXDestructorDecl>(D))
    return EntityKind::Destructor;
  if (isa<CXXMethodDecl>(D))
    return EntityKind::Method;
  if (isa<FunctionDecl>(D))
    return EntityKind::Function;
  if (isa<FieldDecl>(D))
    return EntityKind::Field;
  if (isa<VarDecl>(D))
    return EntityKind::Variable;
  if (isa<TypedefNameDecl>(D))
    return EntityKind::Typedef;
  if (isa<ConceptDecl>(D))
    return EntityKind::Concept;
  return std::nullopt;
}

bool isLocal(const NamedDecl *D) {
  if (isa<TemplateTypeParmDecl, NonTypeTemplateParmDecl,
          TemplateTemplateParmDecl, ParmVarDecl, BindingDecl>(D))
    return true;
  if (const auto *VD = dyn_cast<VarDecl>(D); VD && VD->isLocalVarDeclOrParm())
    return true;
  return D->getParentFunctionOrMethod() != nullptr;
}

// `template <typename T, int N> ` for \p Params, or nothing when a
// parameter has a default argument or a constraint (a redeclaration may
// not repeat a default, and without it the users' `X<int>` fails).
static std::optional<std::string>
templateHead(const TemplateParameterList *Params, const PrintingPolicy &PP) {
  if (Params->getRequiresClause())
    return std::nullopt;
  std::string Head = "template <";
  for (unsigned I = 0; I < Params->size(); ++I) {
    const NamedDecl *P = Params->getParam(I);
    std::string Name = P->getName().str();
    std::string One;
    if (const auto *T = dyn_cast<TemplateTypeParmDecl>(P)) {
      if (T->hasDefaultArgument() || T->hasTypeConstraint())
        return std::nullopt;
      One = T->wasDeclaredWithTypename() ? "typename" : "class";
      if (T->isParameterPack())
        One += "...";
    } else if (const auto *V = dyn_cast<NonTypeTemplateParmDecl>(P)) {
      if (V->hasDefaultArgument() || V->hasPlaceholderTypeConstraint())
        return std::nullopt;
      One = V->getType().getAsString(PP);
      if (V->isParameterPack())
        One += "...";
    } else if (const auto *TT = dyn_cast<TemplateTemplateParmDecl>(P)) {
      if (TT->hasDefaultArgument())
        return std::nullopt;
      std::optional<std::string> Inner =
          templateHead(TT->getTemplateParameters(), PP);
      if (!Inner)
        return std::nullopt;
      One = *Inner + "class";
      if (TT->isParameterPack())
        One += "...";
    } else {
      return std::nullopt;
    }
    if (!Name.empty())
      One += " " + Name;
    Head += (I ? ", " : "") + One;
  }
  return Head + "> ";
}

std::string forwardDeclaration(const NamedDecl *D) {
  const auto *TD = dyn_cast<TagDecl>(D);
  if (!TD || isa<EnumDecl>(TD) || !TD->getIdentifier() ||
      isa<ClassTemplateSpecializationDecl>(TD))
    return "";
  SmallVector<const NamespaceDecl *, 4> Chain;
  bool Special = false;
  for (const DeclContext *DC = TD->getDeclContext();
       DC && !isa<TranslationUnitDecl>(DC); DC = DC->getParent()) {
    if (isa<LinkageSpecDecl>(DC))
      continue;
    const auto *NS = dyn_cast<NamespaceDecl>(DC);
    if (!NS || NS->isAnonymousNamespace())
      return ""; // nested in a class or function: no forward declaration
    Chain.push_back(NS);
    Special |= NS->isInline();
  }
  std::string Head;
  if (const auto *RD = dyn_cast<CXXRecordDecl>(TD))
    if (const ClassTemplateDecl *CTD = RD->getDescribedClassTemplate()) {
      PrintingPolicy PP(TD->getASTContext().getLangOpts());
      PP.SuppressTagKeyword = true;
      std::optional<std::string> H =
          templateHead(CTD->getTemplateParameters(), PP);
      if (!H)
        return "!";
      Head = *H;
      Special = true;
    }
  if (!Special)
    return "";
  std::string Open, Close;
  for (auto It = Chain.rbegin(); It != Chain.rend(); ++It) {
    Open += ((*It)->isInline() ? "inline namespace " : "namespace ") +
            (*It)->getName().str() + " { ";
    Close += " }";
  }
  return Open + Head + TD->getKindName().str() + " " + TD->getName().str() +
         ";" + Close;
}

} // namespace strata::extract
