//===- strata/facts/FactsJson.h - JSON form of facts ------------*- C++ -*-===//
//
// The facts file is the interchange point between extraction and everything
// else: shards, caches and `analyze` read it. Its schema is in
// docs/facts-schema.md; readers refuse any other version.
//
//===----------------------------------------------------------------------===//
#ifndef STRATA_FACTS_FACTSJSON_H
#define STRATA_FACTS_FACTSJSON_H

#include "strata/facts/Facts.h"
#include "llvm/Support/raw_ostream.h"

namespace strata::facts {

/// Writes \p Facts (normalized) as JSON: one fact per line, keys sorted, so
/// equal fact sets give byte-identical files.
void writeFactsJson(const FactSet &Facts, llvm::raw_ostream &OS);

/// Parses a facts file's \p Content; \p Path only names it in errors.
/// Fails on malformed JSON, wrong types and other versions.
llvm::Expected<FactSet> parseFactsJson(llvm::StringRef Content,
                                       llvm::StringRef Path);

/// Reads and parses the facts file at \p Path.
llvm::Expected<FactSet> readFactsFile(llvm::StringRef Path);

} // namespace strata::facts

#endif
