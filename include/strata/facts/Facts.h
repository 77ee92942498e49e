//===- strata/facts/Facts.h - Plain dependency facts ------------*- C++ -*-===//
//
// The extractor turns each translation unit into a FactSet; FactSets merge by
// set union, so any grouping of TUs (threads, shards, cache entries) merges to
// the same result. Everything downstream of extraction reads only these types.
//
// A fact is keyed by where it stands in the source, never by which TU saw it:
// a header reached from a hundred TUs contributes each of its includes and
// uses once.
//
//===----------------------------------------------------------------------===//
#ifndef STRATA_FACTS_FACTS_H
#define STRATA_FACTS_FACTS_H

#include "strata/facts/Str.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include <cstdint>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

namespace strata::facts {

/// Version of the fact model and its JSON form; bump on any change.
inline constexpr int FactsVersion = 2;

enum class EntityKind : uint8_t {
  Namespace,
  Class,
  Struct,
  Union,
  Enum,
  Enumerator,
  Function,
  Method,
  Constructor,
  Destructor,
  Variable,
  Field,
  Typedef,
  Concept,
  Macro,
};

/// How a use depends on its target.
enum class UseKind : uint8_t {
  Base,        ///< base class specifier
  Field,       ///< type of a data member
  Param,       ///< type of a function parameter
  Return,      ///< return type of a function
  Variable,    ///< type of a variable
  Call,        ///< call of a function, method, constructor or operator
  Reference,   ///< reference to a variable, enumerator, field or function
  TemplateArg, ///< type or value used as a template argument
  Typedef,     ///< target of a typedef or alias
  Friend,      ///< friend declaration
  New,         ///< type allocated with new
  Delete,      ///< type destroyed with delete
  Exception,   ///< type thrown or caught
  Macro,       ///< macro expansion or test (#ifdef, defined)
  TypeUse,     ///< any other written type (casts, sizeof, ...)
};

enum class TUStatus : uint8_t { Ok, Failed, Crashed };

llvm::StringRef toString(EntityKind K);
llvm::StringRef toString(UseKind K);
llvm::StringRef toString(TUStatus S);
std::optional<EntityKind> parseEntityKind(llvm::StringRef S);
std::optional<UseKind> parseUseKind(llvm::StringRef S);
std::optional<TUStatus> parseTUStatus(llvm::StringRef S);

/// One translation unit that was (or failed to be) parsed.
struct TUFact {
  Str File; ///< main file
  TUStatus Status = TUStatus::Ok;
  unsigned Errors = 0; ///< error diagnostics, 0 when Ok
  Str FirstError;      ///< "file:line:col: message", empty when Ok

  auto key() const { return std::tie(File); }
  auto tuple() const { return std::tie(File, Status, Errors, FirstError); }
};

/// A file read while parsing. Project files are relative to the root;
/// external files (system headers, files outside the root) stay absolute.
struct FileFact {
  Str Path;
  bool External = false;
  Str Hash; ///< hex content hash (project files only)
  /// False when every TU that read the file failed to parse: its facts are
  /// partial.
  bool Complete = true;

  auto key() const { return std::tie(Path); }
  auto tuple() const { return std::tie(Path, External, Hash, Complete); }
};

/// An #include (or #import) directive in a project file.
struct IncludeFact {
  Str File; ///< the including file
  unsigned Line = 0;
  unsigned Column = 0;
  Str Spelled; ///< as written, without quotes or brackets
  Str Target;  ///< resolved file; empty when not found
  bool Angled = false;
  bool System = false;   ///< target is a system header (-isystem, default)
  bool External = false; ///< target is a system header or outside the root
  /// What include-what-you-use's pragmas say of the directive: "keep",
  /// "export" (on its line, inside begin_exports/end_exports, or an include
  /// of a header that says `private, include` this file) or "associated";
  /// strata's own `// strata: keep` is "keep". Empty when none applies.
  Str Pragma;
  /// The directive stands inside a function body or a class definition,
  /// or its file includes again a header without an include guard: its
  /// text becomes part of that scope or means something else each time,
  /// not a set of declarations.
  bool Textual = false;

