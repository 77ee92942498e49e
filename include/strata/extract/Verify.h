//===- strata/extract/Verify.h - Include edits checked by Clang -*- C++ -*-===//
//
// The proof of an include claim is the compile: verifyEdits() applies each
// proposed edit (delete an #include line, or replace it with forward
// declarations) in memory, over Clang's file system, and parses every
// translation unit that reads the edited file with the database's own
// flags. A claim is kept only when every such TU still parses with no
// error. TUs are parsed once with all of their edits applied; only a TU that
// fails is parsed again, on halves of its edits, until the edits that break
// it stand alone. The facts say which TUs read which file, so nothing else
// is parsed. A parse skips the function bodies no edit can change (outside
// templates: in system headers, and before the TU's first edited line) and
// stops at the first error.
//
//===----------------------------------------------------------------------===//
#ifndef STRATA_EXTRACT_VERIFY_H
#define STRATA_EXTRACT_VERIFY_H

#include "strata/extract/CompileDb.h"
#include "strata/extract/Extract.h"
#include "strata/facts/Facts.h"
#include <functional>
#include <string>
#include <vector>

namespace strata::extract {

/// One proposed change to an #include line.
struct IncludeEdit {
  std::string File; ///< the including file, relative to the root
  unsigned Line = 0;
  /// What replaces the whole line; empty deletes it (the line is left
  /// blank, so the other edits' lines stay where they were).
  std::string Replacement;
};

struct VerifyOptions {
  ArgumentOptions Arguments; ///< --extra-arg(-before), as for extraction
  unsigned Jobs = 0;         ///< 0: one per core
  /// An edit read by more TUs than this is not checked (Unchecked); 0: no
  /// limit. The language server answers while the user waits.
  unsigned MaxTUs = 0;
};

struct EditVerdict {
  bool Kept = false;
  /// Not kept because it was not checked (more TUs read it than MaxTUs).
  bool Unchecked = false;
  /// Why not: the first error of a TU that no longer parses with it ("TU:
  /// file:line:col: error: ..."), or why it could not be checked.
  std::string Reason;
};

struct VerifyResult {
  std::vector<EditVerdict> Edits; ///< in the order of the edits given
  unsigned TUs = 0;               ///< distinct TUs parsed
  unsigned Parses = 0;            ///< parses, bisection included
};

/// Checks \p Edits against the TUs of \p Commands that read their files,
/// as \p Facts (extracted from those commands, paths relative to \p Root)
/// records them. A TU whose facts say it failed to parse cannot vouch for
/// an edit: the edits of the files it reads are not kept.
VerifyResult verifyEdits(const std::vector<CompileCommand> &Commands,
                         llvm::StringRef Root, const facts::FactSet &Facts,
                         const std::vector<IncludeEdit> &Edits,
                         const VerifyOptions &Options);

} // namespace strata::extract

#endif
