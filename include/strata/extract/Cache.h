//===- strata/extract/Cache.h - Per-TU facts kept between runs --*- C++ -*-===//
//
// A warm run parses only what changed. An entry holds one TU's facts, keyed
// by a hash of everything that shapes them (the adjusted command line, the
// root, the mode, strata's and Clang's versions) and valid while every file
// the TU read still has the content hash recorded with it. Entries are
// written in one transaction of the cache's facts store (SQLite), so
// processes may share a cache directory; an entry that cannot be read is
// ignored and rebuilt, never trusted.
//
//===----------------------------------------------------------------------===//
#ifndef STRATA_EXTRACT_CACHE_H
#define STRATA_EXTRACT_CACHE_H

#include "strata/facts/Facts.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringMap.h"
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace strata::store {
class FactStore;
}

namespace strata::extract {

/// A file a TU read, with the hash of its content.
struct InputFile {
  std::string Path; ///< absolute
  std::string Hash; ///< 16 hex digits of xxh3-64
};

/// Everything one parse produced: the facts, and what a cache needs.
struct TUResult {
  facts::FactSet Facts;
  std::vector<InputFile> Inputs;
  /// Project headers ("path\nhash") whose facts this TU recorded, and those
  /// it left to another TU of its run that had claimed them first.
  /// Claims: "body\n" keys of header bodies it parsed, "view\n" keys of
  /// header views it was first to record, and "full\n" or "part\n" keys of
  /// the views it recorded with or without every body; SkippedFiles holds
  /// the "view\n" keys it left to others.
  std::vector<std::string> OwnedFiles, SkippedFiles;

  bool FromCache = false;
};

/// Reads the note of a cache entry \p Note (of entry \p Path): its inputs
/// and ownership, without facts. std::nullopt with \p Warning empty: an
/// entry of another cache version, silently rebuilt; with \p Warning set: a
/// corrupt entry.
std::optional<TUResult> parseCacheNote(llvm::StringRef Note,
                                       llvm::StringRef Path,
                                       std::string &Warning);

/// xxh3-64 of \p Content as 16 lower-case hex digits.
std::string contentHash(llvm::StringRef Content);

class FactCache {
public:
  explicit FactCache(std::string Dir);
  ~FactCache();

  /// Creates the directory and opens (or creates) the cache's facts store
  /// for facts under \p Root. Fails when neither can be done; a store that
  /// cannot be used is replaced, and \p Warning says so.
  llvm::Error prepare(llvm::StringRef Root, std::string &Warning);

  /// The key of a TU: a hash of what shapes its facts.
  static std::string key(llvm::ArrayRef<std::string> AdjustedArgs,
                         llvm::StringRef Directory, llvm::StringRef Root,
                         llvm::StringRef ModeTag);

  /// The entry for \p Key if it exists, is readable and every input still
  /// has its recorded content. A corrupt or foreign entry sets \p Warning.
  std::optional<TUResult> lookup(llvm::StringRef Key, std::string &Warning);

  /// Writes the entry for \p Key in one transaction; a failure sets
  /// \p Warning.
  void store(llvm::StringRef Key, const TUResult &Result, std::string &Warning);

  const std::string &dir() const { return Dir; }

private:
  /// The current content hash of \p Path, read once per run; "" if missing.
  std::string currentHash(llvm::StringRef Path);

  std::string Dir;
  std::mutex Mutex; // guards Hashes
  llvm::StringMap<std::string> Hashes;
  std::mutex StoreMutex; // one thread at a time uses the store
  std::unique_ptr<store::FactStore> Store;
};

} // namespace strata::extract

#endif