  auto key() const {
    return std::tie(File, Line, Column, Spelled, Target, Angled, System,
                    External);
  }
  auto tuple() const {
    return std::tie(File, Line, Column, Spelled, Target, Angled, System,
                    External, Pragma, Textual);
  }
};

/// An entity declared in a project file. A class declared in a header and
/// defined in the same place is one fact; each redeclaration is another.
struct EntityFact {
  Str Name; ///< fully qualified
  EntityKind Kind = EntityKind::Class;
  Str File;
  unsigned Line = 0;
  unsigned Column = 0;
  Str Parent; ///< enclosing namespace or class; empty at global scope
  bool Definition = false;
  bool Abstract = false; ///< class with a pure virtual method
  /// Link identity of a function or variable with linkage: a hash of its
  /// Clang USR, the same in every TU. Empty for everything else.
  Str Symbol;
  /// For a class, struct or union at namespace scope whose forward
  /// declaration needs more than `namespace N { class X; }`: the
  /// declaration as it must be written, with its inline namespaces and
  /// template parameter list; "!" when strata cannot write one that is sure
  /// to compile (a template with default arguments or constraints). Empty
  /// otherwise.
  Str Forward;

  auto key() const { return std::tie(File, Line, Column, Name, Kind); }
  auto tuple() const {
    return std::tie(File, Line, Column, Name, Kind, Parent, Definition,
                    Abstract, Symbol, Forward);
  }
};

/// A use of a declared entity (or macro) at a place in a project file.
/// The target is a declaration the using file can see: in the file itself
/// before the use, or in a file its own #includes reach (for the main file,
/// anything the TU read before the use). See docs/facts-schema.md.
struct UseFact {
  Str File;
  unsigned Line = 0;
  unsigned Column = 0;
  UseKind Kind = UseKind::TypeUse;
  Str Context;   ///< innermost enclosing entity; empty at file scope
  Str FromClass; ///< innermost enclosing class; empty if none
  Str FromNamespace;
  Str Target; ///< qualified name of the used entity
  EntityKind TargetKind = EntityKind::Class;
  Str TargetFile; ///< where the user must see the target declared
  unsigned TargetLine = 0;
  Str ToClass; ///< the target's class (itself for a class)
  Str ToNamespace;
  bool External = false; ///< TargetFile is a system header or outside root
  /// The use needs the target's definition (a complete type), not just a
  /// declaration (include-what-you-use's "full use").
  bool NeedsDefinition = false;
  /// Line of the #include in File through which TargetFile is seen; 0 when
  /// TargetFile is File itself or no include of File reaches it.
  unsigned Via = 0;
  /// The target's link identity (EntityFact::Symbol) when the use needs the
  /// target's object code: a call of, or reference to, a function or
  /// variable. Empty otherwise.
  Str Symbol;

  auto key() const {
    return std::tie(File, Line, Column, Kind, Target, TargetKind);
  }
  auto tuple() const {
    return std::tie(File, Line, Column, Kind, Target, TargetKind, Context,
                    FromClass, FromNamespace, TargetFile, TargetLine, ToClass,
                    ToNamespace, External, NeedsDefinition, Via, Symbol);
  }
};

/// All facts of one or more TUs, in canonical order once normalized.
struct FactSet {
  std::string Root; ///< absolute project root; relative paths hang off it
  std::vector<TUFact> TUs;
  std::vector<FileFact> Files;
  std::vector<IncludeFact> Includes;
  std::vector<EntityFact> Entities;
  std::vector<UseFact> Uses;
  /// Uses in a header of entities it cannot see: declared only by what its
  /// includer read first (the header does not compile on its own). Not
  /// dependencies; TargetFile is where the TU declared the entity.
  std::vector<UseFact> Reliant;

  /// Sorts every table and collapses facts with the same key, so the result
  /// is independent of the order facts were added in.
  void normalize();

  /// Adds \p Other's facts and normalizes. Fails when the roots differ.
  llvm::Error merge(FactSet Other);

  bool operator==(const FactSet &O) const;
};

/// Merges \p Parts (any grouping of TUs) into one normalized FactSet.
llvm::Expected<FactSet> mergeAll(std::vector<FactSet> Parts);
/// mergeAll() of parts the caller keeps: their facts are copied one table
/// at a time, and the parts never twice.
llvm::Expected<FactSet> mergeCopies(llvm::ArrayRef<FactSet> Parts);

} // namespace strata::facts

#endif
