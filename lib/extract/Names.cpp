//===- Names.cpp - Names, scopes and kinds of declarations ----------------===//
#include "Names.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "llvm/ADT/SmallVector.h"

using namespace clang;
using namespace llvm;
using strata::facts::EntityKind;

namespace strata::extract {

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
  return Name + D->getNameAsString();
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

} // namespace strata::extract
