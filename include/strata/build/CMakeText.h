//===- strata/build/CMakeText.h - CMake command invocations -----*- C++ -*-===//
//
// Reads the command-invocation grammar of cmake-language(7) from text, so
// that the file:line a File API backtrace names can be turned back into the
// call written there (target_link_libraries above all). strata never runs
// CMake: nothing is evaluated, neither variables nor generator expressions.
//
//===----------------------------------------------------------------------===//
#ifndef STRATA_BUILD_CMAKETEXT_H
#define STRATA_BUILD_CMAKETEXT_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace strata::build {

struct CMakeArgument {
  /// Unquoted: as written (escapes and ';' kept). Quoted: the content
  /// without the quotes, escapes and line continuations resolved except
  /// "\;", which keeps protecting the ';' from list splitting. Bracket: the
  /// content, less a newline right after the opening bracket.
  std::string Text;
  unsigned Line = 0; ///< 1-based line where the argument starts
  enum class Kind : uint8_t { Unquoted, Quoted, Bracket } How = Kind::Unquoted;
};

struct CMakeCommand {
  std::string Name;  ///< as written; CMake compares names case-insensitively
  unsigned Line = 0; ///< line of the command name
  /// Parentheses nested in the argument list stay in it as unquoted "(" and
  /// ")" arguments, as CMake hands them to the command: if((A) AND B) has
  /// the arguments ( A ) AND B.
  std::vector<CMakeArgument> Arguments;
};

/// Every command invocation in \p Content, in order. Errors (unterminated
/// call, quoted or bracket argument, bracket comment; text where a command
/// name belongs) read "FileName:Line: message".
llvm::Expected<std::vector<CMakeCommand>>
parseCMakeCommands(llvm::StringRef Content, llvm::StringRef FileName);

/// The command invocation whose name is on line \p Line (1-based). An error
/// when none starts there, or when the text up to its end does not parse;
/// what follows it is not read.
llvm::Expected<CMakeCommand> cmakeCommandAt(llvm::StringRef Content,
                                            unsigned Line,
                                            llvm::StringRef FileName);

enum class LinkScope : uint8_t { Plain, Public, Private, Interface };

struct LinkItem {
  std::string Name; ///< the item text
  unsigned Line = 0;
  LinkScope Scope = LinkScope::Plain;
  /// False when Name holds "${", "$ENV{", "$CACHE{" or "$<", or starts with
  /// '-' (a flag): then it is the raw text, not a target or library name.
  bool Literal = true;
};

struct LinkCall {
  std::string Target; ///< empty when the call has no argument
  bool TargetLiteral = true;
  std::vector<LinkItem> Items;
};

/// \p C read as target_link_libraries (name compared case-insensitively),
/// nullopt for any other command. The first argument is the target;
/// PUBLIC, PRIVATE, INTERFACE, LINK_PUBLIC, LINK_PRIVATE and
/// LINK_INTERFACE_LIBRARIES set the scope of the items after them, which is
/// Plain (the old signature) before any of them; debug, optimized and
/// general are dropped and the item after them kept. An unquoted argument
/// is split at unescaped ';' outside [] as CMake expands lists, so
/// "$<$<CONFIG:Debug>:a;b>" must be quoted to stay one item, as in CMake.
std::optional<LinkCall> linkCallOf(const CMakeCommand &C);

/// The target name a simple generator expression makes conditional:
/// "$<$<CONFIG:Debug>:foo>" -> "foo", "$<LINK_ONLY:bar>" -> "bar",
/// "$<BUILD_INTERFACE:baz>" -> "baz", nested ones alike. Empty when
/// \p Item is not of that shape or the name is not plain (a "-Wl," flag,
/// a variable, a list).
std::string nameInGeneratorExpression(llvm::StringRef Item);

} // namespace strata::build

#endif
