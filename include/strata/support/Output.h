//===- strata/support/Output.h - Atomic output files ------------*- C++ -*-===//
//
// Outputs are written to a temporary file beside the target and renamed into
// place, so a failed or interrupted run never leaves half a file behind.
//
//===----------------------------------------------------------------------===//
#ifndef STRATA_SUPPORT_OUTPUT_H
#define STRATA_SUPPORT_OUTPUT_H

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"
#include <string>

namespace strata {

/// Writes what \p Write prints to \p Path atomically; "-" means stdout.
/// The error names the path and the problem.
llvm::Error writeOutput(llvm::StringRef Path,
                        llvm::function_ref<void(llvm::raw_ostream &)> Write);

/// An error whose message is "<path>: <message>", the one-line form every
/// user-facing error in strata takes.
llvm::Error fileError(llvm::StringRef Path, const llvm::Twine &Message);

/// \p Message with control characters (newlines included) written as \xNN,
/// so that a message quoting hostile input stays one line on a terminal;
/// with \p AsciiOnly, every byte above 0x7f too (for text that may quote
/// bytes that are not UTF-8).
std::string oneLine(llvm::StringRef Message, bool AsciiOnly = false);

} // namespace strata

#endif
