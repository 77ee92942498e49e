//===- Names.h - Names, scopes and kinds of declarations --------*- C++ -*-===//
//
// Private to the extract library: how a Clang declaration is named and
// classified in the facts.
//
//===----------------------------------------------------------------------===//
#ifndef STRATA_LIB_EXTRACT_NAMES_H
#define STRATA_LIB_EXTRACT_NAMES_H

#include "strata/facts/Facts.h"
#include <optional>
#include <string>

namespace clang {
class Decl;
class DeclContext;
class NamedDecl;
class NamespaceDecl;
class RecordDecl;
} // namespace clang

namespace strata::extract {

/// The qualified name without template arguments or inline namespaces, so
/// that every instantiation of Vec<T> and std::__cxx11::string name one
/// entity each.
std::string qualifiedName(const clang::NamedDecl *D);
/// qualifiedName(D), with the template arguments of a partial or explicit
/// specialization or an explicit instantiation (`X<T *>`, `X<char>`): a use
/// of one is not a use of the primary template.
std::string usedName(const clang::NamedDecl *D);
/// qualifiedName(D), or "" for null.
std::string nameOr(const clang::NamedDecl *D);

bool isLambda(const clang::DeclContext *DC);
/// The innermost class (not a lambda) that is \p D or encloses it.
const clang::RecordDecl *enclosingClass(const clang::Decl *D);
/// The innermost non-inline namespace that is \p D or encloses it.
const clang::NamespaceDecl *enclosingNamespace(const clang::Decl *D);

/// The entity kind of \p D; none for declarations that are not entities.
std::optional<facts::EntityKind> entityKind(const clang::NamedDecl *D);

/// Locals, parameters and template parameters: never a dependency between
/// files or classes.
bool isLocal(const clang::NamedDecl *D);

/// EntityFact::Forward for \p D: the forward declaration of a class,
/// struct or union at namespace scope when it needs more than
/// `namespace N { class X; }` (inline namespaces, a template parameter
/// list); "!" when strata cannot write one that is sure to compile (a
/// template with default arguments or constraints); empty otherwise.
std::string forwardDeclaration(const clang::NamedDecl *D);

} // namespace strata::extract

#endif
